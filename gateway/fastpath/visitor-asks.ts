/**
 * The visitor's side of Fastpath (ofchat's `ask` routes): ask, see its place, join its support
 * room, talk, cancel; and the end of a request (its account and records go after a grace
 * period, on a durable deadline, so a restart or another instance still removes them).
 *
 * Rules:
 * - An ask is checked against the workgroup's current state first (unknown 404, closed 400
 *   "Workgroup is offline" with the next opening, queue full 503 + Retry-After, the userID
 *   already asking 409).
 * - Then the join, written with the ask records in one transaction (the agents' offer goes out
 *   at once), then the visitor's fresh account and its stream; an account that cannot be made
 *   withdraws the request again. A refused ask creates no account.
 * - A visitor is named by its userID on the routes; its requests's ask record says which
 *   workgroup holds it now and which stream is its own.
 * - Room actions use the visitor's own stream: joining is implicit before the first message
 *   and before the first chat state (typing goes to the room as `type=groupchat`).
 */
import type { Principal } from '../auth/index.js';
import { badRequest, conflict, GatewayError, notFound } from '../errors/index.js';
import { bare } from '../jid/index.js';
import { CHAT_STATES, isChatState } from '../xmpp/index.js';
import type { Logger } from '../log/index.js';
import { KEEP, type Collection, type Store } from '../store/index.js';
import type { DeadlineScheduler } from '../timers/index.js';
import { ASK_USERS_COLLECTION, ASKS_COLLECTION, type AskFields, type AskRecord, type AskUserRecord } from './ask-records.js';
import { VISITOR_END_KIND } from './deadline-kinds.js';
import { joinRefusal, visitorStatus, type JoinEvent, type JoinResult, type VisitorStatus } from './machine/index.js';
import { randomName, type VisitorAccounts } from './visitor-accounts.js';
import type { WorkgroupService } from './workgroup-service.js';

const SYSTEM: Principal = { kind: 'secret' };

/** What the route hands over, validated. */
export interface AskInput {
  readonly fields: AskFields;
  /** Higher first; only from trusted callers (the route drops it otherwise). */
  readonly priority: number;
  /** A verified host-site identity, or null. */
  readonly identity: string | null;
}

export interface AskTicket {
  readonly record: AskRecord;
  readonly position: number;
  readonly estimatedSeconds: number;
}

export interface AskStatus {
  readonly record: AskRecord;
  readonly status: VisitorStatus;
}

/** The room actions of a visitor's own stream (the chat service's, on the system's behalf). */
export interface VisitorRoomActions {
  join(principal: Principal, streamId: string, room: string, service?: string): Promise<void>;
  leave(principal: Principal, streamId: string, room: string, service?: string): Promise<void>;
  post(principal: Principal, streamId: string, room: string, service: string | undefined, text: string): Promise<void>;
  /** XEP-0085 state to `to` (a room JID: as groupchat). */
  sendChatState(principal: Principal, streamId: string, state: string, to: string): Promise<void>;
}

export interface VisitorAsksDeps {
  readonly store: Store;
  readonly workgroups: WorkgroupService;
  readonly accounts: VisitorAccounts;
  readonly rooms: VisitorRoomActions;
  readonly deadlines: Pick<DeadlineScheduler, 'schedule'>;
  /** Removes a request's support room if it is still there (idempotent). */
  readonly destroyRoom: (requestId: string) => Promise<void>;
  readonly domain: string;
  readonly mucService: string;
  readonly graceMs: number;
  readonly now: () => number;
  readonly log: Logger;
}

