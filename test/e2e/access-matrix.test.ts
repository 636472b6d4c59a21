/**
 * The access matrix (issue 19): every operation of the live OpenAPI document (generated from the
 * route declarations, so a route is covered the day it is added) × every base path × each kind of
 * caller, checked against the route's declared rule (`x-ofgate-access`), on a stack of its own
 * (admin calls with made-up names must not touch the shared world's users).
 *
 * Rules checked (every answer also: no 5xx but 501, a documented "not available on ejabberd"):
 * - user and admin routes: no credentials → 401; a wrong password → 401 (or 429 once throttled);
 * - admin routes: a plain user → 403; an admin account and the shared secret → neither 401 nor 403;
 * - user routes: the user on its own name and stream → not 401; another user on them → never 2xx;
 *   an admin or the secret → not 401;
 * - public and either routes: nobody gets a 5xx; either routes refuse a wrong password with 401.
 * Parameters other than the acting user's name and stream are made-up names that exist nowhere,
 * bodies are `{}`: what is checked is who may ask, not what the route does.
 */
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../harness/start-stack.js';
import { API_BASES, inPool, openApiOperations, statusOf, type Operation } from '../kit/openapi-ops.js';
import { unique } from '../kit/unique.js';
import { registerUser } from '../kit/xmpp-test-client.js';

type Caller = 'none' | 'own' | 'other' | 'admin' | 'secret' | 'wrong';

/** Touches every user of the server whatever the names (a broadcast): the admin call is not made. */
const NOT_CALLED_AS_ADMIN = new Set(['post /messages/users']);
/**
 * Deliberate answers outside the general rules, each documented on its route: ofchat answered
 * 503 to credentials that are not those of the stream's owner, and its clients read that.
 */
const ALSO_ALLOWED: Readonly<Record<string, Partial<Record<Caller, readonly number[]>>>> = {
  'get /sse/{username}': { other: [503], admin: [503] },
};

describe('e2e: the access matrix (every route × base path × caller)', function () {
  this.timeout(180_000);
  let s: Stack;
  let ops: Operation[] = [];
  const alice = unique('mxa');
  const bob = unique('mxb');
  const carol = unique('mxc');
  let aliceStream = '';
  const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  before(async () => {
    s = await startStack({ logLevel: 'warning' });
    for (const u of [alice, bob, carol]) await registerUser(s.ej.apiUrl, s.domain, u, `pw-${u}`);
    const login = await fetch(`${s.url}/restapi/v1/chat/${alice}/login`, { method: 'POST', headers: { Authorization: basic(alice, `pw-${alice}`), 'Content-Type': 'text/plain' }, body: `pw-${alice}` });
    assert.equal(login.status, 200, await login.clone().text());
    aliceStream = (await login.text()).trim();
    ops = await openApiOperations(s.url);
  });
  after(async () => {
    await s?.stop();
  });

  const fill = (path: string, caller: Caller): string =>
    path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      if (name === 'username' || name === 'userID') return alice;
      if (name === 'streamid') return aliceStream;
      return encodeURIComponent(unique('mx-nobody-'));
    });
  const authOf = (caller: Caller): string | undefined => {
    switch (caller) {
      case 'none': return undefined;
      case 'own': return basic(alice, `pw-${alice}`);
      case 'other': return basic(bob, `pw-${bob}`);
      case 'admin': return basic(s.adminUser, s.adminPassword);
      case 'secret': return s.secret;
      case 'wrong': return basic(carol, 'not-carols-password');
    }
  };
  const call = (method: string, url: string, auth: string | undefined): Promise<number> => {
    const hasBody = method === 'post' || method === 'put';
    const headers: Record<string, string> = { Accept: 'application/json', ...(auth ? { Authorization: auth } : {}), ...(hasBody ? { 'Content-Type': 'application/json' } : {}) };
    return statusOf({ method, url, headers, ...(hasBody ? { body: '{}' } : {}) });
  };
  const judge = (o: Operation, caller: Caller, status: number): string | undefined => {
    if (status === -1) return 'no answer within 15 s';
    if (ALSO_ALLOWED[`${o.method} ${o.path}`]?.[caller]?.includes(status)) return undefined;
    if (status >= 500 && status !== 501) return `${status} (a server error)`;
    const refused = status === 401 || status === 403;
    switch (caller) {
      case 'none':
        return (o.access === 'user' || o.access === 'admin') && status !== 401 ? `${status} without credentials (401 expected)` : undefined;
      case 'wrong':
        return o.access !== 'public' && status !== 401 && status !== 429 ? `${status} with a wrong password (401 expected)` : undefined;
      case 'own':
        if (o.access === 'admin') return status !== 403 ? `${status} for a plain user on an admin route (403 expected)` : undefined;
        return o.access === 'user' && status === 401 ? '401 for the user on its own resource' : undefined;
      case 'other':
        if (o.access === 'admin') return status !== 403 ? `${status} for a plain user on an admin route (403 expected)` : undefined;
        return o.access === 'user' && /\{(username|streamid|userID)\}/.test(o.path) && status >= 200 && status < 300 ? `${status} for another user on the user's name or stream` : undefined;
      case 'admin':
      case 'secret':
        return (o.access === 'admin' || o.access === 'user') && refused ? `${status} for ${caller}` : undefined;
    }
  };

  it('when every route is called by every kind of caller on every base path, then each answer keeps the route\'s declared rule', async () => {
    assert.ok(ops.length > 100, `the OpenAPI document lists ${ops.length} operations`);
    const failures: string[] = [];
    const counts: Record<string, number> = {};
    // the wrong password last: a throttled address would refuse the correct ones after it
    for (const caller of ['none', 'own', 'other', 'admin', 'secret', 'wrong'] as const) {
      const calls = ops
        .filter((o) => !((caller === 'admin' || caller === 'secret') && NOT_CALLED_AS_ADMIN.has(`${o.method} ${o.path}`)))
        .flatMap((o) => (o.root ? [''] : API_BASES).map((base) => ({ o, base })));
      // callers one after the other (the wrong password last), a caller's calls 6 at a time
      await inPool(calls, 6, async ({ o, base }) => {
        const status = await call(o.method, `${s.url}${base}${fill(o.path, caller)}`, authOf(caller));
        counts[String(status)] = (counts[String(status)] ?? 0) + 1;
        const why = judge(o, caller, status);
        if (why) failures.push(`${caller} ${o.method.toUpperCase()} ${base}${o.path} [${o.access}]: ${why}`);
      });
    }
    process.stdout.write(`      access matrix: ${ops.length} operations, answers by status ${JSON.stringify(counts)}\n`);
    assert.deepEqual(failures.sort(), []);
  });
});
