/** gateway/audit: the audit log of admin changes (kept in the Store) and the route hook feeding it. */
export { AUDIT_COLLECTION, createAuditLog, type AuditEntry, type AuditEvent, type AuditLog, type AuditLogOptions, type AuditQuery } from './audit-log.js';
export { describeChange, type ChangeFacts } from './describe-change.js';
export { isAudited, recordAdminChanges, type AdminChangeRecorder } from './record-admin-changes.js';
