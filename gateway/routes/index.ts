/** Every route ofgate serves, by API area. */
import { recordAdminChanges } from '../audit/index.js';
import type { RouteSpec } from '../http/index.js';
import { accountRoutes } from './admin/account-routes.js';
import { mucRoutes } from './admin/muc-routes.js';
import { openApiDocumentRoutes, type OpenApiDocument } from './admin/openapi-document.js';
import { auditLogOf } from './admin/security-log.js';
import { serverRoutes } from './admin/server-routes.js';
import { systemRoutes } from './admin/system.js';
import { chatRoutes } from './chat/chat-routes.js';
import { clickToChatRoutes } from './clicktochat/clicktochat-routes.js';
import { roomPoolRoutes } from './roompool/roompool-routes.js';
import { lhcRoutes } from './lhc/lhc-routes.js';
import { eventRoutes } from './events/event-routes.js';
import { workgroupAdminRoutes } from './fastpath/workgroup-admin-routes.js';
import { agentRoutes } from './fastpath/agent-routes.js';
import { agentChatRoutes } from './fastpath/agent-chat-routes.js';
import { visitorRoutes } from './fastpath/visitor-routes.js';
import { workgroupPageRoutes } from './fastpath/workgroup-page-routes.js';
import { chatRecordRoutes } from './fastpath/chat-record-routes.js';
import { cannedReplyRoutes } from './fastpath/canned-reply-routes.js';
import { visitorExtraRoutes } from './fastpath/visitor-extra-routes.js';
import { clusterRoutes } from './ops/cluster-routes.js';
import { healthRoutes } from './ops/health.js';
import { metricsRoutes } from './ops/metrics-routes.js';
import { ofchatTailRoutes } from './ofchat/ofchat-routes.js';
import type { RouteServices } from './route-services.js';

export type { OfchatTailServices, RouteServices } from './route-services.js';
export { clickToChatPreflight, CLICKTOCHAT_BASE } from './clicktochat/clicktochat-cors.js';

/** `openapi`: the document served under the base paths (built from these routes, so read late). */
export function buildRoutes(s: RouteServices, openapi: OpenApiDocument = () => undefined): RouteSpec[] {
  // every admin change is written to the audit log (GET logs/security)
  return recordAdminChanges([...healthRoutes(s), ...metricsRoutes(s), ...clusterRoutes(s), ...systemRoutes(s), ...serverRoutes(s), ...openApiDocumentRoutes(openapi), ...accountRoutes(s), ...mucRoutes(s), ...agentRoutes(s), ...agentChatRoutes(s), ...chatRoutes(s), ...eventRoutes(s), ...workgroupAdminRoutes(s), ...visitorRoutes(s), ...visitorExtraRoutes(s), ...workgroupPageRoutes(s), ...chatRecordRoutes(s), ...cannedReplyRoutes(s), ...clickToChatRoutes(s), ...roomPoolRoutes(s), ...lhcRoutes(s), ...ofchatTailRoutes(s)], {
    audit: () => auditLogOf(s),
    log: () => s.log,
    instance: () => s.instanceId,
  });
}
