/**
 * The agent's moves on a running support chat, in the pure machine: ending it (only its own
 * agent; both sides told why), handing it to another agent (an offer with the offer timeout,
 * accepted = take-over of the same room, rejected / timed out / target gone = the chat stays),
 * putting it back in this workgroup's queue or another's with its room, inviting a colleague.
 */
import assert from 'node:assert/strict';
import type { Effect, MachineEvent, TransferResult } from '../../../gateway/fastpath/machine/index.js';
import { agentViews, resumeEffects } from '../../../gateway/fastpath/machine/index.js';
import { ask, online, said, World } from './fastpath-world.js';

/** alice chats with ann in an open room; bob and carol available. */
function chatting(groups?: ConstructorParameters<typeof World>[0]): World {
  const w = new World(groups);
  w.do(online('alice'));
  w.do(ask('ann'));
  w.do({ type: 'accept', offerId: 'r-ann', agent: 'alice' });
  w.do({ type: 'roomCreated', offerId: 'r-ann' });
  w.do(online('bob'));
  w.do(online('carol'));
  return w;
}

const toBob: MachineEvent = { type: 'transferToAgent', offerId: 'r-ann', agent: 'alice', target: 'bob' };
const reasons = (effects: readonly Effect[]): string[] => effects.flatMap((e) => (e.type === 'destroyRoom' ? [e.reason ?? '-'] : []));

describe('fastpath machine: the agent ends the chat', () => {
  it('when the chat\'s agent ends it, then the room goes with reason agent-ended and the agent is free', () => {
    const w = chatting();
    const m = w.mark();
    assert.deepEqual(w.do({ type: 'chatEnded', offerId: 'r-ann', agent: 'alice' }), { kind: 'ok' });
    assert.deepEqual(said(w.since(m), 'destroyRoom'), ['destroy r-ann']);
    assert.deepEqual(reasons(w.since(m)), ['agent-ended']);
    assert.deepEqual(w.state().chats, {});
    assert.equal(w.state().agents.alice?.lastChatEndedAt, w.now);
  });

  it('when another agent tries to end it, then it is not theirs and nothing changes', () => {
    const w = chatting();
    const before = w.state();
    assert.deepEqual(w.do({ type: 'chatEnded', offerId: 'r-ann', agent: 'bob' }), { kind: 'not-yours' });
    assert.equal(w.state(), before);
  });

  it('when everyone left (no agent named), then the reason is everyone-left; a second end is unknown', () => {
    const w = chatting();
    const m = w.mark();
    w.do({ type: 'chatEnded', offerId: 'r-ann' });
    assert.deepEqual(reasons(w.since(m)), ['everyone-left']);
    assert.deepEqual(w.do({ type: 'chatEnded', offerId: 'r-ann', agent: 'alice' }), { kind: 'unknown' });
  });

  it('when the visitor cancels in the room, then the reason is visitor-cancelled', () => {
    const w = chatting();
    const m = w.mark();
    w.do({ type: 'cancel', userId: 'ann' });
    assert.deepEqual(reasons(w.since(m)), ['visitor-cancelled']);
  });
});

