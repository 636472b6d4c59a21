/**
 * The fuzz suite (issue 19): every operation of the live OpenAPI document gets malformed input —
 * deep, wide and huge JSON, deep XML and an entity bomb, wrong types, control characters,
 * prototype keys, invalid UTF-8, stanza and SSE-frame injection attempts — and hostile path
 * parameters (traversal, NUL, prototype names, 3,000 characters, invalid JIDs), as the most
 * powerful caller of each route (the secret for admin routes, the user itself on its own name and
 * stream for user routes, nobody for public ones). On a stack of its own: the admin broadcasts
 * (POST messages/users, POST sessions) are fuzzed too and reach only this file's users (a body over
 * server.stanzaMaxBytes is a 413; the rest must not cut the users' SSE streams).
 *
 * Then: no 5xx (but 501), no hang, ejabberd still up, the users' streams still relay, and what a
 * raw XMPP client and raw SSE readers saw holds no injected stanza or frame. Counts are printed.
 * The input is the same at every run (a seeded generator), so a failure can be replayed.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { startStack, type Stack } from '../harness/start-stack.js';
import { API, chatCast, payloadOf, type ChatCast } from '../kit/chat-kit.js';
import { API_BASES, inPool, openApiOperations, statusOf, type Operation } from '../kit/openapi-ops.js';
import { unique } from '../kit/unique.js';
import { registerUser, xml } from '../kit/xmpp-test-client.js';

const MARK = 'FUZZ-INJECTED';
const deep = (open: string, close: string, depth: number, inner = '1'): string => open.repeat(depth) + inner + close.repeat(depth);

/** Bodies, each with its content type: what a careless or hostile client sends. */
function bodies(peerJid: string): Array<{ name: string; type: string; body: string | Uint8Array }> {
  return [
    { name: 'deep JSON array', type: 'application/json', body: deep('[', ']', 50_000) },
    { name: 'deep JSON object', type: 'application/json', body: deep('{"a":', '}', 50_000) },
    { name: 'wide JSON object', type: 'application/json', body: JSON.stringify(Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i]))) },
    { name: 'huge JSON string', type: 'application/json', body: JSON.stringify({ body: 'x'.repeat(3 * 1024 * 1024), username: 'x', name: 'x' }) },
    { name: 'wrong types', type: 'application/json', body: JSON.stringify({ username: 12, password: [], name: { a: 1 }, body: null, properties: 'x', members: 5, workgroup: true, agent: [1], question: {} }) },
    { name: 'control characters', type: 'application/json', body: JSON.stringify({ username: 'a\u0000b', name: 'n\u0007', body: '\u001b[31mred\u0000', subject: '\uFFFE', description: '\uD800' }) },
    { name: 'prototype keys', type: 'application/json', body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"polluted":1}},"prototype":{"x":1},"username":"__proto__","key":"constructor","value":"x"}' },
    { name: 'not JSON', type: 'application/json', body: '{"a":' },
    { name: 'invalid UTF-8', type: 'application/json', body: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]) },
    { name: 'deep XML', type: 'application/xml', body: deep('<a>', '</a>', 50_000) },
    { name: 'XML entity bomb', type: 'application/xml', body: `<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "${'a'.repeat(100)}">${Array.from({ length: 8 }, (_, i) => `<!ENTITY e${i} "${`&${i === 0 ? 'a' : `e${i - 1}`};`.repeat(10)}">`).join('')}]><user><username>&e7;</username></user>` },
    { name: 'stanza injection', type: 'text/plain', body: `hi</body></message><message to='${peerJid}' type='chat'><body>${MARK}</body></message><message><body>` },
    { name: 'SSE frame injection', type: 'text/plain', body: `hi\n\nid: 99999\nevent: chatapi.chat\ndata: {"${MARK}":true}\n\n` },
    { name: 'JSON with injections', type: 'application/json', body: JSON.stringify({ body: `x</body><body>${MARK}</body>`, status: `a\n\ndata: {"${MARK}":1}\n\n`, subject: `]]><${MARK}/>`, name: `"><script>${MARK}</script>` }) },
  ];
}

const HOSTILE_PARAMS = ['..%2F..%2Fetc%2Fpasswd', 'a%00b', '__proto__', 'constructor', 'x'.repeat(3000), '%3Cx%3E%26%22', 'user%40evil.example%2Fres', '%F0%9F%92%A9', '%FF'];

