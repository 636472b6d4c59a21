/**
 * Workgroups kept in the store, and every step of their state machine. One record per
 * workgroup in collection `fastpathWorkgroups`, id = the workgroup name, value =
 * { description, state } where `state` is the machine's WorkgroupState (the description is the
 * admin's label only; the machine never reads it).
 *
 * Rules it keeps:
 * - Every change of an existing workgroup is the machine's `step` inside an atomic store write:
 *   the step is pure and may run several times (a concurrent writer here or on another
 *   instance); the effects kept are those of the run whose write won, handed to `onEffects`
 *   (awaited) only after the write resolved.
 * - Steps that touch more than one record are one transaction: a visitor's join writes the
 *   workgroup and the ask records together (no request is queued without them, no userID asks
 *   twice); a request timeout that overflows removes the request from one workgroup and queues
 *   it in the other in the same write (nothing is lost between the two). A refusal by the target
 *   (closed, full, gone) departs the visitor with `agent-not-found`. An agent's transfer of a
 *   chat to another workgroup is the same transaction, except that a refusal writes nothing
 *   and answers `refused` (the chat stays with its agent).
 * - `fastpathMembers/<user>` lists the workgroups a user is a member of (the presence adapter
 *   reads it per presence change); it is written after the workgroup and rebuilt by `repair()`
 *   at start, so a crash between the two writes heals.
 * - Errors: a bad name or member list → 400 naming the field; unknown workgroup → 404; create
 *   over an existing one → 409 (the store's update decides, so two racing creates give one 409).
 * - Time comes from the injected clock, read once per call before the write.
 */
import { badRequest, conflict, notFound } from '../errors/index.js';
import type { Clock } from '../clock/index.js';
import { KEEP, type RecordWrite, type Store } from '../store/index.js';
import {
  step,
  newWorkgroup,
  type Effect,
  type JoinEvent,
  type JoinResult,
  type MachineEvent,
  type ResultOf,
  type WorkgroupSettings,
  type WorkgroupState,
} from './machine/index.js';
import { ASK_USERS_COLLECTION, ASKS_COLLECTION, askKey, askUserKey, type AskRecord, type AskUserRecord } from './ask-records.js';
import { memberList, workgroupDescription, workgroupName } from './workgroup-names.js';

export const WORKGROUP_COLLECTION = 'fastpathWorkgroups';
export const MEMBERS_COLLECTION = 'fastpathMembers';

export interface WorkgroupRecord {
  readonly description: string;
  readonly state: WorkgroupState;
  /** Key of the host site's visitor identities (identityHash); never shown, only whether it is set. */
  readonly identitySecret?: string;
}

interface MemberRecord {
  readonly workgroups: readonly string[];
}

export interface WorkgroupServiceOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Receives the effects of every committed change of `workgroup`, in order (awaited). */
  readonly onEffects: (workgroup: string, effects: readonly Effect[]) => Promise<void> | void;
  /** ofgate's XMPP domain: members given as `user@{domain}` are stored as `user`. */
  readonly domain?: string;
  /** Settings of a new workgroup over the machine's defaults (from the configuration). */
  readonly defaults?: Partial<WorkgroupSettings>;
}

export interface Applied<R> {
  readonly result: R;
  readonly state: WorkgroupState;
}

/** A join's outcome: the machine's answer, or 'duplicate-user' when the userID already asks somewhere. */
export type AskJoinResult = JoinResult | { readonly kind: 'duplicate-user'; readonly requestId: string };

