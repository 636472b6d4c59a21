import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { accessLog, createMetrics, timedBackend } from '../../../gateway/observability/index.js';
import type { EjabberdBackend } from '../../../gateway/ejabberd/index.js';

describe('observability: access log and metrics', () => {
  const setup = (enabled = true) => {
    const lines: Array<{ msg: string; fields: Record<string, unknown> | undefined }> = [];
    const log = { debug() {}, warn() {}, error() {}, info: (msg: string, fields?: Record<string, unknown>) => void lines.push({ msg, fields }) };
    const metrics = createMetrics({ streams: () => ({ streams: 3, reconnecting: 1 }), sse: () => ({ clients: 2, bufferedBytes: 512 }) });
    const app = express().use(accessLog({ log, metrics, enabled }));
    app.get('/users/:name', (req, res) => {
      res.locals.principal = { kind: 'user', username: 'alice', admin: false };
      res.status(req.params.name === 'x' ? 404 : 200).send('ok');
    });
    app.get('/private', (_req, res) => void res.status(401).send('no'));
    return { app, lines, metrics };
  };

  it('when requests are answered, then one line each: method, declared route (not the URL or its query), status, time, principal, client', async () => {
    const { app, lines } = setup();
    await request(app).get('/users/bob?token=SECRET-TOKEN').set('Authorization', 'Basic c2VjcmV0');
    await request(app).get('/nothing/here');
    await new Promise((r) => setImmediate(r));
    assert.equal(lines.length, 2);
    assert.deepEqual({ ...lines[0]!.fields, ms: undefined, client: undefined }, { method: 'GET', route: '/users/:name', status: 200, ms: undefined, principal: 'alice', client: undefined });
    assert.equal(lines[1]!.fields?.route, '(unrouted)');
    assert.ok(!JSON.stringify(lines).includes('SECRET-TOKEN') && !JSON.stringify(lines).includes('c2VjcmV0'), 'no query, no header');
  });

  it('when scraped, then requests by route and status, failed logins (401 with credentials), streams, SSE and ejabberd calls are there', async () => {
    const { app, metrics } = setup(false);
    await request(app).get('/users/bob');
    await request(app).get('/users/x');
    await request(app).get('/private').set('Authorization', 'Basic d3Jvbmc=');
    await request(app).get('/private');
    await new Promise((r) => setImmediate(r));
    const backend = timedBackend({ host: 'h', status: async () => 'up', checkPassword: async () => { throw new Error('down'); } } as unknown as EjabberdBackend, metrics);
    assert.equal(backend.host, 'h');
    assert.equal(await backend.status(), 'up');
    await assert.rejects(backend.checkPassword('u', 'p'), /down/);
    metrics.hookEvent('presence_set', 0.02);
    const text = await metrics.render();
    assert.match(text, /ofgate_http_requests_total\{method="GET",route="\/users\/:name",status="200"\} 1/);
    assert.match(text, /ofgate_http_requests_total\{method="GET",route="\/users\/:name",status="404"\} 1/);
    assert.match(text, /ofgate_login_failures_total 1\n/);
    assert.match(text, /ofgate_xmpp_streams\{state="open"\} 3/);
    assert.match(text, /ofgate_sse_buffered_bytes 512/);
    assert.match(text, /ofgate_ejabberd_call_duration_seconds_count\{operation="status"\} 1/);
    assert.match(text, /ofgate_ejabberd_call_errors_total\{operation="checkPassword"\} 1/);
    assert.match(text, /ofgate_hook_events_total\{kind="presence_set"\} 1/);
  });
});
