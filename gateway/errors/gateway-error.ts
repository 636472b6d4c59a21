/**
 * The closed set of errors ofgate answers with. Adapters translate foreign failures into a
 * GatewayError once, at the boundary; one Express middleware renders it.
 * References: Openfire REST API plugin ExceptionType / ErrorResponse.
 */

export type ErrorKind =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'not-acceptable'
  | 'conflict'
  | 'payload-too-large'
  | 'too-many-requests'
  | 'unsupported-media-type'
  | 'not-implemented'
  | 'upstream-unavailable'
  | 'upstream-timeout'
  | 'internal';

export const statusOf: Readonly<Record<ErrorKind, number>> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'not-acceptable': 406,
  conflict: 409,
  'payload-too-large': 413,
  'too-many-requests': 429,
  'unsupported-media-type': 415,
  'not-implemented': 501,
  'upstream-unavailable': 503,
  'upstream-timeout': 504,
  internal: 500,
};

/** Openfire's exception names, as existing clients map them. */
export type ExceptionName =
  | 'IllegalArgumentException'
  | 'SharedGroupException'
  | 'PropertyNotFoundException'
  | 'UserAlreadyExistsException'
  | 'UserNotFoundException'
  | 'GroupAlreadyExistsException'
  | 'GroupNotFoundException'
  | 'RoomNotFoundException'
  | 'NotAllowedException'
  | 'AlreadyExistsException'
  | 'MUCServiceNotFoundException'
  | 'RosterItemNotFound'
  | 'PasswordIsNull'
  | 'UnauthorizedException'
  | 'NotImplementedException'
  | 'ServiceUnavailableException'
  | 'TimeoutException'
  | 'NotFoundException'
  | 'MethodNotAllowedException'
  | 'NotAcceptableException';

const defaultException: Readonly<Record<ErrorKind, ExceptionName>> = {
  'bad-request': 'IllegalArgumentException',
  unauthorized: 'UnauthorizedException',
  forbidden: 'NotAllowedException',
  'not-found': 'NotFoundException',
  'method-not-allowed': 'MethodNotAllowedException',
  'not-acceptable': 'NotAcceptableException',
  conflict: 'AlreadyExistsException',
  'payload-too-large': 'IllegalArgumentException',
  'too-many-requests': 'ServiceUnavailableException',
  'unsupported-media-type': 'IllegalArgumentException',
  'not-implemented': 'NotImplementedException',
  'upstream-unavailable': 'ServiceUnavailableException',
  'upstream-timeout': 'TimeoutException',
  internal: 'ServiceUnavailableException',
};

export interface GatewayErrorInit {
  /** What the error is about (the plugin's `resource`, ofchat's `ressource`). */
  resource?: string;
  exception?: ExceptionName;
  cause?: unknown;
  /** Sent as Retry-After (429, 503): whole seconds until a retry may succeed. */
  retryAfterSeconds?: number;
}

export class GatewayError extends Error {
  readonly kind: ErrorKind;
  readonly status: number;
  readonly resource: string;
  readonly exception: ExceptionName;
  readonly retryAfterSeconds: number | undefined;

  constructor(kind: ErrorKind, message: string, init: GatewayErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'GatewayError';
    this.kind = kind;
    this.status = statusOf[kind];
    this.resource = init.resource ?? '';
    this.exception = init.exception ?? defaultException[kind];
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export const badRequest = (message: string, init?: GatewayErrorInit) => new GatewayError('bad-request', message, init);
export const notFound = (message: string, init?: GatewayErrorInit) => new GatewayError('not-found', message, init);
export const conflict = (message: string, init?: GatewayErrorInit) => new GatewayError('conflict', message, init);
export const forbidden = (message: string, init?: GatewayErrorInit) => new GatewayError('forbidden', message, init);
export const notImplemented = (message: string, init?: GatewayErrorInit) => new GatewayError('not-implemented', message, init);

export function isGatewayError(e: unknown): e is GatewayError {
  return e instanceof GatewayError;
}
