/**
 * ejabberd per virtual host for the LHC bridge: the backend port is bound to one host, and LHC
 * names the host in every call. The main backend serves xmpp.domain; another served host gets
 * its own adapter with the same API settings, built once. (Same shape as click-to-chat's; a
 * shared home in gateway/ejabberd would serve both.)
 */
import type { Config } from '../config/index.js';
import { createEjabberdBackend, type EjabberdBackend } from '../ejabberd/index.js';

export function lhcHostBackends(config: Pick<Config, 'ejabberd'>, main: EjabberdBackend): (host: string) => EjabberdBackend {
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
