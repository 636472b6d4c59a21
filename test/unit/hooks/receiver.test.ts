import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { HOOK_EVENT_NAMES, createHookBus, createHookReceiver, signBody, type HookEvent, type HookIntake, type HookLog } from '../../../hooks/index.js';

const secret = 'hook-secret';
const ev = (id: string, extra: Record<string, unknown> = {}) => ({ v: 1, id, host: 'localhost', ts: 1, event: 'user_registered', jid: 'a@localhost', ...extra });

function setup(opts: { dedupWindow?: number; limit?: string; intake?: HookIntake } = {}) {
  const bus = createHookBus();
  const got: HookEvent[] = [];
  bus.subscribeAll((e) => void got.push(e));
  const lines: string[] = [];
  const at = (lvl: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push(`${lvl} ${msg} ${JSON.stringify(fields ?? {})}`);
  const log: HookLog = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  const app = express();
  app.use(createHookReceiver({ secret, bus, log, ...opts }));
  const post = (body: string, headers: Record<string, string> = { 'x-ofgate-secret': secret, 'x-ofgate-signature': signBody(secret, body) }) =>
    request(app).post('/hooks/events').set('content-type', 'application/json').set(headers).send(body);
  return { app, got, lines, post };
}

describe('hooks receiver', () => {
  it('when the secret and signature are right, then the events are published and counted', async () => {
    const { got, post } = setup();
    const res = await post(JSON.stringify({ events: [ev('a-1'), ev('a-2')] }));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { accepted: 2, duplicates: 0, rejected: [], wanted: [...HOOK_EVENT_NAMES], selectors: {} });
    assert.deepEqual(got.map((e) => e.id), ['a-1', 'a-2']);
  });

  it('when only some event kinds have listeners, then the answer tells the shim to forward just those', async () => {
    const bus = createHookBus();
    bus.subscribe('presence_set', () => {});
    bus.subscribe('session_opened', () => {});
    const log: HookLog = { debug() {}, info() {}, warn() {}, error() {} };
    const app = express().use(createHookReceiver({ secret, bus, log }));
    const body = JSON.stringify({ events: [ev('w-1')] });
    const res = await request(app).post('/hooks/events').set('content-type', 'application/json')
      .set({ 'x-ofgate-secret': secret, 'x-ofgate-signature': signBody(secret, body) }).send(body);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.wanted, ['session_opened', 'presence_set']);
  });

  it('when the signature does not match the body, then 401 and nothing is published', async () => {
    const { got, post, lines } = setup();
    const body = JSON.stringify({ events: [ev('a-1')] });
    const res = await post(body, { 'x-ofgate-secret': secret, 'x-ofgate-signature': signBody(secret, body + ' ') });
    assert.equal(res.status, 401);
    assert.equal(got.length, 0);
    assert.ok(lines.some((l) => l.startsWith('warn hook POST refused: bad secret or signature')));
  });

  it('when the secret header is missing, then 401 even with a valid signature', async () => {
    const { post } = setup();
    const body = JSON.stringify({ events: [ev('a-1')] });
    assert.equal((await post(body, { 'x-ofgate-signature': signBody(secret, body) })).status, 401);
  });

  it('when a batch is retried, then its events are published once and reported as duplicates', async () => {
    const { got, post, lines } = setup();
    const body = JSON.stringify({ events: [ev('a-1'), ev('a-2')] });
    await post(body);
    const res = await post(body);
    assert.deepEqual({ ...res.body, wanted: undefined }, { accepted: 0, duplicates: 2, rejected: [], wanted: undefined, selectors: {} });
    assert.equal(got.length, 2);
    assert.ok(lines.some((l) => l.startsWith('debug hook events: retried duplicates ignored')));
  });

  it('when some events are bad, then the good ones are published, the bad reported and logged, with 200', async () => {
    const { got, post, lines } = setup();
    const res = await post(JSON.stringify({ events: [ev('a-1'), ev('a-2', { event: 'nope' })] }));
    assert.equal(res.status, 200);
    assert.equal(res.body.accepted, 1);
    assert.deepEqual(res.body.rejected, [{ index: 1, id: 'a-2', event: 'nope', error: 'unknown event "nope"' }]);
    assert.deepEqual(got.map((e) => e.id), ['a-1']);
    assert.ok(lines.some((l) => l.startsWith('warn hook events rejected')));
  });

  it('when every event of a batch is bad, or the body is not a batch, then 400 (the shim drops it instead of retrying)', async () => {
    const { post } = setup();
    assert.equal((await post(JSON.stringify({ events: [ev('a-1', { v: 9 })] }))).status, 400);
    assert.equal((await post('not json')).status, 400);
    assert.equal((await post('{"events":{}}')).status, 400);
  });

  it('when the body is over the limit, then 413 as JSON and the app is unharmed', async () => {
    const { app, post } = setup({ limit: '1kb' });
    const res = await post(JSON.stringify({ events: [ev('a-1', { pad: 'x'.repeat(2048) })] }));
    assert.equal(res.status, 413);
    assert.equal(typeof res.body.error, 'string');
    assert.equal((await request(app).get('/elsewhere')).status, 404);
  });

  it('when a JSON parser ran before the receiver, then it answers 500 and says why instead of accepting unsigned data', async () => {
    const bus = createHookBus();
    const lines: string[] = [];
    const log: HookLog = { debug() {}, info() {}, warn() {}, error: (m) => void lines.push(m) };
    const app = express();
    app.use(express.json());
    app.use(createHookReceiver({ secret, bus, log }));
    const body = JSON.stringify({ events: [ev('a-1')] });
    const res = await request(app).post('/hooks/events').set('content-type', 'application/json').set({ 'x-ofgate-secret': secret, 'x-ofgate-signature': signBody(secret, body) }).send(body);
    assert.equal(res.status, 500);
    assert.match(lines[0] ?? '', /body already parsed/);
  });

  it('when created without a secret, then it refuses to start', () => {
    assert.throws(() => createHookReceiver({ secret: '', bus: createHookBus(), log: { debug() {}, info() {}, warn() {}, error() {} } }), /non-empty secret/);
  });

  it('when the intake cannot make the batch durable, then 503 (the shim sends it again), nothing counted as taken, and it is logged', async () => {
    const intake: HookIntake = { accept: () => Promise.reject(new Error('redis down')) };
    const { post, lines } = setup({ intake });
    const res = await post(JSON.stringify({ events: [ev('a-1')] }));
    assert.equal(res.status, 503);
    assert.equal(res.get('retry-after'), '1');
    assert.deepEqual(res.body, { error: 'hook intake unavailable' });
    assert.ok(lines.some((l) => l.startsWith('warn hook POST: the intake could not take the batch')));
  });

  it('when an intake is given, then the good events go to it in batch order and its counts are the answer, sent only once it resolved', async () => {
    const handed: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const intake: HookIntake = {
      async accept(events) {
        handed.push(events.map((e) => e.id));
        await gate;
        return { accepted: 1, duplicates: 1 };
      },
    };
    const { post, got } = setup({ intake });
    let answered = false;
    const pending = post(JSON.stringify({ events: [ev('b-1'), ev('b-2', { v: 7 }), ev('b-3')] })).then((r) => {
      answered = true;
      return r;
    });
    while (handed.length === 0) await new Promise((r) => setImmediate(r));
    assert.equal(answered, false, 'no answer before the intake resolved');
    release();
    const res = await pending;
    assert.equal(res.status, 200);
    assert.deepEqual(handed, [['b-1', 'b-3']]);
    assert.equal(res.body.accepted, 1);
    assert.equal(res.body.duplicates, 1);
    assert.equal(res.body.rejected.length, 1);
    assert.equal(got.length, 0, 'the intake, not the receiver, publishes');
  });

  it('when a subscriber is slow, then the default intake answers 200 only after it ran', async () => {
    const bus = createHookBus();
    const done: string[] = [];
    bus.subscribeAll(async (e) => {
      await new Promise((r) => setTimeout(r, 20));
      done.push(e.id);
    });
    const log: HookLog = { debug() {}, info() {}, warn() {}, error() {} };
    const app = express().use(createHookReceiver({ secret, bus, log }));
    const body = JSON.stringify({ events: [ev('s-1'), ev('s-2')] });
    const res = await request(app).post('/hooks/events').set('content-type', 'application/json')
      .set({ 'x-ofgate-secret': secret, 'x-ofgate-signature': signBody(secret, body) }).send(body);
    assert.equal(res.status, 200);
    assert.deepEqual(done, ['s-1', 's-2']);
  });
});
