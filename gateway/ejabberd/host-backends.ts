/**
 * ejabberd per virtual host: the backend port is bound to one host, and some concerns work on
 * several (click-to-chat's clients and helpdesk users, LHC's instances). The main backend serves
 * xmpp.domain; another host gets its own adapter with the same API settings (kind, URLs,
 * credentials, timeout), built once.
 */
import type { Config } from '../config/index.js';
import { createEjabberdBackend } from './create-backend.js';
import type { EjabberdBackend } from './ejabberd-backend.js';

export function hostBackends(config: Pick<Config, 'ejabberd'>, main: EjabberdBackend): (host: string) => EjabberdBackend {
  const made = new Map<string, EjabberdBackend>([[main.host, main]]);
  const e = config.ejabberd;
  return (host) => {
    let b = made.get(host);
    if (!b) {
      b = createEjabberdBackend({
        kind: e.backend,
        host,
        httpApiUrl: e.httpApi.url,
        xmlrpcUrl: e.xmlrpc.url,
        timeoutMs: e.timeoutMs,
        ...(e.adminJid ? { adminJid: e.adminJid } : {}),
        ...(e.adminPassword ? { adminPassword: e.adminPassword } : {}),
      });
      made.set(host, b);
    }
    return b;
  };
}
