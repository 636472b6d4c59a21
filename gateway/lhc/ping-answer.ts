/**
 * What a XEP-0199 ping's outcome says about an operator session (pure): a result, or a
 * `feature-not-implemented` error from the client itself, is a pong (the session answered);
 * `service-unavailable` / `item-not-found` / `recipient-unavailable` mean the session is gone;
 * no answer in time means it is unresponsive; anything else (ofgate's own stream down) says
 * nothing about the operator.
 */
export type PingOutcome = 'pong' | 'gone' | 'silent' | 'unknown';

export function pingOutcome(error: unknown): PingOutcome {
  if (error === undefined) return 'pong';
  const e = error as { kind?: string; cause?: { name?: string; condition?: string } };
  if (e.kind === 'upstream-timeout') return 'silent';
  if (e.cause?.name === 'StanzaError') {
    const c = e.cause.condition ?? '';
    if (c === 'feature-not-implemented') return 'pong';
    if (c === 'service-unavailable' || c === 'item-not-found' || c === 'recipient-unavailable') return 'gone';
  }
  return 'unknown';
}
