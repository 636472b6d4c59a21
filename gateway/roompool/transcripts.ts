/**
 * Transcripts recorded by the bot (HelpIM's Conversation/ChatMessage, C.9): the groupchat
 * messages local users send to a pool room while it is chatting, from the hook shim's
 * `message_sent`, attributed by identity (staff / client / other); and their retention (C.10:
 * after rooms.keepDays the bodies are masked with `*****`, or the transcript is deleted).
 *
 * Rules: one record per room (`roompoolTranscripts`, id `<site>:<room>`), each append one atomic
 * update; at most MAX_MESSAGES kept (the oldest go) and bodies cut at MAX_BODY characters;
 * bodies starting with `[#startuplines#]` (HelpIM's client boilerplate) are not kept; a masked
 * transcript takes no more messages.
 */
import type { Store } from '../store/index.js';
import { bareJid, type RoomState } from './machine/index.js';

export const TRANSCRIPTS_COLLECTION = 'roompoolTranscripts';
export const MAX_MESSAGES = 2000;
export const MAX_BODY = 10_000;
export const MASK = '*****';

export interface TranscriptMessage {
  readonly at: number;
  readonly from: string;
  readonly role: 'staff' | 'client' | 'other';
  readonly body: string;
}

export interface Transcript {
  readonly messages: readonly TranscriptMessage[];
  readonly masked: boolean;
}

export interface Transcripts {
  /** Keeps the message when the room is chatting. */
  record(room: RoomState, from: string, body: string, at: number): Promise<void>;
  get(room: string): Promise<Transcript | undefined>;
  /** Retention: masks every body, or deletes the transcript. */
  expire(room: string, mode: 'mask' | 'delete'): Promise<void>;
}

export function createTranscripts(store: Store, site: string): Transcripts {
  const records = store.collection<Transcript>(TRANSCRIPTS_COLLECTION);
  const id = (room: string): string => `${site}:${room}`;
  return {
    async record(room, from, body, at) {
      if (room.status !== 'chatting' || body.startsWith('[#startuplines#]') || body === '') return;
      const who = bareJid(from);
      const role = who === room.staff ? 'staff' : who === room.client ? 'client' : 'other';
      const message: TranscriptMessage = { at, from: who, role, body: body.slice(0, MAX_BODY) };
      await records.update(id(room.name), (old) => {
        if (old?.masked) return old;
        const messages = [...(old?.messages ?? []), message];
        return { messages: messages.slice(-MAX_MESSAGES), masked: false };
      });
    },
    get: (room) => records.get(id(room)),
    async expire(room, mode) {
      if (mode === 'delete') {
        await records.delete(id(room));
        return;
      }
      await records.update(id(room), (old) => (old ? { messages: old.messages.map((m) => ({ ...m, body: MASK })), masked: true } : undefined));
    },
  };
}
