/**
 * Children started behind a stdin watchdog (a shell or wrapper that ends the server when stdin
 * closes), and the Ctrl-C handling of the `make run*` scripts: one copy of each for the harness.
 */
import type { ChildProcess } from 'node:child_process';

/** Closes the child's stdin (the watchdog stops the server), SIGKILL after `graceMs`; resolves once it exited. */
export async function stopWatchedChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.stdin?.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** SIGINT/SIGTERM: says what stops, runs `stop` once, then exits. */
export function stopOnSignals(what: string, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\nstopping ${what}...\n`);
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void onSignal());
  process.on('SIGTERM', () => void onSignal());
}
