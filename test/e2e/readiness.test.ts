/**
 * GET /readyz (e2e, real ejabberd with mod_ofgate): ready on the shared world; on a stack whose
 * mod_ofgate is given another secret than ofgate's (a common misconfiguration), the shim's events pile up
 * unaccepted and readiness fails naming the hook intake, while /healthz (liveness) stays 200.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEjabberdConfig } from '../harness/ejabberd-config.js';
import { getWorld } from '../harness/shared-world.js';
import { startStack, type Stack } from '../harness/start-stack.js';
import { eventually } from '../kit/eventually.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser } from '../kit/xmpp-test-client.js';

describe('e2e: readiness (/readyz)', function () {
  this.timeout(60_000);

  it('when every part works, then 200 ready without credentials', async () => {
    const w = await getWorld();
    const res = await request(w.url).get('/readyz');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { status: 'ready' });
  });

  describe('with a shim secret ofgate does not know', () => {
    let s: Stack;
    before(async function () {
      const w = await getWorld();
      if (!w.shimLoaded) this.skip();
      s = await startStack({ logLevel: 'warning', overrides: { 'hooks.readinessSilenceSeconds': 1 } });
      // mod_ofgate told another secret than ofgate's (a typo in ejabberd.yml): every post is refused, and retried
      writeFileSync(join(s.ej.dir, 'ejabberd.yml'), renderEjabberdConfig({
        domain: s.domain, c2sPort: s.ej.c2sPort, httpPort: s.ej.httpPort, logLevel: 'warning',
        shim: { url: `${s.url}/hooks/events`, secret: 'not-what-ofgate-expects', retryMinMs: 100, retryMaxMs: 500 },
      }));
      await ejabberdApi(s.ej.apiUrl, 'reload_config', {});
    });
    after(async () => {
      await s?.stop();
    });

    it('when the shim\'s events stop reaching ofgate, then /readyz is 503 naming the hook intake; /healthz stays 200', async () => {
      const user = unique('quiet');
      await registerUser(s.ej.apiUrl, s.domain, user, 'pw');
      const x = await connectXmpp({ service: s.ej.xmppService, domain: s.domain, username: user, password: 'pw' });
      try {
        await eventually(async () => (await ejabberdApi<{ queued: number }>(s.ej.apiUrl, 'ofgate_shim_stats', { host: s.domain })).queued > 0, 'events held in mod_ofgate');
        let res: request.Response | undefined;
        await eventually(async () => {
          res = await request(s.url).get('/readyz');
          return res.status === 503;
        }, 'readiness failing');
        assert.deepEqual(res?.body, { status: 'not-ready', failed: ['hookIntake'] });
        assert.equal((await request(s.url).get('/healthz')).status, 200);
      } finally {
        await x.stop();
      }
    });
  });
});
