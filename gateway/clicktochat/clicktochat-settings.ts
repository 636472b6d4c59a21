/**
 * Click-to-chat's settings, resolved once from the configuration: the two virtual hosts (with
 * their defaults), the helpdesk group, the name pattern compiled, API keys kept as digests only.
 *
 * Rules it keeps:
 * - clientHost defaults to xmpp.domain, helpdeskHost to helpdesk.{xmpp.domain}; both are valid
 *   domains, lower case.
 * - When the two hosts are the same, helpdeskGroup is required (by host alone every user would
 *   be a helpdesk user, clients included: the original's trap); a bad setting refuses to start
 *   (ConfigError naming the key).
 * - The API keys themselves are not kept here, only their SHA-256 digests (compared in constant
 *   time); nothing here is ever logged.
 */
import { secretDigest } from '../auth/index.js';
import { ConfigError, type Config } from '../config/index.js';
import { isValidDomain } from '../jid/index.js';

export interface ClickToChatSettings {
  readonly clientHost: string;
  readonly helpdeskHost: string;
  /** Helpdesk users are this shared roster group's members (on helpdeskHost); null: every user of helpdeskHost. */
  readonly helpdeskGroup: string | null;
  readonly maxSessions: number;
  readonly rosterLink: boolean;
  readonly clientTimeoutMs: number;
  readonly apiKeyDigests: readonly Buffer[];
  readonly public: boolean;
  readonly publicRegistersPerMinute: number;
  readonly publicAccountsPerAddress: number;
  readonly listPublic: boolean;
  readonly namePattern: RegExp;
  /** null: the original's default (* on list only). */
  readonly corsOrigin: string | null;
  readonly maxBodyBytes: number;
}

export function clickToChatSettings(c: Config['clicktochat'], domain: string): ClickToChatSettings {
  const problems: string[] = [];
  const host = (key: 'clientHost' | 'helpdeskHost', fallback: string): string => {
    const value = (c[key] ?? fallback).trim().toLowerCase();
    if (!isValidDomain(value)) problems.push(`clicktochat.${key}: expected a domain name`);
    return value;
  };
  const clientHost = host('clientHost', domain);
  const helpdeskHost = host('helpdeskHost', `helpdesk.${domain}`);
  const group = c.helpdeskGroup?.trim() || null;
  if (clientHost === helpdeskHost && group === null) {
    problems.push('clicktochat.helpdeskGroup: required when clientHost and helpdeskHost are the same (otherwise every user would be a helpdesk user)');
  }
  let namePattern = /^$/;
  try {
    namePattern = new RegExp(c.namePattern, 'u');
  } catch {
    problems.push('clicktochat.namePattern: expected a regular expression');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    clientHost,
    helpdeskHost,
    helpdeskGroup: group,
    maxSessions: c.maxSessions,
    rosterLink: c.rosterLink,
    clientTimeoutMs: c.clientTimeoutSeconds * 1000,
    apiKeyDigests: c.apiKeys.filter((k) => k !== '').map((k) => secretDigest(k)),
    public: c.public,
    publicRegistersPerMinute: c.publicRegistersPerMinute,
    publicAccountsPerAddress: c.publicAccountsPerAddress,
    listPublic: c.listPublic,
    namePattern,
    corsOrigin: c.corsOrigin?.trim() || null,
    maxBodyBytes: c.maxBodyBytes,
  };
}
