/**
 * Chat rooms (MUCRoomEntity) and their occupants, participants and history. Field order is the
 * plugin's @XmlType propOrder (XML readers that check order or validate against its XSD).
 */
import { entity, list, scalar } from './entity-schema.js';

export const chatRoomEntity = entity('chatRoom', 'ChatRoom', 'A multi-user chat room.', {
  roomName: scalar('string', 'Room node (lower-cased)'),
  naturalName: scalar('string', 'Display name (room title)'),
  description: scalar('string', 'Description'),
  password: scalar('string', 'Room password'),
  subject: scalar('string', 'Subject (as last set through ofgate: ejabberd 23.01 has no command to read it)'),
  creationDate: scalar('date', 'Creation date (absent for rooms ofgate did not create)'),
  modificationDate: scalar('date', 'Last change through ofgate'),
  maxUsers: scalar('int', 'Maximum occupants (0 or absent: keep ejabberd\'s, the service max_users by default)'),
  persistent: scalar('bool', 'Kept when empty'),
  publicRoom: scalar('bool', 'Listed in the directory'),
  registrationEnabled: scalar('bool', 'Members may register (kept by ofgate, not enforced: ejabberd 23.01 has no such option)'),
  canAnyoneDiscoverJID: scalar('bool', 'Non-anonymous room'),
  canOccupantsChangeSubject: scalar('bool', 'Occupants may change the subject'),
  canOccupantsInvite: scalar('bool', 'Occupants may invite'),
  canChangeNickname: scalar('bool', 'Occupants may change nickname (ejabberd: allow_visitor_nickchange)'),
  logEnabled: scalar('bool', 'Messages archived (mod_mam)'),
  loginRestrictedToNickname: scalar('bool', 'Reserved nicknames only (kept by ofgate, not enforced: ejabberd 23.01 has no such option)'),
  membersOnly: scalar('bool', 'Members only'),
  moderated: scalar('bool', 'Moderated'),
  broadcastPresenceRoles: list('broadcastPresenceRole', 'string', { doc: 'moderator, participant, visitor' }),
  owners: list('owner', 'string', { doc: 'Owner JIDs (individual affiliations; with expandGroups=true also the members of ownerGroups)' }),
  admins: list('admin', 'string', { doc: 'Admin JIDs (individual; expandGroups=true adds adminGroups members)' }),
  members: list('member', 'string', { doc: 'Member JIDs (individual; expandGroups=true adds memberGroups members)' }),
  outcasts: list('outcast', 'string', { doc: 'Banned JIDs (individual; expandGroups=true adds outcastGroups members)' }),
  ownerGroups: list('ownerGroup', 'string', { doc: 'Shared roster groups holding the owner affiliation' }),
  adminGroups: list('adminGroup', 'string', { doc: 'Shared roster groups holding the admin affiliation' }),
  memberGroups: list('memberGroup', 'string', { doc: 'Shared roster groups holding the member affiliation' }),
  outcastGroups: list('outcastGroup', 'string', { doc: 'Shared roster groups holding the outcast affiliation' }),
  allowPM: scalar('string', 'Who may send private messages: anyone, participants, moderators, none'),
});

export const chatRoomsEntity = entity('chatRooms', 'ChatRooms', 'A list of rooms.', {
  chatRoom: list('chatRoom', chatRoomEntity, { wrapper: false, modernKey: 'chatRooms' }),
});

export const participantEntity = entity('participant', 'Participant', 'A room participant.', {
  jid: scalar('string', 'Occupant JID'),
  role: scalar('string', 'moderator, participant or visitor'),
  affiliation: scalar('string', 'owner, admin, member, outcast or none'),
});

export const participantsEntity = entity('participants', 'Participants', 'Room participants.', {
  participant: list('participant', participantEntity, { wrapper: false, modernKey: 'participants' }),
});

export const occupantEntity = entity('occupant', 'Occupant', 'A room occupant.', {
  jid: scalar('string', 'Room JID with nickname'),
  userAddress: scalar('string', 'Real full JID'),
  role: scalar('string', 'Role'),
  affiliation: scalar('string', 'Affiliation'),
});

export const occupantsEntity = entity('occupants', 'Occupants', 'Room occupants.', {
  occupant: list('occupant', occupantEntity, { wrapper: false, modernKey: 'occupants' }),
});

export const roomMessageEntity = entity('message', 'RoomMessage', 'A message from room history.', {
  to: scalar('string', 'To'),
  from: scalar('string', 'From (room/nick)'),
  type: scalar('string', 'groupchat'),
  body: scalar('string', 'Body'),
  delay_stamp: scalar('string', 'When it was sent'),
  delay_from: scalar('string', 'Who delayed it'),
});

/** Modern JSON key `message`: the plugin's MUCRoomMessageEntities has only @XmlElement(name = "message"). */
export const roomMessagesEntity = entity('messages', 'RoomMessages', 'Room history.', {
  message: list('message', roomMessageEntity, { wrapper: false }),
});

function affiliationList(plural: string, singular: string, title: string) {
  return entity(plural, title, `JIDs holding the ${singular} affiliation.`, {
    [singular]: list(singular, 'string', { wrapper: false, modernKey: plural, doc: 'Bare JID' }),
  });
}

/** GET /chatrooms/{roomName}/{owners|admins|members|outcasts}: `{"members":["jid"]}` (REST API plugin). */
export const affiliationListEntities = {
  owners: affiliationList('owners', 'owner', 'OwnerList'),
  admins: affiliationList('admins', 'admin', 'AdminList'),
  members: affiliationList('members', 'member', 'MemberList'),
  outcasts: affiliationList('outcasts', 'outcast', 'OutcastList'),
} as const;


export const chatServiceEntity = entity('chatService', 'ChatService', 'A MUC service (ejabberd: a mod_muc host).', {
  serviceName: scalar('string', 'Subdomain of the service (conference for conference.{domain})'),
  description: scalar('string', 'The service\'s name in service discovery'),
  hidden: scalar('bool', 'Hidden from service discovery (always false: ofgate finds services by discovery)'),
});

/** JSON key `chatService` (the plugin's @XmlElement; no @JsonProperty). */
export const chatServicesEntity = entity('chatServices', 'ChatServices', 'The MUC services.', {
  chatService: list('chatService', chatServiceEntity, { wrapper: false }),
});
