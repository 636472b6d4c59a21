/**
 * One socket write per turn of the event loop (issue 20): a writable held at its first write of a
 * turn buffers what follows and lets it all go in the check phase, so the peer reads one packet
 * instead of many. Used by a user's XMPP stream (its stanzas and XEP-0198 answers) and by an SSE
 * response (a message's `chatapi.chat` event and its `chatapi.xmpp` copy, or a burst of stanzas).
 * Rules it keeps:
 * - order is kept and nothing is lost: a held (corked) writable only buffers, and each write still
 *   answers as Node's does (false: wait for 'drain');
 * - one hold per writable and turn, whoever asks; a destroyed one is not held;
 * - `releaseWrites` lets them go at once (before ending a response); the check phase then has nothing left to do.
 */

/** What Node's writables (net.Socket, http.ServerResponse) offer for holding writes. */
export interface Holdable {
  readonly destroyed?: boolean;
  cork(): void;
  uncork(): void;
}

const held = new WeakSet<Holdable>();

/** Holds `w`'s writes until this turn's check phase (already held, or destroyed: nothing). */
export function holdWritesForTurn(w: Holdable): void {
  if (w.destroyed || held.has(w)) return;
  held.add(w);
  w.cork();
  setImmediate(releaseWrites, w);
}

/** Lets `w`'s held writes go now (not held: nothing). */
export function releaseWrites(w: Holdable): void {
  if (held.delete(w)) w.uncork();
}
