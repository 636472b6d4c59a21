/**
 * Fastpath assembled: the workgroup service with its effect runner, the visitor and agent
 * sides, agent presence, the support-room watch, and the durable timers. Built once by the
 * composition root; the routes use `workgroups`, `agents`, `visitors` and `tokens`.
 *
 * Start-up (every instance, idempotent): the member index is rebuilt, agents' presence is
 * brought up to date from the online view (it may have changed while no instance listened),
 * then every workgroup's timers are re-armed from its state (`resumeEffects`: overdue ones fire at once, rooms of
 * accepted requests not reported yet are made) and routing runs once (`reconcile`), so queued
 * visitors keep their place and pending offers are re-offered or revoked after a crash.
 *
 * The pages' records (issue 25) hang on the effect runner: a chat record is written once the
 * support room exists and completed, with the transcript read from the room's archive, before
 * the room goes; page settings, offline messages and canned replies are plain store records.
 */
import type { HookBus } from '../../hooks/index.js';
import type { Principal } from '../auth/index.js';
import type { Clock } from '../clock/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import { GatewayError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import type { PresenceView } from '../presence/index.js';
import type { EventPublisher } from '../sse/index.js';
import type { Store } from '../store/index.js';
import type { DeadlineScheduler } from '../timers/index.js';
import { createAgentDesk, type AgentDesk } from './agent-desk.js';
import { createCannedReplies, type CannedReplies } from './canned-replies.js';
import { createChatRecords, partyOf, type ChatRecords } from './chat-records.js';
import { followAgentPresence, showOf } from './agent-presence.js';
import { DEADLINE_KINDS, VISITOR_END_KIND, type MachineDeadlinePayload } from './deadline-kinds.js';
import { createEffectRunner } from './effect-runner.js';
import { createOfflineMessages, type OfflineMessages } from './offline-messages.js';
import { createPageSettings, type PageSettingsStore } from './page-settings.js';
import { resumeEffects, type WorkgroupSettings } from './machine/index.js';
import { watchSupportRooms } from './room-watch.js';
import type { SupportRooms } from './support-rooms.js';
import { createTranscriptReader, type RoomHistory, type TranscriptReader } from './transcripts.js';
import { createVisitorAccounts } from './visitor-accounts.js';
import { createVisitorAsks, type VisitorAsks, type VisitorRoomActions } from './visitor-asks.js';
import { createVisitorTokens, type VisitorTokens } from './visitor-token.js';
import { createWorkgroupService, type WorkgroupService } from './workgroup-service.js';

export interface FastpathRuntimeDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly backend: EjabberdBackend;
  readonly events: EventPublisher;
  readonly deadlines: DeadlineScheduler;
  readonly presence: Pick<PresenceView, 'onChange' | 'get'>;
  readonly hooks: Pick<HookBus, 'subscribe'>;
  readonly rooms: SupportRooms;
  /** The chat service's stream and room actions (visitor streams are chat streams). */
  readonly chat: VisitorRoomActions & {
    login(principal: Principal, username: string, body: string): Promise<string>;
    hasStream(username: string): Promise<boolean>;
    /** A room's archive read as a member (the chat service's history): the chats' transcripts. */
    history: RoomHistory;
  };
  readonly domain: string;
  readonly mucService: string;
  /** Signs visitor tokens (ofgate's shared secret). */
  readonly secret: string;
  readonly defaults: Partial<WorkgroupSettings>;
  readonly graceMs: number;
  /** How long a chat record is kept after the accept (fastpath.chatRecordDays; 0: kept). Default 365 days. */
  readonly chatRecordKeepMs?: number;
  readonly log: Logger;
}

export interface FastpathRuntime {
  readonly workgroups: WorkgroupService;
  readonly agents: AgentDesk;
  readonly visitors: VisitorAsks;
  readonly tokens: VisitorTokens;
  /** The support chats' records (the console's history, the visitor's rating). */
  readonly chatRecords: ChatRecords;
  /** A support room's transcript, read from its archive while the room exists. */
  readonly transcripts: TranscriptReader;
  readonly offlineMessages: OfflineMessages;
  readonly canned: CannedReplies;
  /** The widget's settings of each workgroup (title, forms). */
  readonly pages: PageSettingsStore;
  /** Re-arms timers and routes what waits (after the deadline scheduler exists; before it starts is fine). */
  start(): Promise<void>;
  stop(): void;
}

