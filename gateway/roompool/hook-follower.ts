/**
 * ejabberd's room activity into the pool: the hook shim's `muc_join` and `muc_leave` (real
 * JID, resource and nick) step join and leave on the pool's rooms; `message_sent` groupchat
 * messages to a chatting pool room go to its transcript (the shim is asked for only those:
 * groupchat to this site's room names on the pool's service).
 *
 * Rules: only rooms of the pool's MUC service whose name is this site's are looked at; the
 * bot's own JID is never a participant; a room without a record is left to the bot's
 * reconcile (it destroys orphans). A leave is clean when its presence status (the shim keeps
 * the text of a local occupant's leave presence for `muc_leave`) is "Clean Exit", or when the
 * web side marked a clean exit first (POST roompool/rooms/{room}/clean-exit).
 */
import type { HookBus } from '../../hooks/index.js';
import { splitJid } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import { isPoolRoom, poolRoomPattern } from './pool-names.js';
import type { PoolService } from './pool-service.js';
import type { Transcripts } from './transcripts.js';

export interface HookFollowerDeps {
  readonly hooks: Pick<HookBus, 'subscribe'>;
  readonly service: Pick<PoolService, 'apply' | 'state' | 'now'>;
  readonly transcripts: Transcripts | undefined;
  readonly site: string;
  readonly mucService: string;
  readonly botJid: string;
  readonly log: Logger;
}

export function followRoomHooks(d: HookFollowerDeps): () => void {
  const service = d.mucService.toLowerCase();
  /** The pool room's name, when `roomJid` is one. */
  const roomOf = (roomJid: string): string | undefined => {
    const j = splitJid(roomJid);
    const name = j.local.toLowerCase();
    return j.domain.toLowerCase() === service && isPoolRoom(d.site, name) ? name : undefined;
  };
  const isBot = (jid: string): boolean => jid.toLowerCase() === d.botJid;

  const offs = [
    d.hooks.subscribe('muc_join', async (e) => {
      const room = roomOf(e.room);
      if (!room || isBot(e.jid)) return;
      await d.service.apply({ type: 'join', room, jid: `${e.jid}/${e.resource}`, nick: e.nick ?? null });
    }),
    d.hooks.subscribe('muc_leave', async (e) => {
      const room = roomOf(e.room);
      if (!room || isBot(e.jid)) return;
      await d.service.apply({ type: 'leave', room, jid: `${e.jid}/${e.resource}`, status: e.status ?? null });
    }),
  ];
  const transcripts = d.transcripts;
  if (transcripts) {
    offs.push(d.hooks.subscribe('message_sent', async (e) => {
      if (e.type !== 'groupchat' || e.body === undefined) return;
      const room = roomOf(e.to.split('/')[0] ?? '');
      if (!room) return;
      const state = (await d.service.state()).rooms[room];
      if (state) await transcripts.record(state, e.from, e.body, d.service.now());
    }, { type: 'groupchat', to: poolRoomPattern(d.site, d.mucService) }));
  }
  d.log.debug('room pool: following room joins and leaves', { site: d.site, transcripts: !!transcripts });
  return () => offs.forEach((off) => off());
}
