export { cors, corsOrigins } from './cors.js';
export { isScriptedCaller, securityHeaders } from './security-headers.js';
export { mountRoutes, expressPath, type MountedRoute, type MountOptions } from './mount-routes.js';
export { negotiate, type Format } from './negotiate.js';
export { sendEntity, sendError } from './render-response.js';
export { toGatewayError } from './translate-error.js';
export { BASE_PATHS, empty, ok, text, type Access, type BodySpec, type Method, type QueryParam, type ResultSpec, type RouteRequest, type RouteResult, type RouteSpec, type Scope, type StreamOf } from './route-spec.js';
export { jsonObjectBody } from './json-object-body.js';
export { BODY_MAX_DEPTH, refuseDeepJson } from './body-limits.js';
