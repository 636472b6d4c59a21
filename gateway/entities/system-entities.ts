/** Sessions, statistics, broadcast messages, archive counts, errors. */
import { entity, list, scalar } from './entity-schema.js';

export const sessionEntity = entity('session', 'Session', 'A client session.', {
  sessionId: scalar('string', 'Full JID'),
  username: scalar('string', 'Local part'),
  ressource: scalar('string', 'Resource (ofchat spelling; modern plugin: resource)'),
  resource: scalar('string', 'Resource'),
  node: scalar('string', 'Local or Remote'),
  sessionStatus: scalar('string', 'Authenticated, Connected, Closed'),
  presenceStatus: scalar('string', 'Online, Away, Available to Chat, Do Not Disturb, Extended Away'),
  presenceMessage: scalar('string', 'Status text'),
  priority: scalar('int', 'Presence priority'),
  hostAddress: scalar('string', 'Client IP'),
  hostName: scalar('string', 'Client host name'),
  creationDate: scalar('date', 'Session start'),
  lastActionDate: scalar('date', 'Last activity'),
  secure: scalar('bool', 'TLS'),
});

export const sessionsEntity = entity('sessions', 'Sessions', 'Client sessions.', {
  session: list('session', sessionEntity, { wrapper: false, modernKey: 'sessions' }),
});

export const sessionsCountEntity = entity('sessions', 'SessionsCount', 'Session statistics.', {
  localSessions: scalar('int', 'Sessions on this node'),
  clusterSessions: scalar('int', 'Sessions in the cluster'),
});

export const broadcastMessageEntity = entity('message', 'BroadcastMessage', 'A message to every online user.', {
  body: scalar('string', 'Text'),
});

export const archiveEntity = entity('archive', 'Archive', 'Unread (offline) message count.', {
  jid: scalar('string', 'Bare JID'),
  count: scalar('int', 'Messages waiting'),
});

export const errorEntity = entity('error', 'Error', 'Error body (ofchat spells the first field `ressource`).', {
  ressource: scalar('string', 'ofchat dialect: what the error is about'),
  resource: scalar('string', 'modern dialect: what the error is about'),
  message: scalar('string', 'Human-readable message'),
  exception: scalar('string', 'Openfire exception name'),
});
