/**
 * Transcripts (C.9, C.10): kept only while the room is chatting, attributed by identity,
 * HelpIM's startup boilerplate skipped, bounded; retention masks every body (and takes no more
 * messages) or deletes the transcript.
 */
import assert from 'node:assert/strict';
import { createTranscripts, MASK, MAX_MESSAGES } from '../../../gateway/roompool/transcripts.js';
import { createMemoryStore } from '../../../gateway/store/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';
import { PoolWorld } from './pool-world.js';

describe('room pool: transcripts and their retention', () => {
  it('when messages are sent, then only those while chatting are kept, each with its sender\'s role', async () => {
    const w = new PoolWorld();
    const room = w.waiting('sam');
    const t = createTranscripts(createMemoryStore({ clock: createFakeClock() }), 'site');
    await t.record(w.room(room), 'sam@x/r', 'before the client', 1);
    w.request('cleo');
    w.join(room, 'cleo');
    await t.record(w.room(room), 'sam@x/r', 'hello <b>&', 2);
    await t.record(w.room(room), 'cleo@x/r', '[#startuplines#] boilerplate', 3);
    await t.record(w.room(room), 'cleo@x/phone', 'hi', 4);
    await t.record(w.room(room), 'eve@x/r', 'psst', 5);
    assert.deepEqual((await t.get(room))?.messages.map((m) => [m.role, m.from, m.body]), [['staff', 'sam@x', 'hello <b>&'], ['client', 'cleo@x', 'hi'], ['other', 'eve@x', 'psst']]);
  });

  it('when a transcript grows past its bound, then the oldest messages go', async () => {
    const w = new PoolWorld();
    const room = w.chatting();
    const t = createTranscripts(createMemoryStore({ clock: createFakeClock() }), 'site');
    for (let i = 0; i < MAX_MESSAGES + 3; i++) await t.record(w.room(room), 'sam@x/r', `m${i}`, i);
    const kept = (await t.get(room))?.messages ?? [];
    assert.deepEqual([kept.length, kept[0]?.body], [MAX_MESSAGES, 'm3']);
  });

  it('when retention masks, then every body is ***** and nothing more is kept; when it deletes, the transcript is gone', async () => {
    const w = new PoolWorld();
    const room = w.chatting();
    const t = createTranscripts(createMemoryStore({ clock: createFakeClock() }), 'site');
    await t.record(w.room(room), 'sam@x/r', 'secret', 1);
    await t.expire(room, 'mask');
    await t.record(w.room(room), 'sam@x/r', 'later', 2);
    assert.deepEqual((await t.get(room))?.messages.map((m) => m.body), [MASK]);
    assert.equal((await t.get(room))?.masked, true);
    await t.expire(room, 'delete');
    assert.equal(await t.get(room), undefined);
  });
});
