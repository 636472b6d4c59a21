/**
 * The EjabberdBackend contract: the same cases against both adapters (mod_http_api and
 * ejabberd_xmlrpc) on one real throwaway ejabberd, plus failure mapping when ejabberd cannot be
 * reached or never answers. mod_ofgate is loaded when its source exists, unless
 * OFGATE_TEST_WITHOUT_SHIM=1 asks for the not-implemented lockout path against a shim-less ejabberd.
 */
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { createEjabberdBackend, type EjabberdBackend } from '../../gateway/ejabberd/index.js';
import { freePort } from '../harness/free-port.js';
import { shimAvailable, startEjabberd, type EjabberdInstance } from '../harness/ejabberd-instance.js';
import { accountCases } from './ejabberd-backend/account-cases.js';
import { clusterCases } from './ejabberd-backend/cluster-cases.js';
import { createContractContext, rejectsWith } from './ejabberd-backend/contract-context.js';
import { roomCases } from './ejabberd-backend/room-cases.js';
import { rosterCases } from './ejabberd-backend/roster-cases.js';
import { sessionCases } from './ejabberd-backend/session-cases.js';
import { sharedGroupCases } from './ejabberd-backend/shared-group-cases.js';
import { tokenAndLockoutCases } from './ejabberd-backend/token-and-lockout-cases.js';

const shimLoaded = shimAvailable() && process.env.OFGATE_TEST_WITHOUT_SHIM !== '1';
const kinds = ['http-api', 'xmlrpc'] as const;

describe('EjabberdBackend contract', function () {
  this.timeout(20000);
  let ej: EjabberdInstance | undefined;
  let hookSink: HttpServer | undefined;
  const ejabberd = () => ej ?? assert.fail('ejabberd is not running');
  const backendFor = (kind: EjabberdBackend['kind'], over: { httpApiUrl?: string; xmlrpcUrl?: string; timeoutMs?: number; adminJid?: string; adminPassword?: string } = {}) =>
    createEjabberdBackend({ kind, host: ejabberd().domain, httpApiUrl: ejabberd().apiUrl, xmlrpcUrl: ejabberd().xmlrpcUrl, timeoutMs: 5000, ...over });

  before(async function () {
    this.timeout(60000);
    // mod_ofgate posts its events somewhere; this sink accepts and drops them
    hookSink = createHttpServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
    await new Promise<void>((r) => hookSink?.listen(0, '127.0.0.1', r));
    const address = hookSink.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    ej = await startEjabberd({ logLevel: 'warning', shim: shimLoaded ? { url: `http://127.0.0.1:${port}/events`, secret: 'contract-secret' } : undefined });
  });

  after(async () => {
    await ej?.stop();
    hookSink?.closeAllConnections();
    await new Promise((r) => hookSink?.close(r) ?? r(undefined));
  });

  for (const kind of kinds) {
    describe(`${kind} adapter`, () => {
      let backend: EjabberdBackend | undefined;
      const t = createContractContext(kind, () => backend ?? assert.fail('no backend'), ejabberd);
      before(() => {
        backend = backendFor(kind);
      });
      afterEach(() => t.stopClients());

      it('when ejabberd is up, then status reports the running node and kind/host are the configured ones', async () => {
        assert.match(await t.backend().status(), /ejabberd .* is running/);
        assert.equal(t.backend().kind, kind);
        assert.equal(t.backend().host, ejabberd().domain);
      });

      describe('accounts', () => accountCases(t));
      describe('rosters', () => rosterCases(t));
      describe('shared roster groups', () => sharedGroupCases(t));
      describe('rooms', () => roomCases(t));
      describe('sessions and messages', () => sessionCases(t));
      describe('tokens and lockouts', () => tokenAndLockoutCases(t, shimLoaded));
      describe('cluster', () => clusterCases(t));

      describe('failures', () => {
        it('when nothing listens on the API port, then a call fails with upstream-unavailable', async () => {
          const url = `http://127.0.0.1:${await freePort()}/api`;
          const err = await rejectsWith(backendFor(kind, { httpApiUrl: url, xmlrpcUrl: url }).status(), 'upstream-unavailable', 'ServiceUnavailableException');
          assert.match(err.message, /ECONNREFUSED/);
        });

        it('when ejabberd accepts the connection but never answers, then a call fails with upstream-timeout within the timeout', async () => {
          const sockets = new Set<Socket>();
          const silent: Server = createServer((s) => sockets.add(s));
          await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
          try {
            const address = silent.address();
            const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api`;
            const started = Date.now();
            await rejectsWith(backendFor(kind, { httpApiUrl: url, xmlrpcUrl: url, timeoutMs: 300 }).userExists('anyone'), 'upstream-timeout', 'TimeoutException');
            const elapsed = Date.now() - started;
            assert.ok(elapsed >= 280 && elapsed < 1300, `took ${elapsed} ms`);
          } finally {
            for (const s of sockets) s.destroy();
            await new Promise((r) => silent.close(r));
          }
        });

        it('when the admin credentials are right, then calls go through; when wrong, then upstream-unavailable without the password in the message', async () => {
          const admin = await t.newUser('admin');
          const adminJid = `${admin}@${ejabberd().domain}`;
          assert.match(await backendFor(kind, { adminJid, adminPassword: `pw-${admin}` }).status(), /is running/);
          const secret = 'Wr0ng-Pa55word';
          const err = await rejectsWith(backendFor(kind, { adminJid, adminPassword: secret }).listUsers(), 'upstream-unavailable');
          assert.doesNotMatch(`${err.message} ${err.resource}`, new RegExp(secret));
        });

        it('when a command fails for a registered password, then neither the message nor the resource carries the password', async () => {
          const user = await t.newUser('leak');
          const secret = 'S3cret-Pa55word';
          const err = await rejectsWith(t.backend().registerUser(user, secret), 'conflict');
          assert.doesNotMatch(`${err.message} ${err.resource} ${String(err.cause)}`, new RegExp(secret));
        });
      });
    });
  }
});
