/**
 * Polling for state that changes after an event elsewhere (an e2e test's view of ejabberd, a
 * store, a list over HTTP): `check` every 50 ms until it holds, at most `timeoutMs`, then a
 * rejection naming `what`. For a change that announces itself, await the event instead.
 */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
