export {
  GatewayError,
  badRequest,
  conflict,
  forbidden,
  isGatewayError,
  notFound,
  notImplemented,
  statusOf,
  type ErrorKind,
  type ExceptionName,
  type GatewayErrorInit,
} from './gateway-error.js';
