/**
 * Click-to-chat's machine, table-driven: each row is a script of events with the expected
 * answers, queue, pairs and effects. The first rows are clicktochat_ejabberd's own worked
 * examples (notes/helpdesk-peers.md A.6 and its README's diagram); the rows after them are
 * where ofgate differs from the original, each saying what the original did.
 *
 * Script lines: `online a [away|dnd]`, `show a away|available`, `offline a`,
 * `register c1 [pending] [from=ip cap=n] → answer`, `confirm c1 → agent`, `release c1 → answer`,
 * `queue → a b`, `pairs → c1:a c2:-`, `said → effect; effect` (effects since the last `said`),
 * `unchanged → reconcile|release c9|online a` (the step returns the very state object).
 */
import assert from 'node:assert/strict';
import { agentJid, clientJid, PairingWorld } from './pairing-world.js';

interface Scenario {
  readonly name: string;
  readonly max: number;
  readonly script: readonly string[];
}

function run(s: Scenario): void {
  const w = new PairingWorld(s.max);
  let saidFrom = 0;
  for (const line of s.script) {
    const arrow = line.indexOf(' →');
    const cmd = (arrow < 0 ? line : line.slice(0, arrow)).trim();
    const expected = arrow < 0 ? undefined : line.slice(arrow + 2).trim();
    const [verb, ...args] = cmd.split(/\s+/);
    const at = `${s.name}: "${line}"`;
    switch (verb) {
      case 'online':
        w.online(args[0] as string, (args[1] ?? 'available') as 'available');
        break;
      case 'show':
        w.shows.set(args[0] as string, args[1] as 'available');
        break;
      case 'offline':
        w.offline(args[0] as string);
        break;
      case 'register': {
        const opt = Object.fromEntries(args.slice(1).filter((a) => a.includes('=')).map((a) => a.split('=') as [string, string]));
        const got = w.register(args[0] as string, {
          confirm: !args.includes('pending'),
          ...(opt.from ? { address: opt.from } : {}),
          ...(opt.cap ? { cap: Number(opt.cap) } : {}),
        });
        assert.equal(got, expected, at);
        break;
      }
      case 'confirm': {
        const r = w.do({ type: 'confirm', client: clientJid(args[0] as string) });
        assert.equal(r.kind === 'active' ? (r.agent ?? 'null').split('@')[0] : r.kind, expected, at);
        break;
      }
      case 'release':
        assert.equal(w.release(args[0] as string), expected, at);
        break;
      case 'queue':
        assert.deepEqual(w.queue(), expected ? expected.split(' ') : [], at);
        break;
      case 'pairs':
        assert.deepEqual(w.pairs(), Object.fromEntries((expected ?? '').split(' ').filter(Boolean).map((p) => p.split(':') as [string, string])), at);
        break;
      case 'said':
        assert.deepEqual(w.said(saidFrom), expected ? expected.split('; ') : [], at);
        saidFrom = w.effects.length;
        break;
      case 'unchanged': {
        const before = w.state;
        const [what, name] = (expected ?? '').split(' ');
        if (what === 'reconcile') w.do({ type: 'reconcile', online: [...w.shows.keys()].map(agentJid), available: w.available() });
        else if (what === 'release') w.do({ type: 'release', client: clientJid(name as string) });
        else w.do({ type: 'agentOnline', agent: agentJid(name as string) });
        assert.equal(w.state, before, at);
        break;
      }
      default:
        throw new Error(`unknown script line: ${line}`);
    }
  }
}

const ORIGINAL: readonly Scenario[] = [
  {
    name: 'A.6, one agent with max_sessions 5: C1…C5 go to A (the original also gave A a sixth, then crashed on the seventh)',
    max: 5,
    script: [
      'online a', 'register c1 → a', 'register c2 → a', 'register c3 → a', 'register c4 → a', 'register c5 → a',
      'register c6 → nobody-available', 'register c7 → nobody-available', 'queue → a',
      'pairs → c1:a c2:a c3:a c4:a c5:a',
    ],
  },
  {
    name: 'A.6, two agents (B logged in later, queue [B, A]): clients alternate, starting with the most recent login',
    max: 5,
    script: ['online a', 'online b', 'queue → b a', 'register c1 → b', 'queue → a b', 'register c2 → a', 'register c3 → b', 'register c4 → a', 'queue → b a'],
  },
  {
    name: 'README diagram: queue [USER-1, USER-2, USER-3], CLIENT-1 goes to USER-1, who moves to the end',
    max: 5,
    script: ['online u3', 'online u2', 'online u1', 'queue → u1 u2 u3', 'register c1 → u1', 'queue → u2 u3 u1'],
  },
];

