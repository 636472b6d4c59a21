/**
 * A counting TCP proxy on loopback for the benchmarks' wire traces (bench/c2s-trace.ts): each
 * accepted connection is forwarded to the target, and what crosses it is tallied per direction —
 * bytes, reads (each 'data' event: on loopback, about one peer write), and the kinds a
 * direction's `inspector` finds (XMPP elements, HTTP requests). A connection carries a label
 * (the XMPP user it bound, for instance) that the inspector may set; totals are taken per label.
 * Rules it keeps:
 * - every read is written on as one write, in order, with Nagle off on both sides, so the peers
 *   see the same packets they would see without the proxy (one more loopback hop each way);
 * - only loopback targets; counting never stops forwarding (an inspector's error is counted);
 * - `totals()` is a copy: two calls around a phase give that phase's traffic (`subtractTallies`).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

/** Counts of one kind in one direction. */
export interface KindTally {
  count: number;
  bytes: number;
}

/** One direction of traffic: exact wire bytes and reads, and what the inspector found. */
export interface FlowTally {
  bytes: number;
  reads: number;
  kinds: Record<string, KindTally>;
}

/** Both directions: `up` = from the connecting peer to the target, `down` = back. */
export interface ConnectionTally {
  up: FlowTally;
  down: FlowTally;
  connections: number;
}

/** Looks at one direction's reads; reports what it finds with `found` and may label the connection. */
export interface Inspector {
  write(chunk: Buffer): void;
}

export interface InspectorContext {
  found(kind: string, bytes: number): void;
  label(name: string): void;
}

export interface TraceProxy {
  readonly port: number;
  /** The time of the last byte forwarded either way (performance.now()). */
  lastActivity(): number;
  /** Tallies per connection label (unlabelled connections under `unlabelled`), a copy. */
  totals(): Record<string, ConnectionTally>;
  /** Inspector failures (the traffic still went through). */
  readonly inspectorErrors: number;
  close(): Promise<void>;
}

export interface TraceProxyOptions {
  readonly target: { readonly host?: string; readonly port: number };
  /** Listen on this port (default: one the OS picks). */
  readonly port?: number;
  /** Per new connection: one inspector for each direction (default: none, bytes and reads only). */
  readonly inspect?: (ctx: InspectorContext, direction: 'up' | 'down') => Inspector;
}

const emptyFlow = (): FlowTally => ({ bytes: 0, reads: 0, kinds: {} });
const emptyTally = (): ConnectionTally => ({ up: emptyFlow(), down: emptyFlow(), connections: 0 });

function addFlow(into: FlowTally, from: FlowTally, sign = 1): void {
  into.bytes += sign * from.bytes;
  into.reads += sign * from.reads;
  for (const [k, v] of Object.entries(from.kinds)) {
    const t = (into.kinds[k] ??= { count: 0, bytes: 0 });
    t.count += sign * v.count;
    t.bytes += sign * v.bytes;
  }
}

/** `after − before`, label by label (kinds that did not change are left out). */
export function subtractTallies(after: Record<string, ConnectionTally>, before: Record<string, ConnectionTally>): Record<string, ConnectionTally> {
  const out: Record<string, ConnectionTally> = {};
  for (const [label, a] of Object.entries(after)) {
    const d = emptyTally();
    addFlow(d.up, a.up);
    addFlow(d.down, a.down);
    d.connections = a.connections;
    const b = before[label];
    if (b) {
      addFlow(d.up, b.up, -1);
      addFlow(d.down, b.down, -1);
      d.connections -= b.connections;
    }
    for (const f of [d.up, d.down]) for (const [k, v] of Object.entries(f.kinds)) if (v.count === 0 && v.bytes === 0) delete f.kinds[k];
    out[label] = d;
  }
  return out;
}

interface Traced {
  label: string;
  readonly up: FlowTally;
  readonly down: FlowTally;
}

export async function startTraceProxy(o: TraceProxyOptions): Promise<TraceProxy> {
  const host = o.target.host ?? '127.0.0.1';
  if (!/^127\.|^localhost$|^::1$/.test(host)) throw new Error(`the trace proxy only targets loopback, not ${host}`);
  const traced = new Set<Traced>();
  /** Tallies of connections that closed, by label. */
  const closed: Record<string, ConnectionTally> = {};
  const sockets = new Set<Socket>();
  let last = performance.now();
  let inspectorErrors = 0;

  const onConnection = (client: Socket): void => {
    const t: Traced = { label: 'unlabelled', up: emptyFlow(), down: emptyFlow() };
    traced.add(t);
    const ctx = (flow: FlowTally): InspectorContext => ({
      found(kind, bytes) {
        const k = (flow.kinds[kind] ??= { count: 0, bytes: 0 });
        k.count += 1;
        k.bytes += bytes;
      },
      label(name) {
        t.label = name;
      },
    });
    const upInspector = o.inspect?.(ctx(t.up), 'up');
    const downInspector = o.inspect?.(ctx(t.down), 'down');
    const upstream = connect({ host, port: o.target.port });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
    }
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      traced.delete(t);
      const c = (closed[t.label] ??= emptyTally());
      addFlow(c.up, t.up);
      addFlow(c.down, t.down);
      c.connections += 1;
    };
    const pipe = (from: Socket, to: Socket, flow: FlowTally, inspector: Inspector | undefined): void => {
      from.on('data', (chunk: Buffer) => {
        last = performance.now();
        flow.bytes += chunk.length;
        flow.reads += 1;
        to.write(chunk);
        try {
          inspector?.write(chunk);
        } catch {
          inspectorErrors += 1;
        }
      });
      from.on('error', end);
      from.on('close', end);
    };
    pipe(client, upstream, t.up, upInspector);
    pipe(upstream, client, t.down, downInspector);
  };

  const server: Server = createServer(onConnection);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : 0);
    });
  });

  return {
    port,
    lastActivity: () => last,
    totals() {
      const out: Record<string, ConnectionTally> = {};
      for (const [label, c] of Object.entries(closed)) {
        const d = (out[label] = emptyTally());
        addFlow(d.up, c.up);
        addFlow(d.down, c.down);
        d.connections = c.connections;
      }
      for (const t of traced) {
        const d = (out[t.label] ??= emptyTally());
        addFlow(d.up, t.up);
        addFlow(d.down, t.down);
        d.connections += 1;
      }
      return out;
    },
    get inspectorErrors() {
      return inspectorErrors;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
