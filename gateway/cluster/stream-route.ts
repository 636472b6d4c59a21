/**
 * Where a request that needs a user's XMPP stream is served — the pure decision of stream
 * ownership (no store, no network; stream-routing.ts gathers the facts and carries it out).
 *
 * Each user's stream lives on exactly one instance, the holder of the lease `stream:<user>`:
 * - the stream is open here                         → serve here;
 * - another live instance holds the lease           → forward to it (unless the request already
 *   is a hop: then it cannot be served, and no loop is started);
 * - nobody holds it (its owner died, or the stream was never opened) and the user had a stream
 *   (a record says so)                              → take it over here, then serve;
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
  /** The stream is open in this instance's pool. */
  readonly openHere: boolean;
  /** The user a stream record names (undefined: no record). */
  readonly username: string | undefined;
  /** The live holder of the user's lease (undefined: nobody). */
  readonly holder: string | undefined;
  readonly me: string;
  /** The request came over the internal hop from another instance. */
  readonly hop: boolean;
}

export function decideStreamRoute(f: StreamFacts): StreamRoute {
  if (f.openHere) return { kind: 'local' };
  if (f.username === undefined) return { kind: 'local' };
  if (f.holder !== undefined && f.holder !== f.me) {
    return f.hop ? { kind: 'unavailable', reason: `the stream of ${f.username} is owned by ${f.holder}, which forwarded here` } : { kind: 'forward', instance: f.holder };
  }
  return { kind: 'takeover', username: f.username };
}
