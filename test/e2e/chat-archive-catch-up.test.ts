/**
 * On its OWN stack (ejabberd's c2s port behind a fault proxy, so a user's stream can be cut and
 * held off without touching ejabberd): the MAM catch-up after a reconnect that could not resume.
 * - A message ejabberd wrote to a dead socket (the proxy swallowed it, then cut the connection)
 *   is archived but, the user being a MAM user (assume_mam_usage), neither sent again nor stored
 *   offline by ejabberd 23.01: it reaches the SSE stream once, after the reconnect, from the
 *   archive (with its <delay/> in the chatapi.xmpp copy).
 * - A message sent while the user had no session at all is stored offline and archived: the
 *   offline flood and the catch-up both bring it, and the SSE stream shows it once.
 * - mod_mam unloaded (ejabberd's configuration reloaded without it): the catch-up query is
 *   refused, logged at info, and the stream reconnects and works as before.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { Logger } from '../../gateway/log/index.js';
import { mamQuery, readMamResult } from '../../gateway/xmpp/index.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { freePort } from '../harness/free-port.js';
import { startStack, type Stack } from '../harness/start-stack.js';
import { API, chatUser, payloadOf, waitEvent, type ChatUser } from '../kit/chat-kit.js';
import { eventually } from '../kit/eventually.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

interface Notice { type?: string; status?: string }

const chatBodies = (u: ChatUser, body: string): number =>
  u.sse.events.filter((m) => m.event === 'chatapi.chat' && payloadOf<{ body?: string }>(m).body === body).length;

const connectionIndex = (u: ChatUser, status: string, after = -1): number =>
  u.sse.events.findIndex((m, i) => i > after && m.event === 'chatapi.xmpp' && payloadOf<Notice>(m).type === 'connection' && payloadOf<Notice>(m).status === status);

/** Resolves once the user's SSE stream got the connection notice `status` after event `after`. */
async function notice(u: ChatUser, status: string, after = -1): Promise<number> {
  await u.sse.waitUntil(() => connectionIndex(u, status, after) >= 0, 20_000, `the ${status} notice`);
  return connectionIndex(u, status, after);
}

