/**
 * The query of `GET chat/{username}/messages`, read as ofchat did: `start`/`end` are an
 * ISO-8601 instant (when they contain `T`) or an `MM/dd/yy` date (UTC); a date-only `end`
 * covers its whole day (+1 day −1 ms); `to` is a JID or a local user name; `room` (+ `service`,
 * default the MUC subdomain) selects a room's archive instead of the user's.
 * References: ofchat-api.md §5.7; ofchat ChatService.getConversations.
 */
import { badRequest } from '../errors/index.js';
import { bareJid, roomJid } from './chat-addresses.js';

export interface HistoryParams {
  readonly keywords?: string | undefined;
  readonly to?: string | undefined;
  readonly start?: string | undefined;
  readonly end?: string | undefined;
  readonly room?: string | undefined;
  readonly service?: string | undefined;
}

export interface HistoryQuery {
  readonly with?: string | undefined;
  readonly start?: Date | undefined;
  readonly end?: Date | undefined;
  readonly room?: string | undefined;
  readonly keywords?: string | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function parseHistoryDate(value: string, edge: 'start' | 'end'): Date {
  const v = value.trim();
  let date: Date | undefined;
  if (v.includes('T')) {
    const t = Date.parse(v);
    if (!Number.isNaN(t)) date = new Date(t);
  } else {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(v);
    if (m) {
      const year = Number(m[3]) < 100 ? 2000 + Number(m[3]) : Number(m[3]);
      const month = Number(m[1]) - 1;
      const day = Number(m[2]);
      const t = Date.UTC(year, month, day);
      const d = new Date(t);
      if (d.getUTCMonth() === month && d.getUTCDate() === day) date = new Date(edge === 'end' ? t + DAY_MS - 1 : t);
    }
  }
  if (!date) throw badRequest(`Bad ${edge} date (use an ISO-8601 instant or MM/dd/yy): ${value}`, { resource: edge });
  return date;
}

export function parseHistoryQuery(p: HistoryParams, domain: string, mucSubdomain: string): HistoryQuery {
  const given = (v: string | undefined): string | undefined => (v !== undefined && v.trim() !== '' ? v : undefined);
  const start = given(p.start) ? parseHistoryDate(p.start as string, 'start') : undefined;
  const end = given(p.end) ? parseHistoryDate(p.end as string, 'end') : undefined;
  if (start && end && start > end) throw badRequest('start is after end', { resource: 'start' });
  const room = given(p.room) ? roomJid(p.room as string, given(p.service), domain, mucSubdomain) : undefined;
  return {
    with: !room && given(p.to) ? bareJid(p.to as string, domain, 'to') : undefined,
    start,
    end,
    room,
    keywords: given(p.keywords),
  };
}
