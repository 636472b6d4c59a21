import assert from 'node:assert/strict';
import { decodeBatch, decodeBatchJson, decodeEvent } from '../../../hooks/index.js';

const env = { v: 1, id: 'localhost-abc-1', host: 'localhost', ts: 1795419512420 };

describe('hooks decode', () => {
  it('when a presence_set is well formed, then it decodes to the typed event', () => {
    const r = decodeEvent({ ...env, event: 'presence_set', jid: 'a@localhost', resource: 'r1', show: 'dnd', status: 'busy', priority: 5 });
    assert.deepEqual(r, { ok: true, event: { ...env, event: 'presence_set', jid: 'a@localhost', resource: 'r1', show: 'dnd', status: 'busy', priority: 5 } });
  });

  it('when a message carries snake_case wire fields, then they come out camelCase and absent optionals stay absent', () => {
    const r = decodeEvent({ ...env, event: 'message_sent', from: 'a@localhost/r', to: 'b@localhost', type: 'chat', msg_id: 'm1', chat_state: 'composing', data: '{"x":1}' });
    assert.ok(r.ok);
    assert.deepEqual(r.event, { ...env, event: 'message_sent', from: 'a@localhost/r', to: 'b@localhost', type: 'chat', messageId: 'm1', chatState: 'composing', data: '{"x":1}' });
    assert.equal('body' in r.event, false);
  });

  it('when the shim adds a field ofgate does not know, then the event still decodes without it', () => {
    const r = decodeEvent({ ...env, event: 'user_registered', jid: 'a@localhost', newfield: 1 });
    assert.deepEqual(r, { ok: true, event: { ...env, event: 'user_registered', jid: 'a@localhost' } });
  });

  it('when the event name is unknown, then the error names it and keeps the id', () => {
    assert.deepEqual(decodeEvent({ ...env, event: 'teleported', jid: 'a@localhost' }), { ok: false, error: 'unknown event "teleported"', id: env.id, event: 'teleported' });
  });

  it('when the version is not 1, then it is refused', () => {
    const r = decodeEvent({ ...env, v: 2, event: 'user_removed', jid: 'a@localhost' });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /unsupported payload version 2/);
  });

  it('when a required field is missing or of the wrong type, then the error names the wire field', () => {
    const missing = decodeEvent({ ...env, event: 'muc_join', jid: 'a@localhost', resource: 'r' });
    assert.equal(!missing.ok && missing.error, 'bad room: missing');
    const wrong = decodeEvent({ ...env, event: 'presence_set', jid: 'a@localhost', resource: 'r', show: 'away', status: '', priority: '5' });
    assert.equal(!wrong.ok && wrong.error, 'bad priority: "5"');
    const badEnum = decodeEvent({ ...env, event: 'presence_set', jid: 'a@localhost', resource: 'r', show: 'sleepy', status: '', priority: 0 });
    assert.equal(!badEnum.ok && badEnum.error, 'bad show: "sleepy"');
  });

  it('when the envelope lacks id, host or ts, then it is refused', () => {
    for (const drop of ['id', 'host', 'ts'] as const) {
      const raw: Record<string, unknown> = { ...env, event: 'user_removed', jid: 'a@localhost' };
      delete raw[drop];
      assert.equal(decodeEvent(raw).ok, false, drop);
    }
    assert.equal(decodeEvent('nope').ok, false);
    assert.equal(decodeEvent(null).ok, false);
  });

  it('when a batch mixes good and bad events, then the good ones are kept and the bad ones reported by index', () => {
    const r = decodeBatch({ events: [{ ...env, event: 'user_removed', jid: 'a@localhost' }, { ...env, id: 'x-2', event: 'user_removed' }, 42] });
    assert.ok(r.ok);
    assert.equal(r.events.length, 1);
    assert.deepEqual(r.rejected, [
      { index: 1, error: 'bad jid: missing', id: 'x-2', event: 'user_removed' },
      { index: 2, error: 'event is not a JSON object' },
    ]);
  });

  it('when the body is not JSON or not {"events":[...]}, then the whole batch fails', () => {
    assert.deepEqual(decodeBatchJson('{"events":'), { ok: false, error: 'body is not JSON' });
    assert.deepEqual(decodeBatchJson('{"event":[]}'), { ok: false, error: 'body is not {"events":[...]}' });
    assert.deepEqual(decodeBatchJson('{"events":[]}'), { ok: true, events: [], rejected: [] });
  });
});
