/**
 * Click-to-chat's adapters over fakes of their boundaries: the effect runner (roster items both
 * ways, the reassignment and unpaired messages from the right JIDs, escaped, the SSE event only
 * for clients on ofgate's domain, one failing effect never stopping the next), the helpdesk
 * presence follower (first resource → agentOnline, last → agentOffline, others ignored), and the
 * client session follower (session_closed and user_removed of client-host users only).
 */
import assert from 'node:assert/strict';
import { createHookBus, type HookEvent } from '../../../hooks/index.js';
import { followAgentPresence } from '../../../gateway/clicktochat/agent-presence.js';
import { followClientSessions } from '../../../gateway/clicktochat/client-sessions.js';
import { createEffectRunner } from '../../../gateway/clicktochat/effect-runner.js';
import { createHelpdeskDirectory } from '../../../gateway/clicktochat/helpdesk-directory.js';
import type { Effect, PairingEvent } from '../../../gateway/clicktochat/machine/index.js';
import { emptyState } from '../../../gateway/clicktochat/machine/index.js';
import type { PairingService } from '../../../gateway/clicktochat/pairing-service.js';
import { silentLogger } from '../../../gateway/log/index.js';
import type { BarePresence, PresenceChangeListener } from '../../../gateway/presence/index.js';
import type { ChatEvent } from '../../../gateway/sse/index.js';
import { parseStanzaText } from '../../../gateway/xmpp/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';

function runner(o: { rosterLink?: boolean; failing?: string } = {}) {
  const journal: string[] = [];
  const stanzas: Array<{ from: string; to: string; stanza: string }> = [];
  const published: Array<{ to: string; event: ChatEvent }> = [];
  const warnings: string[] = [];
  const roster = (host: string) => ({
    async setRosterItem(user: string, item: { jid: string; subscription: string; groups: readonly string[] }) {
      journal.push(`set ${user}@${host} ${item.jid} ${item.subscription} ${item.groups.join(',')}`);
      if (o.failing === 'set') throw new Error('ejabberd down');
    },
    async deleteRosterItem(user: string, jid: string) {
      journal.push(`delete ${user}@${host} ${jid}`);
    },
  });
  const run = createEffectRunner({
    clientHost: 'ex.org',
    helpdeskHost: 'hd.ex.org',
    domain: 'ex.org',
    rosterLink: o.rosterLink ?? true,
    clientRoster: roster('ex.org'),
    helpdeskRoster: roster('hd.ex.org'),
    sendStanza: async (from, to, stanza) => {
      journal.push(`send ${from} → ${to}`);
      stanzas.push({ from, to, stanza });
    },
    events: { publish: (to, event) => void published.push({ to, event }) },
    log: { ...silentLogger, warn: (msg) => void warnings.push(msg) },
  });
  return { run, journal, stanzas, published, warnings };
}

describe('clicktochat effect runner', () => {
  it('when a pair is linked and unlinked, then both get the other as a roster item with subscription both, then lose it', async () => {
    const f = runner();
    await f.run([{ type: 'link', client: 'k1@ex.org', agent: 'a@hd.ex.org' }, { type: 'unlink', client: 'k1@ex.org', agent: 'a@hd.ex.org' }]);
    assert.deepEqual(f.journal, [
      'set k1@ex.org a@hd.ex.org both Helpdesk',
      'set a@hd.ex.org k1@ex.org both Clients',
      'delete a@hd.ex.org k1@ex.org',
      'delete k1@ex.org a@hd.ex.org',
    ]);
  });

  it('when roster links are off, then no roster call is made', async () => {
    const f = runner({ rosterLink: false });
    await f.run([{ type: 'link', client: 'k1@ex.org', agent: 'a@hd.ex.org' }, { type: 'unlink', client: 'k1@ex.org', agent: 'a@hd.ex.org' }]);
    assert.deepEqual(f.journal, []);
  });

  it('when a client is reassigned, then it hears from its new helpdesk user, the new one is told, presence is probed both ways, and its SSE log gets the event', async () => {
    const f = runner();
    await f.run([{ type: 'reassigned', client: 'k1@ex.org', from: 'a@hd.ex.org', to: 'b@hd.ex.org' }]);
    assert.deepEqual(f.journal, ['send b@hd.ex.org → k1@ex.org', 'send hd.ex.org → b@hd.ex.org', 'send k1@ex.org → b@hd.ex.org', 'send b@hd.ex.org → k1@ex.org']);
    const toClient = parseStanzaText(f.stanzas[0]?.stanza ?? '');
    assert.equal(toClient.attrs.from, 'b@hd.ex.org');
    assert.equal(toClient.attrs.type, 'chat');
    assert.deepEqual(toClient.getChild('reassigned', 'urn:ofgate:clicktochat:1')?.attrs, { xmlns: 'urn:ofgate:clicktochat:1', agent: 'b@hd.ex.org', previous: 'a@hd.ex.org' });
    const toAgent = parseStanzaText(f.stanzas[1]?.stanza ?? '');
    assert.equal(toAgent.getChild('handed-over', 'urn:ofgate:clicktochat:1')?.attrs.client, 'k1@ex.org');
    assert.equal(parseStanzaText(f.stanzas[2]?.stanza ?? '').attrs.type, 'probe');
    assert.deepEqual(f.published, [{ to: 'k1', event: { name: 'chatapi.notify', data: { type: 'notify', to: 'k1@ex.org', from: 'hd.ex.org', data: { event: 'clicktochat.reassigned', agent: 'b@hd.ex.org', previous: 'a@hd.ex.org' } } } }]);
  });

  it('when a client is unpaired, then it hears from the helpdesk host; a client off ofgate\'s domain gets no SSE event', async () => {
    const f = runner();
    await f.run([{ type: 'unpaired', client: 'k1@other.org', from: 'a@hd.ex.org' }]);
    assert.deepEqual(f.journal, ['send hd.ex.org → k1@other.org']);
    assert.ok(parseStanzaText(f.stanzas[0]?.stanza ?? '').getChild('unpaired', 'urn:ofgate:clicktochat:1'));
    assert.deepEqual(f.published, []);
  });

  it('when a JID in a notice holds XML characters, then the stanza stays well-formed and carries it escaped', async () => {
    const f = runner({ rosterLink: false });
    await f.run([{ type: 'reassigned', client: 'k1@ex.org', from: 'a"<&>@hd.ex.org', to: 'b@hd.ex.org' }]);
    const el = parseStanzaText(f.stanzas[0]?.stanza ?? '');
    assert.equal(el.getChild('reassigned', 'urn:ofgate:clicktochat:1')?.attrs.previous, 'a"<&>@hd.ex.org');
  });

  it('when one effect fails, then it is logged and the next still runs', async () => {
    const f = runner({ failing: 'set' });
    const effects: Effect[] = [{ type: 'link', client: 'k1@ex.org', agent: 'a@hd.ex.org' }, { type: 'unpaired', client: 'k2@ex.org', from: 'a@hd.ex.org' }];
    await f.run(effects);
    assert.deepEqual(f.warnings, ['clicktochat: an effect failed']);
    assert.equal(f.journal.at(-1), 'send hd.ex.org → k2@ex.org');
  });
});

