/**
 * `node dist/bench/relay-floor-http-cost.js [--rounds=N] [--requests=N] [--concurrency=N] [--layers=a,b,…]`:
 * the HTTP layer alone of the relay floor (relay-floor-server.ts --floor-router; --layers picks
 * them, default every one: node, express, fastify and the Express parts express-bare, express-proto),
 * without XMPP: each layer's server process answers the message route
 * `POST /restapi/v1/chat/{streamid}/messages/{to}` (text body, Basic credentials) for a stream
 * that does not exist, so every request takes the layer's whole per-request path (routing, body
 * read, handler, a 404 answer with no body) and nothing of the relay's work. Closed loop
 * (`concurrency` keep-alive connections), the server's CPU from /proc per request; the layers in
 * alternating order each round, medians printed. No ejabberd is needed (no login is made).
 * Rules: the same machine-sharing caveat as relay-ab.ts (compare medians of one run only); a
 * 2,000-request warm-up per process before it is measured.
 */
import { basicAuth, call, keepAliveAgent } from './http-client.js';
import { runPool } from './pool.js';
import { startCpuMeter, cpuMicrosPer } from './proc-cpu.js';
import { startFloorProcess } from './relay-floor-process.js';
import { FLOOR_ROUTERS, type FloorRouter } from './relay-floor-server.js';
import { median } from './stats.js';

const args = process.argv.slice(2);
const value = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const rounds = Number(value('rounds') ?? 5);
const requests = Number(value('requests') ?? 20000);
const concurrency = Number(value('concurrency') ?? 20);
const layers = (value('layers')?.split(',') ?? [...FLOOR_ROUTERS]) as FloorRouter[];
if (layers.some((l) => !FLOOR_ROUTERS.includes(l))) throw new Error(`--layers: any of ${FLOOR_ROUTERS.join(',')}`);
const WARMUP = 2000;


/** `n` POSTs over `concurrency` connections; rejects on any answer but the expected 404. */
async function drive(url: string, n: number): Promise<void> {
  const agent = keepAliveAgent(concurrency);
  const body = 'hello from the http cost bench';
  const headers = { 'Content-Type': 'text/plain', Authorization: basicAuth('u1', 'secret') };
  const r = await runPool(concurrency, n, async () => {
    const { status } = await call(agent, 'POST', url, body, headers);
    if (status !== 404) throw new Error(`expected 404, got ${status}`);
  });
  agent.destroy();
  if (r.errors > 0) throw new Error(`${r.errors} of ${n} requests failed: ${r.firstError}`);
}

const rows: Array<{ router: FloorRouter; us: number; perSec: number; others: number }> = [];
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? layers : [...layers].reverse();
  for (const router of order) {
    const p = await startFloorProcess({ service: 'xmpp://127.0.0.1:1', domain: 'floor.invalid', router });
    try {
      const url = `${p.url}/restapi/v1/chat/no-such-stream/messages/u2@floor.invalid`;
      await drive(url, WARMUP);
      const meter = startCpuMeter({ server: p.pid });
      await drive(url, requests);
      const report = meter.stop();
      const us = cpuMicrosPer(report, requests).server ?? NaN;
      rows.push({ router, us, perSec: requests / report.seconds, others: report.others });
      process.stderr.write(`round ${round + 1}/${rounds} ${router}: ${us.toFixed(1)} µs/request, ${Math.round(requests / report.seconds)}/s, others ${Math.round(report.others)}%\n`);
    } finally {
      await p.stop();
    }
  }
}
const lines = [`rounds ${rounds} × ${requests} requests, ${concurrency} connections, medians (alternating order)`, '| layer | server µs/request | requests/s |', '|---|---|---|'];
for (const router of layers) {
  const rs = rows.filter((r) => r.router === router);
  lines.push(`| ${router} | ${median(rs.map((r) => r.us)).toFixed(1)} | ${Math.round(median(rs.map((r) => r.perSec)))} |`);
}
process.stdout.write(lines.join('\n') + '\n');
