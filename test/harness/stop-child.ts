/**
 * Ends a child process the harness (or the bench) started: `signal`, then SIGKILL after
 * `forceAfterMs`; resolves once it has exited (at once when it already had). Its stdin is let go
 * so that nothing keeps the parent alive.
 */
import type { ChildProcess } from 'node:child_process';

export async function stopChild(c: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', forceAfterMs = 10_000): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise<void>((r) => c.once('exit', () => r()));
  c.kill(signal);
  const timer = setTimeout(() => c.kill('SIGKILL'), forceAfterMs);
  await exited;
  clearTimeout(timer);
  c.stdin?.destroy();
}
