/**
 * Stream ownership across instances (shared mode): gathers the facts of stream-route.ts from the
 * pool, the store and the leases, and carries the decision out — serve here, forward over the
 * internal hop, or take the stream over (reopen it here password-less under the same stream id,
 * presence and rooms restored by the pool) when its owner died.
 *
 * Records (Store): `chatStreams/<streamId>` = { username }, `chatUsers/<username>` = { streamId };
 * the lease `stream:<username>` says which instance holds the stream. Stream ids start with the
 * id of the instance that opened them (`<instance>.<random>`), so the common case — the request
 * lands where the stream is — needs no lookup at all.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock/index.js';
import { GatewayError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import type { Store } from '../store/index.js';
import { forwardRequest, verifyHop } from './forward-request.js';
import type { InstanceRegistry } from './instance-registry.js';
import { LEASE_HOLDERS_COLLECTION, LEASES_COLLECTION, type Leases } from './leases.js';
import type { HolderRecord, LeaseRecord } from './lease-record.js';
import { decideStreamRoute, type StreamRoute } from './stream-route.js';

export interface StreamRoutingOptions {
  readonly store: Store;
  readonly leases: Leases;
  readonly registry: Pick<InstanceRegistry, 'urlOf'>;
  readonly instanceId: string;
  /** HMAC key of the internal hop (shared by every instance). */
  readonly secret: string;
  readonly forwardTimeoutMs: number;
  readonly log: Logger;
  /** This instance's pool: is the stream open here? */
  readonly openHere: { byStreamId(id: string): unknown; byUser(username: string): unknown };
  /** Reopens the user's stream here (password-less) under `streamId`, restoring presence and rooms. */
  readonly reopen: (username: string, streamId: string) => Promise<void>;
  readonly now?: () => number;
}