describe('fastpath machine: transfer to an agent', () => {
  const refusals: Array<{ name: string; setup?: MachineEvent[]; event: MachineEvent; want: TransferResult['kind'] }> = [
    { name: 'to itself', event: { ...toBob, target: 'alice' } as MachineEvent, want: 'same-agent' },
    { name: 'to a non-member', event: { ...toBob, target: 'zed' } as MachineEvent, want: 'not-member' },
    { name: 'to an agent that is dnd', setup: [{ type: 'agentPresence', agent: 'bob', show: 'dnd' }], event: toBob, want: 'unavailable' },
    { name: 'by an agent that does not hold the chat', event: { ...toBob, agent: 'carol' } as MachineEvent, want: 'not-yours' },
    { name: 'of an unknown chat', event: { ...toBob, offerId: 'r-nobody' } as MachineEvent, want: 'unknown' },
    { name: 'while a transfer is pending', setup: [toBob], event: { ...toBob, target: 'carol' } as MachineEvent, want: 'pending' },
  ];
  for (const c of refusals) {
    it(`when the transfer is ${c.name}, then it is refused (${c.want}) and nothing changes`, () => {
      const w = chatting();
      for (const e of c.setup ?? []) w.do(e);
      const before = w.state();
      assert.equal((w.do(c.event) as TransferResult).kind, c.want);
      assert.equal(w.state(), before);
    });
  }

  it('when the room is not ready yet, then the transfer is refused (not-ready)', () => {
    const w = new World();
    w.do(online('alice'));
    w.do(online('bob'));
    w.do(ask('ann'));
    w.do({ type: 'accept', offerId: 'r-ann', agent: 'alice' });
    assert.equal((w.do(toBob) as TransferResult).kind, 'not-ready');
  });

  it('when alice transfers to bob, then bob gets an offer marked as a transfer lasting the offer timeout, and bob gets no queued offer meanwhile', () => {
    const w = chatting();
    const m = w.mark();
    assert.deepEqual(w.do(toBob), { kind: 'offered', expiresAt: w.now + 20_000 });
    assert.deepEqual(said(w.since(m), 'sendOffer', 'schedule'), ['offer ann → bob (transfer from alice)', 'schedule offerTimeout r-ann/bob at +20000']);
    assert.equal(w.state().chats['r-ann']?.agent, 'alice', 'the chat stays with alice until bob accepts');
    w.do(ask('ben'));
    assert.deepEqual(said(w.since(m), 'sendOffer'), ['offer ann → bob (transfer from alice)', 'offer ben → carol']);
  });

  it('when bob accepts, then bob holds the chat, alice\'s load drops, the same room is set up for bob and, once ready, bob and the visitor are told', () => {
    const w = chatting();
    w.do(toBob);
    const m = w.mark();
    assert.deepEqual(w.do({ type: 'accept', offerId: 'r-ann', agent: 'bob' }), { kind: 'accepted', requestId: 'r-ann', userId: 'ann' });
    assert.deepEqual(said(w.since(m)), ['cancel offerTimeout r-ann/bob', 'transfer of ann to bob: accepted (told alice)', 'room r-ann for bob + ann']);
    const chat = w.state().chats['r-ann'];
    assert.equal(chat?.agent, 'bob');
    assert.equal(chat?.request.previousAgent, 'alice');
    assert.equal(w.state().agents.alice?.lastChatEndedAt, w.now);
    const m2 = w.mark();
    w.do({ type: 'roomCreated', offerId: 'r-ann' });
    assert.deepEqual(said(w.since(m2)), ['invite bob to r-ann', 'invite ann to r-ann']);
    assert.deepEqual(w.since(m2).filter((e) => e.type === 'inviteVisitor').map((e) => e.type === 'inviteVisitor' && e.transferred), [true]);
    assert.equal(w.timerCount(), 0);
  });

  const endings: Array<{ name: string; act: (w: World) => void; said: string[] }> = [
    { name: 'bob rejects', act: (w) => assert.deepEqual(w.do({ type: 'reject', offerId: 'r-ann', agent: 'bob' }), { kind: 'rejected' }), said: ['cancel offerTimeout r-ann/bob', 'transfer of ann to bob: rejected (told alice)'] },
    { name: 'the offer times out', act: (w) => w.advance(20_000), said: ['cancel offerTimeout r-ann/bob', 'revoke ann from bob: The offer has timed out', 'transfer of ann to bob: timeout (told alice)'] },
    { name: 'bob goes dnd', act: (w) => w.do({ type: 'agentPresence', agent: 'bob', show: 'dnd' }), said: ['cancel offerTimeout r-ann/bob', 'revoke ann from bob: The agent is no longer available', 'transfer of ann to bob: withdrawn (told alice)'] },
    { name: 'the visitor cancels', act: (w) => w.do({ type: 'cancel', userId: 'ann' }), said: ['cancel offerTimeout r-ann/bob', 'revoke ann from bob: The chat has ended', 'transfer of ann to bob: chat-ended (told alice)', 'destroy r-ann'] },
  ];
  for (const c of endings) {
    it(`when ${c.name}, then the transfer ends, alice is told, and no timer is left for it`, () => {
      const w = chatting();
      w.do(toBob);
      const m = w.mark();
      c.act(w);
      assert.deepEqual(said(w.since(m), 'cancelDeadline', 'revokeOffer', 'transferOutcome', 'destroyRoom'), c.said);
      assert.equal(w.state().chats['r-ann']?.transfer, undefined);
      if (c.name !== 'the visitor cancels') assert.equal(w.state().chats['r-ann']?.agent, 'alice');
      assert.equal(w.do({ type: 'accept', offerId: 'r-ann', agent: 'bob' }).kind, 'revoked', 'a late accept is revoked (409)');
    });
  }

  it('when ofgate restarts with a transfer pending, then its offer timeout is re-armed from the state', () => {
    const w = chatting();
    w.do(toBob);
    const arms = resumeEffects(w.state()).filter((e) => e.type === 'schedule').map((e) => e.type === 'schedule' && `${e.kind} ${e.key}`);
    assert.deepEqual(arms, ['offerTimeout r-ann/bob']);
  });

  it('when the agents are listed, then bob\'s pending offer is the transfer', () => {
    const w = chatting();
    w.do(toBob);
    assert.equal(agentViews(w.state()).find((a) => a.username === 'bob')?.pendingOffer, 'r-ann');
  });
});

