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
import { createHmac } from 'node:crypto';
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
  readonly openHere: { byStreamId(id: string): { readonly username: string } | undefined; byUser(username: string): unknown };
  /** Closes a local stream whose lease this instance no longer holds (nothing shared is touched). */
  readonly relinquish: (username: string) => Promise<void>;
  /** Takeovers the sweep runs at once (default 8). */
  readonly sweepConcurrency?: number;
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
  /**
   * The user's stream ended here (logoff, idle, kicked): the stream record goes, the user's record
   * too while it still names that stream, and the lease is freed unless a stream is open here.
   * Until this settles, requests for the user are served here (and find no stream: 404) instead
   * of reopening it.
   */
  closed(username: string, streamId: string | undefined): Promise<void>;
  /** Gives the lease up (a failed login or takeover) and leaves the records for a later takeover. */
  abandon(username: string): Promise<void>;
  /** Some instance has (or held, and a request would reopen) a stream for the user. */
  hasStream(username: string): Promise<boolean>;
  /**
   * One sweep for orphaned streams: when an instance holding leases disappeared since the last
   * sweep (or on the first sweep), the streams it held are taken over here (each by exactly one
   * instance: the lease decides), so a user whose owner died gets the stream back even if no
   * request comes. Returns how many were taken over here.
   */
  sweep(): Promise<number>;
  /** Runs `sweep` now and every `everyMs` (never two at once); returns what stops it. */
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
  // its own key: the hooks secret also sits in ejabberd's mod_ofgate configuration
  const hopKey = createHmac('sha256', o.secret).update('ofgate-hop').digest('base64url');
  /** Users whose stream is ending here (closed() on its way): never reopened meanwhile. */
  const closing = new Set<string>();
  const streams = o.store.collection<StreamRecord>('chatStreams');
  const users = o.store.collection<UserRecord>('chatUsers');
  const now = o.now ?? Date.now;
  const takeovers = new Map<string, Promise<boolean>>();
  const leaseRecords = o.store.collection<LeaseRecord>(LEASES_COLLECTION);
  const holderRecords = o.store.collection<HolderRecord>(LEASE_HOLDERS_COLLECTION);
  /** Live lease holders at the last sweep: instance → incarnation. */
  let knownHolders: Map<string, string> | undefined;
  /** Orphans whose takeover failed (ejabberd or Redis down): tried again at the next sweep. */
  const retry = new Set<string>();

  /** Relinquishes a local stream whose lease lapsed; true when the stream is open here and ours. */
  const servedHere = async (username: string | undefined): Promise<boolean> => {
    if (username === undefined) return false;
    if (o.leases.holds(leaseOf(username))) return true;
    // our lease lapsed (a stalled instance): another may hold the stream now — never serve it twice
    await o.relinquish(username);
    return false;
  };

  const facts = async (kind: 'streamid' | 'username', value: string, hop: boolean): Promise<{ route: StreamRoute; streamId: string | undefined }> => {
    const name = value.trim().toLowerCase();
    const local = kind === 'streamid' ? o.openHere.byStreamId(value)?.username : o.openHere.byUser(name) ? name : undefined;
    if (await servedHere(local)) return { route: { kind: 'local' }, streamId: kind === 'streamid' ? value : undefined };
    let username: string | undefined;
    let streamId: string | undefined;
    if (kind === 'streamid') {
      username = (await streams.get(value))?.username;
      streamId = value;
    } else {
      username = name;
      streamId = (await users.get(username))?.streamId;
    }
    const recorded = kind === 'streamid' ? username !== undefined : streamId !== undefined;
    const ending = username !== undefined && closing.has(username);
    const holder = username !== undefined && !ending ? await o.leases.holder(leaseOf(username)) : undefined;
    return { route: decideStreamRoute({ openHere: false, ending, username, recorded, holder, me: o.instanceId, hop }), streamId };
  };

  /**
   * One takeover per user at a time: a request and the sweep (or two requests) arriving together
   * join the one attempt — registered before its first await, so no second reopen of the same
   * stream can start while the lease is being acquired — and get its answer.
   */
  const takeOver = (username: string, streamId: string): Promise<boolean> => {
    const running = takeovers.get(username);
    if (running) return running;
    const attempt = (async (): Promise<boolean> => {
      if (!(await o.leases.acquire(leaseOf(username)))) return false;
      try {
        await o.reopen(username, streamId);
      } catch (err) {
        await o.leases.release(leaseOf(username)).catch(() => false);
        throw err;
      }
      o.log.info('cluster: stream taken over', { username, streamId });
      return true;
    })().finally(() => takeovers.delete(username));
    takeovers.set(username, attempt);
    return attempt;
  };

  const route = async (kind: 'streamid' | 'username', value: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    // Express strips a router's mount path from req.url; the hop is signed over what the client sent
    const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    const hop = verifyHop(hopKey, req.headers, req.method ?? 'GET', url, now()) !== undefined;
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
          const outcome = await forwardRequest(req, res, { targetUrl: target, url, secret: hopKey, instanceId: o.instanceId, timeoutMs: o.forwardTimeoutMs, now });
          if (outcome === 'forwarded') return true;
          throw new GatewayError('upstream-unavailable', `The instance holding this stream (${route.instance}) is unreachable; it is taken over once its lease lapses: retry`, { resource: value });
        }
      }
    }
    throw new GatewayError('upstream-unavailable', 'Stream ownership is changing; retry', { resource: value });
  };

  const api: StreamRouting = {
    async gate(kind, value, req, res) {
      try {
        return await route(kind, value, req, res);
      } catch (err) {
        if (err instanceof GatewayError) throw err;
        // the store or a peer failed (Redis down, not started yet): a retry may work, a 500 would lie
        o.log.warn('cluster: cannot route a stream request', { error: err as Error });
        throw new GatewayError('upstream-unavailable', 'The stream cannot be reached right now: retry', { resource: value });
      }
    },

    async abandon(username) {
      if (!o.openHere.byUser(username)) await o.leases.release(leaseOf(username)).catch(() => false);
    },

    claim: (username) => o.leases.acquire(leaseOf(username)),

    async sweep() {
      const live = new Map((await holderRecords.entries()).map(([id, h]) => [id, h.incarnation]));
      // an instance that stopped, or restarted (a new incarnation: its earlier leases are free)
      const changed = !knownHolders || [...knownHolders].some(([id, inc]) => live.get(id) !== inc);
      if (!changed && retry.size === 0) {
        knownHolders = live;
        return 0;
      }
      const orphans = changed
        ? (await leaseRecords.entries('stream:'))
          .filter(([, lease]) => live.get(lease.holder) !== lease.incarnation)
          .map(([name]) => name.slice('stream:'.length))
        : [...retry];
      // every instance sweeps: a shuffled order spreads them over different users
      for (let i = orphans.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [orphans[i], orphans[j]] = [orphans[j] as string, orphans[i] as string];
      }
      let taken = 0;
      const failed = new Set<string>();
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < orphans.length) {
          const username = orphans[next++] as string;
          const rec = await users.get(username);
          if (!rec || o.openHere.byUser(username)) continue;
          try {
            if (await takeOver(username, rec.streamId)) taken += 1;
          } catch (err) {
            failed.add(username);
            o.log.warn('cluster: cannot take over an orphaned stream; the next sweep retries', { username, error: err as Error });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(o.sweepConcurrency ?? 8, orphans.length) }, worker));
      knownHolders = live; // only once the pass is done: a failed sweep is run again
      retry.clear();
      for (const u of failed) retry.add(u);
      return taken;
    },


    startSweeping(clock, everyMs) {
      let running = false;
      const sweepOnce = (): void => {
        if (running) return;
        running = true;
        api.sweep()
          .then((n) => n > 0 && o.log.info('cluster: orphaned streams taken over', { count: n }))
          .catch((err: unknown) => o.log.warn('cluster: orphan sweep failed; retried at the next one', { error: err as Error }))
          .finally(() => {
            running = false;
          });
      };
      sweepOnce(); // at start: streams orphaned before this instance ran (a restart) come back now
      return clock.every(everyMs, sweepOnce);
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

    async closed(username, streamId) {
      closing.add(username); // before any await: see facts()
      try {
        const rec = await users.getVersioned(username);
        const sid = streamId ?? rec?.value.streamId;
        if (sid !== undefined) await streams.delete(sid);
        // the user's record only while it names this stream (a newer one may have been opened meanwhile)
        if (rec && (streamId === undefined || rec.value.streamId === streamId)) await users.compareAndSet(username, rec.version, undefined);
        if (!o.openHere.byUser(username)) await o.leases.release(leaseOf(username)).catch(() => false);
      } finally {
        closing.delete(username);
      }
    },


    async hasStream(username) {
      const name = username.toLowerCase();
      if (o.openHere.byUser(name)) return true;
      return (await users.get(name)) !== undefined;
    },
  };
  return api;
}