/** A pairing service that records the events it is given, over a state the test sets. */
function fakePairing(state = emptyState()) {
  const applied: PairingEvent[] = [];
  const pairing: PairingService = {
    apply: async (e) => {
      applied.push(e);
      return { kind: 'ok' } as never;
    },
    read: async () => state,
  };
  return { pairing, applied };
}

describe('clicktochat presence and session followers', () => {
  it('when a helpdesk user\'s first resource comes and its last goes, then agentOnline and agentOffline; show changes and other hosts are ignored', async () => {
    let listener: PresenceChangeListener = () => undefined;
    const shows: Record<string, BarePresence> = {};
    const presence = { onChange: (l: PresenceChangeListener) => ((listener = l), () => undefined), get: async (j: string) => shows[j] };
    const directory = createHelpdeskDirectory({ helpdeskHost: 'hd', helpdeskGroup: null, backend: { getSharedGroupMembers: async () => [] }, presence, clock: createFakeClock() });
    const { pairing, applied } = fakePairing({ format: 1, queue: ['a@hd', 'b@hd'], clients: {} });
    const stop = followAgentPresence({ presence, directory, pairing, log: silentLogger });
    const p = (jid: string, show: BarePresence['show']): BarePresence => ({ jid, resource: 'r', show, status: '', priority: 0, resources: [] });
    /** The follower steps in the background: let its chains run (bounded). */
    const drained = async (count: number): Promise<void> => {
      for (let turn = 0; turn < 100 && applied.length < count; turn++) await new Promise((r) => setImmediate(r));
      for (let turn = 0; turn < 10; turn++) await new Promise((r) => setImmediate(r));
    };
    shows['b@hd'] = p('b@hd', 'available');
    shows['a@hd'] = p('a@hd', 'available');
    listener('a@hd', p('a@hd', 'available'), undefined);
    listener('a@hd', p('a@hd', 'away'), p('a@hd', 'available'));
    listener('x@other', p('x@other', 'available'), undefined);
    await drained(1);
    delete shows['a@hd'];
    listener('a@hd', undefined, p('a@hd', 'away'));
    listener('z@hd', undefined, p('z@hd', 'away'));
    await drained(2);
    assert.deepEqual(applied, [
      { type: 'agentOnline', agent: 'a@hd' },
      { type: 'agentOffline', agent: 'a@hd', available: ['b@hd'] },
    ], 'z@hd was neither queued nor holding clients: no step');
    // a change reported late (the view says otherwise by now) steps nothing
    listener('b@hd', undefined, p('b@hd', 'available'));
    listener('y@hd', p('y@hd', 'available'), undefined);
    await drained(3);
    assert.equal(applied.length, 2);
    stop();
  });

  it('when sessions close or accounts go, then only client-host users reach the lifecycle', async () => {
    const bus = createHookBus();
    const seen: string[] = [];
    const stop = followClientSessions({
      hooks: bus,
      clientHost: 'ex.org',
      clients: { sessionClosed: async (c) => void seen.push(`closed ${c}`), accountRemoved: async (c) => void seen.push(`removed ${c}`) },
      log: silentLogger,
    });
    const base = { v: 1 as const, host: 'ex.org', ts: 0 };
    const events: HookEvent[] = [
      { ...base, id: '1', event: 'session_closed', jid: 'k1@ex.org', resource: 'r' },
      { ...base, id: '2', event: 'session_closed', jid: 'a@hd.ex.org', resource: 'r' },
      { ...base, id: '3', event: 'user_removed', jid: 'k2@ex.org' },
      { ...base, id: '4', event: 'session_closed', jid: 'ex.org', resource: 'r' },
    ];
    for (const e of events) await bus.publish(e);
    assert.deepEqual(seen, ['closed k1@ex.org', 'removed k2@ex.org']);
    stop();
    await bus.publish(events[0] as HookEvent);
    assert.equal(seen.length, 2, 'stopped');
  });
});
