/**
 * Sends an operator's lane of callbacks (the `lhc-callback` deadline's handler, fired on one
 * instance at a time): head first, each POSTed with a timeout and the signature headers, removed
 * once LHC answered 2xx; on a failure the lane waits a back-off with jitter (doubling per
 * failure up to retryMaxMs) in a durable deadline, so it survives an LHC outage and an ofgate
 * restart. A callback older than maxAgeMs is dropped with a log line and a counter.
 *
 * Rules it keeps:
 * - Never inside a hook and never blocking a request: only this handler sends.
 * - At least once: a callback is removed after its 2xx; an instance that dies between the two
 *   leaves it to be sent again (X-Ofgate-Callback-Id lets LHC's side drop the repeat).
 * - One run sends at most a bounded batch within a time budget (well inside the deadline's
 *   claim), then schedules the lane again.
 * - Bodies and secrets are never logged; a failure logs the kind, the URL's origin and why.
 */
import type { Logger } from '../log/index.js';
import { KEEP, type Store } from '../store/index.js';
import type { DeadlineScheduler } from '../timers/index.js';
import type { Callback } from './callback-shapes.js';
import { LHC_CALLBACK_KIND, LHC_OUTBOX, type LaneRecord } from './callback-outbox.js';
import { SIGNATURE_HEADER, signCallback, TIMESTAMP_HEADER } from './callback-signature.js';
import type { LhcSettings } from './lhc-settings.js';

export interface DeliveryStats {
  delivered: number;
  failedTries: number;
  dropped: number;
}

const BATCH = 50;
const BUDGET_MS = 15_000;

/** The back-off before try `attempts + 1`: base·2^(attempts−1), capped, half of it jittered. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const full = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(30, attempts - 1)));
  return Math.round(full / 2 + (random() * full) / 2);
}

const originOf = (url: string): string => {
  try {
    return new URL(url).origin;
  } catch {
    return '(bad url)';
  }
};

export function createCallbackDelivery(d: {
  store: Store;
  deadlines: Pick<DeadlineScheduler, 'schedule' | 'on'>;
  settings: Pick<LhcSettings, 'callbackSecret' | 'callbackTimeoutMs' | 'retryBaseMs' | 'retryMaxMs' | 'maxAgeMs'>;
  now: () => number;
  log: Logger;
}): DeliveryStats {
  const lanes = d.store.collection<LaneRecord>(LHC_OUTBOX);
  const stats: DeliveryStats = { delivered: 0, failedTries: 0, dropped: 0 };

  const removeHead = (lane: string, id: string): Promise<unknown> => lanes.update(lane, (old) => {
    if (!old || old.items[0]?.id !== id) return KEEP;
    return old.items.length === 1 ? undefined : { items: old.items.slice(1), attempts: 0 };
  });

  async function post(cb: Callback): Promise<string | null> {
    const ts = String(Math.floor(d.now() / 1000));
    try {
      const res = await fetch(cb.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(d.settings.callbackTimeoutMs),
        headers: {
          'Content-Type': cb.contentType,
          [TIMESTAMP_HEADER]: ts,
          [SIGNATURE_HEADER]: signCallback(d.settings.callbackSecret, ts, cb.body),
          'X-Ofgate-Callback-Id': cb.id,
        },
        body: cb.body,
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}`;
    } catch (error) {
      return (error as Error).name === 'TimeoutError' ? `no answer within ${d.settings.callbackTimeoutMs} ms` : (error as Error).message;
    }
  }

  d.deadlines.on<null>(LHC_CALLBACK_KIND, async (lane) => {
    const started = d.now();
    for (let sent = 0; sent < BATCH && d.now() - started < BUDGET_MS; sent++) {
      const rec = await lanes.get(lane);
      const head = rec?.items[0];
      if (!rec || !head) return;
      if (d.now() - head.createdAt > d.settings.maxAgeMs) {
        stats.dropped += 1;
        d.log.warn('lhc: a callback was dropped: older than lhc.maxAgeSeconds', { lane, kind: head.kind, to: originOf(head.url), id: head.id });
        await removeHead(lane, head.id);
        continue;
      }
      const failure = await post(head);
      if (failure === null) {
        stats.delivered += 1;
        await removeHead(lane, head.id);
        continue;
      }
      stats.failedTries += 1;
      const attempts = rec.attempts + 1;
      await lanes.update(lane, (old) => (old && old.items[0]?.id === head.id ? { items: old.items, attempts } : KEEP));
      const wait = backoffMs(attempts, d.settings.retryBaseMs, d.settings.retryMaxMs);
      d.log.warn('lhc: a callback was not delivered; retrying', { lane, kind: head.kind, to: originOf(head.url), attempts, retryInMs: wait, why: failure });
      await d.deadlines.schedule(LHC_CALLBACK_KIND, lane, d.now() + wait);
      return;
    }
    await d.deadlines.schedule(LHC_CALLBACK_KIND, lane, d.now()); // more than one run's worth
  });
  return stats;
}
