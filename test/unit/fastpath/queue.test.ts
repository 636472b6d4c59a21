import assert from 'node:assert/strict';
import { visitorStatus } from '../../../gateway/fastpath/machine/index.js';
import { ask, online, said, T0, World } from './fastpath-world.js';

describe('fastpath machine: the queue', () => {
  it('when three visitors join with no agent, then each is told its 1-based position once, with 15 s per position', () => {
    const w = new World();
    const results = ['ann', 'ben', 'cat'].map((u) => w.do(ask(u)));
    assert.deepEqual(results, [
      { kind: 'queued', requestId: 'r-ann', position: 1, estimatedSeconds: 15 },
      { kind: 'queued', requestId: 'r-ben', position: 2, estimatedSeconds: 30 },
      { kind: 'queued', requestId: 'r-cat', position: 3, estimatedSeconds: 45 },
    ]);
    assert.deepEqual(said(w.since(0), 'updateQueue'), ['ann at 1 (15 s)', 'ben at 2 (30 s)', 'cat at 3 (45 s)']);
  });

  const leaving: Array<{ name: string; leaves: string; updates: string[] }> = [
    { name: 'when the first of three cancels, then both behind move up and are told', leaves: 'ann', updates: ['ben at 1 (15 s)', 'cat at 2 (30 s)'] },
    { name: 'when the middle one cancels, then only the one behind is told', leaves: 'ben', updates: ['cat at 2 (30 s)'] },
    { name: 'when the last one cancels, then no one is told a new position', leaves: 'cat', updates: [] },
  ];
  for (const c of leaving) {
    it(c.name, () => {
      const w = new World();
      for (const u of ['ann', 'ben', 'cat']) w.do(ask(u));
      const m = w.mark();
      assert.deepEqual(w.do({ type: 'cancel', userId: c.leaves }), { kind: 'cancelled', requestId: `r-${c.leaves}`, stage: 'queued' });
      assert.deepEqual(said(w.since(m), 'updateQueue'), c.updates);
      assert.deepEqual(said(w.since(m), 'departQueue'), [`depart ${c.leaves}: departure-requested`]);
      assert.ok(said(w.since(m), 'cancelDeadline').includes(`cancel requestTimeout r-${c.leaves}`));
    });
  }

  it('when priorities differ, then higher priority is served first and FIFO holds within a priority', () => {
    const w = new World();
    const joins: Array<[string, number]> = [['p0a', 0], ['p5a', 5], ['p0b', 0], ['p5b', 5], ['p10', 10], ['neg', -1]];
    for (const [u, priority] of joins) w.do(ask(u, { priority }));
    assert.deepEqual(w.state().queue.map((r) => r.userId), ['p10', 'p5a', 'p5b', 'p0a', 'p0b', 'neg']);
    w.do(online('alice'));
    assert.deepEqual(said(w.since(0), 'sendOffer'), ['offer p10 → alice']);
  });

  it('when a higher priority joins behind others, then those it passes are told their new place', () => {
    const w = new World();
    w.do(ask('ann'));
    w.do(ask('ben'));
    const m = w.mark();
    assert.deepEqual(w.do(ask('vip', { priority: 1 })), { kind: 'queued', requestId: 'r-vip', position: 1, estimatedSeconds: 15 });
    assert.deepEqual(said(w.since(m), 'updateQueue'), ['vip at 1 (15 s)', 'ann at 2 (30 s)', 'ben at 3 (45 s)']);
  });

  it('when the same userId asks again while waiting, then it is a duplicate and nothing changes', () => {
    const w = new World();
    w.do(ask('ann'));
    const before = w.state();
    assert.deepEqual(w.do(ask('ann', { requestId: 'r-other' })), { kind: 'duplicate', requestId: 'r-ann' });
    assert.equal(w.state(), before);
  });

  it('when the queue is at its maximum length, then a join is refused with a retry time of one average wait', () => {
    const w = new World({ sales: { settings: { maxQueueLength: 2 } } });
    w.do(ask('ann'));
    w.do(ask('ben'));
    assert.deepEqual(w.do(ask('cat')), { kind: 'queue-full', retryAfterSeconds: 15 });
    w.do(online('alice'));
    w.advance(40_000);
    w.do({ type: 'accept', offerId: 'r-ann', agent: 'alice' });
    assert.equal(w.state().averageWaitMs, 40_000);
    assert.deepEqual(w.do(ask('cat')), { kind: 'queued', requestId: 'r-cat', position: 2, estimatedSeconds: 80 });
    assert.deepEqual(w.do(ask('dan')), { kind: 'queue-full', retryAfterSeconds: 40 });
  });

  it('when requests are served, then the average wait is Openfire\'s (avg + wait) / 2 and estimates use it', () => {
    const w = new World();
    for (const u of ['ann', 'ben', 'cat']) w.do(ask(u));
    w.do(online('alice'));
    w.advance(10_000);
    w.do({ type: 'accept', offerId: 'r-ann', agent: 'alice' });
    w.advance(18_000);
    assert.deepEqual(w.do({ type: 'accept', offerId: 'r-ben', agent: 'alice' }), { kind: 'accepted', requestId: 'r-ben', userId: 'ben' });
    assert.equal(w.state().averageWaitMs, 19_000); // (10 s + 28 s) / 2
    assert.deepEqual(visitorStatus(w.state(), 'cat'), { stage: 'queued', requestId: 'r-cat', position: 1, estimatedSeconds: 19, offeredTo: ['alice'] });
  });

  it('when the queue changes, then available agents get notify-queue with details; unavailable members do not', () => {
    const w = new World();
    w.do(online('alice', 'dnd'));
    w.do(online('bob'));
    const m = w.mark();
    w.do(ask('ann'));
    w.do(ask('ben'));
    const notes = w.since(m).filter((e) => e.type === 'notifyAgents');
    assert.deepEqual(said(notes), ['notify bob: ann', 'notify bob: ann,ben']);
    const last = notes[1];
    assert.ok(last?.type === 'notifyAgents');
    assert.deepEqual(last.summary, { userCount: 2, averageWaitSeconds: null, oldestJoinedAt: T0, status: 'open' });
    assert.deepEqual(last.details.map((d) => [d.userId, d.position, d.estimatedSeconds]), [['ann', 1, 15], ['ben', 2, 30]]);
  });

  it('when an agent becomes available and the queue is unchanged, then only that agent is told the queue', () => {
    const w = new World({ sales: { settings: { maxChatsPerAgent: 0 } } });
    w.do(online('alice'));
    w.do(ask('ann'));
    const m = w.mark();
    w.do(online('bob'));
    assert.deepEqual(said(w.since(m)), ['notify bob: ann']);
  });

  it('when the workgroup is closed by hand, then a join is refused with no next opening', () => {
    const w = new World({ sales: { settings: { open: false } } });
    assert.deepEqual(w.do(ask('ann')), { kind: 'closed', by: 'settings', nextOpening: null });
    assert.deepEqual(w.state().queue, []);
  });

  it('when outside business hours, then a join is refused with the next opening time; inside, it queues', () => {
    const businessHours = { timeZone: 'Europe/Berlin', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, from: '12:00', to: '18:00' })), holidays: [] };
    const w = new World({ sales: { settings: { businessHours } } });
    // T0 = Monday 10:00Z = 11:00 in Berlin: it opens at 12:00 CET = 11:00Z.
    assert.deepEqual(w.do(ask('ann')), { kind: 'closed', by: 'businessHours', nextOpening: Date.parse('2024-03-04T11:00:00Z') });
    w.advance(3_600_000);
    assert.equal(w.do(ask('ann')).kind, 'queued');
  });
});
