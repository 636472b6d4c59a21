/**
 * ofgate never keeps a user's password: after a password login, the gateway's heap (a
 * snapshot holds only reachable objects) contains no copy of it. The shared world runs the
 * gateway in this process, so this process's heap is the gateway's.
 */
import assert from 'node:assert/strict';
import { getHeapSnapshot } from 'node:v8';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { registerUser } from '../kit/xmpp-test-client.js';

/** Searches the snapshot for `needle`, held as bytes (off the JS heap) so the search itself is not a hit. */
async function heapContains(needle: Buffer): Promise<boolean> {
  let tail = Buffer.alloc(0);
  for await (const chunk of getHeapSnapshot()) {
    const bytes = Buffer.concat([tail, chunk as Buffer]);
    if (bytes.includes(needle)) return true;
    tail = bytes.subarray(Math.max(0, bytes.length - needle.length));
  }
  return false;
}

/** Synchronous, so the joined string dies with this frame (an async frame keeps temporaries across await). */
function bytesOf(parts: readonly string[]): Buffer {
  return Buffer.from(parts.join(''), 'utf8');
}

describe('no password kept in memory (e2e)', function () {
  this.timeout(60000);

  it('when a user logged in with its password and chatted, then no copy of the password is reachable in the gateway', async () => {
    const w = await getWorld();
    const user = unique('pk');
    // The test keeps only fragments: the whole password exists only in short-lived strings, so
    // whatever the snapshot finds is held by someone else.
    const parts = ['Kept', 'Nowhere', unique('-')];
    const pw = () => parts.join('');
    await registerUser(w.ej.apiUrl, w.domain, user, pw());
    // only the stream id is kept: the finished request object would hold the body it sent
    const sid = await (async () => {
      const login = await request(w.url).post(`/restapi/v1/chat/${user}/login`).set('Authorization', basic(user, pw())).type('text/plain').send(pw());
      assert.equal(login.status, 200, login.text);
      return login.text;
    })();
    await request(w.url).post(`/restapi/v1/chat/${sid}/presence?show=chat&status=here`).set('Authorization', basic(user, pw())).expect(200);
    // let sockets and parsers of the finished requests go
    await new Promise((r) => setTimeout(r, 50));
    const found = await heapContains(bytesOf(parts));
    await request(w.url).post(`/restapi/v1/chat/${sid}/logoff`).set('Authorization', w.secret);
    assert.equal(found, false, 'the password is still reachable in the gateway heap');
  });
});
