/**
 * The errors of the accounts endpoints, with the messages and exception names Openfire's REST
 * API plugin gives (clients map the exception names).
 * References: REST API plugin UserServiceController, GroupController, UserRosterService,
 * JustMarriedController; ../shared/notes/ofchat-api.md §3.3, §5.1.
 */
import { GatewayError, badRequest, conflict, notFound } from '../errors/index.js';

export const userNotFound = (user: string, message = 'Could not get user'): GatewayError =>
  notFound(message, { resource: user, exception: 'UserNotFoundException' });

export const userAlreadyExists = (user: string, message = 'Could not create new user'): GatewayError =>
  conflict(message, { resource: user, exception: 'UserAlreadyExistsException' });

export const groupNotFound = (group: string): GatewayError =>
  notFound('Could not find group', { resource: group, exception: 'GroupNotFoundException' });

export const groupAlreadyExists = (group: string): GatewayError =>
  conflict('Could not create a group', { resource: group, exception: 'GroupAlreadyExistsException' });

export const illegalArgument = (message: string, resource: string): GatewayError =>
  badRequest(message, { resource, exception: 'IllegalArgumentException' });

export const rosterItemNotFound = (jid: string, message: string): GatewayError =>
  notFound(message, { resource: jid, exception: 'RosterItemNotFound' });

export const sharedGroupItem = (jid: string, message: string): GatewayError =>
  badRequest(message, { resource: jid, exception: 'SharedGroupException' });