export interface WorkgroupService {
  /** Creates workgroup `name`; 400 bad name/members, 409 when it exists. */
  create(name: string, description: string | undefined, members: readonly string[]): Promise<WorkgroupRecord>;
  /** Replaces the member list (agents removed lose their offers; new ones start offline). */
  setMembers(name: string, members: readonly string[]): Promise<WorkgroupRecord>;
  /** Changes settings (and the identity secret: '' removes it); 400 naming each bad field. */
  configure(name: string, settings: Partial<WorkgroupSettings>, identitySecret?: string): Promise<WorkgroupRecord>;
  /** Deletes it: waiting visitors depart, offers are revoked (effects), then the record goes. */
  delete(name: string): Promise<void>;
  get(name: string): Promise<WorkgroupRecord>;
  /** Every workgroup, by name. */
  list(): Promise<WorkgroupRecord[]>;
  /** One machine step on workgroup `name` (404 when it does not exist); effects handed on. */
  apply<E extends MachineEvent>(name: string, event: E): Promise<Applied<ResultOf<E>>>;
  /**
   * A visitor's join with its ask records, atomically: refused as 'duplicate-user' while the
   * userID's earlier request is still waiting or chatting anywhere.
   */
  join(name: string, event: JoinEvent, ask: AskRecord): Promise<AskJoinResult>;
  /** The workgroups `username` is a member of. */
  workgroupsOf(username: string): Promise<string[]>;
  /** Rebuilds the member index from the workgroups (at start). */
  repair(): Promise<void>;
  now(): number;
}

const keyOf = (name: string) => ({ collection: WORKGROUP_COLLECTION, id: name });

/** Is request `requestId` still queued or chatting in this state? */
function holds(state: WorkgroupState | undefined, requestId: string): boolean {
  return !!state && (state.queue.some((r) => r.requestId === requestId) || requestId in state.chats);
}

