/**
 * The LHC bridge's settings, resolved once from the configuration: the node-API secret kept as a
 * digest only (compared in constant time), the hosts the API may touch, the callback URLs, the
 * group names, durations in milliseconds.
 *
 * Rules it keeps:
 * - secretKey and callbackSecret default to the shared secret; neither is ever logged (only the
 *   digest of secretKey is kept; callbackSecret is handed to the signer).
 * - The API touches accounts of xmpp.domain and of lhc.hosts only (a `host` or `jid` of another
 *   host is refused as invalid arguments).
 * - Automated hosting needs ahBaseDomain; standalone callbacks need their URLs only when sent
 *   (a kind without a URL is not queued). A bad setting refuses to start (ConfigError).
 */
import { secretDigest } from '../auth/index.js';
import { ConfigError, type Config } from '../config/index.js';
import { isValidDomain } from '../jid/index.js';

export interface LhcSettings {
  readonly enabled: boolean;
  readonly secretDigest: Buffer;
  readonly callbackSecret: string;
  readonly hosts: readonly string[];
  readonly maxBodyBytes: number;
  readonly visitorIdleMs: number;
  readonly sendWaitMs: number;
  readonly visitorAccountMs: number;
  readonly operatorsGroup: string;
  readonly visitorsGroup: string;
  readonly messageUrl: string | null;
  readonly statusUrl: string | null;
  readonly pingUrl: string | null;
  readonly pingIntervalMs: number;
  readonly pingTimeoutMs: number;
  readonly killUnresponsive: boolean;
  readonly automatedHosting: boolean;
  readonly ahBaseDomain: string | null;
  readonly ahProtocol: string;
  readonly callbackTimeoutMs: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly maxAgeMs: number;
}

const urlOrNull = (value: string | undefined, key: string, problems: string[]): string | null => {
  const v = value?.trim() ?? '';
  if (v === '') return null;
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') problems.push(`lhc.${key}: expected an http(s) URL`);
  } catch {
    problems.push(`lhc.${key}: expected an http(s) URL`);
  }
  return v;
};

export function lhcSettings(c: Config['lhc'], domain: string, sharedSecret: string): LhcSettings {
  const problems: string[] = [];
  const hosts = [domain, ...c.hosts.map((h) => h.trim().toLowerCase()).filter((h) => h !== '')];
  for (const h of hosts) if (!isValidDomain(h)) problems.push(`lhc.hosts: ${JSON.stringify(h)} is not a domain name`);
  const ahBaseDomain = c.ahBaseDomain?.trim() || null;
  if (c.automatedHosting && (ahBaseDomain === null || !isValidDomain(ahBaseDomain))) problems.push('lhc.ahBaseDomain: required (a domain name) with lhc.automatedHosting');
  const messageUrl = urlOrNull(c.messageUrl, 'messageUrl', problems);
  const statusUrl = urlOrNull(c.statusUrl, 'statusUrl', problems);
  const pingUrl = urlOrNull(c.pingUrl, 'pingUrl', problems) ?? statusUrl;
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    enabled: c.enabled,
    secretDigest: secretDigest(c.secretKey?.trim() || sharedSecret),
    callbackSecret: c.callbackSecret?.trim() || sharedSecret,
    hosts: [...new Set(hosts)],
    maxBodyBytes: c.maxBodyBytes,
    visitorIdleMs: c.visitorIdleSeconds * 1000,
    sendWaitMs: c.sendWaitSeconds * 1000,
    visitorAccountMs: c.visitorAccountDays * 86_400_000,
    operatorsGroup: c.operatorsGroup,
    visitorsGroup: c.visitorsGroup,
    messageUrl,
    statusUrl,
    pingUrl,
    pingIntervalMs: c.pingIntervalSeconds * 1000,
    pingTimeoutMs: c.pingTimeoutSeconds * 1000,
    killUnresponsive: c.killUnresponsive,
    automatedHosting: c.automatedHosting,
    ahBaseDomain,
    ahProtocol: c.ahProtocol,
    callbackTimeoutMs: c.callbackTimeoutMs,
    retryBaseMs: c.retryBaseMs,
    retryMaxMs: c.retryMaxMs,
    maxAgeMs: c.maxAgeSeconds * 1000,
  };
}
