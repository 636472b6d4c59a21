/**
 * The write guard of guardClient: a stanza over the size limit (413) or with a character XML
 * cannot carry (400) never reaches the socket, so ejabberd never ends the user's stream for it;
 * a stanza within bounds is written as is. The socket is a fake (a boundary).
 */
import assert from 'node:assert/strict';
import { client as createClient, type Client } from '@xmpp/client';
import xml from '@xmpp/xml';
import { isGatewayError } from '../../../gateway/errors/index.js';
import { guardClient } from '../../../gateway/xmpp/index.js';

interface Internals {
  socket: { write(text: string, done: (err?: Error) => void): void } | null;
  transports: unknown[];
  Transport: unknown;
}

function guardedWithSocket(maxStanzaBytes?: number): { client: Client; written: string[] } {
  const client = createClient({ service: 'xmpp://127.0.0.1:1', domain: 'localhost' });
  guardClient(client, () => {}, maxStanzaBytes === undefined ? {} : { maxStanzaBytes });
  const written: string[] = [];
  const i = client as unknown as Internals;
  i.Transport = i.transports[0]; // what connect() picks for xmpp:// (TCP), without connecting
  i.socket = { write: (text, done) => { written.push(text); done(); } };
  return { client, written };
}

const refusedWith = (status: number) => (err: unknown): boolean => isGatewayError(err) && err.status === status;

describe('xmpp client guards: what is written', () => {
  it('when a stanza is larger than the limit, then send rejects with 413 and nothing is written', async () => {
    const { client, written } = guardedWithSocket(1024);
    await assert.rejects(client.send(xml('message', { to: 'b@localhost' }, xml('body', {}, 'é'.repeat(600)))), refusedWith(413));
    assert.deepEqual(written, []);
  });

  it('when the default limit applies, then a stanza of ejabberd\'s 256 KiB is refused and one of 200 KB is written', async () => {
    const { client, written } = guardedWithSocket();
    await assert.rejects(client.send(xml('message', {}, xml('body', {}, 'x'.repeat(262144)))), refusedWith(413));
    await client.send(xml('message', {}, xml('body', {}, 'x'.repeat(200_000))));
    assert.equal(written.length, 1);
  });

  it('when a stanza holds a control character, then send rejects with 400 and nothing is written', async () => {
    const { client, written } = guardedWithSocket();
    await assert.rejects(client.send(xml('message', {}, xml('body', {}, 'bell\u0007'))), refusedWith(400));
    await assert.rejects(client.send(xml('presence', { id: 'a\uFFFF' })), refusedWith(400));
    assert.deepEqual(written, []);
  });

  it('when a stanza is within bounds, then it is written once, unchanged', async () => {
    const { client, written } = guardedWithSocket(1024);
    const stanza = xml('message', { to: 'b@localhost', type: 'chat' }, xml('body', {}, 'hello & <you>'));
    await client.send(stanza);
    assert.deepEqual(written, [stanza.toString()]);
  });
});
