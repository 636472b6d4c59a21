/**
 * Makes one @xmpp/client session unable to take the process (or other sessions) down when it
 * closes or fails. @xmpp/client 0.14.0 has two races under load (notes pitfall 18):
 * - bytes arriving after stop() detached the parser: `Connection._onData` calls
 *   `this.parser.write` on null and throws from the socket's 'data' listener (uncaught);
 *   ltx also throws synchronously on an illegal entity from the server;
 * - a socket error after `_detachSocket` removed the only 'error' listener (ECONNRESET during
 *   stop() on a session with a backlog) is an uncaught 'error' event.
 * The guards patch the two instance methods (before the first connect, since the socket
 * listener is bound once, lazily) and bound stop() so a dead peer cannot hang a logoff.
 *
 * One more 0.14.0 defect breaks reconnects: when the connection drops after <enable/> was sent
 * but before <enabled/> came back, stanzas sent meanwhile stay in the XEP-0198 outbound queue;
 * the next connection cannot resume (no id), skips the queue flush, throws "queue should be
 * empty after enable" halfway through enabling, keeps a stale inbound counter, and ejabberd
 * ends that stream ("Client acknowledged more stanzas than sent by server") — a reconnect loop.
 * The guard fails such an unresumable queue on disconnect, as a failed resumption would.
 *
 * Nothing ejabberd would end the stream for is written: a stanza over ejabberd's
 * max_stanza_size, or one holding a character XML cannot carry, kills the user's stream after
 * the REST caller got 200. The guard checks every write (gateway/xml's stanza limits) and
 * rejects it with 413 or 400 before a byte goes out — and before stream management counts it,
 * since @xmpp/stream-management queues a stanza only once it was written.
 * References: ejabberd-23.01.md §10 (18); @xmpp/connection and @xmpp/stream-management 0.14.0;
 * XEP-0198 §4 (counters), §5 (resumption).
 */
import type { Client } from '@xmpp/client';
import { GatewayError } from '../errors/index.js';
import { DEFAULT_STANZA_LIMITS, unsendableStanza } from '../xml/index.js';
import { NS_SM } from './namespaces.js';

interface ConnectionInternals {
  parser: unknown;
  socket: { destroy(): void; on(event: 'error', fn: (err: Error) => void): void } | null;
  _onData(data: Buffer | string): void;
  _attachSocket(socket: NonNullable<ConnectionInternals['socket']>): void;
  emit(event: 'error', err: unknown): boolean;
  write(text: string): Promise<void>;
  send(el: unknown): Promise<void>;
  sendMany(elements: readonly unknown[]): Promise<void>;
}

export interface GuardOptions {
  /** Largest stanza written (UTF-8 bytes); larger ones are refused with 413 (default: DEFAULT_STANZA_LIMITS.maxBytes). */
  readonly maxStanzaBytes?: number;
}

interface StreamManagementInternals {
  id: string | undefined;
  outbound: number;
  inbound: number;
  outbound_q: Array<{ stanza: unknown }>;
  emit(event: 'fail', stanza: unknown): boolean;
}

const ignore = (): void => {};

/** Installs the guards; call right after `client()` and before `start()`. */
export function guardClient(client: Client, onError: (err: unknown) => void, opts: GuardOptions = {}): void {
  const c = client as unknown as ConnectionInternals;
  const maxBytes = opts.maxStanzaBytes ?? DEFAULT_STANZA_LIMITS.maxBytes;
  const write = c.write;
  c.write = function guardedWrite(this: ConnectionInternals, text) {
    const refused = unsendableStanza(text, maxBytes);
    if (refused) return Promise.reject(new GatewayError(refused.kind === 'too-large' ? 'payload-too-large' : 'bad-request', refused.message, { resource: 'stanza' }));
    return write.call(this, text);
  };
  // A resumption sends the whole unacknowledged queue through sendMany, as one text: checked as
  // one, a busy spell's queue would pass the stanza size limit and be lost. Each stanza is
  // written and checked on its own instead (in order; the turn's writes still leave together).
  c.sendMany = async function sendEach(this: ConnectionInternals, elements) {
    for (const el of elements) await this.send(el);
  };
  // an 'error' event with no listener throws: there is always one
  client.on('error', (err: unknown) => {
    try {
      onError(err);
    } catch {
      // a logging failure must not escape either
    }
  });

  const onData = c._onData;
  c._onData = function guardedOnData(this: ConnectionInternals, data) {
    if (!this.parser) return; // detached: the stream is closing, late bytes are dropped
    try {
      onData.call(this, data);
    } catch (err) {
      this.emit('error', err);
    }
  };

  const sm = (client as unknown as { streamManagement?: StreamManagementInternals }).streamManagement;
  if (sm) {
    client.on('disconnect', () => {
      if (sm.id || !Array.isArray(sm.outbound_q)) return; // resumable: the next connection resumes or fails it
      for (const item of sm.outbound_q.splice(0)) sm.emit('fail', item.stanza);
      sm.outbound = 0;
      sm.inbound = 0;
    });
  }

  const attachSocket = c._attachSocket;
  c._attachSocket = function guardedAttachSocket(this: ConnectionInternals, socket) {
    // stays after xmpp.js unsubscribes its own listeners
    socket.on('error', ignore);
    attachSocket.call(this, socket);
  };
}


/**
 * Resolves once XEP-0198 is settled on a stream that just came online: enabled, refused, or
 * not offered. @xmpp/client 0.14 reports "online" right after resource binding, before
 * <enable/> is answered. A stanza sent in that gap (the initial presence) makes ejabberd
 * answer before it counts for XEP-0198. The client may still count the answer after it resets
 * its counter on <enabled/>; at the next ack ejabberd then ends the stream ("Client
 * acknowledged more stanzas than sent by server"). So send nothing until this resolves.
 * Never rejects; gives up after `timeoutMs`.
 */
export function streamManagementSettled(client: Client, timeoutMs: number): Promise<void> {
  const sm = (client as unknown as { streamManagement?: { enabled: boolean; enableSent: boolean } }).streamManagement;
  if (!sm || sm.enabled) return Promise.resolve();
  return new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const done = (): void => {
      if (timer) clearTimeout(timer);
      client.removeListener('nonza', onNonza);
      setImmediate(resolve); // lets @xmpp/stream-management apply <enabled/> first
    };
    const onNonza = (el: { is(name: string, ns?: string): boolean }): void => {
      if (el.is('enabled', NS_SM) || el.is('failed', NS_SM)) done();
    };
    client.on('nonza', onNonza);
    timer = setTimeout(done, timeoutMs);
    timer.unref();
    // <enable/> goes out right after binding; if it has not by the next turn, SM is not offered.
    setImmediate(() => {
      if (!sm.enableSent && !sm.enabled) done();
    });
  });
}

/**
 * Stops the client within `timeoutMs` whatever the peer does: no reconnect, a polite stream
 * close when possible, otherwise the socket is destroyed. Never rejects.
 */
export async function stopClient(client: Client, timeoutMs: number): Promise<void> {
  try {
    client.reconnect.stop();
  } catch {
    // not started
  }
  let timer: NodeJS.Timeout | undefined;
  const stopped = await Promise.race([
    client.stop().then(() => true, () => false),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
    }),
  ]);
  if (timer) clearTimeout(timer);
  if (!stopped) {
    try {
      (client as unknown as ConnectionInternals).socket?.destroy();
    } catch {
      // already gone
    }
  }
}