export function createFastpathRuntime(d: FastpathRuntimeDeps): FastpathRuntime {
  const now = (): number => d.clock.now();
  // the runner and the service need each other: the runner steps roomCreated through the service
  let workgroups: WorkgroupService;
  let visitors: VisitorAsks;
  const chatRecords = createChatRecords({ store: d.store, now, keepMs: d.chatRecordKeepMs ?? 365 * 86_400_000 });
  const transcripts = createTranscriptReader({ history: (p, u, q) => d.chat.history(p, u, q), mucService: d.mucService });
  const run = createEffectRunner({
    addresses: { domain: d.domain, mucService: d.mucService },
    events: d.events,
    deadlines: d.deadlines,
    rooms: d.rooms,
    backend: d.backend,
    hasStream: (u) => d.chat.hasStream(u),
    apply: (wg, e) => workgroups.apply(wg, e),
    requestEnded: (requestId) => visitors.ended(requestId),
    chatOpened: async (workgroup, agent, requestId) => {
      const ask = await visitors.record(requestId);
      if (ask) await chatRecords.opened({ workgroup, agent, ask, room: d.rooms.jidOf(requestId), at: now() });
    },
    chatEnded: async (_workgroup, requestId, reason) => {
      const record = await chatRecords.get(requestId);
      if (!record) return;
      // the archive answers only while the room exists: read it now (a failure keeps the record without it)
      const messages = await transcripts.read(requestId, record.agent, partyOf(record)).catch((err: unknown) => {
        d.log.warn('fastpath: the transcript of an ending chat could not be read', { requestId, error: err as Error });
        return null;
      });
      await chatRecords.endChatRecord(requestId, { endedAt: now(), reason, messages });
    },
    log: d.log,
  });
  workgroups = createWorkgroupService({ store: d.store, clock: d.clock, domain: d.domain, defaults: d.defaults, onEffects: run });
  visitors = createVisitorAsks({
    store: d.store,
    workgroups,
    accounts: createVisitorAccounts({ backend: d.backend, login: (p, u, b) => d.chat.login(p, u, b), log: d.log }),
    rooms: d.chat,
    deadlines: d.deadlines,
    destroyRoom: (requestId) => d.rooms.destroy(requestId),
    domain: d.domain,
    mucService: d.mucService,
    graceMs: d.graceMs,
    now,
    log: d.log,
  });
  const agents = createAgentDesk({ workgroups, asks: visitors, showOf: (u) => showOf(d.presence, u, d.domain), now });

  const ignoreGone = (err: unknown): void => {
    if (err instanceof GatewayError && err.kind === 'not-found') return; // the workgroup was deleted meanwhile
    throw err;
  };
  for (const kind of Object.values(DEADLINE_KINDS)) {
    d.deadlines.on<MachineDeadlinePayload>(kind, async (_id, p) => {
      await workgroups.apply(p.workgroup, { type: 'deadline', deadline: p.deadline }).catch(ignoreGone);
    });
  }
  d.deadlines.on(VISITOR_END_KIND, (requestId) => visitors.remove(requestId));

  const stops: Array<() => void> = [];
  return {
    workgroups,
    agents,
    visitors,
    tokens: createVisitorTokens(d.secret),
    chatRecords,
    transcripts,
    offlineMessages: createOfflineMessages({ store: d.store, now }),
    canned: createCannedReplies(d.store),
    pages: createPageSettings(d.store),
    async start() {
      await workgroups.repair();
      for (const r of await workgroups.list()) {
        const name = r.state.name;
        // presence may have changed while no instance was listening (this one was down)
        for (const agent of r.state.members) {
          const show = await showOf(d.presence, agent, d.domain);
          if (r.state.agents[agent]?.show !== show) await workgroups.apply(name, { type: 'agentPresence', agent, show }).catch(ignoreGone);
        }
        await run(name, resumeEffects(r.state));
        await workgroups.apply(name, { type: 'reconcile' }).catch(ignoreGone);
      }
      stops.push(followAgentPresence({ presence: d.presence, workgroups, domain: d.domain, log: d.log }));
      stops.push(watchSupportRooms({ hooks: d.hooks, mucService: d.mucService, asks: visitors, rooms: d.rooms, workgroups, domain: d.domain, log: d.log }));
    },
    stop() {
      for (const s of stops.splice(0)) s();
    },
  };
}
