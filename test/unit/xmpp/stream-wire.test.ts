/**
 * Unit: stream-wire.ts turns Nagle off on every socket a user stream's client attaches (the TCP
 * one, and the TLS one after STARTTLS), on a real @xmpp/client; the socket is an EventEmitter
 * standing in for node's.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { client as createClient, type Client } from '@xmpp/client';
import { tuneStreamWire } from '../../../gateway/xmpp/stream-wire.js';

class RecordingSocket extends EventEmitter {
  readonly noDelay: boolean[] = [];
  setNoDelay(v: boolean): this {
    this.noDelay.push(v);
    return this;
  }
}

describe('xmpp stream wire', () => {
  it('when the client attaches a socket, then Nagle is off on it before anything is written', () => {
    const client: Client = createClient({ service: 'xmpp://127.0.0.1:1', domain: 'localhost' });
    client.on('error', () => {});
    tuneStreamWire(client);
    const attach = (client as unknown as { _attachSocket(s: RecordingSocket): void })._attachSocket.bind(client);
    const tcp = new RecordingSocket();
    const tls = new RecordingSocket();
    attach(tcp);
    attach(tls);
    assert.deepEqual(tcp.noDelay, [true]);
    assert.deepEqual(tls.noDelay, [true]);
    assert.equal((client as unknown as { socket: unknown }).socket, tls, 'the library still attaches it');
  });
});
