/**
 * What route handlers may use. Built once in gateway.ts; routes never construct adapters.
 */
import type { HookBus, HookLedger } from '../../hooks/index.js';
import type { Accounts } from '../accounts/index.js';
import type { Authenticate } from '../auth/index.js';
import type { ChatService } from '../chat/index.js';
import type { ClickToChatRuntime } from '../clicktochat/index.js';
import type { Config } from '../config/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import type { FastpathRuntime, WorkgroupService } from '../fastpath/index.js';
import type { LhcRuntime } from '../lhc/index.js';
import type { Logger } from '../log/index.js';
import type { MucAdmin } from '../muc/index.js';
import type { PresenceView } from '../presence/index.js';
import type { RateLimiter } from '../rate-limit/index.js';
import type { RoomPoolRuntime } from '../roompool/index.js';
import type { SessionsAdmin } from '../sessions/index.js';
import type { EventHub } from '../sse/index.js';
import type { Store } from '../store/index.js';
import type { SystemProperties } from '../system/index.js';
import type { Metrics, Readiness } from '../observability/index.js';
import type { BlastService } from '../blast/index.js';
import type { BookmarkService } from '../bookmarks/index.js';
import type { LinkPreviews } from '../linkpreview/index.js';
import type { SipAccounts } from '../sip/index.js';
import type { UploadSlots } from '../upload/index.js';

/** ofchat's long tail (routes/ofchat/): admin bookmarks, SIP account records, message blasts, upload slots, link previews. */
export interface OfchatTailServices {
  readonly bookmarks: BookmarkService;
  readonly sipAccounts: SipAccounts;
  readonly blasts: BlastService;
  readonly uploads: UploadSlots;
  readonly linkPreviews: LinkPreviews;
}

export interface RouteServices extends OfchatTailServices {
  readonly config: Config;
  /** Shared secret (for the legacy userservice ?secret= parameter). */
  readonly secret: string;
  readonly backend: EjabberdBackend;
  readonly store: Store;
  readonly log: Logger;
  readonly systemProperties: SystemProperties;
  readonly accounts: Accounts;
  readonly muc: MucAdmin;
  /** Sessions, broadcasts and statistics (admin). */
  readonly sessions: SessionsAdmin;
  /** Hook events from mod_ofgate (plain-XMPP activity) and the per-bare-JID online view. */
  readonly hookBus: HookBus;
  readonly presence: PresenceView;
  /** What this instance handled of the hook events (GET /ops/hooks). */
  readonly hookLedger: HookLedger;
  /** This instance's id (cluster.instanceId, generated when not set). */
  readonly instanceId: string;
  /** Resolves the caller from a request (SSE checks Basic credentials itself). */
  readonly authenticate: Authenticate;
  /** The SSE hub: chat streams publish, GET /sse/{username} subscribes. */
  readonly events: EventHub;
  /** The chat API over per-user XMPP streams. */
  readonly chat: ChatService;
  /** Fastpath workgroups kept in the store (ask/admin). */
  readonly workgroups: WorkgroupService;
  /** Fastpath's agent and visitor sides (assists, offers, ask) and visitor tokens. */
  readonly fastpath: FastpathRuntime;
  /** Click-to-chat (clicktochat_ejabberd's /clicktochat paths): registers, pairs, the helpdesk users available. */
  readonly clicktochat: ClickToChatRuntime;
  /** The room pool (HelpIM style): staff takes, client requests, rooms, settings, events (/roompool paths). */
  readonly roompool: RoomPoolRuntime;
  /** The Live Helper Chat bridge: LHC's node-server API (/lhc paths) and its callbacks. */
  readonly lhc: LhcRuntime;
  /** Bounds what public endpoints (public workgroups' asks) take per client address and per target. */
  readonly rateLimiter: RateLimiter;
  /** Prometheus metrics (GET /metrics). */
  readonly metrics: Metrics;
  /** GET /readyz. */
  readonly readiness: Readiness;
  /** ejabberd + shim reachability for /healthz. */
  health(): Promise<{ ejabberd: boolean; detail: string }>;
}
