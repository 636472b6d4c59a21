/** Unit: the messages a user stream keeps after a drop for sending again (gateway/xmpp/unconfirmed-messages.ts). */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Client } from '@xmpp/client';
import { xml } from '@xmpp/client';
import { silentLogger } from '../../../gateway/log/index.js';
import { ACK_REQUEST_DEBOUNCE_MS, MAX_UNCONFIRMED, trackUnconfirmed } from '../../../gateway/xmpp/unconfirmed-messages.js';

function fakeClient(): { client: Client; sm: EventEmitter & { requestAckDebounce: number } } {
  const sm = Object.assign(new EventEmitter(), { requestAckDebounce: 250 });
  return { client: { streamManagement: sm } as unknown as Client, sm };
}

describe('xmpp unconfirmed messages', () => {
  it('when set up, then acks are asked for shortly after a write', () => {
    const { client, sm } = fakeClient();
    trackUnconfirmed(client, { username: 'u', log: silentLogger, closing: () => false });
    assert.equal(sm.requestAckDebounce, ACK_REQUEST_DEBOUNCE_MS);
  });

  it('when stream management fails stanzas, then only the messages are kept, in order, and taken once', () => {
    const { client, sm } = fakeClient();
    const t = trackUnconfirmed(client, { username: 'u', log: silentLogger, closing: () => false });
    assert.deepEqual(t.take(), {});
    const m1 = xml('message', { id: 'a' }, xml('body', {}, '1'));
    const m2 = xml('message', { id: 'b' }, xml('body', {}, '2'));
    sm.emit('fail', m1);
    sm.emit('fail', xml('presence'));
    sm.emit('fail', m2);
    assert.deepEqual(t.take(), { unconfirmed: [m1, m2] });
    assert.deepEqual(t.take(), {});
  });

  it('when the stream is closing or was resumed, then nothing is kept', () => {
    const { client, sm } = fakeClient();
    let closing = false;
    const t = trackUnconfirmed(client, { username: 'u', log: silentLogger, closing: () => closing });
    sm.emit('fail', xml('message', { id: 'a' }));
    t.clear();
    assert.deepEqual(t.take(), {});
    closing = true;
    sm.emit('fail', xml('message', { id: 'b' }));
    assert.deepEqual(t.take(), {});
  });

  it('when more than the bound fail, then the oldest go first', () => {
    const { client, sm } = fakeClient();
    const t = trackUnconfirmed(client, { username: 'u', log: silentLogger, closing: () => false });
    for (let i = 0; i < MAX_UNCONFIRMED + 2; i++) sm.emit('fail', xml('message', { id: String(i) }));
    const kept = t.take().unconfirmed ?? [];
    assert.equal(kept.length, MAX_UNCONFIRMED);
    assert.equal(kept[0]?.attrs.id, '2');
  });
});
