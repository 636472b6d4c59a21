/** gateway/ejabberd: the port through which ofgate manages ejabberd, and its factory. */
export type {
  EjabberdBackend,
  LocalNode,
  OutgoingMessage,
  RoomAffiliation,
  RoomOccupant,
  RosterEntry,
  SessionInfo,
  SharedGroupInfo,
  ShimStats,
  Subscription,
  VcardField,
} from './ejabberd-backend.js';
export { createEjabberdBackend, type EjabberdBackendOptions } from './create-backend.js';
export { hostBackends } from './host-backends.js';