export interface VisitorAsks {
  ask(input: AskInput): Promise<AskTicket>;
  /** The live request `userId` names (404 when none). */
  statusOf(userId: string): Promise<AskStatus>;
  /** The ask record of a request (ended ones too, until removed). */
  record(requestId: string): Promise<AskRecord | undefined>;
  /** The ask record `userId` names now, if any. */
  recordOfUser(userId: string): Promise<AskRecord | undefined>;
  joinRoom(userId: string): Promise<string>;
  say(userId: string, text: string): Promise<void>;
  /** The visitor's chat state (composing, paused, active, …) to its support room. */
  chatState(userId: string, state: string): Promise<void>;
  cancel(userId: string): Promise<void>;
  /** The request ended: its account goes after the grace period. */
  ended(requestId: string): Promise<void>;
  /** The grace period is over: room (if still there), account, stream and records go. */
  remove(requestId: string): Promise<void>;
}

function refusal(r: Exclude<JoinResult, { kind: 'queued' }> | { readonly kind: 'duplicate-user'; readonly requestId: string }, workgroup: string): GatewayError {
  switch (r.kind) {
    case 'closed':
      return badRequest(r.nextOpening === null ? 'Workgroup is offline' : `Workgroup is offline; it opens at ${new Date(r.nextOpening).toISOString()}`, { resource: workgroup });
    case 'queue-full':
      return new GatewayError('upstream-unavailable', 'The queue is full: retry later', { resource: workgroup, retryAfterSeconds: r.retryAfterSeconds });
    case 'duplicate':
    case 'duplicate-user':
      return conflict('This userID is already waiting or chatting', { resource: workgroup });
  }
}

