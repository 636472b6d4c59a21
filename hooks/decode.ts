/**
 * JSON from mod_ofgate → typed HookEvent, or a decode error saying what is wrong. Pure.
 * Table-driven: one field list per event name (the wire names of erlang-shim/README.md).
 * Unknown extra fields are ignored, so the shim may add fields without breaking ofgate.
 */
import { HOOK_EVENT_NAMES, HOOK_PAYLOAD_VERSION, type HookEvent, type HookEventName } from './events.js';

type Kind = 'string' | 'nonempty' | 'integer' | readonly string[];
interface Field {
  readonly wire: string;
  readonly kind: Kind;
  readonly optional?: true;
  /** The TypeScript name when it differs from the wire name. */
  readonly key?: string;
}

const RESOURCE: readonly Field[] = [
  { wire: 'jid', kind: 'nonempty' },
  { wire: 'resource', kind: 'string' },
];
const MESSAGE: readonly Field[] = [
  { wire: 'from', kind: 'nonempty' },
  { wire: 'to', kind: 'nonempty' },
  { wire: 'type', kind: ['chat', 'normal', 'groupchat', 'headline'] },
  { wire: 'msg_id', key: 'messageId', kind: 'string', optional: true },
  { wire: 'body', kind: 'string', optional: true },
  { wire: 'thread', kind: 'string', optional: true },
  { wire: 'chat_state', key: 'chatState', kind: ['active', 'composing', 'paused', 'inactive', 'gone'], optional: true },
  { wire: 'data', kind: 'string', optional: true },
];
const ROOM: readonly Field[] = [...RESOURCE, { wire: 'room', kind: 'nonempty' }, { wire: 'nick', kind: 'string', optional: true }];
const ACCOUNT: readonly Field[] = [{ wire: 'jid', kind: 'nonempty' }];

const FIELDS: Record<HookEventName, readonly Field[]> = {
  session_opened: RESOURCE,
  session_closed: RESOURCE,
  presence_set: [
    ...RESOURCE,
    { wire: 'show', kind: ['available', 'away', 'chat', 'dnd', 'xa'] },
    { wire: 'status', kind: 'string' },
    { wire: 'priority', kind: 'integer' },
  ],
  presence_unset: [...RESOURCE, { wire: 'status', kind: 'string' }],
  message_sent: MESSAGE,
  message_received: MESSAGE,
  message_offline: [...MESSAGE, { wire: 'action', kind: 'nonempty' }],
  muc_join: ROOM,
  muc_leave: [...ROOM, { wire: 'status', kind: 'string', optional: true }],
  user_registered: ACCOUNT,
  user_removed: ACCOUNT,
};

export interface DecodeError {
  readonly error: string;
  /** What could be read of the bad event, for the log and the shim's report. */
  readonly id?: string;
  readonly event?: string;
}

export type DecodeResult = { readonly ok: true; readonly event: HookEvent } | ({ readonly ok: false } & DecodeError);

export interface RejectedEvent extends DecodeError {
  readonly index: number;
}

export type BatchResult =
  | { readonly ok: true; readonly events: HookEvent[]; readonly rejected: RejectedEvent[] }
  | { readonly ok: false; readonly error: string };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function checkField(value: unknown, kind: Kind): boolean {
  if (kind === 'integer') return typeof value === 'number' && Number.isInteger(value);
  if (typeof value !== 'string') return false;
  if (kind === 'nonempty') return value !== '';
  if (kind === 'string') return true;
  return kind.includes(value);
}

export function decodeEvent(raw: unknown): DecodeResult {
  if (!isRecord(raw)) return { ok: false, error: 'event is not a JSON object' };
  const id = typeof raw.id === 'string' && raw.id !== '' ? raw.id : undefined;
  const name = typeof raw.event === 'string' ? raw.event : undefined;
  const fail = (error: string): DecodeResult => ({ ok: false, error, ...(id ? { id } : {}), ...(name ? { event: name } : {}) });
  if (raw.v !== HOOK_PAYLOAD_VERSION) return fail(`unsupported payload version ${JSON.stringify(raw.v)}`);
  if (!id) return fail('missing id');
  if (typeof raw.host !== 'string' || raw.host === '') return fail('missing host');
  if (typeof raw.ts !== 'number' || !Number.isFinite(raw.ts)) return fail('missing ts');
  if (!name || !(HOOK_EVENT_NAMES as readonly string[]).includes(name)) return fail(`unknown event ${JSON.stringify(raw.event)}`);
  const out: Record<string, unknown> = { v: HOOK_PAYLOAD_VERSION, id, host: raw.host, ts: raw.ts, event: name };
  for (const f of FIELDS[name as HookEventName]) {
    const value = raw[f.wire];
    if (value === undefined && f.optional) continue;
    if (!checkField(value, f.kind)) return fail(`bad ${f.wire}: ${JSON.stringify(value) ?? 'missing'}`);
    out[f.key ?? f.wire] = value;
  }
  // The table above is the validation of exactly this shape.
  return { ok: true, event: out as unknown as HookEvent };
}

/** A whole POST body: `{"events":[...]}`. Bad events are reported, good ones kept. */
export function decodeBatch(raw: unknown): BatchResult {
  if (!isRecord(raw) || !Array.isArray(raw.events)) return { ok: false, error: 'body is not {"events":[...]}' };
  const events: HookEvent[] = [];
  const rejected: RejectedEvent[] = [];
  raw.events.forEach((item: unknown, index) => {
    const r = decodeEvent(item);
    if (r.ok) events.push(r.event);
    else rejected.push({ index, error: r.error, ...(r.id ? { id: r.id } : {}), ...(r.event ? { event: r.event } : {}) });
  });
  return { ok: true, events, rejected };
}

export function decodeBatchJson(text: string): BatchResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: 'body is not JSON' };
  }
  return decodeBatch(raw);
}
