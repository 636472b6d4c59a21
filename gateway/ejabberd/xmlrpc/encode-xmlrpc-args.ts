/**
 * Named arguments → the one XML-RPC struct ejabberd_xmlrpc expects. A list of tuples must be
 * an array of one-member structs whose value is an array holding ONE struct of the tuple's
 * fields (`options: [{option: [{name, value}]}]`); any other shape faults or drops the connection.
 * References: ejabberd 23.01 ejabberd_xmlrpc:format_arg/2; notes §6 and §10 pitfall 9.
 */
import { isTupleList, type CommandArgs } from '../command-caller.js';

export function encodeXmlRpcArgs(args: CommandArgs): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(args).map(([k, v]) => [k, isTupleList(v) ? v.items.map((item) => ({ [v.element]: [{ ...item }] })) : v]),
  );
}
