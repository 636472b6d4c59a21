/**
 * Control characters never reach a stanza: a value with a character XML cannot carry (here
 * C0 controls) is a 400 in the API's error format naming the field, on chat messages (plain and
 * JSON), presence status, room messages, the user's own properties, raw stanzas and an admin
 * entity body — and the streams of the user and of a neighbour keep working afterwards.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { API, chatCast, waitEvent, type ChatCast } from '../kit/chat-kit.js';
import { unique } from '../kit/unique.js';

describe('control characters in request values (e2e)', () => {
  let w: Stack;
  let cast: ChatCast;
  const api = () => request(w.url);
  const refused = (res: request.Response, field: string): void => {
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.exception, 'IllegalArgumentException', res.text);
    assert.ok(String(res.body.message).startsWith(`${field} contains U+00`), res.text);
  };

  before(async () => {
    w = await getWorld();
    cast = await chatCast(w, 'cc');
  });
  after(async () => cast?.close());

  it('when a chat message, presence status, room message, property or raw stanza holds a control character, then 400 naming the field', async () => {
    const { alice, bob } = cast;
    const asAlice = (req: request.Test) => req.set('Authorization', alice.auth).set('Accept', 'application/json');
    refused(await asAlice(api().post(`${API}/chat/${alice.streamId}/messages/${bob.jid}`)).set('Content-Type', 'text/plain').send('bell\u0007'), 'body');
    refused(await asAlice(api().post(`${API}/chat/${alice.streamId}/messages/${bob.jid}`)).set('Content-Type', 'text/plain').send('{"body":"esc\\u001b[2J"}'), 'body.body');
    refused(await asAlice(api().post(`${API}/chat/${alice.streamId}/presence?show=away&status=a%01b`)), 'status');

    const room = unique('ccroom');
    assert.equal((await asAlice(api().put(`${API}/chat/${alice.streamId}/rooms/${room}`))).status, 200);
    refused(await asAlice(api().post(`${API}/chat/${alice.streamId}/rooms/${room}`)).set('Content-Type', 'text/plain').send('x\u0002y'), 'body');

    refused(await asAlice(api().post(`${API}/chat/${alice.streamId}/users/colour`)).set('Content-Type', 'text/plain').send('red\u0000'), 'body');
    refused(await asAlice(api().post(`${API}/chat/${alice.streamId}/users/col%0Bour`)).set('Content-Type', 'text/plain').send('red'), 'propertyName');

    const raw = `<message to="${bob.jid}" type="chat"><body>raw\u0001</body></message>`;
    refused(await asAlice(api().post(`${API}/chat/${alice.streamId}/xmpp`)).set('Content-Type', 'text/plain').send(raw), 'body');

    const admin = await api().post(`${API}/users`).set('Authorization', w.secret).set('Accept', 'application/json').set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: unique('ccu'), password: 'pw', properties: { property: [{ '@key': 'k', '@value': 'v\u0003' }] } }));
    assert.equal(admin.status, 400, admin.text);
    assert.match(String(admin.body.message), /contains U\+0003/);
  });

  it('when the refused requests are done, then both streams still carry messages', async () => {
    const { alice, bob } = cast;
    const toBob = unique('after');
    assert.equal((await api().post(`${API}/chat/${alice.streamId}/messages/${bob.jid}`).set('Authorization', alice.auth).set('Content-Type', 'text/plain').send(toBob)).status, 200);
    await waitEvent<{ body?: string }>(bob, 'chatapi.chat', (p) => p.body === toBob, 'the message after the refusals');
    const toAlice = unique('back');
    assert.equal((await api().post(`${API}/chat/${bob.streamId}/messages/${alice.jid}`).set('Authorization', bob.auth).set('Content-Type', 'text/plain').send(toAlice)).status, 200);
    await waitEvent<{ body?: string }>(alice, 'chatapi.chat', (p) => p.body === toAlice, 'the reply');
  });
});
