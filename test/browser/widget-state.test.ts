/**
 * The widget's pure parts without a browser: how ofgate's SSE events move the visitor's
 * session (web/widget/chat-state.ts), how the launcher reads a workgroup's state and maps the
 * pre-chat form onto POST ask (workgroup-state.ts), the strings table, and the event-id order
 * the stream reader drops replays by (shared/event-stream.ts).
 */
import assert from 'node:assert/strict';
import { applyEvent, newSession, transcriptText, type VisitorSession } from '../../web/widget/chat-state.js';
import { pickLang, say, STRINGS } from '../../web/widget/strings.js';
import { askBodyOf, DEFAULT_FORM, offlineOnly, readWorkgroupState } from '../../web/widget/workgroup-state.js';
import { isNewer } from '../../web/shared/event-stream.js';

const ROOM = 'r1@conference.localhost';
const fresh = (): VisitorSession => newSession({ userId: 'u1', token: 't', requestId: 'r1', workgroup: 'support', position: 2, estimatedWait: 60 });
const ask = (s: VisitorSession, data: Record<string, unknown>, id = '') => applyEvent(s, 'chatapi.ask', { requestId: 'r1', ...data }, id, 1000);

describe('widget chat state (unit)', () => {
  it('update-queue moves the position and learns the visitor\'s nick from `to`; the event id is kept', () => {
    const { session } = ask(fresh(), { type: 'update-queue', to: 'fpv-abc@localhost', position: '1', remaingTime: '30' }, '5-1');
    assert.deepEqual([session.stage, session.position, session.estimatedWait, session.nick, session.lastEventId], ['queued', 1, 30, 'fpv-abc', '5-1']);
  });

  it('offer enters the chat, names the agent and asks to join the room; a replayed update-queue after it changes nothing', () => {
    const offered = ask(fresh(), { type: 'offer', to: 'fpv-abc@localhost', mucRoom: ROOM, agent: 'alice@localhost' });
    assert.equal(offered.session.stage, 'chat');
    assert.equal(offered.session.agent, 'alice');
    assert.equal(offered.session.room, ROOM);
    assert.deepEqual(offered.effects, { joinRoom: true });
    assert.equal(offered.session.transcript[0]?.kind, 'joined');
    const replay = ask(offered.session, { type: 'update-queue', position: '3' });
    assert.equal(replay.session.stage, 'chat');
    assert.equal(replay.session.position, offered.session.position);
  });

  it('groupchat: the agent\'s message notifies and stops its typing; the visitor\'s own (its nick) does not', () => {
    let s = ask(fresh(), { type: 'offer', to: 'fpv-abc@localhost', mucRoom: ROOM, agent: 'alice@localhost' }).session;
    const fromAgent = ask(s, { type: 'groupchat', from: `${ROOM}/Alice A.`, body: 'hi' });
    assert.deepEqual(fromAgent.effects, { agentMessage: true, typing: null });
    assert.equal(fromAgent.session.agent, 'Alice A.');
    s = fromAgent.session;
    const mine = ask(s, { type: 'groupchat', from: `${ROOM}/fpv-abc`, body: 'hello' });
    assert.deepEqual(mine.effects, {});
    assert.deepEqual(mine.session.transcript.map((l) => [l.who, l.body]), [['system', ''], ['agent', 'hi'], ['me', 'hello']]);
    assert.equal(transcriptText(mine.session.transcript, { you: 'You', agent: 'Agent' }), '[1970-01-01T00:00:01.000Z] Alice A.: hi\n[1970-01-01T00:00:01.000Z] You: hello');
  });

  it('chat states in the room (chatapi.muc) show the agent typing, never the visitor itself', () => {
    const s = ask(fresh(), { type: 'offer', to: 'fpv-abc@localhost', mucRoom: ROOM, agent: 'alice@localhost' }).session;
    const muc = (from: string, state: string) => applyEvent(s, 'chatapi.muc', { type: 'groupchat', from, to: 'fpv-abc@localhost', state }, '', 1).effects;
    assert.deepEqual(muc(`${ROOM}/alice`, 'composing'), { typing: 'alice' });
    assert.deepEqual(muc(`${ROOM}/alice`, 'paused'), { typing: null });
    assert.deepEqual(muc(`${ROOM}/fpv-abc`, 'composing'), {});
  });

  it('depart-queue while queued ends with its reason; chat-ended in the room ends without; both once', () => {
    const departed = ask(fresh(), { type: 'depart-queue', reason: 'agent-not-found' });
    assert.deepEqual([departed.session.stage, departed.session.endReason, departed.effects.ended], ['ended', 'agent-not-found', true]);
    const inRoom = ask(fresh(), { type: 'offer', mucRoom: ROOM, agent: 'alice@localhost' }).session;
    const ended = ask(inRoom, { type: 'chat-ended' });
    assert.deepEqual([ended.session.stage, ended.session.endReason], ['ended', undefined]);
    assert.deepEqual(ask(ended.session, { type: 'chat-ended' }).effects, {});
    assert.deepEqual(ask(ended.session, { type: 'groupchat', from: `${ROOM}/alice`, body: 'late' }).session.transcript.length, ended.session.transcript.length);
  });

  it('events of another request are ignored', () => {
    const { session } = applyEvent(fresh(), 'chatapi.ask', { type: 'offer', requestId: 'r2', mucRoom: ROOM }, '', 1);
    assert.equal(session.stage, 'queued');
  });

  it('stream ids: <epoch>-<seq> compared as numbers; replays not newer are dropped', () => {
    assert.equal(isNewer('10-2', '10-1'), true);
    assert.equal(isNewer('10-10', '10-9'), true);
    assert.equal(isNewer('9-99', '10-1'), false);
    assert.equal(isNewer('10-1', '10-1'), false);
    assert.equal(isNewer('10-1', undefined), true);
  });
});

