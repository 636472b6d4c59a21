/**
 * Interest finer than the kind, for message events: a subscriber that reads only some messages
 * (the LHC bridge: operators' chat messages to `visitor.…` accounts) says which, and mod_ofgate
 * then builds and posts only those, in ejabberd, instead of every message of the system.
 *
 * A selector matches a message when every field it has matches (an absent field matches all):
 * - `type`: the message type;
 * - `to`: a regular expression on the receiver's bare JID as ejabberd holds it (lower case,
 *   `user@host`). Written in the subset both PCRE (Erlang `re`) and JavaScript read alike:
 *   literals, `\.`, classes, `*`, `+`, `?`, alternation, groups, `^`, `$`. Build them with
 *   `selectorPattern` below;
 * - `fromGroup`: the sender is a member of this shared roster group on its own host.
 * A kind is selected only when every subscriber of it gave a selector: one subscriber without
 * one (or a listener of every kind) means every message of the kind.
 *
 * Selectors narrow what the shim forwards; they are a hint, not a filter of the bus: a
 * subscriber still receives every event of its kind that arrives (from an older shim, or
 * forwarded for another subscriber) and checks what it needs itself.
 * References: erlang-shim/README.md ("Interest"); hooks/bus.ts.
 */
import type { MessageType } from './events.js';

export const MESSAGE_EVENT_NAMES = ['message_sent', 'message_received', 'message_offline'] as const;
export type MessageEventName = (typeof MESSAGE_EVENT_NAMES)[number];

export interface MessageSelector {
  readonly type?: MessageType;
  readonly to?: string;
  readonly fromGroup?: string;
}

/** The selectors of each message kind that is selected (kinds absent: every message). */
export type MessageSelectors = Readonly<Partial<Record<MessageEventName, readonly MessageSelector[]>>>;

/** Regular-expression text matching `text` literally. */
export function literalPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * A `to` pattern: a bare JID whose user part matches `userPattern` (a regular expression
 * anchored at the start of the user part) on one of `hosts`, e.g.
 * selectorPattern('visitor\\.[0-9]', ['example.org']) → `^visitor\.[0-9][^@]*@(example\.org)$`.
 */
export function selectorPattern(userPattern: string, hosts: readonly string[]): string {
  return `^${userPattern}[^@]*@(${hosts.map((h) => literalPattern(h.toLowerCase())).join('|')})$`;
}

/** One text per selector, to compare and deduplicate them. */
export function selectorKey(s: MessageSelector): string {
  return JSON.stringify([s.type ?? null, s.to ?? null, s.fromGroup ?? null]);
}

/** The wire form (erlang-shim/README.md): snake_case field names, absent fields left out. */
export function selectorsWire(selectors: MessageSelectors): Record<string, Array<Record<string, string>>> {
  const wire: Record<string, Array<Record<string, string>>> = {};
  for (const [kind, list] of Object.entries(selectors) as Array<[MessageEventName, readonly MessageSelector[]]>) {
    wire[kind] = list.map((s) => ({
      ...(s.type !== undefined ? { type: s.type } : {}),
      ...(s.to !== undefined ? { to: s.to } : {}),
      ...(s.fromGroup !== undefined ? { from_group: s.fromGroup } : {}),
    }));
  }
  return wire;
}
