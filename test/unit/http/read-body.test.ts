/**
 * Body reading (read-body.ts): the direct path for plain bodies and body-parser's path for the
 * others give the same text and the same errors. Real HTTP (an Express app on a loopback port),
 * raw sockets for the bodies a well-behaved client never sends.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import express, { type ErrorRequestHandler } from 'express';
import type { Server } from 'node:http';
import { bodyReaders } from '../../../gateway/http/read-body.js';

describe('read-body: text bodies', () => {
  let server: Server;
  let port: number;
  before(async () => {
    const app = express();
    app.post('/t', ...bodyReaders({ kind: 'text', doc: 'test' }, 64), (req, res) => {
      res.json({ body: req.body as unknown });
    });
    const onError: ErrorRequestHandler = (err, _req, res, _next) => {
      res.status((err as { status?: number }).status ?? 500).json({ error: (err as Error).message });
    };
    app.use(onError);
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise((r) => server.close(r)));

  const post = async (body: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; json: { body?: unknown; error?: string } }> => {
    const res = await fetch(`http://127.0.0.1:${port}/t`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
    return { status: res.status, json: (await res.json()) as { body?: unknown; error?: string } };
  };
  /** Sends raw bytes and returns the status line (or '' when the server closed without answer). */
  const raw = (bytes: string, end: boolean): Promise<string> => new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1', () => {
      sock.write(bytes);
      if (end) sock.end();
      else setImmediate(() => sock.destroy());
    });
    let got = '';
    sock.on('data', (d) => {
      got += d.toString();
    });
    sock.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
    sock.on('error', () => resolve(got.split('\r\n')[0] ?? ''));
  });

  const cases: Array<[string, string | Buffer, Record<string, string>, unknown]> = [
    ['no content type', 'héllo', {}, 'héllo'],
    ['text/plain with UTF-8', 'héllo', { 'Content-Type': 'text/plain; charset=UTF-8' }, 'héllo'],
    ['a leading BOM is dropped', '\ufeffhi', { 'Content-Type': 'text/plain' }, 'hi'],
    ['empty', '', { 'Content-Type': 'text/plain' }, ''],
    ['JSON kept as text', '{"a":1}', { 'Content-Type': 'application/json' }, '{"a":1}'],
    ['another charset (body-parser)', Buffer.from('h\xe9llo', 'latin1'), { 'Content-Type': 'text/plain; charset=ISO-8859-1' }, 'héllo'],
    ['gzip (body-parser)', gzipSync('zipped'), { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' }, 'zipped'],
  ];
  for (const [name, body, headers, expected] of cases) {
    it(`when the body is ${name}, then the handler gets ${JSON.stringify(expected)}`, async () => {
      const r = await post(body, headers);
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.deepEqual(r.json.body, expected);
    });
  }

  it('when the body is over the limit, then 413 whichever path', async () => {
    assert.equal((await post('x'.repeat(65), { 'Content-Type': 'text/plain' })).status, 413);
    assert.equal((await post(gzipSync('x'.repeat(200)), { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' })).status, 413);
  });

  it('when more bytes come than the declared length, then the request is answered 400 or the extra is a new (bad) request: never a 500', async () => {
    const status = await raw('POST /t HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nabcdef', true);
    assert.match(status, /^HTTP\/1\.1 (200|400)/);
  });

  it('when the client goes away before the declared length, then nothing is answered and the server stays up', async () => {
    const status = await raw('POST /t HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\nabc', false);
    assert.equal(status, '');
    const r = await post('still here', { 'Content-Type': 'text/plain' });
    assert.equal(r.json.body, 'still here');
  });
});
