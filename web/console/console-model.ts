/**
 * What the console makes of the API's answers and events, as plain data: offers from
 * `offerReceived`, room messages and chat states from `chatapi.muc`, queue rows from
 * `assists/queues`, offline messages (newest first), workgroup names from their JIDs,
 * countdowns. Pure (no DOM, no fetch, the time passed in), so it is unit-tested directly.
 * Rules: unknown or malformed payloads give `undefined`, never a throw; lists are read whether
 * the API gave an array, one object or nothing (its JSON dialects differ); times are epoch ms or
 * ISO strings.
 */

export type Metadata = Readonly<Record<string, string>>;

export interface Offer {
  /** The request id (also the offer's id and the support room's name). */
  readonly id: string;
  readonly workgroup: string;
  /** The support room's JID, `{id}@conference.{domain}` (the domain read from the workgroup's JID). */
  readonly room: string;
  readonly userId: string;
  /** The visitor's account (local part of the offer's `from`): its nick in the support room. */
  readonly visitor: string;
  readonly metadata: Metadata;
  readonly expiresAt: number;
  readonly transfer: boolean;
}

export interface QueueRow {
  readonly workgroup: string;
  readonly requestId: string;
  readonly userId: string;
  readonly position: number;
  readonly joinedAt: number;
  readonly question: string;
}

export type RoomEvent =
  | { readonly kind: 'message'; readonly room: string; readonly nick: string; readonly body: string }
  | { readonly kind: 'state'; readonly room: string; readonly nick: string; readonly state: string };

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Epoch ms from a number or a date string; NaN when neither. */
export function timeOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '') return /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  return Number.NaN;
}

/**
 * The list under the first of `keys` that `answer` has (the modern dialect's key first, then
 * the item name), as a list: an array, one object, or nothing; `answer` itself when it is an array.
 */
export function listOf<T = Record<string, unknown>>(answer: unknown, ...keys: string[]): T[] {
  if (Array.isArray(answer)) return answer as T[];
  if (!answer || typeof answer !== 'object') return [];
  const key = keys.find((k) => k in (answer as Record<string, unknown>));
  const v = key === undefined ? undefined : (answer as Record<string, unknown>)[key];
  if (Array.isArray(v)) return v as T[];
  return v && typeof v === 'object' ? [v as T] : [];
}

/** `support@workgroup.example.com` → `support`; a bare name stays. */
export function workgroupName(jid: string): string {
  const at = jid.indexOf('@');
  return (at < 0 ? jid : jid.slice(0, at)).toLowerCase();
}

/** `room@conference.example.com/nick` → its room (local part) and nick. */
export function roomAddress(jid: string): { room: string; nick: string } {
  const slash = jid.indexOf('/');
  const bareJid = slash < 0 ? jid : jid.slice(0, slash);
  const at = bareJid.indexOf('@');
  return { room: at < 0 ? bareJid : bareJid.slice(0, at), nick: slash < 0 ? '' : jid.slice(slash + 1) };
}

/** `{requestId}@conference.{domain}` from the workgroup's JID `name@workgroup.{domain}`. */
export function supportRoomJid(requestId: string, workgroupJid: string): string {
  const at = workgroupJid.indexOf('@');
  const service = at < 0 ? '' : workgroupJid.slice(at + 1);
  const domain = service.startsWith('workgroup.') ? service.slice('workgroup.'.length) : service;
  return `${requestId}@conference.${domain}`;
}

export function offerOf(p: Record<string, unknown>): Offer | undefined {
  if (p.type !== 'offerReceived' || typeof p.id !== 'string' || p.id === '') return undefined;
  const meta: Record<string, string> = {};
  if (p.metaData && typeof p.metaData === 'object') {
    for (const [k, v] of Object.entries(p.metaData as Record<string, unknown>)) {
      const s = Array.isArray(v) ? str(v[0]) : str(v);
      if (s !== '') meta[k] = s;
    }
  }
  return {
    id: p.id,
    workgroup: workgroupName(str(p.workgroup)),
    room: supportRoomJid(p.id, str(p.workgroup)),
    userId: str(p.userId) || meta.username || '',
    visitor: str(p.from).split('@')[0] ?? '',
    metadata: meta,
    expiresAt: timeOf(p.expiresAt),
    transfer: p.transfer === true,
  };
}

