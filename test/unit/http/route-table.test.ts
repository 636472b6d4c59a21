/**
 * The route table (issue 20): the route Express would pick, or none; and mountRoutes serving a
 * request through it exactly as through its routers.
 */
import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { mountRoutes } from '../../../gateway/http/index.js';
import { createRouteTable } from '../../../gateway/http/route-table.js';
import type { RouteSpec } from '../../../gateway/http/route-spec.js';

const table = createRouteTable([
  { base: '', path: '/sse/{username}', method: 'get', value: 'sse' },
  { base: '/restapi/v1', path: '/chat/{sid}/messages/{to}', method: 'post', value: 'send' },
  { base: '/restapi/v1', path: '/users/search', method: 'get', value: 'search-first' },
  { base: '/restapi/v1', path: '/users/{username}', method: 'get', value: 'user' },
  { base: '/restapi/v1', path: '/users/{username}/roster', method: 'get', value: 'roster' },
  { base: '/plugins/restapi/v1', path: '/users/{username}', method: 'get', value: 'modern-user' },
  { base: '/restapi/v1', path: '/odd/*', method: 'get', value: 'not-entered' },
]);

describe('route table', () => {
  it('when a path names a route, then its value, decoded params and the base as spelled come back', () => {
    assert.deepEqual(table.match('POST', '/restapi/v1/chat/s%201/messages/bob%40localhost'), { value: 'send', params: { sid: 's 1', to: 'bob@localhost' }, baseUrl: '/restapi/v1' });
    assert.deepEqual(table.match('GET', '/sse/alice'), { value: 'sse', params: { username: 'alice' }, baseUrl: '' });
    assert.deepEqual(table.match('get', '/plugins/restapi/v1/users/al'), { value: 'modern-user', params: { username: 'al' }, baseUrl: '/plugins/restapi/v1' });
  });

  it('when two routes match, then the one registered first wins (Express order)', () => {
    assert.equal(table.match('GET', '/restapi/v1/users/search')?.value, 'search-first');
    assert.equal(table.match('GET', '/restapi/v1/users/other')?.value, 'user');
  });

  it('when case or a trailing slash differ, then it still matches (strict off, case-insensitive), keeping the request\'s spelling of the base', () => {
    const m = table.match('GET', '/RestAPI/v1/USERS/Bob/Roster/');
    assert.equal(m?.value, 'roster');
    assert.deepEqual(m?.params, { username: 'Bob' });
    assert.equal(m?.baseUrl, '/RestAPI/v1');
  });

  it('when nothing matches or the table should not decide, then undefined (Express serves it)', () => {
    assert.equal(table.match('HEAD', '/restapi/v1/users/bob'), undefined); // Express maps HEAD to GET
    assert.equal(table.match('GET', '/restapi/v1/users//roster'), undefined);
    assert.equal(table.match('GET', '/restapi/v1/users/%E0%A4%A/roster'), undefined); // undecodable: Express's 400
    assert.equal(table.match('GET', '/restapi/v1x/users/bob'), undefined);
    assert.equal(table.match('DELETE', '/restapi/v1/users/bob'), undefined);
    assert.equal(table.match('GET', '/restapi/v1/odd/x'), undefined);
  });
});

describe('mountRoutes dispatch through the table', () => {
  const seen: Array<{ params: Record<string, string>; route: unknown }> = [];
  const spec = (path: string, summary: string, method: RouteSpec['method'] = 'get'): RouteSpec => ({
    method, path, scope: 'api', tag: 't', summary, access: 'public', body: { kind: 'none' },
    result: { kind: 'text', status: 200, mediaType: 'text/plain', doc: '' },
    handle: async (rr) => ({ text: `${summary} ${JSON.stringify(rr.params)}` }),
  } as RouteSpec);
  const app = express();
  app.use((_req, res, next) => {
    res.on('finish', () => seen.push({ params: {}, route: res.locals.route }));
    next();
  });
  const { router } = mountRoutes([spec('/users/{username}', 'user'), spec('/users/{username}/fail', 'fail')].map((s, i) => i === 1 ? { ...s, handle: async () => { throw new Error('boom'); } } : s), {
    bodyLimitBytes: 1000,
    authenticate: async () => undefined,
  });
  app.use(router);
  app.use((_req, res) => void res.status(404).send('none'));
  app.use(((err, _req, res, _next) => void res.status(500).send(String((err as Error).message))) as express.ErrorRequestHandler);

  it('when a declared route is asked, then its handler answers with the params and the access log\'s route', async () => {
    const r = await request(app).get('/plugins/restapi/v1/users/b%20b');
    assert.equal(r.status, 200);
    assert.equal(r.text, 'user {"username":"b b"}');
    assert.equal(seen.at(-1)?.route, '/plugins/restapi/v1/users/:username');
  });

  it('when HEAD is asked, then the Express routers still serve it (as GET, no body)', async () => {
    const r = await request(app).head('/restapi/v1/users/bob');
    assert.equal(r.status, 200);
  });

  it('when the handler fails, then the error reaches the error renderer; an unknown path falls through to 404', async () => {
    assert.equal((await request(app).get('/restapi/v1/users/bob/fail')).text, 'boom');
    assert.equal((await request(app).get('/restapi/v1/nothing')).status, 404);
  });
});
