/**
 * Lockouts when mod_ofgate is not loaded: the backend answers not-implemented (the ejabberd
 * command does not exist) and the API answers 501 in the error format. Uses a stand-in
 * backend: the shared e2e world always has the shim.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { createAccounts } from '../../../gateway/accounts/index.js';
import { createApp } from '../../../gateway/app.js';
import type { Config } from '../../../gateway/config/index.js';
import type { EjabberdBackend } from '../../../gateway/ejabberd/index.js';
import { GatewayError } from '../../../gateway/errors/index.js';
import { silentLogger } from '../../../gateway/log/index.js';
import { lockoutRoutes } from '../../../gateway/routes/admin/lockouts.js';
import type { RouteServices } from '../../../gateway/routes/index.js';
import { createMemoryStore } from '../../../gateway/store/index.js';

function appWithoutShim() {
  const missing = () => Promise.reject(new GatewayError('not-implemented', 'lockouts need mod_ofgate loaded in ejabberd', { resource: 'alice' }));
  const backend = {
    host: 'localhost',
    userExists: async (user: string) => user === 'alice',
    lockUser: missing,
    unlockUser: missing,
  } as unknown as EjabberdBackend;
  const accounts = createAccounts({ backend, store: createMemoryStore(), config: {} as Config, log: silentLogger });
  return createApp({
    routes: lockoutRoutes({ accounts } as unknown as RouteServices),
    authenticate: async () => ({ kind: 'secret' }),
    openapi: {},
    log: silentLogger,
    realm: 'ofgate',
    corsOrigin: '*',
    bodyLimitBytes: 100_000,
    trustProxy: false,
  }).express;
}

describe('lockouts without mod_ofgate', () => {
  const app = appWithoutShim();

  it('when a user is locked or unlocked, then the answer is 501 NotImplementedException naming the missing module', async () => {
    const lock = await request(app).post('/plugins/restapi/v1/lockouts/alice').set('Accept', 'application/json').expect(501);
    assert.deepEqual(lock.body, { resource: 'alice', message: 'Lockouts need the mod_ofgate module loaded in ejabberd', exception: 'NotImplementedException' });
    const unlock = await request(app).delete('/restapi/v1/lockouts/alice').expect(501).expect('Content-Type', /xml/);
    assert.match(unlock.text, /<exception>NotImplementedException<\/exception>/);
  });

  it('when the user does not exist, then 404 comes first', async () => {
    const res = await request(app).post('/plugins/restapi/v1/lockouts/bob').set('Accept', 'application/json').expect(404);
    assert.equal(res.body.exception, 'UserNotFoundException');
  });
});