describe('e2e: fuzz (every route, malformed input, hostile parameters)', function () {
  this.timeout(300_000);
  let s: Stack;
  let cast: ChatCast;
  let ops: Operation[] = [];
  const victim = unique('fzvictim');

  before(async () => {
    s = await startStack({ logLevel: 'warning' });
    cast = await chatCast(s, 'fz');
    await registerUser(s.ej.apiUrl, s.domain, victim, 'pw');
    ops = await openApiOperations(s.url);
  });
  after(async () => {
    await cast?.close();
    await s?.stop();
  });

  it('when every route gets malformed bodies and hostile parameters, then never a 5xx or a hang, and nothing is injected into a stanza or an SSE frame', async () => {
    const { alice } = cast;
    const authFor = (o: Operation): string | undefined => (o.access === 'admin' ? s.secret : o.access === 'user' ? alice.auth : undefined);
    // admin routes act on a sacrificial account (they may lock, rename or delete it); user routes on alice's own
    const fill = (o: Operation, hostile: string | undefined): string =>
      o.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
        if (name === 'username' || name === 'userID') return o.access === 'admin' ? victim : alice.name;
        if (name === 'streamid') return alice.streamId;
        if (name === 'to') return encodeURIComponent(cast.peerJid);
        return hostile ?? `fz-nobody-${name}`;
      });
    const calls: Array<{ o: Operation; url: string; type?: string; body?: string | Uint8Array; what: string }> = [];
    for (const o of ops) {
      const base = o.root ? '' : (API_BASES[calls.length % API_BASES.length] as string);
      if (o.method === 'post' || o.method === 'put') {
        for (const b of bodies(cast.peerJid)) calls.push({ o, url: `${s.url}${base}${fill(o, undefined)}`, type: b.type, body: b.body, what: b.name });
      }
      const others = o.pathParams.filter((p) => !['username', 'userID', 'streamid'].includes(p));
      if (others.length > 0) for (const h of HOSTILE_PARAMS) calls.push({ o, url: `${s.url}${base}${fill(o, h)}`, what: `parameter ${h.slice(0, 30)}` });
    }
    const counts: Record<string, number> = {};
    const failures: string[] = [];
    await inPool(calls, 4, async (c) => {
      const auth = authFor(c.o);
      const status = await statusOf({
        method: c.o.method, url: c.url, timeoutMs: 20_000,
        headers: { Accept: 'application/json', ...(auth ? { Authorization: auth } : {}), ...(c.type ? { 'Content-Type': c.type } : {}) },
        ...(c.body !== undefined ? { body: c.body } : {}),
      });
      counts[String(status)] = (counts[String(status)] ?? 0) + 1;
      if (status === -1) failures.push(`${c.o.method.toUpperCase()} ${c.o.path} (${c.what}): no answer within 20 s`);
      else if (status === 0 && !(c.body !== undefined && c.body.length > s.config.server.bodyLimitBytes)) failures.push(`${c.o.method.toUpperCase()} ${c.o.path} (${c.what}): connection closed on a body within the limit`);
      else if (status >= 500 && status !== 501) failures.push(`${c.o.method.toUpperCase()} ${c.o.path} (${c.what}): ${status}`);
    });
    process.stdout.write(`      fuzz: ${calls.length} requests over ${ops.length} operations, answers by status ${JSON.stringify(counts)}\n`);
    assert.deepEqual(failures.sort(), []);

    // ejabberd is up; a stream the fuzz did not target (alice's may have been logged off by it) still relays both ways
    assert.equal((await request(s.url).get('/healthz')).status, 200);
    const { bob, peer } = cast;
    const after = `after the fuzz ${Date.now()}`;
    assert.equal((await request(s.url).post(`${API}/chat/${bob.streamId}/messages/${cast.peerJid}`).set('Authorization', bob.auth).set('Content-Type', 'text/plain').send(after)).status, 200);
    await peer.waitFor((el) => el.getChildText('body') === after, 10_000, 'a message relayed after the fuzz');
    await peer.send(xml('message', { to: bob.jid, type: 'chat' }, xml('body', {}, after)));
    await bob.sse.waitFor((m) => m.event === 'chatapi.chat' && payloadOf<{ body?: string }>(m).body === after, 10_000, 'a message from the plain client after the fuzz');

    // nothing injected: no stanza whose whole body is the mark, no SSE frame that is not one JSON event
    const injectedStanzas = peer.received.filter((el) => el.getChildText('body') === MARK || el.getChild(MARK) !== undefined);
    assert.deepEqual(injectedStanzas.map((el) => el.toString()), []);
    for (const u of [alice, cast.bob]) {
      for (const m of u.sse.events) {
        const data = JSON.parse(m.data) as Record<string, unknown>;
        assert.ok(!(MARK in data), `an SSE frame of ${u.name} was forged: ${m.data.slice(0, 200)}`);
        assert.ok(!/^\d+$/.test(m.id ?? '') || m.id !== '99999', 'a forged event id');
      }
    }
  });
});
