/**
 * The app's hot path (issue 20): the cross-cutting handlers and the declared routes' dispatch run
 * as one Express layer (one-layer.ts), ahead of the routers mounted beside the API (hook intake,
 * pages), and API answers carry no ETag. Behaviour kept: headers and CORS on every answer, a
 * preflight answered by the CORS handler, an error passed on to the error renderer, requests the
 * table does not claim served by the routers.
 */
import assert from 'node:assert/strict';
import express, { Router, type RequestHandler } from 'express';
import request from 'supertest';
import { createApp } from '../../../gateway/app.js';
import { GatewayError } from '../../../gateway/errors/index.js';
import { oneLayer, text, type RouteSpec } from '../../../gateway/http/index.js';
import { silentLogger } from '../../../gateway/log/index.js';

describe('app hot path', () => {
  describe('oneLayer', () => {
    const run = (...handlers: RequestHandler[]) => {
      const app = express();
      app.use(oneLayer(...handlers));
      app.use((_req, res) => {
        res.status(404).send('next layer');
      });
      app.use(((err, _req, res, _next) => {
        res.status(500).send(`error: ${(err as Error).message}`);
      }) as express.ErrorRequestHandler);
      return app;
    };
    const mark = (name: string): RequestHandler => (_req, res, next) => {
      res.append('X-Seen', name);
      next();
    };

    const cases: Array<[string, RequestHandler[], number, string, string | undefined]> = [
      ['every handler calls next', [mark('a'), mark('b')], 404, 'next layer', 'a, b'],
      ['the second answers', [mark('a'), (_req, res) => void res.status(200).send('answered'), mark('c')], 200, 'answered', 'a'],
      ['the first passes an error', [(_req, _res, next) => next(new Error('boom')), mark('b')], 500, 'error: boom', undefined],
      ['the first throws', [() => {
        throw new Error('thrown');
      }, mark('b')], 500, 'error: thrown', undefined],
      ['there is none', [], 404, 'next layer', undefined],
    ];
    for (const [name, handlers, status, body, seen] of cases) {
      it(`when ${name}, then ${status} "${body}"`, async () => {
        const res = await request(run(...handlers)).get('/x');
        assert.equal(res.status, status);
        assert.equal(res.text, body);
        assert.equal(res.headers['x-seen'], seen);
      });
    }
  });

  describe('createApp', () => {
    const hello: RouteSpec = {
      method: 'get', path: '/hello/{name}', scope: 'api', tag: 't', summary: 's', access: 'public',
      body: { kind: 'none' }, result: { kind: 'text', status: 200, mediaType: 'text/plain', doc: 'd' },
      handle: async (r) => text(`hello ${r.params.name ?? ''}`),
    };
    let extraSeen = 0;
    const extra = Router();
    extra.use((_req, _res, next) => {
      extraSeen += 1;
      next();
    });
    extra.get('/hooks/x', (_req, res) => void res.send('hook router'));
    const app = createApp({
      routes: [hello],
      authenticate: async () => undefined,
      openapi: {},
      log: silentLogger,
      realm: 'ofgate',
      corsOrigin: '*',
      bodyLimitBytes: 1000,
      trustProxy: false,
      instanceId: 'inst-1',
      extraRouters: [{ path: '/', router: extra }],
    }).express;

    it('when a declared route is asked, then it is served without the routers beside the API, with the security, CORS and instance headers and no ETag', async () => {
      extraSeen = 0;
      const res = await request(app).get('/restapi/v1/hello/ann').set('Accept', 'text/plain');
      assert.equal(res.status, 200, res.text);
      assert.match(res.text, /hello ann/);
      assert.equal(extraSeen, 0, 'the hook/pages routers were not walked');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.equal(res.headers['x-ofgate-instance'], 'inst-1');
      assert.equal(res.headers.etag, undefined);
    });

    it('when a path is not declared, then the routers beside the API still serve it, and an unknown one gets the API 404', async () => {
      assert.equal((await request(app).get('/hooks/x')).text, 'hook router');
      const missing = await request(app).get('/restapi/v1/nothing').set('Accept', 'application/json');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.exception, new GatewayError('not-found', 'x').exception);
    });

    it('when a preflight comes, then the CORS handler answers it', async () => {
      const res = await request(app).options('/restapi/v1/hello/ann').set('Origin', 'https://a.example').set('Access-Control-Request-Method', 'GET');
      assert.ok(res.status === 204 || res.status === 200, String(res.status));
      assert.equal(res.headers['access-control-allow-origin'], '*');
    });
  });
});
