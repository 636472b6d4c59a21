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
import { followAgentPresence, showOf } from './agent-presence.js';
import { DEADLINE_KINDS, VISITOR_END_KIND, type MachineDeadlinePayload } from './deadline-kinds.js';
import { createEffectRunner } from './effect-runner.js';
import { resumeEffects, type WorkgroupSettings } from './machine/index.js';
import { watchSupportRooms } from './room-watch.js';
import type { SupportRooms } from './support-rooms.js';
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
  };
  readonly domain: string;
  readonly mucService: string;
  /** Signs visitor tokens (ofgate's shared secret). */
  readonly secret: string;
  readonly defaults: Partial<WorkgroupSettings>;
  readonly graceMs: number;
  readonly log: Logger;
}

export interface FastpathRuntime {
  readonly workgroups: WorkgroupService;
  readonly agents: AgentDesk;
  readonly visitors: VisitorAsks;
  readonly tokens: VisitorTokens;
  /** Re-arms timers and routes what waits (after the deadline scheduler exists; before it starts is fine). */
  start(): Promise<void>;
  stop(): void;
}

export function createFastpathRuntime(d: FastpathRuntimeDeps): FastpathRuntime {
  const now = (): number => d.clock.now();
  // the runner and the service need each other: the runner steps roomCreated through the service
  let workgroups: WorkgroupService;
  let visitors: VisitorAsks;
  const run = createEffectRunner({
    addresses: { domain: d.domain, mucService: d.mucService },
    events: d.events,
    deadlines: d.deadlines,
    rooms: d.rooms,
    backend: d.backend,
    hasStream: (u) => d.chat.hasStream(u),
    apply: (wg, e) => workgroups.apply(wg, e),
    requestEnded: (requestId) => visitors.ended(requestId),
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
