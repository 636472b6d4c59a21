/**
 * The spec and the served routes cannot drift: every operation in swagger/openapi.json is
 * served (it answers with something other than a 404 from the router), every mounted route is
 * in the spec, and the committed file equals what the code generates.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { buildOpenApi } from '../../swagger/build-openapi.js';
import { specRoutes } from '../../swagger/spec-routes.js';
import { VERSION } from '../../gateway/version.js';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';

type Spec = { servers: Array<{ url: string }>; paths: Record<string, Record<string, unknown> & { servers?: Array<{ url: string }> }> };

function specOperations(spec: Spec): Array<{ method: string; path: string }> {
  const out: Array<{ method: string; path: string }> = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    const bases = item.servers ? [''] : spec.servers.map((s) => s.url);
    for (const method of Object.keys(item).filter((k) => ['get', 'post', 'put', 'delete'].includes(k))) {
      for (const base of bases) out.push({ method, path: `${base}${path}` });
    }
  }
  return out;
}

describe('OpenAPI spec vs served routes (e2e)', () => {
  let w: Stack;
  before(async () => {
    w = await getWorld();
  });

  it('when the committed swagger/openapi.json is compared with the generated spec, then they are equal', () => {
    const committed = JSON.parse(readFileSync(new URL('../../swagger/openapi.json', import.meta.url), 'utf8')) as unknown;
    assert.deepEqual(committed, JSON.parse(JSON.stringify(buildOpenApi(specRoutes(), VERSION))), 'swagger/openapi.json is stale: run make spec');
  });

  it('when the served spec is fetched, then every mounted route is in it and nothing else', async () => {
    const spec = (await request(w.url).get('/swagger/openapi.json')).body as Spec;
    const documented = new Set(specOperations(spec).map((o) => `${o.method} ${o.path}`));
    const mounted = new Set(w.gateway.app.mounted.map((m) => `${m.method} ${m.path}`));
    assert.deepEqual([...mounted].filter((m) => !documented.has(m)), [], 'served but not in the spec');
    assert.deepEqual([...documented].filter((d) => !mounted.has(d)), [], 'in the spec but not served');
  });

  it('when each documented operation is called without credentials, then it is routed (never the catch-all 404)', async () => {
    const spec = (await request(w.url).get('/swagger/openapi.json')).body as Spec;
    const unrouted: string[] = [];
    for (const op of specOperations(spec)) {
      const path = op.path.replace(/\{(\w+)\}/g, 'x1');
      const res = await (request(w.url) as unknown as Record<string, (p: string) => request.Test>)[op.method]!(path).set('Accept', 'application/json');
      if (res.status === 404 && /No route for/.test(res.body?.message ?? '')) unrouted.push(`${op.method} ${op.path}`);
    }
    assert.deepEqual(unrouted, []);
  });
});
