import assert from 'node:assert/strict';
import { agentViews, newWorkgroup, validateSettings } from '../../../gateway/fastpath/machine/index.js';
import { ask, online, said, World } from './fastpath-world.js';

describe('fastpath machine: admin and agents', () => {
  it('when a settings patch has a bad field, then it is refused whole and the state is unchanged', () => {
    const w = new World();
    const before = w.state();
    const r = w.do({ type: 'settingsChanged', settings: { offerTimeoutMs: 5_000, routing: 'random' as 'broadcast', maxQueueLength: 0 } });
    assert.deepEqual(r, { kind: 'invalid', problems: ['routing: one of openfire, roundRobin, broadcast', 'maxQueueLength: a whole number from 1, or null'] });
    assert.equal(w.state(), before);
  });

  it('when settings change, then new offers use them and available agents are told the queue again', () => {
    const w = new World();
    w.do(online('alice'));
    w.do({ type: 'agentPresence', agent: 'alice', show: 'away' });
    w.do(ask('ann'));
    const m = w.mark();
    assert.deepEqual(w.do({ type: 'settingsChanged', settings: { awayGetsOffers: true, offerTimeoutMs: 5_000 } }), { kind: 'ok' });
    assert.deepEqual(said(w.since(m), 'sendOffer', 'notifyAgents'), ['offer ann → alice', 'notify alice: ann']);
    assert.equal(w.state().queue[0]?.offers[0]?.expiresAt, w.now + 5_000);
  });

  it('when an agent with a pending offer is removed from the members, then its offer is revoked and the next agent is offered', () => {
    const w = new World();
    w.do(online('alice'));
    w.do(online('bob'));
    w.do(ask('ann'));
    const m = w.mark();
    w.do({ type: 'membersChanged', members: ['bob', 'dave'], presence: { dave: 'available' } });
    assert.deepEqual(said(w.since(m), 'revokeOffer', 'sendOffer'), ['revoke ann from alice: The agent is no longer a member of the workgroup', 'offer ann → bob']);
    assert.deepEqual(agentViews(w.state()).map((a) => [a.username, a.available, a.show, a.pendingOffer]), [['bob', true, 'available', 'r-ann'], ['dave', false, 'available', null]]);
  });

  it('when the workgroup is deleted, then everyone waiting departs with agent-not-found and every offer is revoked', () => {
    const w = new World();
    w.do(online('alice'));
    w.do(ask('ann'));
    w.do(ask('ben'));
    const m = w.mark();
    w.do({ type: 'workgroupDeleted' });
    assert.deepEqual(said(w.since(m), 'revokeOffer', 'departQueue'), ['revoke ann from alice: The workgroup was deleted', 'depart ann: agent-not-found', 'depart ben: agent-not-found']);
    assert.equal(w.timerCount(), 0);
  });

  it('when an agent says unavailable, then its offer is revoked; saying it again answers not-available', () => {
    const w = new World();
    w.do(online('alice'));
    w.do(ask('ann'));
    const m = w.mark();
    assert.deepEqual(w.do({ type: 'agentUnavailable', agent: 'alice' }), { kind: 'ok' });
    assert.deepEqual(said(w.since(m), 'revokeOffer'), ['revoke ann from alice: The agent is no longer available']);
    assert.deepEqual(w.do({ type: 'agentUnavailable', agent: 'alice' }), { kind: 'not-available' });
    assert.deepEqual(w.do({ type: 'agentUnavailable', agent: 'mallory' }), { kind: 'not-member' });
  });

  it('when reconcile is stepped on a settled state, then nothing changes', () => {
    const w = new World();
    w.do(online('alice'));
    w.do(ask('ann'));
    w.do(ask('ben'));
    const before = w.state();
    const m = w.mark();
    assert.deepEqual(w.do({ type: 'reconcile' }), { kind: 'ok' });
    assert.equal(w.state(), before);
    assert.deepEqual(w.since(m), []);
  });

  it('when a workgroup is created with bad settings, then it throws naming the field; defaults are Openfire\'s', () => {
    assert.throws(() => newWorkgroup('x', { requestTimeoutMs: -1 }), /requestTimeoutMs/);
    const s = newWorkgroup('x', {}, ['a', 'a', 'b']);
    assert.deepEqual(s.members, ['a', 'b']);
    assert.deepEqual([s.settings.offerTimeoutMs, s.settings.rejectionTimeoutMs, s.settings.requestTimeoutMs, s.settings.maxChatsPerAgent, s.settings.routing], [20_000, 20_000, 240_000, 4, 'openfire']);
    assert.deepEqual(validateSettings({ businessHours: { timeZone: 'UTC', weekly: [{ day: 1, from: '09:00', to: '17:00' }], holidays: [] } }), []);
  });
});
