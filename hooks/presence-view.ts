/**
 * ofgate's view of who is online, per bare JID, aggregated over all resources: a JID is
 * available when ANY of its resources has sent available presence; its show, status and
 * priority are those of the resource with the highest priority (ties: the most recently
 * updated). Fed from hook events; pure apart from calling change listeners.
 * (Every helpdesk peer got multi-resource presence wrong: notes/helpdesk-peers.md,
 * "Cross-cutting lessons" 3.)
 * References: RFC 6121 §4.7.2.3 (priority), ejabberd 23.01 set/unset_presence_hook,
 * sm_remove_connection_hook (fires before unset_presence_hook when a stream closes).
 */
import type { HookBus, Unsubscribe } from './bus.js';
import type { HookEvent, PresenceShow } from './events.js';

export interface ResourcePresence {
  readonly resource: string;
  readonly show: PresenceShow;
  readonly status: string;
  readonly priority: number;
}

export interface BarePresence {
  readonly jid: string;
  /** The top resource (highest priority, then most recent) and its presence. */
  readonly resource: string;
  readonly show: PresenceShow;
  readonly status: string;
  readonly priority: number;
  /** All available resources, top first. */
  readonly resources: readonly ResourcePresence[];
}

/** Called when a JID comes online, goes offline, or its show/status/priority/top resource changes. */
export type PresenceChangeListener = (jid: string, now: BarePresence | undefined, before: BarePresence | undefined) => void;

export interface PresenceView {
  apply(event: HookEvent): void;
  /** Sets one resource's available presence (`jid` full or bare), as a presence_set event would. */
  setResource(jid: string, presence: ResourcePresence): void;
  isOnline(bareJid: string): boolean;
  get(bareJid: string): BarePresence | undefined;
  /** Bare JIDs with at least one available resource. */
  online(): string[];
  onChange(listener: PresenceChangeListener): Unsubscribe;
  /** Feeds the view from a bus; returns what stops it. */
  attach(bus: HookBus): Unsubscribe;
}

export interface PresenceViewOptions {
  onListenerError?: (error: unknown) => void;
}

interface Entry extends ResourcePresence {
  readonly seq: number;
}

/** `Alice@Example.com/phone` → `alice@example.com` (what the shim sends is already lowercased). */
function bareOf(jid: string): string {
  const slash = jid.indexOf('/');
  return (slash >= 0 ? jid.slice(0, slash) : jid).toLowerCase();
}

function summarize(jid: string, resources: Map<string, Entry> | undefined): BarePresence | undefined {
  if (!resources || resources.size === 0) return undefined;
  const ranked = [...resources.values()].sort((a, b) => b.priority - a.priority || b.seq - a.seq);
  const top = ranked[0] as Entry;
  return {
    jid,
    resource: top.resource,
    show: top.show,
    status: top.status,
    priority: top.priority,
    resources: ranked.map(({ resource, show, status, priority }) => ({ resource, show, status, priority })),
  };
}

function sameSummary(a: BarePresence | undefined, b: BarePresence | undefined): boolean {
  if (!a || !b) return a === b;
  return a.resource === b.resource && a.show === b.show && a.status === b.status && a.priority === b.priority;
}

export function createPresenceView(opts: PresenceViewOptions = {}): PresenceView {
  const byJid = new Map<string, Map<string, Entry>>();
  const listeners = new Set<PresenceChangeListener>();
  let seq = 0;

  const change = (jid: string, mutate: (resources: Map<string, Entry>) => void): void => {
    const before = summarize(jid, byJid.get(jid));
    const resources = byJid.get(jid) ?? new Map<string, Entry>();
    mutate(resources);
    if (resources.size === 0) byJid.delete(jid);
    else byJid.set(jid, resources);
    const now = summarize(jid, byJid.get(jid));
    if (sameSummary(before, now)) return;
    for (const listener of [...listeners]) {
      try {
        listener(jid, now, before);
      } catch (err) {
        opts.onListenerError?.(err);
      }
    }
  };

  const view: PresenceView = {
    apply(event) {
      switch (event.event) {
        case 'presence_set': {
          const { resource, show, status, priority } = event;
          view.setResource(event.jid, { resource, show, status, priority });
          return;
        }
        case 'presence_unset':
        case 'session_closed':
          change(event.jid, (r) => r.delete(event.resource));
          return;
        case 'user_removed':
          change(event.jid, (r) => r.clear());
          return;
        default:
          return; // session_opened: a session without presence is not available
      }
    },
    setResource(jid, { resource, show, status, priority }) {
      change(bareOf(jid), (r) => r.set(resource, { resource, show, status, priority, seq: ++seq }));
    },
    isOnline: (bareJid) => byJid.has(bareOf(bareJid)),
    get: (bareJid) => summarize(bareOf(bareJid), byJid.get(bareOf(bareJid))),
    online: () => [...byJid.keys()],
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    attach(bus) {
      const offs = (['presence_set', 'presence_unset', 'session_closed', 'user_removed'] as const).map((name) =>
        bus.subscribe(name, (e) => view.apply(e)),
      );
      return () => offs.forEach((off) => off());
    },
  };
  return view;
}
