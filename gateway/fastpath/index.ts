/**
 * gateway/fastpath: ofgate's Fastpath workgroup service. `machine/` is the pure core (queue,
 * offers, routing, timers); the files beside it are its adapters, so far the workgroups kept in
 * the store and what the admin routes show of them.
 */
export { createWorkgroupService, WORKGROUP_COLLECTION, type WorkgroupRecord, type WorkgroupService, type WorkgroupServiceOptions } from './workgroup-service.js';
export { detailOf, summaryOf, type WorkgroupDetail, type WorkgroupSummary } from './workgroup-report.js';
export { MAX_DESCRIPTION, MAX_MEMBERS, memberList, parseMembers, splitMembers, workgroupDescription, workgroupName } from './workgroup-names.js';
export type { AgentView, Effect, WorkgroupSettings, WorkgroupState } from './machine/index.js';
