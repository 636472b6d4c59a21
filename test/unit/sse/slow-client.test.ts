/**
 * The slow-client verdict (gateway/sse/slow-client.ts), as a table: the byte ceiling first, then
 * the time live data has waited with no drain ("longer than" the limit: equal is not yet).
 */
import assert from 'node:assert/strict';
import { tooSlow, type LiveBacklog, type TooSlow } from '../../../gateway/sse/index.js';

const LIMITS = { maxBufferedBytes: 8192, slowClientMs: 30_000 };
const NOW = 1_000_000;

const CASES: ReadonlyArray<{ name: string; backlog: LiveBacklog; want: TooSlow | undefined }> = [
  { name: 'nothing waits', backlog: { queuedBytes: 0, stalledSince: undefined }, want: undefined },
  { name: 'live data waited less than the limit', backlog: { queuedBytes: 5000, stalledSince: NOW - 29_999 }, want: undefined },
  { name: 'live data waited exactly the limit', backlog: { queuedBytes: 5000, stalledSince: NOW - 30_000 }, want: undefined },
  { name: 'live data waited past the limit', backlog: { queuedBytes: 5000, stalledSince: NOW - 30_001 }, want: { rule: 'stalled', queuedBytes: 5000, waitedMs: 30_001 } },
  { name: 'bytes at the ceiling, fresh', backlog: { queuedBytes: 8192, stalledSince: NOW }, want: undefined },
  { name: 'bytes past the ceiling, fresh', backlog: { queuedBytes: 8193, stalledSince: NOW }, want: { rule: 'ceiling', queuedBytes: 8193 } },
  { name: 'bytes past the ceiling and too old: the ceiling is named', backlog: { queuedBytes: 9000, stalledSince: NOW - 60_000 }, want: { rule: 'ceiling', queuedBytes: 9000 } },
  { name: 'an old stall mark with nothing queued', backlog: { queuedBytes: 0, stalledSince: NOW - 60_000 }, want: undefined },
];

describe('sse slow-client verdict', () => {
  for (const c of CASES) {
    it(`when ${c.name}, then ${c.want ? `cut (${c.want.rule})` : 'not cut'}`, () => {
      assert.deepEqual(tooSlow(c.backlog, NOW, LIMITS), c.want);
    });
  }
});
