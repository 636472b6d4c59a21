import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { decideStreamRoute, type StreamFacts, type StreamRoute } from '../../../gateway/cluster/stream-route.js';
import { forwardRequest, HOP_HEADER, signHop, verifyHop } from '../../../gateway/cluster/forward-request.js';

describe('stream ownership: where a request is served', () => {
  const base: StreamFacts = { openHere: false, ending: false, username: 'alice', recorded: true, holder: undefined, me: 'a', hop: false };
  const cases: Array<[string, Partial<StreamFacts>, StreamRoute]> = [
    ['the stream is open here', { openHere: true, holder: 'b' }, { kind: 'local' }],
    ['a stream id nothing is recorded for (the handler answers 404)', { username: undefined, recorded: false }, { kind: 'local' }],
    ['a user without a recorded stream that nobody holds (a login)', { recorded: false }, { kind: 'local' }],
    ['the user\'s stream is being closed here', { ending: true, holder: 'b' }, { kind: 'local' }],
    ['another live instance holds it', { holder: 'b' }, { kind: 'forward', instance: 'b' }],
    ['another holds it and the request already is a hop', { holder: 'b', hop: true }, { kind: 'unavailable', reason: 'the stream of alice is owned by b, which forwarded here' }],
    ['nobody holds it (the owner died)', { holder: undefined }, { kind: 'takeover', username: 'alice' }],
    ['we hold it but it is not open here', { holder: 'a' }, { kind: 'takeover', username: 'alice' }],
  ];
  for (const [when, facts, route] of cases) {
    it(`when ${when}, then ${route.kind}`, () => assert.deepEqual(decideStreamRoute({ ...base, ...facts }), route));
  }
});

describe('stream ownership: the internal hop', () => {
  let owner: Server;
  let front: Server;
  let ownerUrl = '';
  let frontUrl = '';
  const secret = 'cluster-secret';
  const seen: Array<{ hop: string | undefined; body: string; auth: string | undefined }> = [];

  before(async () => {
    owner = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ hop: verifyHop(secret, req.headers, req.method ?? '', req.url ?? '', Date.now()), body, auth: req.headers.authorization });
        res.writeHead(201, { 'content-type': 'application/json', 'x-from': 'owner' });
        res.end(JSON.stringify({ got: body }));
      });
    });
    front = createServer((req, res) => {
      const target = req.url?.startsWith('/dead') ? 'http://127.0.0.1:1' : ownerUrl;
      void forwardRequest(req, res, { targetUrl: target, secret, instanceId: 'front', timeoutMs: 2000 }).then((outcome) => {
        if (outcome === 'unreachable') res.writeHead(503).end('owner unreachable');
      });
    });
    const listen = (s: Server): Promise<string> => new Promise((r) => s.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(s.address() as { port: number }).port}`)));
    ownerUrl = await listen(owner);
    frontUrl = await listen(front);
  });
  after(() => {
    owner.close();
    front.close();
  });

  const call = (path: string, body: string): Promise<{ status: number; text: string; headers: Record<string, unknown> }> =>
    new Promise((resolve, reject) => {
      const req = request(`${frontUrl}${path}`, { method: 'POST', headers: { authorization: 'Basic YTpi', 'content-type': 'text/plain', connection: 'close' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
      });
      req.on('error', reject);
      req.end(body);
    });

  it('when a request is forwarded, then the owner gets its body and credentials with a valid hop, and the answer comes back as sent', async () => {
    const r = await call('/restapi/v1/chat/x/messages/bob', 'hello <&>');
    assert.equal(r.status, 201);
    assert.equal(r.headers['x-from'], 'owner');
    assert.deepEqual(JSON.parse(r.text), { got: 'hello <&>' });
    assert.deepEqual(seen.at(-1), { hop: 'front', body: 'hello <&>', auth: 'Basic YTpi' });
  });

  it('when requests are forwarded one after another, then each gets its own answer (the owner\'s connection headers stay on the hop)', async () => {
    for (const body of ['one', 'two', 'three']) {
      const r = await call('/restapi/v1/chat/x/messages/bob', body);
      assert.equal(r.status, 201, `${body}: ${r.text}`);
      assert.deepEqual(JSON.parse(r.text), { got: body });
    }
  });

  it('when the owner cannot be reached, then the outcome is unreachable and nothing was written', async () => {
    const r = await call('/dead/x', 'lost?');
    assert.equal(r.status, 503);
    assert.equal(r.text, 'owner unreachable');
  });

  it('when a hop header is forged, stale, or for another request, then it is not a hop', () => {
    const now = Date.now();
    const good = signHop(secret, 'b', 'POST', '/p', now);
    assert.equal(verifyHop(secret, { [HOP_HEADER]: good }, 'POST', '/p', now), 'b');
    assert.equal(verifyHop('other', { [HOP_HEADER]: good }, 'POST', '/p', now), undefined);
    assert.equal(verifyHop(secret, { [HOP_HEADER]: good }, 'POST', '/q', now), undefined);
    assert.equal(verifyHop(secret, { [HOP_HEADER]: good }, 'POST', '/p', now + 120_000), undefined);
    assert.equal(verifyHop(secret, { [HOP_HEADER]: 'b.1.short' }, 'POST', '/p', now), undefined);
    assert.equal(verifyHop(secret, {}, 'POST', '/p', now), undefined);
  });
});
