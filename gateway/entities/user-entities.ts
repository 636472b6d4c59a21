/** Users, properties, groups, rosters and lockouts (REST API plugin UserEntity & co). */
import { entity, list, scalar } from './entity-schema.js';

export const propertyEntity = entity('property', 'Property', 'A key/value pair, carried as XML attributes.', {
  key: scalar('string', 'Property name', { attr: true }),
  value: scalar('string', 'Property value', { attr: true }),
});

/** System properties: the plugin's SystemProperties has no @JsonProperty, so its JSON key is the @XmlElement `property`. */
export const propertiesEntity = entity('properties', 'Properties', 'A list of properties.', {
  property: list('property', propertyEntity, { wrapper: false }),
});

export const userEntity = entity('user', 'User', 'An account. name and email live in the vCard; properties are kept by ofgate.', {
  username: scalar('string', 'Local part of the JID (lower-cased)'),
  name: scalar('string', 'Full name (vCard FN)'),
  email: scalar('string', 'Email address (vCard EMAIL)'),
  password: scalar('string', 'Write-only; never returned'),
  properties: list('property', propertyEntity, { doc: 'User properties kept by ofgate' }),
});

export const usersEntity = entity('users', 'Users', 'A list of users.', {
  user: list('user', userEntity, { wrapper: false, modernKey: 'users' }),
});

/** Modern JSON key `groupnames` (the plugin's @JsonProperty since 1.7.0); ofchat and XML: `groupname`. Both read on input. */
export const userGroupsEntity = entity('groups', 'UserGroups', 'Names of the groups a user belongs to.', {
  groupname: list('groupname', 'string', { wrapper: false, modernKey: 'groupnames' }),
});

export const groupEntity = entity('group', 'Group', 'A shared roster group.', {
  name: scalar('string', 'Group name (ejabberd shared roster group id)'),
  description: scalar('string', 'Description'),
  admins: list('admin', 'string', { doc: 'Group admins (kept by ofgate; ejabberd has no group admins)' }),
  members: list('member', 'string', { doc: 'Member user names or JIDs' }),
  shared: scalar('bool', 'Shown in the members\' rosters (modern plugin field)'),
});

export const groupsEntity = entity('groups', 'Groups', 'A list of groups.', {
  group: list('group', groupEntity, { wrapper: false, modernKey: 'groups' }),
});

export const rosterItemEntity = entity('rosterItem', 'RosterItem', 'A roster entry.', {
  jid: scalar('string', 'Contact JID'),
  nickname: scalar('string', 'Contact nickname'),
  subscriptionType: scalar('int', '-1 remove, 0 none, 1 to, 2 from, 3 both'),
  groups: list('group', 'string', { doc: 'Roster groups' }),
  show: scalar('string', 'Live presence (chat API contacts only)'),
  status: scalar('string', 'Live status text (chat API contacts only)'),
});

export const rosterEntity = entity('roster', 'Roster', 'A user\'s roster.', {
  rosterItem: list('rosterItem', rosterItemEntity, { wrapper: false }),
});
