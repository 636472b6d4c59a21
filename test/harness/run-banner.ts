/**
 * What `make run` and `make run-cluster` share: the OFGATE_* overrides they honour and the
 * lines of their banner that describe the endpoints a client uses.
 */
import type { EjabberdInstance } from './ejabberd-instance.js';

export interface RunOverrides {
  readonly port: number;
  readonly c2sPort: number;
  readonly secret?: string;
  readonly adminPassword?: string;
}

/** OFGATE_PORT (7070), OFGATE_XMPP_PORT (5222), OFGATE_SECRET, OFGATE_ADMIN_PASSWORD. */
export function runOverrides(env: NodeJS.ProcessEnv = process.env): RunOverrides {
  return {
    port: Number(env.OFGATE_PORT ?? 7070),
    c2sPort: Number(env.OFGATE_XMPP_PORT ?? 5222),
    ...(env.OFGATE_SECRET ? { secret: env.OFGATE_SECRET } : {}),
    ...(env.OFGATE_ADMIN_PASSWORD ? { adminPassword: env.OFGATE_ADMIN_PASSWORD } : {}),
  };
}

export interface ServedAt {
  readonly url: string;
  readonly adminUser: string;
  readonly domain: string;
  readonly adminPassword: string;
  readonly secret: string;
  readonly ej: EjabberdInstance;
}

/** The banner lines common to both: sandbox, base paths, SSE, admin, secret, XMPP. */
export function endpointLines(s: ServedAt): string {
  return `  Swagger sandbox   ${s.url}/swagger
  REST base paths   ${s.url}/plugins/restapi/v1  ${s.url}/restapi/v1  ${s.url}/rest/api/restapi/v1
  SSE               ${s.url}/sse/{username}
  admin             ${s.adminUser}@${s.domain} / ${s.adminPassword}
  shared secret     ${s.secret}
  XMPP (c2s)        ${s.ej.xmppService}   ejabberd API ${s.ej.apiUrl}`;
}
