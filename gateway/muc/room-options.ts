/**
 * RoomSettings ⇄ ejabberd 23.01 room options (create_room_with_opts, get_room_options,
 * change_room_option). Every option name below was checked to round-trip on 23.01: unknown
 * names are silently ignored (notes §10 pitfall 10), so none may be guessed.
 * - logEnabled ⇄ mam: ejabberd's `logging` needs mod_muc_log (change_room_option answers
 *   mod_muc_log_not_enabled without it); archiving is what clients read history from.
 * - canChangeNickname ⇄ allow_visitor_nickchange: the only nickname switch ejabberd has.
 * - allowPM ⇄ allow_private_messages + allow_private_messages_from_visitors, read back the
 *   way mod_muc_room's disco#info extras do (false → none, nobody → participants).
 * - presence_broadcast is parsed by ejabberd as an Erlang term: only the three role atoms
 *   are ever written (validated by parseRoomRequest).
 * References: mod_muc_admin:format_room_option/2, change_option/3; mod_muc_room:iq_disco_info_extras/3.
 */
import { ALLOW_PM, PRESENCE_ROLES, type AllowPm, type PresenceRole, type RoomSettings } from './room-settings.js';

const bool = (b: boolean): string => (b ? 'true' : 'false');

export function settingsToOptions(s: RoomSettings): Record<string, string> {
  const o: Record<string, string> = {
    title: s.naturalName,
    description: s.description,
    password: s.password,
    password_protected: bool(s.password !== ''),
    persistent: bool(s.persistent),
    public: bool(s.publicRoom),
    anonymous: bool(!s.canAnyoneDiscoverJID),
    allow_change_subj: bool(s.canOccupantsChangeSubject),
    allow_user_invites: bool(s.canOccupantsInvite),
    allow_visitor_nickchange: bool(s.canChangeNickname),
    mam: bool(s.logEnabled),
    members_only: bool(s.membersOnly),
    moderated: bool(s.moderated),
    presence_broadcast: `[${PRESENCE_ROLES.filter((r) => s.broadcastPresenceRoles.includes(r)).join(',')}]`,
  };
  if (s.maxUsers !== undefined && s.maxUsers > 0) o.max_users = String(s.maxUsers);
  if (s.allowPM !== undefined) Object.assign(o, allowPmOptions(s.allowPM));
  return o;
}

function allowPmOptions(pm: AllowPm): Record<string, string> {
  switch (pm) {
    case 'none':
      return { allow_private_messages: 'false' };
    case 'participants':
      return { allow_private_messages: 'true', allow_private_messages_from_visitors: 'nobody' };
    case 'moderators':
      return { allow_private_messages: 'true', allow_private_messages_from_visitors: 'moderators' };
    default:
      return { allow_private_messages: 'true', allow_private_messages_from_visitors: 'anyone' };
  }
}

export function optionsToSettings(o: Readonly<Record<string, string>>): RoomSettings {
  const flag = (name: string): boolean => o[name] === 'true';
  const max = Number(o.max_users);
  return {
    naturalName: o.title ?? '',
    description: o.description ?? '',
    password: flag('password_protected') ? (o.password ?? '') : '',
    maxUsers: Number.isInteger(max) ? max : undefined,
    persistent: flag('persistent'),
    publicRoom: flag('public'),
    canAnyoneDiscoverJID: o.anonymous === 'false',
    canOccupantsChangeSubject: flag('allow_change_subj'),
    canOccupantsInvite: flag('allow_user_invites'),
    canChangeNickname: flag('allow_visitor_nickchange'),
    logEnabled: flag('mam'),
    membersOnly: flag('members_only'),
    moderated: flag('moderated'),
    allowPM: readAllowPm(o),
    broadcastPresenceRoles: readRoles(o.presence_broadcast ?? ''),
  };
}

function readAllowPm(o: Readonly<Record<string, string>>): AllowPm {
  if (o.allow_private_messages === 'false') return 'none';
  const visitors = o.allow_private_messages_from_visitors;
  if (visitors === 'nobody') return 'participants';
  if (visitors === 'moderators') return 'moderators';
  return 'anyone';
}

/** "[moderator,participant]" → ['moderator', 'participant'] */
function readRoles(term: string): PresenceRole[] {
  const names = term.replace(/[[\]\s]/g, '').split(',');
  return PRESENCE_ROLES.filter((r) => names.includes(r));
}

/** The options whose wanted value differs from the current one (what change_room_option must set). */
export function changedOptions(current: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>): Array<[string, string]> {
  return Object.entries(wanted).filter(([name, value]) => current[name] !== value);
}

export const isAllowPm = (v: string): v is AllowPm => (ALLOW_PM as readonly string[]).includes(v);
export const isPresenceRole = (v: string): v is PresenceRole => (PRESENCE_ROLES as readonly string[]).includes(v);
