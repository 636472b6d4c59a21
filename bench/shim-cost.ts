/**
 * `make bench-shim`: what mod_ofgate costs ejabberd (issue #6: "ejabberd's message throughput
 * with the shim loaded within 10% of without"). The direct path (b), plain XMPP clients
 * c2s → c2s, is measured in alternating rounds on the same ejabberd, switched with
 * `reload_config` between "plain" (no mod_ofgate) and "shim" (mod_ofgate loaded, posting to
 * ofgate, which runs in its own process). Neither has mod_mam. Two series:
 *  - as shipped: ofgate reads presence and session events, so the shim builds nothing for
 *    messages (it forwards only what ofgate says it reads);
 *  - every event read (OFGATE_HOOKS_LOG_EVENTS=true): every message becomes an event that is
 *    built, queued, posted and taken in by ofgate;
 *  - LHC bridge on (OFGATE_LHC_ENABLED=true): ofgate reads message_sent and message_offline,
 *    but only chat messages to `visitor.<digit>…` accounts and operators' groupchat messages
 *    (message selectors), so the shim matches each message against them and builds none of
 *    this traffic (plain users writing to each other).
 * Alternating rounds and medians keep this VM's speed drift out of the ratio.
 * `--rounds=N` (default 6 per series), `--seconds=S` (default 4), `--series=shipped|every|lhc`
 * (one series only); `--profile` writes a CPU
 * profile of ofgate's intake in the last "every event" round to bench/profiles/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../test/harness/ejabberd-instance.js';
import { startStack } from '../test/harness/start-stack.js';
import { applyVariant, type Variant } from './ejabberd-variant.js';
import { ejabberdCall } from './ejabberd-api.js';
import { keepAliveAgent } from './http-client.js';
import { startOfgateProcess, type OfgateProcess } from './ofgate-process.js';
import { waitForQuiet } from './quiet.js';
import { openDirectPath, type EjabberdTarget } from './relay-direct.js';
import { measureThroughput, type Meter, type RelayPath, type ThroughputResult } from './relay-driver.js';
import { median } from './stats.js';

const args = process.argv.slice(2);
const num = (name: string, dflt: number): number => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const rounds = num('rounds', 6);
const seconds = num('seconds', 4);
const profile = args.includes('--profile');
/** --series=shipped|every|lhc: just one of the series. */
const only = args.find((a) => a.startsWith('--series='))?.slice(9);
const log = (s: string): void => void process.stderr.write(`bench-shim: ${s}\n`);

interface ShimStats { queued: number; enqueued: number; sent: number; dropped: number; retries: number; posts: number }
interface Round { readonly variant: 'plain' | 'shim'; readonly r: ThroughputResult; readonly stats?: ShimStats }
interface Series { readonly title: string; readonly forwarded: string; readonly rounds: Round[] }

const PLAIN: Variant = { mam: false, shim: false };
const SHIM: Variant = { mam: false, shim: true };

const stack = await startStack({ logLevel: 'warning' });
const ej: EjabberdTarget = { apiUrl: stack.ej.apiUrl, xmppService: stack.ej.xmppService, domain: stack.domain, agent: keepAliveAgent(16) };
const call = <T>(command: string, a: Record<string, unknown>): Promise<T> => ejabberdCall<T>(ej.agent, ej.apiUrl, command, a);
const stats = (): Promise<ShimStats> => call<ShimStats>('ofgate_shim_stats', { host: stack.domain });
const path = await openDirectPath(ej, 10, 'xk');

async function series(title: string, ofgate: OfgateProcess, profileLast: boolean): Promise<Series> {
  const meter: Meter = { pids: { ejabberd: stack.ej.pid, generator: process.pid, ofgate: ofgate.pid }, threads: { single: ['ofgate', 'generator'], multi: ['ejabberd'] } };
  const out: Round[] = [];
  let forwarded = '';
  for (let i = 0; i < rounds; i++) {
    for (const variant of ['plain', 'shim'] as const) {
      await applyVariant(ej.agent, ej.apiUrl, stack.ej.dir, variant === 'plain' ? PLAIN : SHIM);
      await waitForQuiet(meter.pids, 20000);
      const before = variant === 'shim' ? await stats() : undefined;
      const profiling = profileLast && variant === 'shim' && i === rounds - 1;
      if (profiling) await ofgate.probe('profile-start');
      const r = await measureThroughput(path, { inFlightPerLane: 20, warmupMs: 1000, durationMs: seconds * 1000, meter });
      if (profiling) {
        mkdirSync(join(projectRoot, 'bench', 'profiles'), { recursive: true });
        await ofgate.probe('profile-stop', join(projectRoot, 'bench', 'profiles', 'shim-intake.cpuprofile'));
      }
      let delta: ShimStats | undefined;
      if (before) {
        forwarded = (await call<{ forwarded: string }>('ofgate_forwarded_events', { host: stack.domain })).forwarded;
        const deadline = Date.now() + 10000;
        let after = await stats();
        while (after.queued > 0 && Date.now() < deadline) after = await stats();
        delta = {
          queued: after.queued, enqueued: after.enqueued - before.enqueued, sent: after.sent - before.sent,
          dropped: after.dropped - before.dropped, retries: after.retries - before.retries, posts: after.posts - before.posts,
        };
      }
      out.push({ variant, r, ...(delta ? { stats: delta } : {}) });
      const per = r.cpuMicrosPerMsg;
      log(`${title}, round ${i + 1} ${variant}: ${Math.round(r.msgsPerSec)} msgs/s, ejabberd ${per.ejabberd?.toFixed(1)} µs/msg, ofgate ${per.ofgate?.toFixed(1)} µs/msg` +
        (delta ? `; ${delta.sent} events in ${delta.posts} POSTs, ${delta.dropped} dropped` : '') + ` (${r.boundBy})`);
    }
  }
  return { title, forwarded, rounds: out };
}


