/** The room pool's configuration (config group `rooms`) resolved: addresses, the bot and the machine's settings. */
import { ConfigError, type Config } from '../config/index.js';
import { bare, parseJid } from '../jid/index.js';
import type { PoolSettings } from './machine/index.js';

export interface RoomPoolConfig {
  readonly site: string;
  readonly domain: string;
  readonly mucService: string;
  /** Lower-case bare JID. */
  readonly botJid: string;
  readonly botNick: string;
  readonly persistent: boolean;
  readonly groupMaxUsers: number;
  readonly maxWaitMs: number;
  /** The bot's pass interval; 0: a tenth of the cleanup time. */
  readonly passMs: number;
  readonly transcripts: boolean;
  readonly keepDays: number;
  readonly retention: 'mask' | 'delete';
  readonly publicStatus: boolean;
  readonly defaults: PoolSettings;
}

/** rooms.botJid: a bare JID with a local part (400-style message naming the key otherwise). */
function botJidOf(raw: string | undefined, site: string, domain: string): string {
  if (raw === undefined) return `${site}-bot@${domain}`;
  const jid = parseJid(raw.trim());
  if (!jid || jid.local === '' || jid.resource !== '') throw new ConfigError([`rooms.botJid: expected a bare JID (user@domain), got ${JSON.stringify(raw)}`]);
  return bare(jid);
}

export function roomPoolConfig(c: Pick<Config, 'rooms' | 'xmpp'>): RoomPoolConfig {
  const r = c.rooms;
  const domain = c.xmpp.domain.toLowerCase();
  return {
    site: r.site,
    domain,
    mucService: (r.mucService ?? `${c.xmpp.mucSubdomain}.${c.xmpp.domain}`).toLowerCase(),
    botJid: botJidOf(r.botJid, r.site, domain),
    botNick: r.botNick,
    persistent: r.persistent,
    groupMaxUsers: r.groupMaxUsers,
    maxWaitMs: r.maxWaitSeconds * 1000,
    passMs: r.passSeconds * 1000,
    transcripts: r.transcripts,
    keepDays: r.keepDays,
    retention: r.retention,
    publicStatus: r.publicStatus,
    defaults: {
      enabled: r.enabled,
      open: true,
      poolSize: r.poolSize,
      groupRooms: r.groupRooms,
      cleanupMs: r.cleanupSeconds * 1000,
      allocationTimeoutMs: r.allocationTimeoutSeconds * 1000,
      maxChatsPerStaff: r.maxChatsPerStaff,
      maxQueue: r.maxQueue,
    },
  };
}