/** The name to show for a visitor: nickname, name, user id, email. */
export function visitorName(meta: Metadata, fallback = ''): string {
  return meta.nickname || meta.name || meta.username || meta.email || fallback;
}

/** A groupchat message or chat state from a `chatapi.muc` payload. */
export function roomEventOf(p: Record<string, unknown>): RoomEvent | undefined {
  if (p.type !== 'groupchat' || typeof p.from !== 'string') return undefined;
  const { room, nick } = roomAddress(p.from);
  if (room === '') return undefined;
  if (typeof p.body === 'string') return { kind: 'message', room, nick, body: p.body };
  if (typeof p.state === 'string') return { kind: 'state', room, nick, state: p.state };
  return undefined;
}

/** Whole seconds left until `expiresAt` (0 once passed; 0 when unknown). */
export function secondsLeft(expiresAt: number, now: number): number {
  return Number.isFinite(expiresAt) ? Math.max(0, Math.ceil((expiresAt - now) / 1000)) : 0;
}

/** The rows of GET chat/{sid}/assists/queues (modern JSON), in queue order per workgroup. */
export function queueRowsOf(answer: unknown): Map<string, QueueRow[]> {
  const out = new Map<string, QueueRow[]>();
  for (const q of listOf(answer, 'queues', 'queue')) {
    const workgroup = workgroupName(str(q.name) || str(q.jid));
    const rows = listOf(q, 'users', 'user').map((u) => ({
      workgroup,
      requestId: str(u.requestId),
      userId: str(u.userID),
      position: Number(u.queuePosition ?? 0) + 1,
      joinedAt: timeOf(u.joinDate),
      question: str(u.question),
    }));
    rows.sort((a, b) => a.position - b.position);
    out.set(workgroup, rows);
  }
  return out;
}

/** Outgoing chat states while typing: `composing` at the first key, `paused` after a pause. */
export class TypingNotice {
  private composing = false;
  private lastInputAt = 0;

  constructor(private readonly pauseMs = 3000) {}

  /** A key was typed at `now`: the state to send, if it changed. */
  input(now: number): 'composing' | undefined {
    this.lastInputAt = now;
    if (this.composing) return undefined;
    this.composing = true;
    return 'composing';
  }

  /** Called now and then: `paused` once no key was typed for pauseMs. */
  tick(now: number): 'paused' | undefined {
    if (!this.composing || now - this.lastInputAt < this.pauseMs) return undefined;
    this.composing = false;
    return 'paused';
  }

  /** The message was sent: `active` if we had said composing. */
  sent(): 'active' | undefined {
    if (!this.composing) return undefined;
    this.composing = false;
    return 'active';
  }
}

/** An offline message left for a workgroup (GET workgroups/{workgroup}/messages). */
export interface OfflineMessageRow {
  readonly id: string;
  readonly workgroup: string;
  readonly name: string;
  readonly email: string;
  readonly message: string;
  /** Epoch ms; NaN when the answer had no readable time. */
  readonly createdAt: number;
}

/** The messages of a GET workgroups/{workgroup}/messages answer, newest first; entries without an id are dropped. */
export function offlineMessagesOf(answer: unknown, workgroup: string): OfflineMessageRow[] {
  const rows = listOf(answer, 'messages', 'message').map((m) => ({
    id: str(m.id),
    workgroup: str(m.workgroup) || workgroup,
    name: str(m.name),
    email: str(m.email),
    message: str(m.message),
    createdAt: timeOf(m.createdAt),
  })).filter((m) => m.id !== '');
  const at = (m: OfflineMessageRow): number => (Number.isFinite(m.createdAt) ? m.createdAt : -Infinity);
  return rows.sort((a, b) => at(b) - at(a));
}
