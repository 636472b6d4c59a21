/**
 * The room pool's entities (XML and both JSON dialects, from one definition each): a staff
 * take and its room, a client request and its ticket, rooms with their state history and
 * participants, settings and statistics. Times are ISO 8601 dates; positions are 1-based.
 * References: helpdesk-peers.md C.5 (HelpIM's room columns), C.8 (status.xml).
 */
import { entity, list, scalar } from '../../entities/index.js';

export const takeInputEntity = entity('take', 'RoomPoolTake', 'A staff member takes a room (POST roompool/staff).', {
  staff: scalar('string', 'Required. The staff member\'s account (user name or bare JID of the domain); only it counts as the room\'s staff'),
  type: scalar('string', 'one2one (default) or group'),
  priority: scalar('int', 'Staff priority: rooms of a higher priority get clients first (HelpIM: High 100, Normal 10; default 10)'),
  department: scalar('string', 'Clients are matched to rooms of their own department only (1-64 characters)'),
  invitee: scalar('string', 'One-to-one only: the one client account admitted (availableForInvitation); no queue matching'),
});

export const takenEntity = entity('room', 'RoomPoolTaken', 'The room taken: send the staff member there with the password before expiresAt.', {
  room: scalar('string', 'Room JID'),
  name: scalar('string', 'Room name ({site}_{64 hex}.0)'),
  password: scalar('string', 'Room password (64 hex)'),
  expiresAt: scalar('date', 'The room is closed if the staff member has not joined by then'),
  status: scalar('string', 'available or availableForInvitation'),
});

export const requestInputEntity = entity('request', 'RoomPoolRequest', 'A client asks for a room (POST roompool/clients).', {
  client: scalar('string', 'Required. The client\'s account (user name or bare JID of the domain); only it is admitted to its room'),
  department: scalar('string', 'Match only rooms of this department'),
});

export const ticketEntity = entity('ticket', 'RoomPoolTicket', 'A client\'s ticket: its place in the queue, or its room.', {
  ticket: scalar('string', 'Ticket id'),
  status: scalar('string', 'queued, reserved (the room waits for the client until expiresAt) or chatting'),
  client: scalar('string', 'The client\'s bare JID'),
  department: scalar('string', 'Department, when given'),
  requestedAt: scalar('date', 'When the client asked'),
  position: scalar('int', 'queued: place in the queue, 1-based'),
  room: scalar('string', 'reserved, chatting: room JID'),
  name: scalar('string', 'reserved, chatting: room name'),
  password: scalar('string', 'reserved: room password'),
  expiresAt: scalar('date', 'reserved: the client must join before this, or it goes back to the head of the queue'),
});

const logEntryEntity = entity('entry', 'RoomPoolLogEntry', 'One event of a room: a status change (status), taken, join, rejoin, left, ended, kicked, reserved, reservationLapsed, cleanExitMarked, closed, gone.', {
  at: scalar('date', 'When'),
  kind: scalar('string', 'What happened'),
  status: scalar('string', 'The status entered (kind status)'),
  who: scalar('string', 'Whose join, leave or kick (bare JID)'),
  detail: scalar('string', 'More about it'),
});

const messageEntity = entity('message', 'RoomPoolMessage', 'A transcript message.', {
  at: scalar('date', 'When it was sent'),
  from: scalar('string', 'Sender (bare JID)'),
  role: scalar('string', 'staff, client or other'),
  body: scalar('string', 'Text (***** once masked by retention)'),
});

const roomFields = {
  room: scalar('string', 'Room JID'),
  name: scalar('string', 'Room name'),
  type: scalar('string', 'one2one or group'),
  status: scalar('string', 'HelpIM\'s status: available, availableForInvitation, staffWaiting, staffWaitingForInvitee, chatting, closingChat, lost, abandoned, toDestroy, destroyed'),
  statusAt: scalar('date', 'When the status was entered (status_timestamp)'),
  createdAt: scalar('date', 'When the room was made'),
  department: scalar('string', 'Department'),
  staff: scalar('string', 'The staff member\'s bare JID'),
  staffNick: scalar('string', 'Nick the staff member joined with'),
  priority: scalar('int', 'Staff priority'),
  takenAt: scalar('date', 'When the staff member took the room (modified_timestamp)'),
  client: scalar('string', 'The client\'s bare JID (matched or invited)'),
  clientNick: scalar('string', 'Nick the client joined with'),
  ticket: scalar('string', 'The client\'s ticket'),
  reservedUntil: scalar('date', 'A matched client must join before this'),
  webCleanExit: scalar('bool', 'The web side marked a clean exit'),
  closeReason: scalar('string', 'Why the room was closed'),
  closed: scalar('bool', 'The room is closed (destroyed)'),
} as const;

export const roomSummaryEntity = entity('room', 'RoomPoolRoom', 'A pool room.', roomFields);

export const roomDetailEntity = entity('room', 'RoomPoolRoomDetail', 'A pool room with its participants inside now, its log (state history) and its transcript.', {
  ...roomFields,
  present: list('jid', 'string', { doc: 'Full JIDs of the staff\'s and client\'s resources inside now (any occupant of a group room)' }),
  log: list('entry', logEntryEntity, { doc: 'The room\'s events, oldest first (the last 100)' }),
  transcript: list('message', messageEntity, { doc: 'Groupchat messages while chatting (rooms.transcripts)' }),
  transcriptMasked: scalar('bool', 'The transcript\'s bodies were masked by retention'),
});

export const roomListEntity = entity('rooms', 'RoomPoolRooms', 'Pool rooms by name.', {
  room: list('room', roomSummaryEntity, { wrapper: false, modernKey: 'rooms', doc: 'The rooms' }),
});

export const settingsEntity = entity('settings', 'RoomPoolSettings', 'The pool settings in effect (the configuration\'s, under what PUT changed).', {
  site: scalar('string', 'Site name (configuration only)'),
  mucService: scalar('string', 'MUC service of the rooms (configuration only)'),
  botJid: scalar('string', 'The bot\'s JID, owner of every room (configuration only)'),
  enabled: scalar('bool', 'The bot keeps the pool and clients may ask'),
  open: scalar('bool', 'The web app\'s switch: false answers every client request closed'),
  poolSize: scalar('int', 'Available rooms kept per type in use'),
  groupRooms: scalar('bool', 'Group rooms are in use'),
  cleanupMs: scalar('int', 'Time-out of lost, closingChat, abandoned and never-joined rooms; the bot passes every tenth'),
  allocationTimeoutMs: scalar('int', 'How long a matched client has to join'),
  maxChatsPerStaff: scalar('int', 'Rooms one staff member holds at once'),
  maxQueue: scalar('int', 'Clients waiting at most'),
});

export const statisticsEntity = entity('statistics', 'RoomPoolStatistics', 'The pool now.', {
  open: scalar('bool', 'Clients may ask: enabled, open, and a staff member on duty'),
  available: scalar('int', 'Rooms ready (untaken)'),
  staffWaiting: scalar('int', 'One-to-one rooms with staff waiting'),
  chatting: scalar('int', 'One-to-one rooms chatting (status.xml chatting)'),
  clientsWaiting: scalar('int', 'Clients in the queue'),
  served: scalar('int', 'Clients who reached their room'),
  averageWaitSeconds: scalar('int', 'Mean time from request to arrival (absent before the first)'),
  liveRooms: scalar('int', 'Rooms not destroyed'),
  botInstance: scalar('string', 'The instance running the bot now (absent: none is, in shared mode, while its lease passes on)'),
});
