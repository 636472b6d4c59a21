/**
 * One socket write per turn for a user's stream (issue 20, io/turn-writes.ts): what the stream
 * writes in one turn — the stanzas of many REST calls, the XEP-0198 <a/> answering ejabberd's
 * <r/> — leaves in one write, so ejabberd reads one packet instead of many. A write's callback,
 * which @xmpp/connection's send awaits, comes after that one write.
 */
import type { Client } from '@xmpp/client';
import { holdWritesForTurn, type Holdable } from '../io/index.js';

/** Holds the client's socket's writes until the check phase (no socket: nothing). */
export function coalesceWrites(client: Client): void {
  const socket = (client as unknown as { socket?: Partial<Holdable> | null }).socket;
  // a socket that cannot be held (ofgate's TLS wrapper, stream-tls.ts) writes as it comes
  if (socket && typeof socket.cork === 'function') holdWritesForTurn(socket as Holdable);
}
