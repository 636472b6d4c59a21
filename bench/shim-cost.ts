/**
 * `make bench-shim`: what mod_ofgate costs ejabberd (issue #6: "ejabberd's message throughput
 * with the shim loaded within 10% of without"). The direct path (b), plain XMPP clients
 * c2s → c2s, is measured in alternating rounds on the same ejabberd, switched with
 * `reload_config` between "plain" (no mod_ofgate) and "shim" (mod_ofgate posting every
 * message_sent to ofgate, which runs in its own process and takes the events in). Neither has
 * mod_mam. Alternating rounds and taking medians keeps this VM's speed drift out of the ratio.
 * Prints a markdown table; `--rounds=N` (default 4), `--seconds=S` (default 6); `--profile`
 * writes a CPU profile of ofgate's intake during the last shim round to bench/profiles/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../test/harness/ejabberd-instance.js';
import { startStack } from '../test/harness/start-stack.js';
import { applyVariant, type Variant } from './ejabberd-variant.js';
import { ejabberdCall } from './ejabberd-api.js';
import { keepAliveAgent } from './http-client.js';
import { startOfgateProcess } from './ofgate-process.js';
import { waitForQuiet } from './quiet.js';
import { openDirectPath, type EjabberdTarget } from './relay-direct.js';
import { measureThroughput, type Meter, type ThroughputResult } from './relay-driver.js';

const args = process.argv.slice(2);
const num = (name: string, dflt: number): number => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const rounds = num('rounds', 4);
const seconds = num('seconds', 6);
const profile = args.includes('--profile');
const log = (s: string): void => void process.stderr.write(`bench-shim: ${s}\n`);

interface ShimStats { queued: number; enqueued: number; sent: number; dropped: number; retries: number; posts?: number }
interface Round { readonly variant: 'plain' | 'shim'; readonly r: ThroughputResult; readonly stats?: ShimStats }

const PLAIN: Variant = { mam: false, shim: false };
const SHIM: Variant = { mam: false, shim: true };

const stack = await startStack({ logLevel: 'warning' });
const ofgate = await startOfgateProcess(stack);
const ej: EjabberdTarget = { apiUrl: stack.ej.apiUrl, xmppService: stack.ej.xmppService, domain: stack.domain, agent: keepAliveAgent(16) };
const meter: Meter = { pids: { ejabberd: stack.ej.pid, generator: process.pid, ofgate: ofgate.pid }, threads: { single: ['ofgate', 'generator'], multi: ['ejabberd'] } };
const stats = (): Promise<ShimStats> => ejabberdCall<ShimStats>(ej.agent, ej.apiUrl, 'ofgate_shim_stats', { host: stack.domain });
const path = await openDirectPath(ej, 10, 'xk');
const results: Round[] = [];
try {
  for (let i = 0; i < rounds; i++) {
    for (const variant of ['plain', 'shim'] as const) {
      await applyVariant(ej.agent, ej.apiUrl, stack.ej.dir, variant === 'plain' ? PLAIN : SHIM);
      await waitForQuiet(meter.pids, 20000);
      const before = variant === 'shim' ? await stats() : undefined;
      const profiling = profile && variant === 'shim' && i === rounds - 1;
      if (profiling) await ofgate.probe('profile-start');
      const r = await measureThroughput(path, { inFlightPerLane: 20, warmupMs: 1000, durationMs: seconds * 1000, meter });
      if (profiling) {
        mkdirSync(join(projectRoot, 'bench', 'profiles'), { recursive: true });
        await ofgate.probe('profile-stop', join(projectRoot, 'bench', 'profiles', 'shim-intake.cpuprofile'));
      }
      let after: ShimStats | undefined;
      if (before) {
        // Let the shim drain, then count what this round posted.
        const deadline = Date.now() + 10000;
        do after = await stats(); while (after.queued > 0 && Date.now() < deadline);
      }
      const delta = before && after ? {
        queued: after.queued, enqueued: after.enqueued - before.enqueued, sent: after.sent - before.sent,
        dropped: after.dropped - before.dropped, retries: after.retries - before.retries,
        ...(after.posts !== undefined && before.posts !== undefined ? { posts: after.posts - before.posts } : {}),
      } : undefined;
      results.push({ variant, r, ...(delta ? { stats: delta } : {}) });
      const per = r.cpuMicrosPerMsg;
      log(`round ${i + 1} ${variant}: ${Math.round(r.msgsPerSec)} msgs/s, ejabberd ${per.ejabberd?.toFixed(1)} µs/msg, ofgate ${per.ofgate?.toFixed(1)} µs/msg, generator ${per.generator?.toFixed(1)} µs/msg` +
        (delta ? `; ${delta.sent} events in ${delta.posts ?? '?'} POSTs, ${delta.dropped} dropped` : '') + ` (${r.boundBy})`);
    }
  }
} finally {
  await applyVariant(ej.agent, ej.apiUrl, stack.ej.dir, SHIM).catch(() => {});
  await path.close();
  await ofgate.stop();
  await stack.stop();
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const of = (v: Round['variant'], f: (x: Round) => number): number => median(results.filter((x) => x.variant === v).map(f));
const pairRatios = results.filter((x) => x.variant === 'shim').map((x, i) => x.r.msgsPerSec / (results.filter((y) => y.variant === 'plain')[i]?.r.msgsPerSec ?? NaN));
const row = (label: string, f: (x: Round) => number, digits = 1): string => {
  const p = of('plain', f);
  const s = of('shim', f);
  return `| ${label} | ${s.toFixed(digits)} | ${p.toFixed(digits)} | ${(s / p).toFixed(2)} |`;
};
const shims = results.filter((x) => x.variant === 'shim' && x.stats);
const events = shims.reduce((a, x) => a + (x.stats?.sent ?? 0), 0);
const posts = shims.reduce((a, x) => a + (x.stats?.posts ?? 0), 0);
process.stdout.write([
  `Direct relay (10 pairs × 20 in flight), ${rounds} alternating rounds of ${seconds} s; medians.`, '',
  '| figure | with mod_ofgate | without (plain ejabberd) | ratio |',
  '|---|---|---|---|',
  row('throughput (msgs/s)', (x) => x.r.msgsPerSec, 0),
  row('ejabberd CPU per message (µs)', (x) => x.r.cpuMicrosPerMsg.ejabberd ?? NaN),
  row('ofgate CPU per message (µs)', (x) => x.r.cpuMicrosPerMsg.ofgate ?? NaN),
  row('generator CPU per message (µs)', (x) => x.r.cpuMicrosPerMsg.generator ?? NaN),
  '',
  `Per-round throughput ratios (shim ÷ the plain round before it): ${pairRatios.map((x) => x.toFixed(2)).join(', ')}; median ${median(pairRatios).toFixed(2)}.`,
  `Events posted: ${events}${posts ? ` in ${posts} POSTs (${(events / posts).toFixed(0)} per POST)` : ''}; dropped ${shims.reduce((a, x) => a + (x.stats?.dropped ?? 0), 0)}.`,
  '',
].join('\n'));
process.exit(0);
