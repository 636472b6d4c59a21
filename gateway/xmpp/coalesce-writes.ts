/**
 * One socket write per turn of the event loop for a user's stream (issue 20): what the stream
 * writes in one turn — the stanzas of many REST calls, the XEP-0198 <a/> answering ejabberd's
 * <r/> — is held (the socket corked) until the check phase and leaves in one write, so ejabberd
 * reads one packet instead of many. Order is kept (a corked socket only buffers); a write's
 * callback, which @xmpp/connection's send awaits, comes after that one write.
 */
import type { Client } from '@xmpp/client';

interface Corkable {
  readonly writableCorked: number;
  readonly destroyed: boolean;
  cork(): void;
  uncork(): void;
}

/** Holds the client's socket's writes until the check phase (no socket, or already held: nothing). */
export function coalesceWrites(client: Client): void {
  const socket = (client as unknown as { socket?: Corkable | null }).socket;
  // a socket that cannot be held (ofgate's TLS wrapper, stream-tls.ts) writes as it comes
  if (!socket || socket.destroyed || typeof socket.cork !== 'function' || socket.writableCorked > 0) return;
  socket.cork();
  setImmediate(() => socket.uncork());
}
