/**
 * Ports for throwaway servers on 127.0.0.1.
 * - freePort(): a port that was free a moment ago (the OS chose it, then it was let go). Between
 *   that and its use, another process may take it (its own listener, or a connection's local
 *   port, from the same ephemeral range): prefer listening on 0 where the user can be told the
 *   port afterwards.
 * - holdPort(): a port the OS chose, kept by a listening socket until release(), so that nobody
 *   binds it or gets it as a connection's local port meanwhile; release it just before handing it
 *   to the server that binds it (ejabberd, an ofgate) — the window left is that hand-over only.
 * - portTaken(err): whether a start failed on a taken port (callers then pick new ports and retry).
 */
import { createServer } from 'node:net';

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface HeldPort {
  readonly port: number;
  /** Lets the port go (idempotent); resolves once it is free to bind. */
  release(): Promise<void>;
}

/** A port on 127.0.0.1 held by a listening socket (accepting nothing) until release(). */
export function holdPort(): Promise<HeldPort> {
  return new Promise((resolve, reject) => {
    const srv = createServer((socket) => socket.destroy());
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      let released: Promise<void> | undefined;
      resolve({
        port,
        release: () => (released ??= new Promise<void>((r) => srv.close(() => r()))),
      });
    });
  });
}

/** Did this error come from a port someone else had taken (EADDRINUSE, or a message saying so)? */
export function portTaken(err: unknown): boolean {
  if ((err as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') return true;
  return err instanceof Error && /eaddrinuse|the port is taken/i.test(err.message);
}
