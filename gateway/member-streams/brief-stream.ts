/**
 * A member's XMPP stream opened for one job and closed after it: ofgate acts as the user
 * (its own private storage, its PEP nodes, an upload slot) without its password, through an
 * admin-issued OAuth token and X-OAUTH2 (the token is revoked when the stream closes). The
 * stream sends no presence, so contacts see nothing and ofgate's presence view is untouched.
 * Rules kept: at most `maxConcurrent` brief streams at once (the others wait their turn); a
 * stream always closes, also when the job fails; inbound stanzas that are not answers to the
 * job's requests are dropped.
 * References: ejabberd-23.01.md §7b (admin-issued tokens, X-OAUTH2).
 */
import type { EjabberdBackend } from '../ejabberd/index.js';
import { bare } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import { createConcurrencyGate, openUserStream, type StreamTls, type UserStream } from '../xmpp/index.js';

export interface BriefStreamOptions {
  readonly service: string;
  readonly domain: string;
  readonly tls?: StreamTls | undefined;
  readonly maxStanzaBytes?: number | undefined;
  readonly tokenTtlSeconds: number;
  readonly connectTimeoutMs: number;
  readonly backend: Pick<EjabberdBackend, 'issueToken' | 'revokeToken'>;
  readonly log: Logger;
  /** Brief streams open at once (default 8). */
  readonly maxConcurrent?: number;
}

export interface BriefStreams {
  /** Opens `username`'s stream, runs `job` on it and closes it (also when the job fails). */
  withStream<T>(username: string, job: (stream: UserStream) => Promise<T>): Promise<T>;
}

export function createBriefStreams(o: BriefStreamOptions): BriefStreams {
  const gate = createConcurrencyGate(o.maxConcurrent ?? 8);
  return {
    async withStream(username, job) {
      const release = await gate.acquire();
      try {
        const stream = await openUserStream({
          service: o.service,
          domain: o.domain,
          tls: o.tls,
          maxStanzaBytes: o.maxStanzaBytes,
          username,
          issueToken: () => o.backend.issueToken(bare({ local: username, domain: o.domain }), o.tokenTtlSeconds),
          revokeToken: (t) => o.backend.revokeToken(t),
          connectTimeoutMs: o.connectTimeoutMs,
          log: o.log,
          onStanza: () => {},
          onNotice: () => {},
        });
        try {
          return await job(stream);
        } finally {
          await stream.close().catch((err: unknown) => o.log.warn('member stream: close failed', { username, error: err as Error }));
        }
      } finally {
        release();
      }
    },
  };
}
