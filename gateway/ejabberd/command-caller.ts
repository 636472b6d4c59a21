/**
 * What an adapter gives the operations: one function that runs a named command with named
 * arguments, bounded by the configured timeout, and resolves with the decoded result or rejects
 * with a GatewayError (translated once, in the adapter).
 */
import type { CommandName, commandCatalog } from './command-catalog.js';
import type { Decoded } from './result-format.js';

/**
 * A list-of-tuples argument such as create_room_with_opts' `options`. `element` is the name
 * ejabberd gives each tuple (`option`); XML-RPC needs it, mod_http_api does not.
 */
export interface TupleListArg {
  readonly element: string;
  readonly items: readonly Readonly<Record<string, string>>[];
}

export type CommandArg = string | number | TupleListArg;
export type CommandArgs = Readonly<Record<string, CommandArg>>;

export type CommandResult<C extends CommandName> = Decoded<(typeof commandCatalog)[C]>;

export type CallCommand = <C extends CommandName>(command: C, args: CommandArgs) => Promise<CommandResult<C>>;

export function isTupleList(arg: CommandArg): arg is TupleListArg {
  return typeof arg === 'object';
}

/** A name for what a call is about, for GatewayError.resource; never a password or token. */
export function subjectOf(args: CommandArgs): string {
  for (const key of ['localuser', 'user', 'group', 'name', 'jid'] as const) {
    const v = args[key];
    if (typeof v === 'string') return v;
  }
  return '';
}
