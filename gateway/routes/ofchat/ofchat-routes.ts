/** ofchat's long tail: bookmarks, SIP accounts, message blasts, ask utilities, and the operations answering 501. */
import type { RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { askUtilityRoutes } from './ask-utility-routes.js';
import { blastRoutes } from './blast-routes.js';
import { bookmarkRoutes } from './bookmark-routes.js';
import { notServedRoutes } from './not-served-routes.js';
import { sipAccountRoutes } from './sip-account-routes.js';

export { NOT_SERVED_TAG } from './not-served-routes.js';

export function ofchatTailRoutes(s: RouteServices): RouteSpec[] {
  return [...bookmarkRoutes(s), ...sipAccountRoutes(s), ...blastRoutes(s), ...askUtilityRoutes(s), ...notServedRoutes()];
}
