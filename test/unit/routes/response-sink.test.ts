/**
 * The SSE response sink (routes/events/response-sink.ts): the frames of one turn leave in one
 * socket write — the response is corked at the first write of a turn and uncorked once, in the
 * check phase; a close uncorks first. A recording stand-in for the response (what Node does
 * with a corked response, one writev, is Node's).
 */
import assert from 'node:assert/strict';
import type { Response } from 'express';
import { responseSink } from '../../../gateway/routes/events/response-sink.js';

const recorder = () => {
  const calls: string[] = [];
  let corked = 0;
  const res = {
    cork: () => {
      corked += 1;
      calls.push('cork');
    },
    uncork: () => {
      corked -= 1;
      calls.push('uncork');
    },
    write: (chunk: string) => {
      calls.push(`write ${chunk.trim()}${corked > 0 ? ' (corked)' : ''}`);
      return true;
    },
    end: () => void calls.push('end'),
    on: () => res,
  };
  return { res: res as unknown as Response, calls, corked: () => corked };
};
const checkPhase = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('SSE response sink', () => {
  it('when three frames are written in one turn and one in the next, then each turn is one corked batch, uncorked in the check phase', async () => {
    const { res, calls, corked } = recorder();
    const sink = responseSink(res);
    for (const n of [1, 2, 3]) assert.equal(sink.write(`data: ${n}`), true);
    assert.equal(corked(), 1, 'held until the check phase');
    await checkPhase();
    sink.write('data: 4');
    await checkPhase();
    assert.deepEqual(calls, ['cork', 'write data: 1 (corked)', 'write data: 2 (corked)', 'write data: 3 (corked)', 'uncork', 'cork', 'write data: 4 (corked)', 'uncork']);
    assert.equal(corked(), 0);
  });

  it('when the stream is closed in the turn it was written, then it is uncorked before the end, once', async () => {
    const { res, calls, corked } = recorder();
    const sink = responseSink(res);
    sink.write('data: last');
    sink.close();
    await checkPhase();
    assert.deepEqual(calls, ['cork', 'write data: last (corked)', 'uncork', 'end']);
    assert.equal(corked(), 0);
  });
});