describe('chat: MAM catch-up after a reconnect that did not resume (e2e, own stack behind a c2s proxy)', function () {
  this.timeout(90_000);
  let stack: Stack;
  let proxy: FaultProxy;
  let peer: TestXmpp;
  let peerJid: string;
  const logged: Array<[string, Record<string, unknown> | undefined]> = [];
  const log: Logger = {
    debug: (msg, fields) => void logged.push([msg, fields]),
    info: (msg, fields) => void logged.push([msg, fields]),
    warn: (msg, fields) => void logged.push([msg, fields]),
    error: (msg, fields) => void logged.push([msg, fields]),
  };

  before(async () => {
    const c2sPort = await freePort();
    proxy = await startFaultProxy({ port: c2sPort });
    stack = await startStack({
      c2sPort,
      log,
      overrides: { 'xmpp.service': `xmpp://127.0.0.1:${proxy.port}`, 'xmpp.reconnectBaseMs': 100, 'xmpp.reconnectMaxMs': 500 },
    });
    const peerName = unique('ccp');
    await registerUser(stack.ej.apiUrl, stack.domain, peerName, 'pw');
    peerJid = `${peerName}@${stack.domain}`;
    // straight to ejabberd: the proxy only stands between ofgate and ejabberd
    peer = await connectXmpp({ service: stack.ej.xmppService, domain: stack.domain, username: peerName, password: 'pw' });
  });
  after(async () => {
    await peer?.stop();
    await stack?.stop();
    await proxy?.close();
  });

  const say = (u: ChatUser, body: string): Promise<void> => peer.send(xml('message', { to: u.jid, type: 'chat', id: unique('m') }, xml('body', {}, body)));

  /** Sends a message the user's stream gets live, and waits for its event. */
  async function live(u: ChatUser, prefix: string): Promise<string> {
    const body = unique(prefix);
    await say(u, body);
    await waitEvent<{ body?: string }>(u, 'chatapi.chat', (p) => p.body === body, `the live message ${body}`, 10_000);
    return body;
  }

  it('when ejabberd wrote a message to a dead socket of the user, then it reaches the SSE stream once, after the reconnect, from the archive', async () => {
    const u = await chatUser(stack, 'cca');
    // the user's own archive, read beside ofgate's stream (no presence: messages are not routed to it)
    const watcher = await connectXmpp({ service: stack.ej.xmppService, domain: stack.domain, username: u.name, password: u.password, resource: 'watch', presence: false });
    try {
      const before = await live(u, 'before');
      await proxy.set('hang');
      // ofgate writes on the held stream: the proxy now holds a connection that lost bytes, which it
      // cuts when the mode changes (ejabberd then ends the session with the message unacknowledged)
      const away = await request(stack.url).post(`${API}/chat/${u.streamId}/presence?show=away`).set('Authorization', u.auth);
      assert.equal(away.status, 200, away.text);
      const lost = unique('to a dead socket');
      await say(u, lost);
      await eventually(async () => {
        const queryId = unique('q');
        await watcher.xmpp.iqCaller.request(mamQuery(queryId, { with: peerJid }, { max: 250 }), 5000);
        return watcher.received.some((el) => readMamResult(el, queryId)?.body === lost);
      }, 'the message archived for the user (and written to its held socket)');
      const cut = u.sse.events.length;
      await proxy.set('pass');
      const back = await notice(u, 'reconnected', cut - 1);
      await waitEvent<{ body?: string }>(u, 'chatapi.chat', (p) => p.body === lost, 'the message caught up from the archive', 15_000);
      const after = await live(u, 'after');

      assert.equal(chatBodies(u, lost), 1, 'caught up once');
      assert.equal(chatBodies(u, before), 1, 'the message passed on before the cut is not caught up again');
      assert.equal(chatBodies(u, after), 1);
      const at = u.sse.events.findIndex((m) => m.event === 'chatapi.chat' && payloadOf<{ body?: string }>(m).body === lost);
      assert.ok(at > back, 'after the reconnected notice');
      const copy = u.sse.events.slice(back).find((m) => m.event === 'chatapi.xmpp' && Buffer.from(payloadOf<{ xmpp?: string }>(m).xmpp ?? '', 'base64').toString('utf8').includes(lost));
      assert.ok(copy, 'the chatapi.xmpp copy of the caught-up message');
      const copied = Buffer.from(payloadOf<{ xmpp: string }>(copy).xmpp, 'base64').toString('utf8');
      assert.match(copied, /<delay [^>]*stamp="[^"]+"[^>]*xmlns="urn:xmpp:delay"/, `it carries the delay of the archive: ${copied}`);
    } finally {
      await watcher.stop();
      u.sse.close();
    }
  });

  it('when a message went offline while the user had no session, then the offline flood and the catch-up show it once', async () => {
    const u = await chatUser(stack, 'ccb');
    try {
      await live(u, 'before');
      const cut = u.sse.events.length;
      await proxy.set('refuse');
      await notice(u, 'disconnected', cut - 1);
      const sessions = () => ejabberdApi<unknown[]>(stack.ej.apiUrl, 'user_sessions_info', { user: u.name, host: stack.domain });
      await eventually(async () => (await sessions()).length === 0, 'the user has no session at ejabberd');
      const offline = unique('offline');
      await say(u, offline);
      await eventually(async () => (await ejabberdApi<{ value: number }>(stack.ej.apiUrl, 'get_offline_count', { user: u.name, host: stack.domain })).value === 1, 'the message stored offline');
      await proxy.set('pass');
      await notice(u, 'reconnected', cut - 1);
      await waitEvent<{ body?: string }>(u, 'chatapi.chat', (p) => p.body === offline, 'the offline message', 15_000);
      // the catch-up runs after presence (and so after the flood began): a live message after it
      // arrives once both are through
      const done = (): Record<string, unknown> | undefined => logged.find(([msg, f]) => msg === 'xmpp: caught up from the archive' && f?.username === u.name)?.[1];
      await eventually(() => done() !== undefined, 'the catch-up done');
      await live(u, 'after');
      assert.equal(chatBodies(u, offline), 1, 'once, though both the flood and the archive brought it');
      assert.ok(Number(done()?.results) >= 1, `the catch-up read it from the archive too: ${JSON.stringify(done())}`);
    } finally {
      u.sse.close();
    }
  });

  // last: ejabberd runs without mod_mam from here on
  it('when mod_mam is not loaded, then the refused catch-up is logged and the stream reconnects and works', async () => {
    const file = join(stack.ej.dir, 'ejabberd.yml');
    const config = readFileSync(file, 'utf8');
    const without = config.replace(/^ {2}mod_mam:\n(?: {4}.*\n)+/m, '').replace(/^ {4}default_room_options:\n {6}mam: true\n/m, '');
    assert.ok(!without.includes('mod_mam') && !without.includes('mam: true'), without);
    writeFileSync(file, without);
    await ejabberdApi(stack.ej.apiUrl, 'reload_config', {});

    const u = await chatUser(stack, 'ccc');
    try {
      await live(u, 'before');
      const cut = u.sse.events.length;
      await proxy.set('refuse');
      await notice(u, 'disconnected', cut - 1);
      await proxy.set('pass');
      await notice(u, 'reconnected', cut - 1);
      await eventually(() => logged.some(([msg, f]) => msg === 'xmpp: no archive catch-up: the archive refused the query' && f?.username === u.name), 'the refusal logged');
      await live(u, 'after');
      const post = await request(stack.url).post(`${API}/chat/${u.streamId}/messages/${peerJid}`).set('Authorization', u.auth).send('reply');
      assert.equal(post.status, 200, post.text);
      await peer.waitFor((el) => el.getChildText('body') === 'reply' && String(el.attrs.from).startsWith(`${u.jid}/`), 5000, 'the reply');
      assert.equal(logged.filter(([msg, f]) => msg.startsWith('xmpp: ') && f?.username === u.name && /catch-up|archive/.test(msg)).length, 1, 'one line about the archive');
    } finally {
      u.sse.close();
    }
  });
});
