import assert from 'node:assert/strict';
import type { Request } from 'express';
import { createAuthenticator } from '../../../gateway/auth/index.js';

function req(authorization?: string): Request {
  return { headers: authorization === undefined ? {} : { authorization } } as unknown as Request;
}
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('authenticator', () => {
  const calls: string[] = [];
  const auth = createAuthenticator({
    secret: 'sekret-123',
    admins: ['admin@localhost'],
    domain: 'localhost',
    cacheSeconds: 30,
    checkPassword: async (u, p) => {
      calls.push(u);
      return (u === 'alice' && p === 'pa:ss') || (u === 'admin' && p === 'adm');
    },
  });

  it('when there is no header, then nobody is asking', async () => assert.equal(await auth(req()), undefined));
  it('when the raw secret is sent, then the caller is the secret', async () => assert.deepEqual(await auth(req('sekret-123')), { kind: 'secret' }));
  it('when Basic is sent with a password holding a colon, then the whole password is checked', async () =>
    assert.deepEqual(await auth(req(`Basic ${b64('alice:pa:ss')}`)), { kind: 'user', username: 'alice', admin: false }));
  it('when the scheme is lower case, then it is accepted', async () =>
    assert.deepEqual(await auth(req(`basic ${b64('admin@localhost:adm')}`)), { kind: 'user', username: 'admin', admin: true }));
  it('when bare base64 is sent without a scheme (ofchat clients), then it is accepted', async () =>
    assert.deepEqual(await auth(req(b64('alice@localhost:pa:ss'))), { kind: 'user', username: 'alice', admin: false }));
  it('when the password is wrong, then 401 without detail', async () =>
    assert.rejects(auth(req(`Basic ${b64('alice:nope')}`)), (e: Error & { status?: number }) => e.status === 401 && !/nope/.test(e.message)));
  it('when the JID names another domain, then 401', async () => assert.rejects(auth(req(`Basic ${b64('alice@evil.example:pa:ss')}`)), /Invalid credentials/));
  it('when the same credentials come again, then ejabberd is not asked again', async () => {
    calls.length = 0;
    await auth(req(`Basic ${b64('alice:pa:ss')}`));
    await auth(req(`Basic ${b64('alice:pa:ss')}`));
    assert.equal(calls.length, 0, 'cached from the earlier test');
  });
});
