/**
 * The visitor's side of one chat as data: the session kept in sessionStorage and how each SSE
 * event of ofgate changes it (`applyEvent`, pure: no DOM, no I/O, no clock of its own).
 * Stages: form (nothing asked yet) → queued (POST ask answered) → chat (an agent accepted: the
 * support room) → ended (the visitor or the agent ended it, or the request left the queue).
 * Rules: events of another request are ignored; the visitor's own messages come back from the
 * room like the agent's (nick = the visitor's account), so the transcript is exactly the room's;
 * an event never moves the stage backwards (a replayed update-queue after the offer changes nothing).
 */

export type Stage = 'form' | 'queued' | 'chat' | 'ended';

export interface Line {
  readonly who: 'me' | 'agent' | 'system';
  readonly nick: string;
  readonly body: string;
  readonly at: number;
  /** System lines: what happened. */
  readonly kind?: 'joined' | 'ended';
}

export interface VisitorSession {
  readonly userId: string;
  readonly token: string;
  readonly requestId: string;
  readonly workgroup: string;
  readonly stage: Stage;
  readonly position: number;
  readonly estimatedWait: number;
  /** The visitor's nick in the room (its account's local part), once known. */
  readonly nick: string;
  /** The agent's name (room nick, or its JID's local part). */
  readonly agent: string;
  readonly room: string;
  readonly lastEventId: string;
  readonly transcript: readonly Line[];
  /** Why the request left the queue (depart-queue's reason), when it did. */
  readonly endReason?: string;
  readonly rated?: boolean;
}

export interface EventEffects {
  /** A message from the agent arrived (sound and title notice when the tab is hidden). */
  readonly agentMessage?: boolean;
  /** An agent accepted: the visitor should enter the room. */
  readonly joinRoom?: boolean;
  /** The agent's typing: its nick while composing, null when it stopped; undefined: no change. */
  readonly typing?: string | null;
  /** The chat ended (close the stream). */
  readonly ended?: boolean;
}

const ORDER: Record<Stage, number> = { form: 0, queued: 1, chat: 2, ended: 3 };

/** `local@domain/res` → local. */
export const localOf = (jid: string): string => jid.split('@')[0] ?? jid;
/** `room@service/nick` → nick ('' without one). */
export const resourceOf = (jid: string): string => {
  const i = jid.indexOf('/');
  return i < 0 ? '' : jid.slice(i + 1);
};

export function newSession(fields: { userId: string; token: string; requestId: string; workgroup: string; position: number; estimatedWait: number }): VisitorSession {
  return { ...fields, stage: 'queued', nick: '', agent: '', room: '', lastEventId: '', transcript: [] };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export function applyEvent(s: VisitorSession, name: string, data: Record<string, unknown>, id: string, now: number): { session: VisitorSession; effects: EventEffects } {
  let next: VisitorSession = id ? { ...s, lastEventId: id } : s;
  const same = { session: next, effects: {} };
  const rid = str(data.requestId);
  if (rid && rid !== s.requestId) return same;
  const to = str(data.to);
  if (!next.nick && to && name === 'chatapi.ask') next = { ...next, nick: localOf(to) };
  const type = str(data.type);
  const at = (stage: Stage): boolean => ORDER[next.stage] <= ORDER[stage];

  if (name === 'chatapi.muc' && type === 'groupchat' && typeof data.state === 'string' && data.body === undefined) {
    const nick = resourceOf(str(data.from));
    if (!nick || nick === next.nick || next.stage !== 'chat') return { session: next, effects: {} };
    return { session: next, effects: { typing: data.state === 'composing' ? nick : null } };
  }
  if (name !== 'chatapi.ask') return { session: next, effects: {} };

  switch (type) {
    case 'update-queue':
      if (next.stage !== 'queued') return { session: next, effects: {} };
      return { session: { ...next, position: Number(data.position) || next.position, estimatedWait: Number(data.remaingTime ?? data.estimatedWait) || 0 }, effects: {} };
    case 'offer': {
      if (!at('queued')) return { session: next, effects: {} };
      const agent = localOf(str(data.agent));
      const joined: Line = { who: 'system', nick: agent, body: '', at: now, kind: 'joined' };
      return { session: { ...next, stage: 'chat', room: str(data.mucRoom), agent, transcript: [...next.transcript, joined] }, effects: { joinRoom: true } };
    }
    case 'groupchat': {
      const body = str(data.body);
      const nick = resourceOf(str(data.from));
      if (!body || next.stage === 'ended') return { session: next, effects: {} };
      const mine = nick !== '' && nick === next.nick;
      const line: Line = { who: mine ? 'me' : 'agent', nick: nick || next.agent, body, at: now };
      const agent = !mine && nick ? nick : next.agent;
      const stage: Stage = next.stage === 'queued' ? 'chat' : next.stage;
      return { session: { ...next, stage, agent, transcript: [...next.transcript, line] }, effects: mine ? {} : { agentMessage: true, typing: null } };
    }
    case 'depart-queue':
    case 'chat-ended': {
      if (next.stage === 'ended') return { session: next, effects: {} };
      const line: Line = { who: 'system', nick: '', body: '', at: now, kind: 'ended' };
      const reason = type === 'depart-queue' && next.stage === 'queued' ? str(data.reason) || 'ended' : undefined;
      return { session: { ...next, stage: 'ended', endReason: reason, transcript: [...next.transcript, line] }, effects: { ended: true, typing: null } };
    }
    default:
      return { session: next, effects: {} };
  }
}

/** The transcript as plain text (the download when the server has none to give). */
export function transcriptText(lines: readonly Line[], names: { you: string; agent: string }): string {
  return lines
    .filter((l) => l.who !== 'system')
    .map((l) => `[${new Date(l.at).toISOString()}] ${l.who === 'me' ? names.you : l.nick || names.agent}: ${l.body}`)
    .join('\n');
}
