/**
 * Click-to-chat assembled: settings, the pairing service over the store with its effect runner,
 * the helpdesk directory, the client lifecycle, and the presence and hook adapters. Built once by
 * the composition root; the routes use `settings`, `register`, `disconnect`, `availableAgents`
 * and `snapshot`.
 *
 * The presence and hook adapters listen from construction (before a cluster's hook stream is
 * consumed). Start-up (every instance, idempotent): with a presence view of this process only
 * (one instance), the helpdesk host's sessions are seeded into it (the main seed covers
 * xmpp.domain only); then one `reconcile` step catches up with what
 * happened while no instance listened (helpdesk users gone offline give their clients to others,
 * online ones join the queue); every client's durable check is armed again.
 */
import type { HookBus, PresenceShow } from '../../hooks/index.js';
import type { Clock } from '../clock/index.js';
import type { Config } from '../config/index.js';
import { hostBackends, type EjabberdBackend } from '../ejabberd/index.js';
import { bareOf } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import type { PresenceView } from '../presence/index.js';
import type { EventPublisher } from '../sse/index.js';
import type { Store } from '../store/index.js';
import type { DeadlineScheduler } from '../timers/index.js';
import { followAgentPresence } from './agent-presence.js';
import { clickToChatSettings, type ClickToChatSettings } from './clicktochat-settings.js';
import { CLIENT_CHECK_KIND, createClientLifecycle, type RegisterOutcome } from './client-lifecycle.js';
import { clientName, clientPassword } from './client-names.js';
import { followClientSessions } from './client-sessions.js';
import { createEffectRunner } from './effect-runner.js';
import { createHelpdeskDirectory } from './helpdesk-directory.js';
import type { ClickToChatState } from './machine/index.js';
import { createPairingService } from './pairing-service.js';

export interface ClickToChatRuntimeDeps {
  readonly config: Pick<Config, 'clicktochat' | 'ejabberd' | 'xmpp'>;
  /** ejabberd on xmpp.domain (other hosts get their own adapter with the same settings). */
  readonly backend: EjabberdBackend;
  readonly store: Store;
  readonly clock: Clock;
  readonly presence: Pick<PresenceView, 'onChange' | 'get' | 'seedResource'>;
  readonly hooks: Pick<HookBus, 'subscribe'>;
  readonly events: EventPublisher;
  readonly deadlines: DeadlineScheduler;
  /** Several instances share the store and the online view (then nothing is seeded here). */
  readonly shared: boolean;
  readonly log: Logger;
}

export interface ClickToChatRuntime {
  readonly settings: ClickToChatSettings;
  /** A register as the route read it: names checked (400), `address` set for anonymous pages (the per-address cap). */
  register(input: { readonly username: string; readonly password: string; readonly address: string | null }): Promise<RegisterOutcome>;
  disconnect(rawJid: string): Promise<void>;
  /** Helpdesk users who can take a client now (bare JIDs, sorted). */
  availableAgents(): Promise<string[]>;
  snapshot(): Promise<ClickToChatState>;
  start(): Promise<void>;
  stop(): void;
}

const SHOWS: readonly PresenceShow[] = ['available', 'away', 'chat', 'dnd', 'xa'];

export function createClickToChatRuntime(d: ClickToChatRuntimeDeps): ClickToChatRuntime {
  const settings = clickToChatSettings(d.config.clicktochat, d.config.xmpp.domain);
  const backendOf = hostBackends(d.config, d.backend);
  const clientBackend = backendOf(settings.clientHost);
  const helpdeskBackend = backendOf(settings.helpdeskHost);

  const pairing = createPairingService({
    store: d.store,
    clock: d.clock,
    rules: { maxSessions: settings.maxSessions },
    onEffects: createEffectRunner({
      clientHost: settings.clientHost,
      helpdeskHost: settings.helpdeskHost,
      domain: d.config.xmpp.domain,
      rosterLink: settings.rosterLink,
      clientRoster: clientBackend,
      helpdeskRoster: helpdeskBackend,
      sendStanza: (from, to, stanza) => d.backend.sendStanza(from, to, stanza),
      events: d.events,
      log: d.log,
    }),
  });
  const directory = createHelpdeskDirectory({
    helpdeskHost: settings.helpdeskHost,
    helpdeskGroup: settings.helpdeskGroup,
    backend: helpdeskBackend,
    presence: d.presence,
    clock: d.clock,
  });
  const clients = createClientLifecycle({
    pairing,
    directory,
    accounts: clientBackend,
    deadlines: d.deadlines,
    clientHost: settings.clientHost,
    timeoutMs: settings.clientTimeoutMs,
    clock: d.clock,
    log: d.log,
  });
  d.deadlines.on(CLIENT_CHECK_KIND, (client) => clients.check(client));

  /** The helpdesk host's sessions into this process's view (never overwriting what events said). */
  async function seedHelpdesk(): Promise<void> {
    if (d.shared || settings.helpdeskHost === d.config.xmpp.domain) return;
    for (const s of await helpdeskBackend.listSessions()) {
      const show = (SHOWS as readonly string[]).includes(s.status) ? (s.status as PresenceShow) : 'available';
      await d.presence.seedResource(s.jid, { resource: s.resource, show, status: s.statusText, priority: s.priority });
    }
  }

  /** Who may be a helpdesk user now: the group's members, or the helpdesk host's sessions; and whoever the state names. */
  async function candidates(state: ClickToChatState): Promise<string[]> {
    const found = settings.helpdeskGroup !== null
      ? await helpdeskBackend.getSharedGroupMembers(settings.helpdeskGroup)
      : (await helpdeskBackend.listSessions()).map((s) => s.jid);
    const named = Object.values(state.clients).flatMap((c) => (c.agent === null ? [] : [c.agent]));
    const all = [...found.map(bareOf), ...state.queue, ...named];
    return [...new Set(all)].filter((j) => directory.onHelpdeskHost(j) && !(j in state.clients));
  }

  // listening from the start: in a cluster the hook stream is consumed once every subscriber exists
  const stops: Array<() => void> = [
    followAgentPresence({ presence: d.presence, directory, pairing, log: d.log }),
    followClientSessions({ hooks: d.hooks, clientHost: settings.clientHost, clients, log: d.log }),
  ];
  return {
    settings,
    register: async ({ username, password, address }) => clients.register({
      name: clientName(username, settings.namePattern),
      password: clientPassword(password),
      address,
      maxPerAddress: address === null ? null : settings.publicAccountsPerAddress,
    }),
    disconnect: (rawJid) => clients.disconnect(rawJid),
    async availableAgents() {
      return (await directory.available((await pairing.read()).queue)).sort();
    },
    snapshot: () => pairing.read(),
    async start() {
      try {
        await seedHelpdesk();
      } catch (error) {
        d.log.warn('clicktochat: cannot read the helpdesk host\'s sessions; presence events will tell', { error: error as Error });
      }
      try {
        const online = await directory.online(await candidates(await pairing.read()));
        await pairing.apply({ type: 'reconcile', online, available: await directory.available(online) });
      } catch (error) {
        d.log.warn('clicktochat: the start-up reconcile failed; presence events will catch up', { error: error as Error });
      }
      await clients.armChecks();
    },
    stop() {
      for (const s of stops.splice(0)) s();
    },
  };
}