export function createVisitorAsks(d: VisitorAsksDeps): VisitorAsks {
  const asks: Collection<AskRecord> = d.store.collection<AskRecord>(ASKS_COLLECTION);
  const users: Collection<AskUserRecord> = d.store.collection<AskUserRecord>(ASK_USERS_COLLECTION);

  const joinEvent = (requestId: string, visitor: string, input: AskInput): JoinEvent => {
    const f = input.fields;
    const metadata: Record<string, string> = { username: f.userID, email: f.emailAddress, question: f.question };
    for (const k of ['nickname', 'product', 'company', 'state', 'country'] as const) {
      const v = f[k];
      if (v) metadata[k] = v;
    }
    if (input.identity) metadata.identity = input.identity;
    return { type: 'join', requestId, userId: f.userID, visitor, metadata, priority: input.priority, agent: f.agent ?? null };
  };

  async function statusOf(userId: string): Promise<AskStatus> {
    const record = await recordOfUser(userId);
    const state = record && record.endedAt === null ? (await d.workgroups.get(record.workgroup).catch(() => undefined))?.state : undefined;
    const status = state ? visitorStatus(state, userId) : undefined;
    if (!record || !status || status.requestId !== record.requestId) throw notFound(`Assistance not found for ${userId}`, { resource: userId });
    return { record, status };
  }

  async function recordOfUser(userId: string): Promise<AskRecord | undefined> {
    const u = await users.get(userId);
    return u ? asks.get(u.requestId) : undefined;
  }

  async function roomOf(userId: string): Promise<{ record: AskRecord; room: string }> {
    const { record, status } = await statusOf(userId);
    if (status.stage !== 'room' || !status.roomReady) throw badRequest(`${userId} has no support room yet`, { resource: userId });
    return { record, room: status.requestId };
  }

  /**
   * Runs `act` on the visitor's stream; a stream that is gone (ofgate restarted: one instance
   * keeps no streams over a restart; or never opened: its instance died right after the join)
   * is opened again password-less (the account made first if missing) and the record updated.
   */
  async function onOwnStream(record: AskRecord, act: (streamId: string) => Promise<void>): Promise<void> {
    try {
      await act(record.streamId);
      return;
    } catch (err) {
      // the chat's 404 for an unknown stream names the stream id
      if (!(err instanceof GatewayError && err.kind === 'not-found' && err.resource === record.streamId)) throw err;
    }
    // the account itself may be missing: the instance that queued the ask died before making it
    const streamId = await d.accounts.reopen(record.account).catch((err: unknown) => {
      if (err instanceof GatewayError && err.kind === 'not-found') return d.accounts.open(record.account);
      throw err;
    });
    await asks.update(record.requestId, (old) => (old ? { ...old, streamId } : KEEP));
    d.log.info('fastpath: a visitor stream was opened again', { requestId: record.requestId });
    await act(streamId);
  }

  const api: VisitorAsks = {
    statusOf,
    recordOfUser,
    record: (requestId) => asks.get(requestId),

    async ask(input) {
      const wg = await d.workgroups.get(input.fields.workgroup);
      const name = wg.state.name;
      const refused = joinRefusal(wg.state, input.fields.userID, d.now());
      if (refused) throw refusal(refused, name);
      // queued first (agents get the offer at once), the visitor's account and stream made meanwhile:
      // nothing needs them before the visitor joins its room
      const requestId = randomName(10);
      const account = d.accounts.newName();
      const record: AskRecord = {
        requestId,
        userId: input.fields.userID,
        workgroup: name,
        account,
        streamId: '',
        fields: input.fields,
        identity: input.identity,
        askedAt: d.now(),
        endedAt: null,
      };
      const result = await d.workgroups.join(name, joinEvent(requestId, bare({ local: account, domain: d.domain }), input), record);
      if (result.kind !== 'queued') throw refusal(result, name);
      let streamId: string;
      try {
        streamId = await d.accounts.open(account);
      } catch (err) {
        // no account for the visitor: its request is withdrawn (the agent's offer revoked, if any)
        await api.cancel(record.userId).catch((e: unknown) => d.log.warn('fastpath: cannot withdraw an ask whose account failed', { requestId, error: e as Error }));
        throw err;
      }
      await asks.update(requestId, (old) => (old ? { ...old, streamId } : KEEP));
      return { record: { ...record, streamId }, position: result.position, estimatedSeconds: result.estimatedSeconds };
    },

    async joinRoom(userId) {
      const { record, room } = await roomOf(userId);
      await onOwnStream(record, (streamId) => d.rooms.join(SYSTEM, streamId, room, d.mucService));
      return `${room}@${d.mucService}`;
    },

    async say(userId, text) {
      const { record, room } = await roomOf(userId);
      await onOwnStream(record, async (streamId) => {
        await d.rooms.join(SYSTEM, streamId, room, d.mucService); // a no-op once joined
        await d.rooms.post(SYSTEM, streamId, room, d.mucService, text);
      });
    },

    async chatState(userId, state) {
      if (!isChatState(state)) throw badRequest(`Unknown chat state ${state} (expected ${CHAT_STATES.join(', ')})`, { resource: state });
      const { record, room } = await roomOf(userId);
      await onOwnStream(record, async (streamId) => {
        await d.rooms.join(SYSTEM, streamId, room, d.mucService); // a no-op once joined
        await d.rooms.sendChatState(SYSTEM, streamId, state, `${room}@${d.mucService}`);
      });
    },

    async cancel(userId) {
      const record = await recordOfUser(userId);
      if (!record || record.endedAt !== null) throw notFound(`Assistance not found for ${userId}`, { resource: userId });
      const { result } = await d.workgroups.apply(record.workgroup, { type: 'cancel', userId });
      if (result.kind === 'not-found') throw notFound(`Assistance not found for ${userId}`, { resource: userId });
    },

    async ended(requestId) {
      const now = d.now();
      const stored = await asks.update(requestId, (old) => (old && old.endedAt === null ? { ...old, endedAt: now } : KEEP));
      if (!stored) return;
      await d.deadlines.schedule(VISITOR_END_KIND, requestId, (stored.endedAt ?? now) + d.graceMs);
    },

    async remove(requestId) {
      const record = await asks.get(requestId);
      if (!record) return;
      await d.destroyRoom(requestId); // a destroy that failed when the chat ended is retried here, on a durable deadline
      await d.accounts.remove(record.account);
      await users.update(record.userId, (old) => (old?.requestId === requestId ? undefined : KEEP));
      await asks.delete(requestId);
    },
  };
  return api;
}
