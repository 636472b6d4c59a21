/**
 * A TCP proxy on loopback that fault tests put between two parts (ofgate → ejabberd's API,
 * mod_ofgate → ofgate's hook intake) and switch between three behaviours:
 * - pass: bytes go through both ways;
 * - refuse: the port is closed (connect refused), and open connections are reset — the peer
 *   process is down;
 * - hang: connections are accepted and never answered, and open ones stop forwarding — the peer
 *   is up but stuck (a hung VM, a full accept queue behind a load balancer).
 * Rules it keeps: the listening port stays the same across modes; a connection that swallowed
 * bytes in `hang` is ended when the mode changes (its stream is broken); only loopback targets.
 * Counts what it saw (connections accepted, held while hanging) for the tests' assertions.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export type FaultMode = 'pass' | 'refuse' | 'hang';

export interface FaultProxy {
  readonly port: number;
  readonly url: string;
  mode(): FaultMode;
  /** Switches behaviour; resolves once the listener is in the new state. */
  set(mode: FaultMode): Promise<void>;
  stats(): { readonly accepted: number; readonly hungNow: number; readonly hungTotal: number };
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  upstream: Socket | undefined;
  swallowed: boolean;
}

export async function startFaultProxy(target: { host?: string; port: number }, listenPort = 0): Promise<FaultProxy> {
  const host = target.host ?? '127.0.0.1';
  if (!/^127\.|^localhost$|^::1$/.test(host)) throw new Error(`the fault proxy only targets loopback, not ${host}`);
  let current: FaultMode = 'pass';
  const pairs = new Set<Pair>();
  let accepted = 0;
  let hungTotal = 0;

  const end = (p: Pair): void => {
    pairs.delete(p);
    p.client.destroy();
    p.upstream?.destroy();
  };
  const onConnection = (client: Socket): void => {
    accepted += 1;
    const p: Pair = { client, upstream: undefined, swallowed: false };
    pairs.add(p);
    client.on('error', () => end(p));
    client.on('close', () => end(p));
    if (current === 'hang') {
      hungTotal += 1;
      p.swallowed = true;
    } else {
      attach(p);
    }
    client.on('data', (chunk: Buffer) => {
      if (current !== 'pass' || !p.upstream) {
        p.swallowed = true;
        return;
      }
      p.upstream.write(chunk);
    });
  };
  const attach = (p: Pair): void => {
    const up = connect({ host, port: target.port });
    p.upstream = up;
    up.on('data', (chunk: Buffer) => {
      if (current !== 'pass') {
        p.swallowed = true;
        return;
      }
      p.client.write(chunk);
    });
    up.on('error', () => end(p));
    up.on('close', () => end(p));
  };

  let server: Server | undefined;
  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const s = createServer(onConnection);
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        server = s;
        const addr = s.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  const unlisten = (): Promise<void> =>
    new Promise((resolve) => {
      const s = server;
      server = undefined;
      if (!s) return resolve();
      s.close(() => resolve());
    });
  const port = await listen(listenPort);

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    mode: () => current,
    async set(mode) {
      if (mode === current) return;
      const previous = current;
      current = mode;
      if (previous === 'hang') {
        // a stream that lost bytes cannot carry on
        for (const p of [...pairs]) if (p.swallowed) end(p);
      }
      if (mode === 'refuse') {
        for (const p of [...pairs]) end(p);
        await unlisten();
      } else if (!server) {
        await listen(port);
      }
      if (mode === 'hang') hungTotal += pairs.size;
    },
    stats: () => ({ accepted, hungNow: current === 'hang' ? pairs.size : 0, hungTotal }),
    async close() {
      for (const p of [...pairs]) end(p);
      await unlisten();
    },
  };
}
