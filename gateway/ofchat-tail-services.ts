/**
 * The services behind ofchat's long tail (routes/ofchat/), built once from the configuration:
 * admin bookmarks pushed on members' brief streams, SIP account records, message blasts, upload
 * slots (mod_http_upload) and SSRF-safe link previews. Composition only.
 */
import { createBlastService } from './blast/index.js';
import { createBookmarkPusher, createBookmarkService } from './bookmarks/index.js';
import type { Config } from './config/index.js';
import type { EjabberdBackend } from './ejabberd/index.js';
import { createLinkPreviews } from './linkpreview/index.js';
import type { Logger } from './log/index.js';
import { createBriefStreams } from './member-streams/index.js';
import { createSipAccounts } from './sip/index.js';
import type { Store } from './store/index.js';
import type { OfchatTailServices } from './routes/index.js';
import { createUploadSlots } from './upload/index.js';

export function buildOfchatTailServices(d: { config: Config; store: Store; backend: EjabberdBackend; log: Logger }): OfchatTailServices {
  const { config, store, backend, log } = d;
  const streams = createBriefStreams({
    service: config.xmpp.service,
    domain: config.xmpp.domain,
    tls: config.xmpp.tls,
    maxStanzaBytes: config.server.stanzaMaxBytes,
    tokenTtlSeconds: config.xmpp.tokenTtlSeconds,
    connectTimeoutMs: config.xmpp.connectTimeoutMs,
    backend,
    log,
  });
  return {
    bookmarks: createBookmarkService({ store, backend, pusher: createBookmarkPusher({ streams, store, log }), domain: config.xmpp.domain, log }),
    sipAccounts: createSipAccounts(store),
    blasts: createBlastService({ store, backend, domain: config.xmpp.domain, now: () => new Date() }),
    uploads: createUploadSlots({ streams, service: config.ofchat.uploadService ?? `upload.${config.xmpp.domain}`, timeoutMs: config.xmpp.connectTimeoutMs }),
    linkPreviews: createLinkPreviews(config.ofchat.linkPreview),
  };
}
