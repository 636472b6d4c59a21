/**
 * A parsed chatRoom entity → RoomRequest, with ofchat's upsert rules: omitted booleans are
 * false, omitted broadcastPresenceRoles is an empty list, the name is lower-cased, and the
 * owner is admin@{domain} when no owner is given. A JID (or group) listed under two
 * affiliations is a 409 NotAllowedException and nothing changes, as the plugin's createRoom
 * (issue #159): the requested owners are never silently replaced.
 * References: ofchat MUCRoomController.createRoom/setRoles; Openfire REST API plugin MUCRoomEntity,
 * MUCRoomController.createRoom (duplicate affiliations check).
 */
import { badRequest, conflict } from '../errors/index.js';
import { isAllowPm, isPresenceRole } from './room-options.js';
import { bareJid, roomNode } from './room-address.js';
import { AFFILIATION_KINDS, type AffiliationKind, type AffiliationLists, type PresenceRole, type RoomRequest } from './room-settings.js';

type Plain = Readonly<Record<string, unknown>>;

const LIST_FIELDS: Readonly<Record<AffiliationKind, { jids: string; groups: string }>> = {
  owner: { jids: 'owners', groups: 'ownerGroups' },
  admin: { jids: 'admins', groups: 'adminGroups' },
  member: { jids: 'members', groups: 'memberGroups' },
  outcast: { jids: 'outcasts', groups: 'outcastGroups' },
};

export function parseRoomRequest(e: Plain, opts: { domain: string; defaultOwner: string }): RoomRequest {
  const str = (k: string): string => (typeof e[k] === 'string' ? (e[k] as string) : '');
  const flag = (k: string): boolean => e[k] === true;
  const maxUsers = typeof e.maxUsers === 'number' ? e.maxUsers : undefined;
  if (maxUsers !== undefined && maxUsers < 0) throw badRequest('maxUsers must not be negative', { resource: 'maxUsers' });
  const allowPM = typeof e.allowPM === 'string' && e.allowPM !== '' ? e.allowPM.toLowerCase() : undefined;
  if (allowPM !== undefined && !isAllowPm(allowPM)) {
    throw badRequest(`allowPM must be anyone, participants, moderators or none: ${allowPM}`, { resource: 'allowPM' });
  }
  return {
    roomName: roomNode(str('roomName')),
    settings: {
      naturalName: str('naturalName'),
      description: str('description'),
      password: str('password'),
      maxUsers,
      persistent: flag('persistent'),
      publicRoom: flag('publicRoom'),
      canAnyoneDiscoverJID: flag('canAnyoneDiscoverJID'),
      canOccupantsChangeSubject: flag('canOccupantsChangeSubject'),
      canOccupantsInvite: flag('canOccupantsInvite'),
      canChangeNickname: flag('canChangeNickname'),
      logEnabled: flag('logEnabled'),
      membersOnly: flag('membersOnly'),
      moderated: flag('moderated'),
      allowPM,
      broadcastPresenceRoles: presenceRoles(e.broadcastPresenceRoles),
    },
    subject: typeof e.subject === 'string' ? e.subject : undefined,
    registrationEnabled: flag('registrationEnabled'),
    loginRestrictedToNickname: flag('loginRestrictedToNickname'),
    creationDate: typeof e.creationDate === 'string' ? e.creationDate : undefined,
    modificationDate: typeof e.modificationDate === 'string' ? e.modificationDate : undefined,
    affiliations: affiliationLists(e, opts),
    groups: groupLists(e),
  };
}

function presenceRoles(raw: unknown): PresenceRole[] {
  const out: PresenceRole[] = [];
  for (const item of Array.isArray(raw) ? raw : []) {
    const role = String(item).trim().toLowerCase();
    if (!isPresenceRole(role)) throw badRequest(`broadcastPresenceRole must be moderator, participant or visitor: ${role}`, { resource: 'broadcastPresenceRoles' });
    if (!out.includes(role)) out.push(role);
  }
  return out;
}

function strings(raw: unknown): string[] {
  return (Array.isArray(raw) ? raw : []).map((v) => String(v).trim()).filter((v) => v !== '');
}

const duplicate = (name: string, a: AffiliationKind, b: AffiliationKind) =>
  conflict(`Could not create the channel: ${name} is listed with two affiliations (${a} and ${b})`, { resource: name, exception: 'NotAllowedException' });

function affiliationLists(e: Plain, opts: { domain: string; defaultOwner: string }): AffiliationLists {
  const kindOf = new Map<string, AffiliationKind>();
  for (const kind of AFFILIATION_KINDS) {
    for (const raw of strings(e[LIST_FIELDS[kind].jids])) {
      const jid = bareJid(raw, opts.domain);
      const had = kindOf.get(jid);
      if (had !== undefined && had !== kind) throw duplicate(jid, had, kind);
      kindOf.set(jid, kind);
    }
  }
  if (![...kindOf.values()].includes('owner')) kindOf.set(bareJid(opts.defaultOwner, opts.domain), 'owner');
  const lists = { owner: [] as string[], admin: [] as string[], member: [] as string[], outcast: [] as string[] };
  for (const [jid, kind] of kindOf) lists[kind].push(jid);
  return lists;
}

function groupLists(e: Plain): AffiliationLists {
  const lists = { owner: [] as string[], admin: [] as string[], member: [] as string[], outcast: [] as string[] };
  const kindOf = new Map<string, AffiliationKind>();
  for (const kind of AFFILIATION_KINDS) {
    lists[kind] = [...new Set(strings(e[LIST_FIELDS[kind].groups]))];
    for (const group of lists[kind]) {
      const had = kindOf.get(group);
      if (had !== undefined) throw duplicate(group, had, kind);
      kindOf.set(group, kind);
    }
  }
  return lists;
}
