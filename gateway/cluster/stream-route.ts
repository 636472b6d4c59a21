/**
 * Where a request that needs a user's XMPP stream is served — the pure decision of stream
 * ownership (no store, no network; stream-routing.ts gathers the facts and carries it out).
 *
 * Each user's stream lives on exactly one instance, the holder of the lease `stream:<user>`:
 * - the stream is open here (and our lease holds), or the user's stream is ending here
 *                                                   → serve here (the handler finds it, or 404s);
 * - another live instance holds the lease           → forward to it (unless the request already
 *   is a hop: then it cannot be served, and no loop is started);
 * - nobody holds it (its owner died) and a record says the user had a stream
 *                                                   → take it over here, then serve;
 * - we hold it but the stream is not open here (it is being reopened, or ended meanwhile)
 *                                                   → take over (reopen) here;
 * - no record of a stream                           → serve here (the handler answers 404, or
 *   logs in).
 */

export type StreamRoute =
  | { readonly kind: 'local' }
  | { readonly kind: 'forward'; readonly instance: string }
  | { readonly kind: 'takeover'; readonly username: string }
  | { readonly kind: 'unavailable'; readonly reason: string };

export interface StreamFacts {
  /** The stream is open in this instance's pool and our lease on it holds. */
  readonly openHere: boolean;
  /** The user's stream is being closed here (records on their way out): never reopened meanwhile. */
  readonly ending: boolean;
  /** The user concerned (undefined: a stream id nothing is recorded for). */
  readonly username: string | undefined;
  /** A record says the user has a stream (somewhere). */
  readonly recorded: boolean;
  /** The live holder of the user's lease (undefined: nobody). */
  readonly holder: string | undefined;
  readonly me: string;
  /** The request came over the internal hop from another instance. */
  readonly hop: boolean;
}

export function decideStreamRoute(f: StreamFacts): StreamRoute {
  if (f.openHere || f.ending || f.username === undefined) return { kind: 'local' };
  if (f.holder !== undefined && f.holder !== f.me) {
    return f.hop ? { kind: 'unavailable', reason: `the stream of ${f.username} is owned by ${f.holder}, which forwarded here` } : { kind: 'forward', instance: f.holder };
  }
  return f.recorded ? { kind: 'takeover', username: f.username } : { kind: 'local' };
}
