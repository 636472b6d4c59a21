/**
 * Workgroups kept in the store: the admin side of Fastpath (create, replace members, delete,
 * read). One record per workgroup in collection `fastpathWorkgroups`, id = the workgroup name,
 * value = { description, state } where `state` is the machine's WorkgroupState (the description
 * is the admin's label only; the machine never reads it).
 *
 * Rules it keeps:
 * - Every change of an existing workgroup is the machine's `step` inside `collection.update`:
 *   the update function is pure and may run several times (a concurrent writer here or on
 *   another instance); the effects kept are those of the run whose write won (a closure
 *   variable overwritten on every run), and they are handed on only after the write resolved.
 * - Effects go to `onEffects`, awaited, so an admin call answers after its consequences were
 *   handed on. The adapters that carry effects out (offers, revokes, queue notices over SSE,
 *   rooms, deadlines) come in the next slices; until then the composition root logs them.
 * - Errors: a bad name or member list → 400 naming the field; unknown workgroup → 404; create
 *   over an existing one → 409 (the store's update decides, so two racing creates give one 409).
 * - Time comes from the injected clock, read once per call before the update.
 */
import { conflict, notFound } from '../errors/index.js';
import type { Clock } from '../clock/index.js';
import { KEEP, type Store } from '../store/index.js';
import { newWorkgroup, step, type Effect, type WorkgroupSettings, type WorkgroupState } from './machine/index.js';
import { memberList, workgroupDescription, workgroupName } from './workgroup-names.js';

export const WORKGROUP_COLLECTION = 'fastpathWorkgroups';

export interface WorkgroupRecord {
  readonly description: string;
  readonly state: WorkgroupState;
}

export interface WorkgroupServiceOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Receives the effects of every committed change, in order (awaited). */
  readonly onEffects: (effects: readonly Effect[]) => Promise<void> | void;
  /** ofgate's XMPP domain: members given as `user@{domain}` are stored as `user`. */
  readonly domain?: string;
  /** Settings of a new workgroup over the machine's defaults (from the configuration). */
  readonly defaults?: Partial<WorkgroupSettings>;
}

export interface WorkgroupService {
  /** Creates workgroup `name`; 400 bad name/members, 409 when it exists. */
  create(name: string, description: string | undefined, members: readonly string[]): Promise<WorkgroupRecord>;
  /** Replaces the member list (agents removed lose their offers; new ones start offline). */
  setMembers(name: string, members: readonly string[]): Promise<WorkgroupRecord>;
  /** Deletes it: waiting visitors depart, offers are revoked (effects), then the record goes. */
  delete(name: string): Promise<void>;
  get(name: string): Promise<WorkgroupRecord>;
  /** Every workgroup, by name. */
  list(): Promise<WorkgroupRecord[]>;
  now(): number;
}


export function createWorkgroupService(opts: WorkgroupServiceOptions): WorkgroupService {
  const records = opts.store.collection<WorkgroupRecord>(WORKGROUP_COLLECTION);
  const missing = (name: string) => notFound(`Workgroup ${name} not found`, { resource: name });

  const handOn = async (effects: readonly Effect[]): Promise<void> => {
    if (effects.length > 0) await opts.onEffects(effects);
  };

  return {
    now: () => opts.clock.now(),

    async create(rawName, rawDescription, rawMembers) {
      const name = workgroupName(rawName);
      const description = workgroupDescription(rawDescription);
      const members = memberList(rawMembers, opts.domain);
      let existed = false;
      const stored = await records.update(name, (old) => {
        existed = old !== undefined;
        if (old) return KEEP;
        return { description, state: newWorkgroup(name, opts.defaults ?? {}, members) };
      });
      if (existed || !stored) throw conflict(`Workgroup ${name} already exists`, { resource: name });
      return stored;
    },

    async setMembers(rawName, rawMembers) {
      const name = workgroupName(rawName);
      const members = memberList(rawMembers, opts.domain);
      const now = opts.clock.now();
      let effects: readonly Effect[] = [];
      const stored = await records.update(name, (old) => {
        effects = [];
        if (!old) return KEEP;
        const out = step(old.state, { type: 'membersChanged', members }, now);
        effects = out.effects;
        return out.state === old.state ? KEEP : { ...old, state: out.state };
      });
      if (!stored) throw missing(name);
      await handOn(effects);
      return stored;
    },

    async delete(rawName) {
      const name = workgroupName(rawName);
      const now = opts.clock.now();
      let effects: readonly Effect[] = [];
      let found = false;
      await records.update(name, (old) => {
        effects = [];
        found = old !== undefined;
        if (!old) return KEEP;
        effects = step(old.state, { type: 'workgroupDeleted' }, now).effects;
        return undefined;
      });
      if (!found) throw missing(name);
      await handOn(effects);
    },

    async get(rawName) {
      const name = workgroupName(rawName);
      const r = await records.get(name);
      if (!r) throw missing(name);
      return r;
    },

    async list() {
      return (await records.entries()).map(([, r]) => r);
    },
  };
}