const OFGATE: readonly Scenario[] = [
  {
    name: 'three agents with maxSessions 2 fill exactly six pairs, then nobody is available',
    max: 2,
    script: [
      'online a', 'online b', 'online c', 'queue → c b a',
      'register k1 → c', 'register k2 → b', 'register k3 → a', 'register k4 → c', 'register k5 → b', 'register k6 → a',
      'register k7 → nobody-available', 'pairs → k1:c k2:b k3:a k4:c k5:b k6:a',
    ],
  },
  {
    name: 'an away or dnd agent is skipped and keeps its place (the original ignored show)',
    max: 5,
    script: [
      'online a', 'online b away', 'online c dnd', 'queue → c b a',
      'register k1 → a', 'register k2 → a', 'queue → c b a',
      'show b available', 'register k3 → b', 'queue → c a b',
    ],
  },
  {
    name: 'a second resource of an agent adds no second queue entry (the original counted each resource as an agent)',
    max: 1,
    script: ['online a', 'unchanged → online a', 'queue → a', 'register k1 → a', 'register k2 → nobody-available'],
  },
  {
    name: 'a release frees the slot and leaves the queue as it is (the original moved the agent to the tail with one more slot)',
    max: 1,
    script: [
      'online a', 'online b', 'register k1 → b', 'register k2 → a', 'register k3 → nobody-available',
      'release k1 → released from b', 'queue → b a', 'said → link k1-b; link k2-a; unlink k1-b', 'register k3 → b',
    ],
  },
  {
    name: 'a release twice, or of an unknown client, changes nothing (the original crashed and lost all state)',
    max: 2,
    script: ['online a', 'register k1 → a', 'release k1 → released from a', 'release k1 → unknown', 'unchanged → release k1', 'unchanged → release nobody'],
  },
  {
    name: 'an agent going offline hands its clients, oldest first, to the next agents in round-robin order; those nobody can take are unpaired (the original left them paired to nobody)',
    max: 2,
    script: [
      'online a', 'online b', 'online c', 'register k1 → c', 'register k2 → b', 'register k3 → a', 'register k4 → c', 'said → link k1-c; link k2-b; link k3-a; link k4-c',
      'offline c', 'queue → b a', 'pairs → k1:b k2:b k3:a k4:a',
      'said → unlink k1-c; link k1-b; reassigned k1: c → b; unlink k4-c; link k4-a; reassigned k4: c → a',
      'offline a', 'pairs → k1:b k2:b k3:- k4:-',
      'said → unlink k3-a; unpaired k3 from a; unlink k4-a; unpaired k4 from a',
    ],
  },
  {
    name: 'a release after the agent went offline never puts that agent back in the queue (the original re-added it and gave it the next client)',
    max: 2,
    script: ['online a', 'online b', 'register k1 → b', 'offline b', 'pairs → k1:a', 'release k1 → released from a', 'queue → a', 'register k2 → a'],
  },
  {
    name: 'a pending client whose agent leaves moves without a word; its confirm answers the new agent (or null when nobody could take it)',
    max: 1,
    script: [
      'online a', 'online b', 'register k1 pending → b', 'offline b', 'said →', 'confirm k1 → a', 'said → link k1-a',
      'register k2 pending → nobody-available', 'release k1 → released from a', 'register k2 pending → a', 'offline a', 'confirm k2 → null', 'said → unlink k1-a',
    ],
  },
  {
    name: 'public widget mode: an address holds at most its cap of clients; others are not counted against it',
    max: 5,
    script: [
      'online a', 'register k1 from=1.2.3.4 cap=2 → a', 'register k2 from=1.2.3.4 cap=2 → a', 'register k3 from=1.2.3.4 cap=2 → address-cap',
      'register k4 from=5.6.7.8 cap=2 → a', 'release k1 → released from a', 'register k3 from=1.2.3.4 cap=2 → a',
    ],
  },
  {
    name: 'a client known already is refused as exists, and nothing changes',
    max: 5,
    script: ['online a', 'register k1 → a', 'register k1 → exists', 'pairs → k1:a'],
  },
];

describe('clicktochat machine: the original\'s worked examples', () => {
  for (const s of ORIGINAL) it(`when ${s.name}`, () => run(s));
});

describe('clicktochat machine: where ofgate differs', () => {
  for (const s of OFGATE) it(`when ${s.name}`, () => run(s));

  it('when the start-up reconcile sees agents gone and agents new, then the gone ones hand over their clients and the new ones join at the head', () => {
    const w = new PairingWorld(2);
    w.online('a');
    w.online('b');
    w.register('k1'); // → b
    // while no instance listened: b went offline, c came online
    w.shows.delete('b');
    w.shows.set('c', 'available');
    w.do({ type: 'reconcile', online: [agentJid('a'), agentJid('c')], available: w.available() });
    assert.deepEqual(w.queue(), ['c', 'a']);
    assert.deepEqual(w.pairs(), { k1: 'a' });
    assert.deepEqual(w.said(1), ['unlink k1-b', 'link k1-a', 'reassigned k1: b → a']);
    const settled = w.state;
    w.do({ type: 'reconcile', online: [agentJid('a'), agentJid('c')], available: w.available() });
    assert.equal(w.state, settled, 'a second reconcile changes nothing');
  });

  it('when a client JID comes online as an agent, then it is never queued, and an agent cannot register as a client', () => {
    const w = new PairingWorld(2);
    w.online('a');
    w.register('k1');
    const before = w.state;
    w.do({ type: 'agentOnline', agent: clientJid('k1') });
    assert.equal(w.state, before);
    const r = w.do({ type: 'reserve', client: agentJid('a'), available: w.available(), address: null, maxPerAddress: null });
    assert.deepEqual(r, { kind: 'exists' });
  });

  it('when a step is stepped on a record read back from JSON, then it behaves as on the one written', () => {
    const w = new PairingWorld(2);
    w.online('a');
    w.online('b');
    w.register('k1');
    const copy = new PairingWorld(2);
    copy.state = JSON.parse(JSON.stringify(w.state));
    copy.now = w.now;
    for (const x of [w, copy]) x.do({ type: 'agentOffline', agent: agentJid('b'), available: [agentJid('a')] });
    assert.deepEqual(copy.state, w.state);
  });
});