describe('widget workgroup state and strings (unit)', () => {
  it('no answer reads as open with the default forms; closed or no agent available means the offline form', () => {
    const none = readWorkgroupState(undefined);
    assert.deepEqual([none.open, none.agentsAvailable, none.form], [true, undefined, DEFAULT_FORM]);
    assert.equal(offlineOnly(none), false);
    assert.equal(offlineOnly(readWorkgroupState({ open: true, agentsAvailable: 0 })), true);
    assert.equal(offlineOnly(readWorkgroupState({ open: false, agentsAvailable: 3 })), true);
    const s = readWorkgroupState({ open: true, agentsAvailable: 2, estimatedWait: 40, nextOpening: null, title: 'Help', form: [{ name: 'question', type: 'textarea', required: true }, { bogus: 1 }] });
    assert.deepEqual(s, { title: 'Help', open: true, agentsAvailable: 2, estimatedWait: 40, form: [{ name: 'question', type: 'textarea', required: true }], offlineForm: readWorkgroupState(undefined).offlineForm });
    assert.equal(readWorkgroupState({ open: false, nextOpening: 1_800_000_000_000 }).nextOpening, 1_800_000_000_000);
  });

  it('the form\'s names map onto POST ask (name → nickname, email → emailAddress); empty values are left out', () => {
    assert.deepEqual(askBodyOf({ name: ' Vera ', email: 'v@example.com', question: 'Why?', company: '' }), { nickname: 'Vera', emailAddress: 'v@example.com', question: 'Why?' });
  });

  it('every English string has a German one; data-lang picks, unknown falls back to English', () => {
    assert.deepEqual(Object.keys(STRINGS.de).sort(), Object.keys(STRINGS.en).sort());
    assert.equal(pickLang('de-AT'), 'de');
    assert.equal(pickLang('fr'), 'en');
    assert.equal(say('de', 'queued', { n: 3 }), 'Sie sind Nummer 3 in der Warteschlange');
  });
});
