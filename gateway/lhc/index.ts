/**
 * gateway/lhc: the Live Helper Chat bridge. The node-server API LHC's PHP calls (node-api*.ts:
 * input read purely, actions through the ejabberd backend, visitor streams, visitor account
 * records and their sweep) and the runtime that assembles them.
 */
export { createLhcRuntime, type LhcRuntime, type LhcRuntimeDeps } from './lhc-runtime.js';
export type { LhcSettings } from './lhc-settings.js';
export { LHC_ROUTES, type LhcRoute } from './node-api-input.js';
export type { NodeApiReply } from './node-api.js';
export { LHC_VISITOR_ACCOUNTS } from './visitor-accounts.js';
