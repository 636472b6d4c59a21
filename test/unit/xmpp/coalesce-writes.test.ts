/**
 * A user stream's writes in one turn leave in one socket write (issue 20, coalesce-writes.ts).
 */
import assert from 'node:assert/strict';
import type { Writable } from 'node:stream';
import type { Client } from '@xmpp/client';
import { coalesceWrites } from '../../../gateway/xmpp/coalesce-writes.js';
import { recordingWritable } from '../../kit/recording-writable.js';

function recordingSocket(): { socket: Writable; writes: string[][] } {
  const { w, writes } = recordingWritable();
  return { socket: w, writes };
}
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('user stream write coalescing', () => {
  it('when three stanzas are written in one turn, then they leave in one write after the turn', async () => {
    const { socket, writes } = recordingSocket();
    const client = { socket } as unknown as Client;
    coalesceWrites(client);
    coalesceWrites(client); // a second call in the same turn changes nothing
    for (const s of ['<message id="1"/>', '<message id="2"/>', '<a xmlns="urn:xmpp:sm:3" h="3"/>']) socket.write(s);
    assert.deepEqual(writes, []);
    await turn();
    assert.deepEqual(writes, [['<message id="1"/>', '<message id="2"/>', '<a xmlns="urn:xmpp:sm:3" h="3"/>']]);
    assert.equal(socket.writableCorked, 0);
  });

  it('when nothing coalesces (next turn), then a write leaves at once', async () => {
    const { socket, writes } = recordingSocket();
    coalesceWrites({ socket } as unknown as Client);
    await turn();
    socket.write('<r xmlns="urn:xmpp:sm:3"/>');
    assert.deepEqual(writes, [['<r xmlns="urn:xmpp:sm:3"/>']]);
  });

  it('when the client has no socket (reconnecting) or it is destroyed, then nothing happens', () => {
    coalesceWrites({ socket: null } as unknown as Client);
    const { socket } = recordingSocket();
    socket.destroy();
    coalesceWrites({ socket } as unknown as Client);
    assert.equal(socket.writableCorked, 0);
  });

  it('when the socket cannot be held (ofgate\'s TLS wrapper has no cork), then its writes go as they come, no throw', () => {
    const writes: string[] = [];
    const wrapper = { destroyed: false, writableCorked: 0, write: (s: string) => void writes.push(s) };
    coalesceWrites({ socket: wrapper } as unknown as Client);
    wrapper.write('<message/>');
    assert.deepEqual(writes, ['<message/>']);
  });
});
