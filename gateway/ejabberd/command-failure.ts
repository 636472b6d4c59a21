/**
 * The one translation of an ejabberd command failure into a GatewayError, shared by both
 * adapters: each adapter only says what it saw (the reason text and a transport-neutral hint),
 * this table decides the kind and the Openfire exception name.
 * References: ../../../shared/notes/ejabberd-23.01.md §5, §6, §10; answers re-checked on 23.01.
 */
import { GatewayError, type ExceptionName, type ErrorKind } from '../errors/index.js';
import { isOfgateCommand, type CommandName } from './command-catalog.js';
import { subjectOf, type CommandArgs } from './command-caller.js';

export type FailureHint =
  /** HTTP 409. */
  | 'conflict'
  /** HTTP 404 from a command; XML-RPC `{not_found, …}`. */
  | 'not-found'
  /** HTTP 400; XML-RPC command or argument faults; a restuple with res ≠ 0. */
  | 'rejected'
  /** HTTP 500: the command crashed or ejabberd reported an internal failure. */
  | 'internal'
  /** HTTP 404 code 40 "Endpoint not found." or 400 "unknown_command". */
  | 'unknown-command'
  /** XML-RPC: ejabberd closed the connection without an answer (a crash or an unknown method). */
  | 'dropped'
  /** HTTP 401/403; XML-RPC "Invalid authentication data". */
  | 'credentials';

export interface CommandFailure {
  readonly command: CommandName;
  readonly args: CommandArgs;
  /** ejabberd's own words (HTTP message, or the reason term of an XML-RPC fault). */
  readonly reason: string;
  readonly hint: FailureHint;
}

interface Rule {
  readonly reason: RegExp;
  readonly kind: ErrorKind;
  readonly exception?: ExceptionName;
  readonly message: (subject: string, reason: string) => string;
}

const rules: readonly Rule[] = [
  { reason: /already registered/, kind: 'conflict', exception: 'UserAlreadyExistsException', message: (s) => `user already exists: ${s}` },
  { reason: /^unknown_user$/, kind: 'not-found', exception: 'UserNotFoundException', message: (s) => `user not found: ${s}` },
  { reason: /^Room already exists$/, kind: 'conflict', message: (s) => `room already exists: ${s}` },
  // destroy_room / set_room_affiliation, get_room_occupants, get_room_affiliations, change_room_option
  { reason: /^(Room doesn't exists|room_not_found|The room does not exist\.|Room not found)$/, kind: 'not-found', exception: 'RoomNotFoundException', message: (s) => `room not found: ${s}` },
  { reason: /^Invalid 'service'$/, kind: 'not-found', exception: 'MUCServiceNotFoundException', message: () => 'MUC service not found' },
  { reason: /^(error_no_vcard_found|error_no_value_found_in_vcard)$/, kind: 'not-found', exception: 'PropertyNotFoundException', message: (s) => `vCard field not set: ${s}` },
  { reason: /Malformed username|unacceptable characters|^Invalid '\w+'$|^Invalid JID/, kind: 'bad-request', message: (_s, r) => r },
];

/** What a crash (HTTP 500, XML-RPC hang-up) means for commands that crash on bad input. */
const crashMeaning: Partial<Record<CommandName, Omit<Rule, 'reason'>>> = {
  change_room_option: { kind: 'bad-request', message: () => 'ejabberd rejected the room option name or value' },
  muc_online_rooms: { kind: 'not-found', exception: 'MUCServiceNotFoundException', message: () => 'MUC service not found' },
  set_room_affiliation: { kind: 'bad-request', message: () => 'ejabberd rejected the JID or the affiliation' },
  // asked while the room process is stopping (just after destroy_room)
  get_room_options: { kind: 'not-found', exception: 'RoomNotFoundException', message: (s) => `room not found: ${s}` },
};

const SECRET_ARGS = ['password', 'newpass', 'token'] as const;

export function translateFailure(f: CommandFailure): GatewayError {
  const subject = subjectOf(f.args);
  const reason = redact(f.reason, f.args);
  const make = (r: Omit<Rule, 'reason'>) =>
    new GatewayError(r.kind, r.message(subject, reason), { resource: subject, ...(r.exception ? { exception: r.exception } : {}) });

  const rule = rules.find((r) => r.reason.test(f.reason));
  if (rule) return make(rule);
  if (f.hint === 'unknown-command' || (f.hint === 'dropped' && isOfgateCommand(f.command))) {
    return isOfgateCommand(f.command)
      ? new GatewayError('not-implemented', `${f.command === 'ofgate_hook_interest' ? 'hook interest needs' : 'lockouts need'} mod_ofgate loaded in ejabberd`, { resource: subject })
      : new GatewayError('not-implemented', `ejabberd does not offer the command ${f.command} (is its module loaded?)`, { resource: subject });
  }
  const crash = f.hint === 'internal' || f.hint === 'dropped' ? crashMeaning[f.command] : undefined;
  if (crash) return make(crash);
  switch (f.hint) {
    case 'conflict':
      return make({ kind: 'conflict', message: () => reason });
    case 'not-found':
      return make({ kind: 'not-found', message: () => reason });
    case 'rejected':
      return make({ kind: 'bad-request', message: () => `ejabberd rejected ${f.command}: ${reason}` });
    case 'credentials':
      return make({ kind: 'upstream-unavailable', message: () => `ejabberd refused ofgate's admin credentials for ${f.command} (check ejabberd.adminJid, adminPassword and api_permissions)` });
    case 'internal':
      return make({ kind: 'upstream-unavailable', message: () => `ejabberd failed running ${f.command}: ${reason}` });
    case 'dropped':
      return make({ kind: 'upstream-unavailable', message: () => `ejabberd closed the connection while running ${f.command} (the command crashed or is unknown)` });
  }
}

/** Defence in depth: ejabberd's reasons should never echo a secret argument, but if one does it goes no further. */
function redact(reason: string, args: CommandArgs): string {
  let out = reason;
  for (const key of SECRET_ARGS) {
    const v = args[key];
    if (typeof v === 'string' && v.length > 0) out = out.split(v).join('***');
  }
  return out;
}
