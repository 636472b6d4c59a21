/**
 * The entities of ofchat's long tail (XML and both JSON dialects, from one definition each):
 * admin bookmarks (Openfire's ofBookmark), SIP accounts (the sip plugin's ofSipUser), message
 * blasts (ofchat's traderlynk MessageBlast) and the ask utilities' JSON answers.
 * Field order follows ofchat's JAXB propOrder where the notes give it.
 * References: ofchat-api.md §4 (bookmark, sipaccount, blast entities), §5.4, §5.5, §5.11.
 */
import { entity, list, propertyEntity, scalar } from '../../entities/index.js';

export const bookmarkEntity = entity('bookmark', 'Bookmark', 'An admin bookmark: a group chat (room JID) or a URL, for listed users, members of listed groups, or everyone.', {
  bookmarkID: scalar('string', 'Id given by ofgate (a long)'),
  type: scalar('string', 'group_chat (value: a room JID) or url (value: an http(s) URL)'),
  name: scalar('string', 'The name clients show'),
  value: scalar('string', 'Room JID or URL'),
  globalBookmark: scalar('bool', 'For every user of the domain (users and groups are then ignored)'),
  users: list('users', 'string', { wrapper: false, doc: 'User names (or bare JIDs of the domain) the bookmark is for' }),
  groups: list('groups', 'string', { wrapper: false, doc: 'Groups whose members the bookmark is for' }),
  properties: list('property', propertyEntity, { doc: 'Bookmark properties: autojoin (true/false), nick; others are kept and returned' }),
});

export const bookmarksEntity = entity('bookmarks', 'Bookmarks', 'Admin bookmarks.', {
  bookmark: list('bookmark', bookmarkEntity, { wrapper: false, modernKey: 'bookmarks' }),
});

export const sipAccountEntity = entity('sipaccount', 'SipAccount', 'A user\'s SIP account record, kept by ofgate for clients that read it (no telephony behind it).', {
  username: scalar('string', 'The ejabberd user (key of the record)'),
  sipUsername: scalar('string', 'SIP user name'),
  authUsername: scalar('string', 'SIP authentication user name'),
  displayName: scalar('string', 'Display name'),
  password: scalar('string', 'SIP password (returned, as the sip plugin did: clients register with it)'),
  server: scalar('string', 'SIP registrar'),
  outboundproxy: scalar('string', 'Outbound proxy'),
  stunServer: scalar('string', 'STUN server'),
  stunPort: scalar('string', 'STUN port'),
  voiceMailNumber: scalar('string', 'Voice mail number'),
  useStun: scalar('bool', 'Use STUN'),
  enabled: scalar('bool', 'Account enabled'),
  promptCredentials: scalar('bool', 'The client asks for the credentials'),
  status: scalar('string', 'Unregistered, Unregistering, Registering, Registered or RegistrationFailed (as the client reported it; ofgate registers nothing)'),
});

export const sipAccountsEntity = entity('accounts', 'SipAccounts', 'SIP account records.', {
  account: list('account', sipAccountEntity, { wrapper: false, modernKey: 'accounts' }),
});

export const messageBlastEntity = entity('messageblast', 'MessageBlast', 'A message sent by one user to many recipients at once.', {
  title: scalar('string', 'Subject of the messages'),
  message: scalar('string', 'Required. The text sent'),
  messagehtml: scalar('string', 'HTML version (sent as XHTML-IM body text only: ofgate sends the plain text)'),
  recipients: list('recipients', 'string', { wrapper: false, doc: 'Required. User names or bare JIDs (at most ofchat.blastMaxRecipients)' }),
  sender: scalar('string', 'Ignored: the sender is the caller'),
  replyTo: scalar('string', 'JID replies should go to (XEP-0033 replyto address)'),
  highImportance: scalar('bool', 'Sent as a headline message instead of a normal one'),
  ackRequired: scalar('bool', 'Asks for a delivery receipt (XEP-0184)'),
  sendlater: scalar('bool', 'Scheduling is not served: true answers 501'),
  dateToSend: scalar('date', 'Ignored unless sendlater'),
  username: scalar('string', 'Ignored: the sender is the caller'),
});

export const sentBlastEntity = entity('sentblast', 'SentBlast', 'A blast the caller sent.', {
  id: scalar('string', 'Job id'),
  title: scalar('string', 'Subject'),
  message: scalar('string', 'Text'),
  sentDate: scalar('date', 'When it was sent'),
  completed: scalar('bool', 'Every message handed to ejabberd (or refused)'),
  recipientsCount: scalar('int', 'Recipients asked for'),
  sentCount: scalar('int', 'Messages ejabberd accepted'),
  recieveCount: scalar('int', 'Delivery receipts seen (ofgate does not track them: 0)'),
  readCount: scalar('int', 'Not tracked: 0'),
  respondCount: scalar('int', 'Not tracked: 0'),
});

export const sentBlastsEntity = entity('sentblasts', 'SentBlasts', 'The blasts the caller sent, newest first.', {
  sentblast: list('sentblast', sentBlastEntity, { wrapper: false, modernKey: 'sentblasts' }),
});

export const blastRecipientEntity = entity('recipient', 'BlastRecipient', 'One recipient of a blast, or one possible recipient.', {
  jid: scalar('string', 'Bare JID'),
  name: scalar('string', 'Roster nickname, when known'),
  group: scalar('string', 'Roster group (possible recipients) or the send result: sent, failed'),
});

export const blastGroupsEntity = entity('blastgroups', 'BlastGroups', 'Recipients of a blast, or the caller\'s roster as possible recipients.', {
  recipient: list('recipient', blastRecipientEntity, { wrapper: false, modernKey: 'recipients' }),
});

export const scheduledBlastsEntity = entity('blasts', 'ScheduledBlasts', 'Scheduled blasts (always empty: ofgate sends at once).', {
  blast: list('blast', 'string', { wrapper: false, modernKey: 'blasts' }),
});
