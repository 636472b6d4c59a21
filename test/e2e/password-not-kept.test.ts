/**
 * ofgate never keeps a user's password: after a password login and a chat action, a heap
 * snapshot of the gateway (a snapshot holds only reachable objects) contains no copy of it.
 *
 * How it stays quick and bounded:
 * - The gateway is its own process beside the shared world (worldConfig, started the way an
 *   operator runs it), so the snapshot is of ofgate alone: its size does not grow with every
 *   test that ran before in this process (a snapshot of the mocha process took over 60 s under
 *   load), and nothing of the test itself can be a hit.
 * - A preload module writes the snapshot when the process gets SIGUSR2 (to a part file, then
 *   renamed); the test awaits the rename, then streams the file. Every wait has its own bound.
 * - The requests that carry the password close their connection, and one more request follows
 *   on a new one: Node's HTTP server keeps a keep-alive connection's last request (its body and
 *   headers) until the next request or the close, which is Node's and not a copy ofgate keeps.
 */
import assert from 'node:assert/strict';
import { createReadStream, existsSync, mkdtempSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../harness/free-port.js';
import { startOfgateProcess, type OfgateProcess } from '../harness/ofgate-process.js';
import { getWorld } from '../harness/shared-world.js';
import { worldConfig } from '../harness/world-config.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { registerUser } from '../kit/xmpp-test-client.js';

const SNAPSHOT_MS = 40_000;

/** The child's preload: SIGUSR2 writes a heap snapshot to `file` (whole once renamed). */
function snapshotOnSignal(file: string): string {
  const code = `import { writeHeapSnapshot } from 'node:v8';
import { renameSync } from 'node:fs';
process.on('SIGUSR2', () => { writeHeapSnapshot(${JSON.stringify(`${file}.part`)}); renameSync(${JSON.stringify(`${file}.part`)}, ${JSON.stringify(file)}); });`;
  return `data:text/javascript,${encodeURIComponent(code)}`;
}

/** Signals the child and resolves once its snapshot file is complete (rejects after `timeoutMs`). */
async function takeSnapshot(child: OfgateProcess, file: string, timeoutMs: number): Promise<void> {
  const dir = join(file, '..');
  const name = file.slice(dir.length + 1);
  const watcher = watch(dir);
  try {
    const written = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no heap snapshot from ofgate after ${timeoutMs} ms`)), timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      watcher.on('change', (_type, changed) => {
        if (changed === name && existsSync(file)) done();
      });
      watcher.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      void child.exited().then((code) => {
        clearTimeout(timer);
        reject(new Error(`ofgate exited (${code}) before its heap snapshot`));
      });
    });
    process.kill(child.pid(), 'SIGUSR2');
    await written;
  } finally {
    watcher.close();
  }
}

/** Streams the file looking for `needle` (also across chunk boundaries). */
async function fileContains(file: string, needle: Buffer): Promise<boolean> {
  let tail = Buffer.alloc(0);
  for await (const chunk of createReadStream(file)) {
    const bytes = Buffer.concat([tail, chunk as Buffer]);
    if (bytes.includes(needle)) return true;
    tail = bytes.subarray(Math.max(0, bytes.length - needle.length + 1));
  }
  return false;
}

/** One request on a connection of its own, closed after the answer. */
async function call(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { ...init, headers: { ...init.headers, connection: 'close' }, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, text: await res.text() };
}

describe('no password kept in memory (e2e)', function () {
  this.timeout(120_000); // above the sum of the bounds: start 30 s, snapshot 40 s, requests 10 s each
  let child: OfgateProcess | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'ofgate-heap-'));
  const file = join(dir, 'ofgate.heapsnapshot');

  after(async () => {
    await child?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a user logged in with its password and chatted, then no copy of the password is reachable in the gateway', async () => {
    const w = await getWorld();
    child = await startOfgateProcess({ name: 'password-not-kept', port: await freePort(), config: { ...worldConfig(w), 'log.level': 'warn' }, preload: snapshotOnSignal(file) });
    const user = unique('pk');
    const password = `KeptNowhere${unique('-')}`;
    await registerUser(w.ej.apiUrl, w.domain, user, password);
    const login = await call(`${child.url}/restapi/v1/chat/${user}/login`, { method: 'POST', headers: { authorization: basic(user, password), 'content-type': 'text/plain' }, body: password });
    assert.equal(login.status, 200, login.text);
    const sid = login.text;
    const presence = await call(`${child.url}/restapi/v1/chat/${sid}/presence?show=chat&status=here`, { method: 'POST', headers: { authorization: basic(user, password) } });
    assert.equal(presence.status, 200, presence.text);
    // a request without the password, on a new connection, after those that carried it closed
    assert.equal((await call(`${child.url}/healthz`, { method: 'GET', headers: {} })).status, 200);

    await takeSnapshot(child, file, SNAPSHOT_MS);
    const found = await fileContains(file, Buffer.from(password, 'utf8'));
    assert.equal((await call(`${child.url}/restapi/v1/chat/${sid}/logoff`, { method: 'POST', headers: { authorization: w.secret } })).status, 200);
    assert.equal(found, false, 'the password is still reachable in the gateway heap');
  });
});
