/**
 * The load generator's own @xmpp/client sessions hit ejabberd-23.01.md pitfall 18 when they
 * close under load (a TypeError in Connection._onData after stop(), or ECONNRESET with no
 * listener left). Those are counted and reported; any other uncaught error still ends the run.
 */
let known = 0;

export function installCrashGuard(): { readonly count: () => number } {
  process.on('uncaughtException', (err) => {
    const stack = `${err.stack ?? ''}`;
    if (stack.includes('@xmpp/') || (err as NodeJS.ErrnoException).code === 'ECONNRESET') {
      known++;
      return;
    }
    process.stderr.write(`bench: uncaught ${stack}\n`);
    process.exit(1);
  });
  return { count: () => known };
}
