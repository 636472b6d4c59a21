/**
 * lockouts/{username} end to end: a locked user cannot log in over XMPP and its sessions are
 * closed; unlocked, the old password works again. Served by mod_ofgate in ejabberd.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser } from '../kit/xmpp-test-client.js';

describe('admin REST: lockouts', function () {
  let world: Stack;
  const json = (req: request.Test) => req.set('Authorization', world.secret).set('Accept', 'application/json');
  const http = () => request(world.url);
  const login = (username: string, password: string) =>
    connectXmpp({ service: world.ej.xmppService, domain: world.domain, username, password, resource: 'lk', presence: false });
  const newUser = async () => {
    const u = unique('lk');
    await registerUser(world.ej.apiUrl, world.domain, u, 'old-pw');
    return u;
  };

  before(async function () {
    world = await getWorld();
  });

  it('when a user is locked, then its session is closed and it cannot log in; unlocked, the old password works again', async function () {
    if (!world.shimLoaded) this.skip(); // lockouts are mod_ofgate commands; without the shim the API answers 501 (unit-tested)
    const u = await newUser();
    const live = await login(u, 'old-pw');
    const kicked = new Promise<string>((resolve) => live.xmpp.on('error', (e: { condition?: string }) => resolve(e.condition ?? String(e))));
    try {
      await json(http().post(`/plugins/restapi/v1/lockouts/${u}`)).expect(201);
      assert.equal(await kicked, 'policy-violation');
      await assert.rejects(login(u, 'old-pw'), (err: Error & { condition?: string }) => ['account-disabled', 'not-authorized'].includes(err.condition ?? ''));
      assert.deepEqual(await ejabberdApi(world.ej.apiUrl, 'ofgate_is_locked', { user: u, host: world.domain }), { res: 1 });

      await json(http().delete(`/rest/api/restapi/v1/lockouts/${u}`)).expect(200);
      const again = await login(u, 'old-pw');
      await again.stop();
    } finally {
      await live.stop();
    }
  });

  it('when a locked user is deleted and created again, then the new account is not locked', async function () {
    if (!world.shimLoaded) this.skip(); // needs mod_ofgate, see above
    const u = await newUser();
    await json(http().post(`/restapi/v1/lockouts/${u}`)).expect(201);
    await json(http().delete(`/restapi/v1/users/${u}`)).expect(200);
    await json(http().post('/restapi/v1/users')).send({ username: u, password: 'new-pw' }).expect(201);
    const x = await login(u, 'new-pw');
    await x.stop();
  });

  it('when the user is unknown, then lock and unlock are 404 UserNotFoundException', async () => {
    const ghost = unique('ghost');
    assert.equal((await json(http().post(`/plugins/restapi/v1/lockouts/${ghost}`)).expect(404)).body.exception, 'UserNotFoundException');
    assert.equal((await json(http().delete(`/rest/api/restapi/v1/lockouts/${ghost}`)).expect(404)).body.ressource, ghost);
  });

  it('when a non-admin user tries to lock someone, then 403 and the account still logs in', async () => {
    const [u, victim] = [await newUser(), await newUser()];
    await http().post(`/plugins/restapi/v1/lockouts/${victim}`).set('Authorization', basic(u, 'old-pw')).expect(403);
    const x = await login(victim, 'old-pw');
    await x.stop();
  });
});