describe('fastpath machine: transfer to a workgroup', () => {
  it('when alice puts the chat back in her own workgroup, then it is queued with its room, offered to someone else, and taking it over sets the room up for them', () => {
    const w = chatting();
    const m = w.mark();
    assert.deepEqual(w.do({ type: 'transferToWorkgroup', offerId: 'r-ann', agent: 'alice', workgroup: 'sales' }), { kind: 'queued', position: 1 });
    assert.deepEqual(w.state().chats, {});
    assert.equal(w.state().queue[0]?.previousAgent, 'alice');
    assert.deepEqual(said(w.since(m), 'sendOffer', 'destroyRoom'), ['offer ann → bob'], 'not alice (a rejector for the rejection timeout), and the room stays');
    const m2 = w.mark();
    w.do({ type: 'accept', offerId: 'r-ann', agent: 'bob' });
    assert.deepEqual(said(w.since(m2), 'createRoom'), ['room r-ann for bob + ann']);
    w.do({ type: 'roomCreated', offerId: 'r-ann' });
    assert.deepEqual(w.log.slice(-1).map((l) => l.effect.type === 'inviteVisitor' && l.effect.transferred), [true]);
  });

  it('when alice\'s own workgroup is closed, then the transfer is refused and the chat stays hers', () => {
    const w = chatting();
    w.do({ type: 'settingsChanged', settings: { open: false } });
    const before = w.state();
    assert.deepEqual(w.do({ type: 'transferToWorkgroup', offerId: 'r-ann', agent: 'alice', workgroup: 'sales' }), { kind: 'refused', refusal: 'closed' });
    assert.equal(w.state(), before);
  });

  it('when alice moves the chat to another workgroup, then her chat ends there and an overflow marked transfer carries the request with its room', () => {
    const w = chatting({ sales: {}, billing: { members: ['dave'] } });
    w.do(online('dave'), 'billing');
    const m = w.mark();
    assert.deepEqual(w.do({ type: 'transferToWorkgroup', offerId: 'r-ann', agent: 'alice', workgroup: 'billing' }), { kind: 'moved' });
    const moved = w.since(m).find((e) => e.type === 'overflow');
    assert.ok(moved && moved.type === 'overflow');
    assert.equal(moved.transfer, true);
    assert.equal(moved.join.previousAgent, 'alice');
    assert.deepEqual(w.state().chats, {});
    assert.deepEqual(said(w.since(m), 'sendOffer'), ['offer ann → dave']);
    assert.equal(w.state('billing').queue[0]?.previousAgent, 'alice');
  });

  it('when a transferred request times out with nowhere to go, then the visitor departs and its room goes (reason no-agent)', () => {
    const w = chatting();
    w.do({ type: 'agentPresence', agent: 'bob', show: 'dnd' });
    w.do({ type: 'agentPresence', agent: 'carol', show: 'dnd' });
    w.do({ type: 'transferToWorkgroup', offerId: 'r-ann', agent: 'alice', workgroup: 'sales' });
    const m = w.mark();
    w.advance(w.state().settings.requestTimeoutMs);
    assert.deepEqual(said(w.since(m), 'departQueue', 'destroyRoom'), ['depart ann: agent-not-found', 'destroy r-ann']);
    assert.deepEqual(reasons(w.since(m)), ['no-agent']);
  });
});

describe('fastpath machine: invite a colleague', () => {
  it('when the chat\'s agent invites a colleague, then the invitation is asked for and the state is unchanged', () => {
    const w = chatting();
    const before = JSON.stringify(w.state());
    const m = w.mark();
    assert.deepEqual(w.do({ type: 'inviteColleague', offerId: 'r-ann', agent: 'alice', colleague: 'zed' }), { kind: 'invited' });
    assert.deepEqual(said(w.since(m)), ['alice invites zed to r-ann']);
    assert.equal(JSON.stringify(w.state()), before);
  });

  const refused: Array<[string, MachineEvent, string]> = [
    ['another agent', { type: 'inviteColleague', offerId: 'r-ann', agent: 'bob', colleague: 'zed' }, 'not-yours'],
    ['an unknown chat', { type: 'inviteColleague', offerId: 'r-x', agent: 'alice', colleague: 'zed' }, 'unknown'],
    ['the agent itself', { type: 'inviteColleague', offerId: 'r-ann', agent: 'alice', colleague: 'alice' }, 'same-agent'],
  ];
  for (const [who, event, kind] of refused) {
    it(`when ${who} is the subject of the invitation, then it is refused (${kind}) and nothing is sent`, () => {
      const w = chatting();
      const m = w.mark();
      assert.equal((w.do(event) as { kind: string }).kind, kind);
      assert.deepEqual(w.since(m), []);
    });
  }
});
