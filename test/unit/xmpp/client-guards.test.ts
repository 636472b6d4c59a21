import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { client as createClient, type Client } from '@xmpp/client';
import { guardClient, stopClient } from '../../../gateway/xmpp/index.js';

interface Internals {
  parser: unknown;
  _onData(data: Buffer): void;
  _attachSocket(socket: EventEmitter): void;
  _detachSocket(): void;
}

const fresh = (): Client => createClient({ service: 'xmpp://127.0.0.1:1', domain: 'localhost' });

describe('xmpp client guards (pitfall 18)', () => {
  it('when bytes arrive after the parser was detached, then unguarded xmpp.js throws and the guarded client drops them', () => {
    const bare = fresh() as unknown as Internals;
    assert.throws(() => bare._onData(Buffer.from('<late/>')), TypeError, 'the race this guard exists for');
    const guarded = fresh();
    guardClient(guarded, () => {});
    assert.doesNotThrow(() => (guarded as unknown as Internals)._onData(Buffer.from('<late/>')));
  });

  it('when the parser throws (illegal entity from the peer), then the error is reported, not thrown', () => {
    const c = fresh();
    const seen: unknown[] = [];
    guardClient(c, (e) => seen.push(e));
    const i = c as unknown as Internals;
    i.parser = { write: () => { throw new Error('Illegal XML entity &x;'); } };
    assert.doesNotThrow(() => i._onData(Buffer.from('&x;')));
    assert.match(String((seen[0] as Error).message), /Illegal XML entity/);
  });

  it('when a socket errors after xmpp.js detached its listeners, then nothing is thrown', () => {
    const c = fresh();
    guardClient(c, () => {});
    const socket = new EventEmitter();
    const i = c as unknown as Internals;
    i._attachSocket(socket);
    i._detachSocket();
    assert.doesNotThrow(() => socket.emit('error', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })));
  });

  it('when the client emits an error, then the listener gets it and a throwing listener does not escape', () => {
    const c = fresh();
    guardClient(c, () => {
      throw new Error('logger broke');
    });
    assert.doesNotThrow(() => c.emit('error', new Error('boom')));
  });

  it('when a connection drops before stream management was enabled, then its unresumable queue is failed (no reconnect loop)', () => {
    const c = fresh();
    guardClient(c, () => {});
    type Sm = EventEmitter & { id: string; inbound: number; outbound_q: Array<{ stanza: unknown }> };
    const sm = (c as unknown as { streamManagement: Sm }).streamManagement;
    const failed: unknown[] = [];
    sm.on('fail', (s) => failed.push(s));
    sm.id = '';
    sm.inbound = 3;
    sm.outbound_q.push({ stanza: 'presence' });
    c.emit('disconnect', { clean: false });
    assert.equal(sm.outbound_q.length, 0);
    assert.deepEqual(failed, ['presence']);
    assert.equal(sm.inbound, 0);
    sm.id = 'resumable';
    sm.outbound_q.push({ stanza: 'kept' });
    c.emit('disconnect', { clean: false });
    assert.equal(sm.outbound_q.length, 1, 'a resumable queue is left to the resumption');
  });

  it('when stop() never settles, then stopClient returns within its bound and destroys the socket', async () => {
    let destroyed = false;
    const hanging = {
      reconnect: { stop() {} },
      stop: () => new Promise<void>(() => {}),
      socket: { destroy: () => (destroyed = true) },
    } as unknown as Client;
    const t = Date.now();
    await stopClient(hanging, 50);
    assert.ok(Date.now() - t < 1000);
    assert.equal(destroyed, true);
  });

  it('when a never-started client is stopped, then stopClient resolves', async () => {
    const c = fresh();
    guardClient(c, () => {});
    await stopClient(c, 1000);
    assert.equal(c.status, 'offline');
  });
});
