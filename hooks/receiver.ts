/**
 * The intake for mod_ofgate's POSTs: `POST /hooks/events` with `{"events":[...]}`.
 *
 * - 401 unless both X-Ofgate-Secret and X-Ofgate-Signature (HMAC of the raw body) check out.
 *   The router parses its own raw body, so no JSON parser may run before it.
 * - Before a byte of the body is read: 401 when the secret header is wrong or either header is
 *   missing, 413 when Content-Length says more than the limit (the connection is then closed,
 *   the body never read). Only a caller holding the secret gets its body read (bounded) and
 *   HMAC-checked.
 * - 400 when the body is not `{"events":[...]}` or when no event in it decodes: the shim
 *   then drops that batch instead of retrying it forever (it can never succeed).
 * - The good events go to the intake (hooks/hook-intake.ts), even when others in the batch are
 *   bad (those are logged). 200 only once the intake says the hand-off is durable, with
 *   `{accepted, duplicates, rejected:[{index,id?,event?,error}], wanted, selectors}`. `wanted`
 *   names the event kinds the bus has listeners for; mod_ofgate forwards only those, so nothing
 *   is built, sent or parsed for events nobody here reads. `selectors` narrows message kinds
 *   further (hooks/message-selector.ts): `{"message_sent":[{"type":"chat","to":"^visitor…"}]}`.
 * - 503 when the intake fails (the shared stream's Redis is down): the shim keeps the batch and
 *   sends it again after its back-off. Never 500 for that: nothing of the batch is lost.
 * - Ids the intake already took are not handed over again, so the shim may retry a batch whose
 *   answer it lost. Without an intake given, the local one (dedup window + the bus) is used.
 * References: erlang-shim/README.md ("Delivery"), hooks/decode.ts, hooks/signature.ts.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import type { HookBus } from './bus.js';
import { decodeBatchJson } from './decode.js';
import type { HookIntake } from './hook-intake.js';
import { selectorsWire } from './message-selector.js';
import { createLocalIntake } from './local-intake.js';
import { SECRET_HEADER, SIGNATURE_HEADER, verifyHookRequest } from './signature.js';

/** Structurally the gateway's Logger; hooks/ imports nothing from gateway/. */
export interface HookLog {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface HookReceiverOptions {
  /** The shim's `secret` option. Must not be empty. */
  readonly secret: string;
  /** Its interest() and selectors() are the `wanted` and `selectors` of each answer. */
  readonly bus: HookBus;
  /** Where batches are handed over (default: a local intake over `bus`, see local-intake.ts). */
  readonly intake?: HookIntake;
  /** The default local intake's dedup window (default 10 000 ids); unused with `intake`. */
  readonly dedupWindow?: number;
  readonly log: HookLog;
  /** Largest accepted body (default 20 MiB; the shim posts at most 1 MiB, or one event: a stanza of up to 256 KiB, ~6× that once JSON-escaped). */
  readonly limit?: string | number;
  /** Route path inside the router (default `/hooks/events`). */
  readonly path?: string;
}

export const DEFAULT_HOOK_PATH = '/hooks/events';

const DEFAULT_LIMIT_BYTES = 20 * 1024 * 1024;
const UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** `limit` in bytes: a number, or `N`, `Nkb`, `Nmb` (1 kb = 1024 bytes, as body-parser reads it). */
function limitBytes(limit: string | number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT_BYTES;
  if (typeof limit === 'number') return limit;
  const m = /^(\d+)\s*(b|kb|mb)?$/i.exec(limit.trim());
  if (!m) throw new Error(`hook receiver: unreadable limit ${limit} (a number of bytes, or N, Nkb, Nmb)`);
  return Number(m[1]) * (UNITS[(m[2] ?? 'b').toLowerCase()] ?? 1);
}

/** The secret header against the secret, in constant time (equal-length digests). */
function secretMatches(secret: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(secret).digest());
}

export function createHookReceiver(opts: HookReceiverOptions): Router {
  if (!opts.secret) throw new Error('the hook receiver needs a non-empty secret (mod_ofgate `secret`)');
  const { bus, log } = opts;
  const intake = opts.intake ?? createLocalIntake({ bus, dedupWindow: opts.dedupWindow });
  const path = opts.path ?? DEFAULT_HOOK_PATH;
  const limit = limitBytes(opts.limit);
  const router = express.Router();

  // the headers alone decide whether the body is read at all
  const checkHeaders: RequestHandler = (req, res, next) => {
    if (!secretMatches(opts.secret, req.get(SECRET_HEADER)) || req.get(SIGNATURE_HEADER) === undefined) {
      log.warn('hook POST refused: bad secret or signature', { ip: req.ip });
      res.status(401).set('Connection', 'close').json({ error: 'unauthorized' });
      return;
    }
    const declared = Number(req.get('content-length') ?? 0);
    if (declared > limit) {
      log.warn('hook POST refused: body over the limit', { ip: req.ip, bytes: declared, limit });
      res.status(413).set('Connection', 'close').json({ error: `request entity too large (limit ${limit} bytes)` });
      return;
    }
    next();
  };

  router.post(path, checkHeaders, express.raw({ type: '*/*', limit }), async (req, res) => {
    if (!Buffer.isBuffer(req.body)) {
      // Another parser consumed the body first: the HMAC cannot be checked.
      log.error('hook POST: body already parsed before the hook receiver; mount it before any body parser');
      res.status(500).json({ error: 'misconfigured receiver' });
      return;
    }
    const body = req.body;
    const proofs = { secret: req.get(SECRET_HEADER), signature: req.get(SIGNATURE_HEADER) };
    if (!verifyHookRequest(opts.secret, body, proofs)) {
      log.warn('hook POST refused: bad secret or signature', { ip: req.ip });
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    const batch = decodeBatchJson(body.toString('utf8'));
    if (!batch.ok) {
      log.warn('hook POST refused', { error: batch.error, bytes: body.length });
      res.status(400).json({ error: batch.error });
      return;
    }
    if (batch.rejected.length > 0) log.warn('hook events rejected', { rejected: batch.rejected });
    if (batch.events.length === 0 && batch.rejected.length > 0) {
      res.status(400).json({ error: 'no valid event in the batch', rejected: batch.rejected });
      return;
    }
    let accepted = 0;
    let duplicates = 0;
    try {
      ({ accepted, duplicates } = await intake.accept(batch.events));
    } catch (error) {
      log.warn('hook POST: the intake could not take the batch; the shim will send it again', { error: error as Error, events: batch.events.length });
      if (!res.headersSent) res.status(503).set('Retry-After', '1').json({ error: 'hook intake unavailable' });
      return;
    }
    if (duplicates > 0) log.debug('hook events: retried duplicates ignored', { duplicates, accepted });
    res.status(200).json({ accepted, duplicates, rejected: batch.rejected, wanted: bus.interest(), selectors: selectorsWire(bus.selectors()) });
  });

  // Errors of express.raw (too large, aborted, bad encoding) answered here, as JSON.
  const onError: ErrorRequestHandler = (err: { status?: number; message?: string }, _req, res, _next) => {
    const status = typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) log.error('hook POST failed', { status, error: err.message });
    else log.warn('hook POST failed', { status, error: err.message });
    if (!res.headersSent) res.status(status).json({ error: err.message ?? 'error' });
  };
  router.use(path, onError);
  return router;
}
