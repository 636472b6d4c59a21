/**
 * Every ejabberd command ofgate calls, with the result format ejabberd 23.01 declares for it
 * (checked with Mod:get_commands_spec() on the Debian build). The only list of command names.
 * References: mod_admin_extra, mod_muc_admin, ejabberd_sm, ejabberd_oauth (23.01);
 * ../../erlang-shim/src/mod_ofgate.erl for the ofgate_* commands.
 */
import { atom, int, list, rescode, restuple, str, termText, tuple, type ResultFormat } from './result-format.js';

const session = [str('connection'), str('ip'), int('port'), int('priority'), str('node'), int('uptime'), str('status'), str('resource'), str('statustext')] as const;

export const commandCatalog = {
  status: restuple,
  // accounts
  register: restuple,
  unregister: restuple,
  check_account: rescode,
  check_password: rescode,
  change_password: rescode,
  registered_users: list('users', str('username')),
  get_vcard: str('content'),
  set_vcard: rescode,
  get_vcard2: str('content'),
  set_vcard2: rescode,
  // rosters
  get_roster: list('contacts', tuple('contact', [str('jid'), str('nick'), str('subscription'), str('ask'), str('group')])),
  add_rosteritem: rescode,
  delete_rosteritem: rescode,
  // shared roster groups
  srg_list: list('groups', str('id')),
  srg_get_info: list('informations', tuple('information', [str('key'), termText('value')])),
  srg_create: rescode,
  srg_delete: rescode,
  srg_get_members: list('members', str('member')),
  srg_user_add: rescode,
  srg_user_del: rescode,
  // multi-user chat
  muc_online_rooms: list('rooms', str('room')),
  create_room_with_opts: rescode,
  get_room_options: list('options', tuple('option', [str('name'), str('value')])),
  change_room_option: rescode,
  destroy_room: rescode,
  get_room_affiliations: list('affiliations', tuple('affiliation', [str('username'), str('domain'), atom('affiliation'), str('reason')])),
  set_room_affiliation: rescode,
  get_room_occupants: list('occupants', tuple('occupant', [str('jid'), str('nick'), str('role')])),
  get_subscribers: list('subscribers', str('jid')),
  // sessions, messages, statistics
  connected_users_info: list('connected_users_info', tuple('session', [str('jid'), ...session])),
  user_sessions_info: list('sessions_info', tuple('session', session)),
  kick_session: rescode,
  kick_user: int('num_resources'),
  send_message: rescode,
  send_stanza: rescode,
  get_offline_count: int('value'),
  stats_host: int('stat'),
  // the cluster (ejabberd_admin): its nodes, and the answering node's own statistics
  list_cluster: list('nodes', atom('node')),
  stats: int('stat'),
  // OAuth
  oauth_issue_token: tuple('result', [str('token'), str('scopes'), str('expires_in')]),
  oauth_revoke_token: restuple,
  // mod_ofgate (the shim)
  ofgate_lock_user: rescode,
  ofgate_unlock_user: rescode,
  ofgate_is_locked: int('res'),
  ofgate_hook_interest: str('forwarded'),
  ofgate_shim_stats: tuple('stats', [int('queued'), int('enqueued'), int('sent'), int('dropped'), int('retries'), int('posts')]),
} as const satisfies Readonly<Record<string, ResultFormat>>;

export type CommandName = keyof typeof commandCatalog;

export const isOfgateCommand = (command: CommandName): boolean => command.startsWith('ofgate_');