function table(s: Series): string {
  const of = (v: Round['variant'], f: (x: Round) => number): number => median(s.rounds.filter((x) => x.variant === v).map(f));
  const plains = s.rounds.filter((x) => x.variant === 'plain');
  const shims = s.rounds.filter((x) => x.variant === 'shim');
  const ratios = shims.map((x, i) => x.r.msgsPerSec / (plains[i]?.r.msgsPerSec ?? Number.NaN));
  const row = (label: string, f: (x: Round) => number, digits = 1): string => {
    const p = of('plain', f);
    const w = of('shim', f);
    return `| ${label} | ${w.toFixed(digits)} | ${p.toFixed(digits)} | ${p > 0.05 ? (w / p).toFixed(2) : '–'} |`;
  };
  const events = shims.reduce((a, x) => a + (x.stats?.sent ?? 0), 0);
  const posts = shims.reduce((a, x) => a + (x.stats?.posts ?? 0), 0);
  return [
    `### ${s.title}`, '',
    `mod_ofgate forwarded: ${s.forwarded || '(nothing)'}.`, '',
    '| figure | with mod_ofgate | without (plain ejabberd) | ratio |',
    '|---|---|---|---|',
    row('throughput (msgs/s)', (x) => x.r.msgsPerSec, 0),
    row('ejabberd CPU per message (µs)', (x) => x.r.cpuMicrosPerMsg.ejabberd ?? Number.NaN),
    row('ofgate CPU per message (µs)', (x) => x.r.cpuMicrosPerMsg.ofgate ?? Number.NaN),
    row('generator CPU per message (µs)', (x) => x.r.cpuMicrosPerMsg.generator ?? Number.NaN),
    '',
    `Per-round throughput ratios (shim ÷ the plain round before it): ${ratios.map((x) => x.toFixed(2)).join(', ')}; **median ${median(ratios).toFixed(2)}**.`,
    `Events posted: ${events}${posts ? ` in ${posts} POSTs (${(events / posts).toFixed(0)} per POST)` : ''}; dropped ${shims.reduce((a, x) => a + (x.stats?.dropped ?? 0), 0)}.`,
    '',
  ].join('\n');
}

const results: Series[] = [];
let ofgate: OfgateProcess | undefined;
try {
  if (only === undefined || only === 'shipped') {
    ofgate = await startOfgateProcess(stack);
    results.push(await series('As shipped: ofgate reads presence and sessions', ofgate, false));
    await ofgate.stop();
  }
  if (only === undefined || only === 'every') {
    ofgate = await startOfgateProcess(stack, [], { OFGATE_HOOKS_LOG_EVENTS: 'true' });
    results.push(await series('Every event read (OFGATE_HOOKS_LOG_EVENTS=true): every message is an event', ofgate, profile));
    await ofgate.stop();
  }
  if (only === undefined || only === 'lhc') {
    ofgate = await startOfgateProcess(stack, [], { OFGATE_LHC_ENABLED: 'true', OFGATE_LHC_MESSAGE_URL: 'http://127.0.0.1:9/processmessage' });
    results.push(await series('LHC bridge on (OFGATE_LHC_ENABLED=true): messages selected in the shim (chat to visitor.<digit>…, operators\' groupchat)', ofgate, false));
  }
} finally {
  await applyVariant(ej.agent, ej.apiUrl, stack.ej.dir, SHIM).catch(() => {});
  await (path as RelayPath).close();
  await ofgate?.stop();
  await stack.stop();
}
process.stdout.write([`Direct relay (10 pairs × 20 in flight), ${rounds} alternating rounds of ${seconds} s per series; medians.`, '', ...results.map(table)].join('\n'));
process.exit(0);
