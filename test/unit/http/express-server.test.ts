/**
 * express-server.ts: the app's requests and responses are built with the app's prototypes (so
 * Express's own setPrototypeOf changes nothing), and every request is served by the app exactly
 * as `app.listen` serves it: routes, res helpers, req getters, the app's 404 and error handlers;
 * what the app leaves unanswered gets the fallback.
 */
import assert from 'node:assert/strict';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { createExpressServer, expressListener, expressMessageClasses } from '../../../gateway/http/express-server.js';
import { createServer } from 'node:http';

function call(server: Server, method: string, path: string, body?: string): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: body ? { 'Content-Type': 'text/plain' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const listening = (server: Server): Promise<Server> => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
const closed = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

describe('express-server: Express without its per-request prototype swap', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(closed));
  });

  it('node builds each request and response with the app\'s prototypes, before Express sees them', async () => {
    const app = express();
    app.get('/x', (_req, res) => res.send('ok'));
    const seen: boolean[] = [];
    const listener = expressListener(app);
    const server = createServer(expressMessageClasses(app), (req, res) => {
      seen.push(Object.getPrototypeOf(req) === app.request, Object.getPrototypeOf(res) === app.response);
      listener(req, res);
    });
    servers.push(await listening(server));
    assert.equal((await call(server, 'GET', '/x')).text, 'ok');
    assert.equal((await call(server, 'GET', '/x')).text, 'ok');
    assert.deepEqual(seen, [true, true, true, true]);
    // made once per app: a second server for the same app uses the same classes
    assert.equal(expressMessageClasses(app), expressMessageClasses(app));
    assert.ok(Object.getPrototypeOf(app.request) !== Object.getPrototypeOf(Object.getPrototypeOf(app.request)), 'the chain is not a loop');
  });

  it('serves routes, params, query, bodies, res helpers, locals and the app\'s own 404 and error handlers', async () => {
    const app = express();
    app.set('trust proxy', false);
    app.use((_req, res, next) => {
      res.locals.seen = 'yes';
      next();
    });
    app.post('/echo/:name', express.text(), (req, res) => {
      res.status(201).type('application/json').json({ name: req.params.name, q: req.query.q, body: req.body, path: req.path, ip: req.ip, locals: res.locals.seen });
    });
    app.get('/boom', () => {
      throw new Error('boom');
    });
    app.use((_req, res) => res.status(404).send('no route'));
    const onError: ErrorRequestHandler = (err: Error, _req, res, _next) => res.status(500).send(`handled ${err.message}`);
    app.use(onError);
    const server = createExpressServer(app);
    servers.push(await listening(server));

    const echo = await call(server, 'POST', '/echo/ann?q=1', 'hello');
    assert.equal(echo.status, 201);
    assert.match(String(echo.headers['content-type']), /application\/json/);
    assert.deepEqual(JSON.parse(echo.text), { name: 'ann', q: '1', body: 'hello', path: '/echo/ann', ip: '127.0.0.1', locals: 'yes' });
    assert.deepEqual(await call(server, 'GET', '/nothing').then((r) => [r.status, r.text]), [404, 'no route']);
    assert.deepEqual(await call(server, 'GET', '/boom').then((r) => [r.status, r.text]), [500, 'handled boom']);
  });

  it('answers what an app without handlers of its own leaves unanswered: 404, and 500 for an error', async () => {
    const app = express();
    app.get('/boom', () => {
      throw new Error('boom');
    });
    const server = createExpressServer(app);
    servers.push(await listening(server));
    assert.equal((await call(server, 'GET', '/nothing')).status, 404);
    assert.equal((await call(server, 'GET', '/boom')).status, 500);
  });
});