export function createWorkgroupService(opts: WorkgroupServiceOptions): WorkgroupService {
  const { store } = opts;
  const records = store.collection<WorkgroupRecord>(WORKGROUP_COLLECTION);
  const memberIndex = store.collection<MemberRecord>(MEMBERS_COLLECTION);
  const asks = store.collection<AskRecord>(ASKS_COLLECTION);
  const askUsers = store.collection<AskUserRecord>(ASK_USERS_COLLECTION);
  const missing = (name: string) => notFound(`Workgroup ${name} not found`, { resource: name });

  const handOn = async (workgroup: string, effects: readonly Effect[]): Promise<void> => {
    if (effects.length > 0) await opts.onEffects(workgroup, effects);
  };

  /** The member index follows a workgroup's member list (`before` → `after`). */
  async function index(name: string, before: readonly string[], after: readonly string[]): Promise<void> {
    const was = new Set(before);
    const is = new Set(after);
    const changed = [...new Set([...before, ...after])].filter((m) => was.has(m) !== is.has(m));
    await Promise.all(changed.map((m) => memberIndex.update(m, (old) => {
      const set = new Set(old?.workgroups ?? []);
      if (is.has(m)) set.add(name);
      else set.delete(name);
      return set.size === 0 ? undefined : { workgroups: [...set].sort() };
    })));
  }

  /** One step on an existing record; undefined when there is no such workgroup. */
  async function stepOne<E extends MachineEvent>(name: string, event: E, now: number): Promise<{ applied: Applied<ResultOf<E>>; effects: readonly Effect[] } | undefined> {
    let effects: readonly Effect[] = [];
    let result: ResultOf<E> | undefined;
    const stored = await records.update(name, (old) => {
      effects = [];
      result = undefined;
      if (!old) return KEEP;
      const out = step(old.state, event, now);
      effects = out.effects;
      result = out.result;
      return out.state === old.state ? KEEP : { ...old, state: out.state };
    });
    if (!stored || result === undefined) return undefined;
    return { applied: { result, state: stored.state }, effects };
  }

  /**
   * A request timeout that may overflow: the source step, and the target's join of every
   * request it moves, in one transaction over both workgroups and the moved requests' ask records.
   */
  async function stepWithOverflow<E extends MachineEvent>(name: string, source: WorkgroupRecord, target: string, event: E, now: number): Promise<{ applied: Applied<ResultOf<E>>; effects: readonly Effect[]; moved: readonly Effect[] } | { refused: string } | 'retarget' | undefined> {
    // the requests that could move are those queued now (and a transferred chat); their ask records join the transaction
    const candidates = [...source.state.queue.map((r) => r.requestId), ...(event.type === 'transferToWorkgroup' ? [event.offerId] : [])];
    const keys = [keyOf(name), keyOf(target), ...candidates.map(askKey)];
    type Out = { applied: Applied<ResultOf<E>>; effects: readonly Effect[]; moved: readonly Effect[] } | { refused: string } | 'retarget' | undefined;
    return store.transact<Out>(keys, (current) => {
      const [a, b, ...asks] = current as [WorkgroupRecord | undefined, WorkgroupRecord | undefined, ...Array<AskRecord | undefined>];
      if (!a) return { writes: [], result: undefined };
      const out = step(a.state, event, now);
      const effects: Effect[] = [];
      const moved: Effect[] = [];
      let bState = b?.state;
      const writes: RecordWrite[] = [];
      for (const e of out.effects) {
        if (e.type !== 'overflow') {
          effects.push(e);
          continue;
        }
        if (e.to !== target) return { writes: [], result: 'retarget' as const };
        const at = candidates.indexOf(e.join.requestId);
        const ask = at < 0 ? undefined : asks[at];
        const there = bState ? step(bState, e.join, now) : undefined;
        if (there && there.result.kind === 'queued') {
          bState = there.state;
          moved.push(...there.effects);
          if (ask) writes.push({ ...askKey(ask.requestId), value: { ...ask, workgroup: target } satisfies AskRecord });
        } else if (e.transfer) {
          // an agent's transfer the target refuses changes nothing: the chat stays where it is
          return { writes: [], result: { refused: there ? there.result.kind : 'not-found' } };
        } else {
          effects.push({ type: 'departQueue', request: { workgroup: name, requestId: e.join.requestId, userId: e.join.userId, visitor: e.join.visitor }, reason: 'agent-not-found' });
        }
      }
      if (out.state !== a.state) writes.push({ ...keyOf(name), value: { ...a, state: out.state } });
      if (b && bState !== b.state) writes.push({ ...keyOf(target), value: { ...b, state: bState } });
      return { writes, result: { applied: { result: out.result, state: out.state }, effects, moved } };
    });
  }

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
      await index(name, [], stored.state.members);
      return stored;
    },

    async setMembers(rawName, rawMembers) {
      const name = workgroupName(rawName);
      const members = memberList(rawMembers, opts.domain);
      const before = (await records.get(name))?.state.members ?? [];
      const out = await stepOne(name, { type: 'membersChanged', members }, opts.clock.now());
      if (!out) throw missing(name);
      await index(name, before, out.applied.state.members);
      await handOn(name, out.effects);
      return this.get(name);
    },

    async configure(rawName, settings, identitySecret) {
      const name = workgroupName(rawName);
      const out = await stepOne(name, { type: 'settingsChanged', settings }, opts.clock.now());
      if (!out) throw missing(name);
      if (out.applied.result.kind === 'invalid') throw badRequestOf(out.applied.result.problems);
      if (identitySecret !== undefined) {
        await records.update(name, (old) => {
          if (!old) return KEEP;
          const { identitySecret: _old, ...rest } = old;
          return identitySecret === '' ? rest : { ...rest, identitySecret };
        });
      }
      await handOn(name, out.effects);
      return this.get(name);
    },

    async delete(rawName) {
      const name = workgroupName(rawName);
      const now = opts.clock.now();
      let effects: readonly Effect[] = [];
      let members: readonly string[] = [];
      let found = false;
      await records.update(name, (old) => {
        effects = [];
        found = old !== undefined;
        if (!old) return KEEP;
        members = old.state.members;
        effects = step(old.state, { type: 'workgroupDeleted' }, now).effects;
        return undefined;
      });
      if (!found) throw missing(name);
      await index(name, members, []);
      await handOn(name, effects);
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

    async apply(rawName, event) {
      const name = workgroupName(rawName);
      const now = opts.clock.now();
      for (let attempt = 0; attempt < 5; attempt++) {
        const transferTo = event.type === 'transferToWorkgroup' ? event.workgroup : undefined;
        const current = (event.type === 'deadline' && event.deadline.kind === 'requestTimeout') || transferTo !== undefined ? await records.get(name) : undefined;
        const target = transferTo ?? current?.state.settings.overflowTarget;
        const out = current && target && target !== name
          ? await stepWithOverflow(name, current, target, event, now)
          : await stepOne(name, event, now);
        if (out === 'retarget') continue; // the overflow target changed meanwhile
        if (!out) throw missing(name);
        // only a transferToWorkgroup step is refused this way: its result type is the TransferResult
        if ('refused' in out) return { result: { kind: 'refused', refusal: out.refused }, state: (current as WorkgroupRecord).state } as Applied<never>;
        await handOn(name, out.effects);
        if (target && 'moved' in out) await handOn(target, out.moved as readonly Effect[]);
        return out.applied;
      }
      throw conflict(`Workgroup ${name} keeps changing its overflow target: retry`, { resource: name });
    },

    async join(rawName, event, ask): Promise<AskJoinResult> {
      const name = workgroupName(rawName);
      const now = opts.clock.now();
      let effects: readonly Effect[] = [];
      type Out = JoinResult | { readonly kind: 'earlier'; readonly requestId: string } | undefined;
      const result = await store.transact<Out>([keyOf(name), askUserKey(ask.userId), askKey(ask.requestId)], (current) => {
        effects = [];
        const [wg, user] = current as [WorkgroupRecord | undefined, AskUserRecord | undefined];
        if (!wg) return { writes: [], result: undefined };
        if (user && user.requestId !== ask.requestId) {
          // the earlier request still counts while its workgroup holds it (the record may be stale after a crash)
          return { writes: [], result: { kind: 'earlier', requestId: user.requestId } };
        }
        const out = step(wg.state, event, now);
        if (out.result.kind !== 'queued') return { writes: [], result: out.result };
        effects = out.effects;
        return {
          writes: [
            { ...keyOf(name), value: { ...wg, state: out.state } },
            { ...askUserKey(ask.userId), value: { requestId: ask.requestId } satisfies AskUserRecord },
            { ...askKey(ask.requestId), value: ask },
          ],
          result: out.result,
        };
      });
      if (!result) throw missing(name);
      if (result.kind === 'earlier') {
        if (await stillAsking(result.requestId)) return { kind: 'duplicate-user', requestId: result.requestId };
        // stale: its request ended without its records being cleared; clear and ask again
        await askUsers.update(ask.userId, (old) => (old?.requestId === result.requestId ? undefined : KEEP));
        return this.join(name, event, ask);
      }
      await handOn(name, effects);
      return result;
    },

    async workgroupsOf(username) {
      return [...((await memberIndex.get(username))?.workgroups ?? [])];
    },

    async repair() {
      const all = await records.entries();
      const want = new Map<string, Set<string>>();
      for (const [name, r] of all) for (const m of r.state.members) (want.get(m) ?? want.set(m, new Set()).get(m) as Set<string>).add(name);
      for (const [m, rec] of await memberIndex.entries()) {
        if (!want.has(m)) await memberIndex.update(m, () => undefined);
        else if ([...(want.get(m) as Set<string>)].sort().join('\n') === [...rec.workgroups].join('\n')) want.delete(m);
      }
      for (const [m, set] of want) await memberIndex.put(m, { workgroups: [...set].sort() });
    },
  };

  async function stillAsking(requestId: string): Promise<boolean> {
    const ask = await asks.get(requestId);
    if (!ask || ask.endedAt !== null) return false;
    return holds((await records.get(ask.workgroup))?.state, requestId);
  }
}

function badRequestOf(problems: readonly string[]) {
  return badRequest(problems.join('; '), { resource: (problems[0] ?? '').split(':')[0] ?? 'settings' });
}
