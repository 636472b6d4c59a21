/**
 * get_roster answers one row per (contact, group); the port wants one entry per contact.
 * Contacts that come from shared roster groups are kept as ejabberd returns them (their group
 * is the shared group's label): ejabberd's roster is what the user's clients see too.
 * References: notes §5 (get_roster: one row per group, includes shared-roster contacts).
 */
import type { RosterEntry, Subscription } from '../ejabberd-backend.js';

export interface RosterRow {
  readonly jid: string;
  readonly nick: string;
  readonly subscription: string;
  readonly ask: string;
  readonly group: string;
}

const SUBSCRIPTIONS: ReadonlySet<string> = new Set<Subscription>(['none', 'to', 'from', 'both', 'remove']);

export function mergeRosterRows(rows: readonly RosterRow[]): RosterEntry[] {
  const byJid = new Map<string, { entry: RosterEntry; groups: string[] }>();
  for (const row of rows) {
    let merged = byJid.get(row.jid);
    if (!merged) {
      const groups: string[] = [];
      merged = {
        groups,
        entry: {
          jid: row.jid,
          nick: row.nick,
          subscription: SUBSCRIPTIONS.has(row.subscription) ? (row.subscription as Subscription) : 'none',
          // 'undefined' is the Erlang atom for "no pending request"
          ask: row.ask === 'undefined' ? '' : row.ask,
          groups,
        },
      };
      byJid.set(row.jid, merged);
    }
    if (row.group !== '' && !merged.groups.includes(row.group)) merged.groups.push(row.group);
  }
  return [...byJid.values()].map((m) => m.entry);
}
