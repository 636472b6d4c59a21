/** Client sessions administration: list, kick, notification push, broadcast, counts. */
export { createSessionsAdmin, type SessionsAdmin, type SessionsAdminDeps } from './sessions-admin.js';
export { sessionView, type Dialect, type SessionView } from './session-view.js';
export { notifyStanza } from './notify-stanza.js';
