/**
 * A short-lived XMPP stream for what ejabberd 23.01's API cannot do on a room (read its
 * archive, change its subject): a local account's stream opened with an admin-issued OAuth
 * token over X-OAUTH2 (no password; the token is revoked once SASL is done), closed when the
 * work is done. Stanzas are written with the XML writer and handed to xmpp/ as parsed stanzas.
 * References: ../../../shared/notes/ejabberd-23.01.md §7b.
 */
import type { StreamTls } from '../xmpp/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import { GatewayError, isGatewayError } from '../errors/index.js';
import { bare } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import { renderXml, type XmlElement } from '../xml/index.js';
import { openUserStream, parseStanzaText, type Stanza, type UserStream } from '../xmpp/index.js';

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
  return async (user, work) => {
    const stream = await openUserStream({
      service: opts.service,
      domain: opts.domain,
      tls: opts.tls,
      username: user,
      issueToken: () => backend.issueToken(bare({ local: user, domain: opts.domain }), opts.tokenTtlSeconds),
      revokeToken: (token) => backend.revokeToken(token),
      connectTimeoutMs: opts.connectTimeoutMs,
      stopTimeoutMs: 1000,
      log,
      onStanza: () => {},
      onNotice: () => {},
    }).catch((err: unknown) => {
      // ofgate's own helper stream failing is ejabberd's problem, never the REST caller's credentials
      if (isGatewayError(err) && err.kind === 'unauthorized') {
        throw new GatewayError('upstream-unavailable', `ejabberd refused a token login for ${bare({ local: user, domain: opts.domain })} (does the account exist? is oauth_access set?)`, { cause: err });
      }
      throw err;
    });
    try {
      return await work(stream);
    } finally {
      await stream.close();
    }
  };
}

/** An element written with the XML writer (every value escaped), as a stanza xmpp/ can send. */
export function stanza(el: XmlElement): Stanza {
  return parseStanzaText(renderXml(el, false));
}
