/**
 * On its OWN stack (the shared world is never restarted, and it keeps the default idle time):
 * - a chat stream survives an ejabberd restart (the `restart` admin command: every session
 *   ends, the Erlang system reboots on the same ports and spool, so accounts and persistent
 *   rooms survive); the user's stream reconnects by itself with an admin-issued token (ofgate
 *   kept no password), its SSE stream is told (chatapi.xmpp connection disconnected →
 *   reconnected), the stream layer restores its presence and re-joins its room, and messages
 *   flow both ways again;
 * - idle expiry (xmpp.idleStreamSeconds = 2 here): a stream nobody uses is logged off, one
 *   watched over SSE is kept.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { startStack, type Stack } from '../harness/start-stack.js';
import { API, chatUser, payloadOf, waitEvent } from '../kit/chat-kit.js';
import type { SseMessage } from '../kit/sse-client.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

interface Notice { type?: string; status?: string }

/** Polls ejabberd's status until it answers (`answering`) or stops answering. */
async function waitStatus(apiUrl: string, answering: boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${apiUrl}/status`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(500) }).then((r) => r.ok, () => false);
    if (ok === answering) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`ejabberd still ${answering ? 'down' : 'up'} after 30 s`);
}

describe('chat streams on an own stack: ejabberd restart, idle expiry (e2e)', function () {
  this.timeout(60_000);
  let stack: Stack;
  let peer: TestXmpp | undefined;

  before(async () => {
    stack = await startStack({ overrides: { 'xmpp.idleStreamSeconds': 2 } });
  });
  after(async () => {
    await peer?.stop();
    await stack?.stop();
  });

  it('when a stream gets no REST call and has no SSE listener for the idle time, then it is logged off; a watched one stays', async () => {
    const watched = await chatUser(stack, 'rcw');
    const idle = unique('rci');
    await registerUser(stack.ej.apiUrl, stack.domain, idle, 'pw');
    const login = await request(stack.url).post(`${API}/chat/${idle}/login`).set('Authorization', stack.secret);
    assert.equal(login.status, 200);
    const sessions = (user: string) => ejabberdApi<unknown[]>(stack.ej.apiUrl, 'user_sessions_info', { user, host: stack.domain });
    assert.equal((await sessions(idle)).length, 1);
    const deadline = Date.now() + 10_000;
    while ((await sessions(idle)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    assert.deepEqual(await sessions(idle), [], 'the idle stream was logged off');
    assert.equal((await request(stack.url).post(`${API}/chat/${login.text}/presence`).set('Authorization', stack.secret)).status, 404);
    assert.equal((await sessions(watched.name)).length, 1, 'the stream with an SSE listener stays');
    watched.sse.close();
  });

  it('when ejabberd restarts, then the stream reconnects, the user is told, presence and room come back and chat works again', async () => {
    const user = await chatUser(stack, 'rcu');
    const { apiUrl, domain } = stack.ej;
    const peerName = unique('rcp');
    await registerUser(apiUrl, domain, peerName, 'pw');
    const room = unique('rcroom');
    const roomJid = `${room}@conference.${domain}`;
    await ejabberdApi(apiUrl, 'create_room_with_opts', { name: room, service: `conference.${domain}`, host: domain, options: [{ name: 'persistent', value: 'true' }] });
    const join = await request(stack.url).put(`${API}/chat/${user.streamId}/rooms/${room}`).set('Authorization', user.auth);
    assert.equal(join.status, 200, join.text);
    const occupants = () => ejabberdApi<Array<{ jid: string }>>(apiUrl, 'get_room_occupants', { name: room, service: `conference.${domain}` });

    // `restart` ends every session, waits 1 s (the stream may come back meanwhile), then
    // reboots the Erlang system; the status call sees the reboot
    await ejabberdApi(apiUrl, 'restart', {});
    await waitEvent<Notice>(user, 'chatapi.xmpp', (p) => p.type === 'connection' && p.status === 'disconnected', 'the disconnected notice');
    await waitStatus(apiUrl, false);
    await waitStatus(apiUrl, true);
    const connectionNotices = (): string[] => user.sse.events
      .filter((m) => m.event === 'chatapi.xmpp' && payloadOf<Notice>(m).type === 'connection')
      .map((m) => payloadOf<Notice>(m).status ?? '');
    // the reboot closed every socket before the API answered again: the last notice is the one after it
    await user.sse.waitUntil(() => connectionNotices().at(-1) === 'reconnected', 30_000, 'the reconnected notice after the reboot');
    const seen = user.sse.events.map((m) => m.event === 'chatapi.xmpp' && payloadOf<Notice>(m).status === 'reconnected').lastIndexOf(true);
    const ownPresence = (m: SseMessage): boolean => m.event === 'chatapi.presence' && payloadOf<{ from: string }>(m).from.startsWith(`${user.jid}/`);
    await user.sse.waitFor((m) => user.sse.events.indexOf(m) > seen && ownPresence(m), 5000, 'the restored own presence (echoed by ejabberd)');

    const rows = await ejabberdApi<Array<{ status: string }>>(apiUrl, 'user_sessions_info', { user: user.name, host: domain });
    assert.deepEqual(rows.map((r) => r.status), ['available'], 'presence restored');
    const deadline = Date.now() + 5000;
    while (!(await occupants()).some((o) => o.jid.startsWith(`${user.jid}/`)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok((await occupants()).some((o) => o.jid.startsWith(`${user.jid}/`)), `${user.name} is back in ${roomJid}`);
    const post = await request(stack.url).post(`${API}/chat/${user.streamId}/rooms/${room}`).set('Authorization', user.auth).send('back in the room');
    assert.equal(post.status, 200, `the room is still joined for the chat API: ${post.text}`);

    peer = await connectXmpp({ service: stack.ej.xmppService, domain, username: peerName, password: 'pw' });
    const body = `after restart ${unique('b')}`;
    await peer.send(xml('message', { to: user.jid, type: 'chat' }, xml('body', {}, body)));
    await waitEvent<{ body?: string }>(user, 'chatapi.chat', (p) => p.body === body, 'a message after the restart');
    const res = await request(stack.url).post(`${API}/chat/${user.streamId}/messages/${peerName}@${domain}`).set('Authorization', user.auth).send('back');
    assert.equal(res.status, 200, res.text);
    await peer.waitFor((el) => el.getChildText('body') === 'back', 5000, 'the reply');
    user.sse.close();
  });
});
