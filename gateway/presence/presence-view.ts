/**
 * ofgate's view of who is online, per bare JID, aggregated over all resources (the rules:
 * presence-record.ts). Fed from hook events; its records live in a PresenceStorage: a Map by
 * default, the shared Store in a cluster, where every instance reads the same answers.
 * Change listeners fire on the instance that applied the event (each hook event is consumed by
 * one instance, so once per cluster), with the summaries before and after that very change.
 * Reads and writes are async; `apply` resolves once the change is stored, so the intakes'
 * `await bus.publish` covers it.
 * (Every helpdesk peer got multi-resource presence wrong: notes/helpdesk-peers.md,
 * "Cross-cutting lessons" 3.)
 * References: RFC 6121 §4.7.2.3 (priority), ejabberd 23.01 set/unset_presence_hook,
 * sm_remove_connection_hook (fires before unset_presence_hook when a stream closes).
 */
import type { HookBus, HookEvent, Unsubscribe } from '../../hooks/index.js';
import { bareOf } from '../jid/index.js';
import {
  clearResources,
  removeResource,
  sameSummary,
  seedResource,
  setResource,
  summarize,
  type BarePresence,
  type PresenceStep,
  type ResourcePresence,
} from './presence-record.js';
import { createMemoryPresenceStorage, type PresenceStorage } from './presence-storage.js';

/** Called when a JID comes online, goes offline, or its show/status/priority/top resource changes. */
export type PresenceChangeListener = (jid: string, now: BarePresence | undefined, before: BarePresence | undefined) => void;

/** The hook events the view reads (and so what it asks mod_ofgate to forward). */
export const PRESENCE_EVENT_KINDS = ['presence_set', 'presence_unset', 'session_closed', 'user_removed'] as const;

export interface PresenceView {
  apply(event: HookEvent): Promise<void>;
  /** Sets one resource's available presence (`jid` full or bare), as a presence_set event would. */
  setResource(jid: string, presence: ResourcePresence): Promise<void>;
  /**
   * The start-up seed: adds the resource only when the view lacks it, never overwriting or
   * removing anything (on a shared view, a running instance keeps it current from newer events
   * than the snapshot). true when added.
   */
  seedResource(jid: string, presence: ResourcePresence): Promise<boolean>;
  isOnline(bareJid: string): Promise<boolean>;
  get(bareJid: string): Promise<BarePresence | undefined>;
  /** Bare JIDs with at least one available resource. */
  online(): Promise<string[]>;
  /** The first `limit` available bare JIDs' presences, in JID order (one read, not one per JID). */
  list(limit: number): Promise<BarePresence[]>;
  onChange(listener: PresenceChangeListener): Unsubscribe;
  /** Feeds the view from a bus (publish awaits each change); returns what stops it. */
  attach(bus: HookBus): Unsubscribe;
}

export interface PresenceViewOptions {
  /** Where the records live (default: a Map in this process). */
  storage?: PresenceStorage;
  onListenerError?: (error: unknown) => void;
}

export function createPresenceView(opts: PresenceViewOptions = {}): PresenceView {
  const storage = opts.storage ?? createMemoryPresenceStorage();
  const listeners = new Set<PresenceChangeListener>();

  const change = async (jid: string, step: PresenceStep): Promise<boolean> => {
    const { before, after } = await storage.change(jid, step);
    if (before === after) return false;
    const was = summarize(jid, before);
    const now = summarize(jid, after);
    if (sameSummary(was, now)) return true;
    for (const listener of [...listeners]) {
      try {
        listener(jid, now, was);
      } catch (err) {
        opts.onListenerError?.(err);
      }
    }
    return true;
  };

  const view: PresenceView = {
    async apply(event) {
      switch (event.event) {
        case 'presence_set': {
          const { resource, show, status, priority } = event;
          await change(bareOf(event.jid), setResource({ resource, show, status, priority }));
          return;
        }
        case 'presence_unset':
        case 'session_closed':
          await change(bareOf(event.jid), removeResource(event.resource));
          return;
        case 'user_removed':
          await change(bareOf(event.jid), clearResources);
          return;
        default:
          return; // session_opened: a session without presence is not available
      }
    },
    async setResource(jid, presence) {
      await change(bareOf(jid), setResource(presence));
    },
    seedResource: (jid, presence) => change(bareOf(jid), seedResource(presence)),
    isOnline: async (bareJid) => (await storage.read(bareOf(bareJid))) !== undefined,
    get: async (bareJid) => summarize(bareOf(bareJid), await storage.read(bareOf(bareJid))),
    online: async () => (await storage.records()).map(([jid]) => jid),
    list: async (limit) => (await storage.records(limit)).flatMap(([jid, rec]) => summarize(jid, rec) ?? []),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    attach(bus) {
      const offs = PRESENCE_EVENT_KINDS.map((name) =>
        bus.subscribe(name, (e) => view.apply(e)),
      );
      return () => offs.forEach((off) => off());
    },
  };
  return view;
}
