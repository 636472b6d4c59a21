/**
 * Room options ↔ ejabberd's list of {name, value} tuples. get_room_options answers an empty
 * list for a room that does not exist; a live room always has options.
 * References: mod_muc_admin:get_room_options/2, create_room_with_opts/4 (23.01); notes §5, §10 pitfall 10.
 */
import type { TupleListArg } from '../command-caller.js';

export interface OptionPair {
  readonly name: string;
  readonly value: string;
}

export function optionsToRecord(pairs: readonly OptionPair[]): Record<string, string> | undefined {
  if (pairs.length === 0) return undefined;
  return Object.fromEntries(pairs.map((p) => [p.name, p.value]));
}

export function recordToOptions(options: Readonly<Record<string, string>>): TupleListArg {
  return { element: 'option', items: Object.entries(options).map(([name, value]) => ({ name, value })) };
}