export interface StreamRouting {
  /**
   * For a request naming a stream (`streamid`) or a user (`username`): true when it was answered
   * elsewhere (forwarded); false when it is to be served here (after a takeover if one was due).
   */
  gate(kind: 'streamid' | 'username', value: string, req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Before opening a user's stream here: takes the lease; false when a live instance holds it. */
  claim(username: string): Promise<boolean>;
  /** A stream was opened here for the user under this id. */
  opened(username: string, streamId: string): Promise<void>;
  /** The user's stream ended (logoff, idle, kicked): records gone, lease freed. */
  closed(username: string): Promise<void>;
  /** Some instance has (or held, and a request would reopen) a stream for the user. */
  hasStream(username: string): Promise<boolean>;
  /** A new stream id naming this instance. */
  readonly streamIdPrefix: string;
  /**
   * One sweep for orphaned streams: when an instance holding leases disappeared since the last
   * sweep (or on the first sweep), the streams it held are taken over here (each by exactly one
   * instance: the lease decides), so a user whose owner died gets the stream back even if no
   * request comes. Returns how many were taken over here.
   */
  sweep(): Promise<number>;
  /** Runs `sweep` every `everyMs` (never two at once); returns what stops it. */
  startSweeping(clock: Clock, everyMs: number): () => void;
}

interface StreamRecord {
  readonly username: string;
}
interface UserRecord {
  readonly streamId: string;
}

const leaseOf = (username: string): string => `stream:${username}`;

export function createStreamRouting(o: StreamRoutingOptions): StreamRouting {
  const streams = o.store.collection<StreamRecord>('chatStreams');
  const users = o.store.collection<UserRecord>('chatUsers');
  const now = o.now ?? Date.now;
  const takeovers = new Map<string, Promise<void>>();
  const leaseRecords = o.store.collection<LeaseRecord>(LEASES_COLLECTION);
  const holderRecords = o.store.collection<HolderRecord>(LEASE_HOLDERS_COLLECTION);
  /** Live lease holders at the last sweep: instance → incarnation. */
  let knownHolders: Map<string, string> | undefined;

  const pages = async <T>(list: (after: string | undefined) => Promise<Array<[string, T]>>): Promise<Array<[string, T]>> => {
    const out: Array<[string, T]> = [];
    let after: string | undefined;
    for (;;) {
      const page = await list(after);
      out.push(...page);
      if (page.length < 1000) return out;
      after = page[page.length - 1]?.[0];
    }
  };

  const facts = async (kind: 'streamid' | 'username', value: string, hop: boolean) => {
    if (kind === 'streamid') {
      if (o.openHere.byStreamId(value)) return { route: { kind: 'local' } as StreamRoute, streamId: value };
      const rec = await streams.get(value);
      const holder = rec ? await o.leases.holder(leaseOf(rec.username)) : undefined;
      return { route: decideStreamRoute({ openHere: false, username: rec?.username, holder, me: o.instanceId, hop }), streamId: value };
    }
    const username = value.trim().toLowerCase();
    if (o.openHere.byUser(username)) return { route: { kind: 'local' } as StreamRoute, streamId: undefined };
    const rec = await users.get(username);
    const holder = await o.leases.holder(leaseOf(username));
    // a login of a user whose stream nobody holds is served here (the login claims the lease)
    const route = decideStreamRoute({ openHere: false, username: holder || rec ? username : undefined, holder, me: o.instanceId, hop });
    return { route: route.kind === 'takeover' && !rec ? ({ kind: 'local' } as StreamRoute) : route, streamId: rec?.streamId };
  };

  const takeOver = async (username: string, streamId: string): Promise<boolean> => {
    const running = takeovers.get(username);
    if (running) {
      await running;
      return true;
    }
    if (!(await o.leases.acquire(leaseOf(username)))) return false;
    const attempt = o.reopen(username, streamId);
    takeovers.set(username, attempt);
    try {
      await attempt;
      o.log.info('cluster: stream taken over', { username, streamId });
      return true;
    } catch (err) {
      await o.leases.release(leaseOf(username)).catch(() => false);
      throw err;
    } finally {
      takeovers.delete(username);
    }
  };

  const api: StreamRouting = {
    streamIdPrefix: `${o.instanceId}.`,

    async gate(kind, value, req, res) {
      // Express strips a router's mount path from req.url; the hop is signed over what the client sent
      const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
      const hop = verifyHop(o.secret, req.headers, req.method ?? 'GET', url, now()) !== undefined;
      for (let attempt = 0; attempt < 3; attempt++) {
        const { route, streamId } = await facts(kind, value, hop);
        switch (route.kind) {
          case 'local':
            return false;
          case 'unavailable':
            throw new GatewayError('upstream-unavailable', `Stream not available on this instance (${route.reason}); retry`, { resource: value });
          case 'takeover':
            if (streamId === undefined) return false;
            if (await takeOver(route.username, streamId)) return false;
            continue; // another instance won the lease meanwhile: forward to it
          case 'forward': {
            const target = await o.registry.urlOf(route.instance);
            if (!target) continue; // it just died: its lease lapses with it
            const outcome = await forwardRequest(req, res, { targetUrl: target, url, secret: o.secret, instanceId: o.instanceId, timeoutMs: o.forwardTimeoutMs, now });
            if (outcome === 'forwarded') return true;
            throw new GatewayError('upstream-unavailable', `The instance holding this stream (${route.instance}) is unreachable; it is taken over once its lease lapses: retry`, { resource: value });
          }
        }
      }
      throw new GatewayError('upstream-unavailable', 'Stream ownership is changing; retry', { resource: value });
    },

    claim: (username) => o.leases.acquire(leaseOf(username)),

    async sweep() {
      const live = new Map((await pages((after) => holderRecords.list({ limit: 1000, ...(after ? { after } : {}) }))).map(([id, h]) => [id, h.incarnation]));
      const before = knownHolders;
      knownHolders = live;
      // an instance that stopped, or restarted (a new incarnation: its earlier leases are free)
      if (before && [...before].every(([id, inc]) => live.get(id) === inc)) return 0;
      const orphans = (await pages((after) => leaseRecords.list({ prefix: 'stream:', limit: 1000, ...(after ? { after } : {}) })))
        .filter(([, lease]) => live.get(lease.holder) !== lease.incarnation)
        .map(([name]) => name.slice('stream:'.length));
      let taken = 0;
      for (const username of orphans) {
        const rec = await users.get(username);
        if (!rec) continue;
        try {
          if (await takeOver(username, rec.streamId)) taken += 1;
        } catch (err) {
          o.log.warn('cluster: cannot take over an orphaned stream; the next request retries', { username, error: err as Error });
        }
      }
      return taken;
    },

    startSweeping(clock, everyMs) {
      let running = false;
      return clock.every(everyMs, () => {
        if (running) return;
        running = true;
        api.sweep()
          .then((n) => n > 0 && o.log.info('cluster: orphaned streams taken over', { count: n }))
          .catch((err: unknown) => o.log.warn('cluster: orphan sweep failed; retried at the next one', { error: err as Error }))
          .finally(() => {
            running = false;
          });
      });
    },

    async opened(username, streamId) {
      await o.store.transact(
        [
          { collection: 'chatStreams', id: streamId },
          { collection: 'chatUsers', id: username },
        ],
        (current) => {
          const previous = current[1] as UserRecord | undefined;
          const writes = [
            { collection: 'chatStreams', id: streamId, value: { username } },
            { collection: 'chatUsers', id: username, value: { streamId } },
          ];
          return { writes, result: previous?.streamId };
        },
      ).then(async (previous) => {
        if (previous !== undefined && previous !== streamId) await streams.delete(previous);
      });
    },

    async closed(username) {
      const rec = await users.get(username);
      if (rec) await streams.delete(rec.streamId);
      await users.delete(username);
      await o.leases.release(leaseOf(username)).catch(() => false);
    },

    async hasStream(username) {
      const name = username.toLowerCase();
      if (o.openHere.byUser(name)) return true;
      return (await users.get(name)) !== undefined;
    },
  };
  return api;
}
