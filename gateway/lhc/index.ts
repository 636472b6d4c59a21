/**
 * gateway/lhc: the Live Helper Chat bridge. The node-server API LHC's PHP calls (node-api*.ts:
 * input read purely, actions through the ejabberd backend, visitor streams, visitor account
 * records and their sweep), the callbacks (callback-*.ts: shapes, signature, durable outbox,
 * delivery; operator-*.ts: who is an operator, hook events → callbacks) and the runtime.
 */
export { createLhcRuntime, type LhcRuntime, type LhcRuntimeDeps } from './lhc-runtime.js';
export type { LhcSettings } from './lhc-settings.js';
export { LHC_ROUTES, type LhcRoute } from './node-api-input.js';
export type { NodeApiReply } from './node-api.js';
export { LHC_VISITOR_ACCOUNTS } from './visitor-accounts.js';
export { LHC_OUTBOX, LHC_OPERATOR_RESOURCES } from './callback-outbox.js';
export { SIGNATURE_HEADER as LHC_SIGNATURE_HEADER, TIMESTAMP_HEADER as LHC_TIMESTAMP_HEADER, signCallback, verifyCallback } from './callback-signature.js';
export { backoffMs } from './callback-delivery.js';
export { callbackUrl, instanceOf, isVisitorName, messageBody, operatorsGroupOf, pingBody, statusBody } from './callback-shapes.js';
