/**
 * A short-lived XMPP stream for what ejabberd 23.01's API cannot do on a room (read its
 * archive, change its subject, list the MUC services): a local account's temporary stream
 * (xmpp/'s runOnTemporaryStream: admin-issued token over X-OAUTH2, no password, closed when
 * the work is done; no cap of its own, a 1 s goodbye). Stanzas are written with the XML writer
 * and handed to xmpp/ as parsed stanzas.
 * References: ../../../shared/notes/ejabberd-23.01.md §7b.
 */
import type { EjabberdBackend } from '../ejabberd/index.js';
import type { Logger } from '../log/index.js';
import { renderXml, type XmlElement } from '../xml/index.js';
import { parseStanzaText, runOnTemporaryStream, type Stanza, type StreamTls, type UserStream } from '../xmpp/index.js';

export interface RoomStreamOptions {
  readonly service: string;
  /** Trust for STARTTLS / xmpps:// (config xmpp.tls). */
  readonly tls?: StreamTls | undefined;
  readonly domain: string;
  readonly connectTimeoutMs: number;
  readonly tokenTtlSeconds: number;
}

export type WithStream = <T>(user: string, work: (s: UserStream) => Promise<T>) => Promise<T>;

export function createWithStream(backend: EjabberdBackend, opts: RoomStreamOptions, log: Logger): WithStream {
  return (user, work) => runOnTemporaryStream({ ...opts, backend, log, stopTimeoutMs: 1000 }, user, work);
}

/** An element written with the XML writer (every value escaped), as a stanza xmpp/ can send. */
export function stanza(el: XmlElement): Stanza {
  return parseStanzaText(renderXml(el, false));
}
