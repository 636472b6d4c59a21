import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { startTraceProxy, subtractTallies, type TraceProxy } from '../../../bench/trace-proxy.js';
import { httpInspector } from '../../../bench/wire-inspectors.js';

/** An echo server on loopback that answers each read with "ok:<read>". */
async function echoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => s.on('data', (d: Buffer) => s.write(`ok:${d.toString()}`)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  return { server, port: typeof addr === 'object' && addr ? addr.port : 0 };
}

const readOnce = async (s: Socket): Promise<string> => ((await once(s, 'data')) as [Buffer])[0].toString();

describe('bench trace proxy', () => {
  let echo: { server: Server; port: number };
  let proxy: TraceProxy;
  beforeEach(async () => {
    echo = await echoServer();
  });
  afterEach(async () => {
    await proxy?.close();
    await new Promise<void>((r) => echo.server.close(() => r()));
  });

  it('when bytes cross it both ways, then they arrive unchanged and are tallied per direction and kind', async () => {
    proxy = await startTraceProxy({
      target: { port: echo.port },
      inspect: (ctx, dir) => {
        ctx.label('traced');
        return httpInspector(dir)(ctx);
      },
    });
    const c = connect({ port: proxy.port, host: '127.0.0.1' });
    await once(c, 'connect');
    const before = proxy.totals();
    const request = 'POST /api/check_password?x=1 HTTP/1.1\r\nHost: x\r\n\r\n';
    c.write(request);
    assert.equal(await readOnce(c), `ok:${request}`);
    const second = 'GET /api/status HTTP/1.1\r\n\r\n';
    c.write(second);
    assert.equal(await readOnce(c), `ok:${second}`);
    const phase = subtractTallies(proxy.totals(), before).traced;
    assert.ok(phase);
    assert.equal(phase.up.bytes, request.length + second.length);
    assert.equal(phase.up.reads, 2);
    assert.equal(phase.down.bytes, request.length + second.length + 6);
    assert.deepEqual(phase.up.kinds, { 'POST /api/check_password': { count: 1, bytes: 0 }, 'GET /api/status': { count: 1, bytes: 0 } });
    assert.equal(phase.connections, 0); // opened before the phase
    c.destroy();
  });

  it('when a connection closes, then its traffic stays in the totals under its label', async () => {
    proxy = await startTraceProxy({ target: { port: echo.port } });
    const c = connect({ port: proxy.port, host: '127.0.0.1' });
    await once(c, 'connect');
    c.write('abc');
    assert.equal(await readOnce(c), 'ok:abc');
    c.end();
    await once(c, 'close');
    const until = Date.now() + 2000;
    while (proxy.totals().unlabelled?.connections !== 1 && Date.now() < until) await new Promise((r) => setImmediate(r));
    const t = proxy.totals().unlabelled;
    assert.ok(t);
    assert.equal(t.up.bytes, 3);
    assert.equal(t.down.bytes, 6);
    assert.equal(t.connections, 1);
  });

  it('when the target is not on loopback, then it refuses to start', async () => {
    await assert.rejects(startTraceProxy({ target: { host: '10.0.0.1', port: 1 } }), /loopback/);
  });
});
