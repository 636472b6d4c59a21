/**
 * A port for ofgate's API listener: the first from 5281 up that no listener of the
 * ejabberd.yml uses and that nothing on this host holds on 127.0.0.1 right now.
 */
import { createServer } from 'node:net';

export const FIRST_API_PORT = 5281;

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

export async function freeApiPort(taken: readonly number[], from = FIRST_API_PORT): Promise<number> {
  for (let port = from; port < from + 200; port++) {
    if (!taken.includes(port) && (await bindable(port))) return port;
  }
  throw new Error(`no free port for ofgate's API listener between ${from} and ${from + 199}: give one with --api-port`);
}
