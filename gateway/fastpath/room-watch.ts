/**
 * The end of a support chat: when someone leaves a support room (the hook shim's `muc_leave`,
 * whatever client they used), and neither the agent nor the visitor is still in it, the chat
 * ends (`chatEnded`: the agent's load drops, the room is removed, the visitor's account follows
 * after its grace period).
 *
 * Rules: only rooms of the support-room service whose name is a live request are looked at; the
 * occupants are read from ejabberd (not guessed from events), so a missed event only delays
 * the end to the next leave.
 */
import type { HookBus } from '../../hooks/index.js';
import { splitJid } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import type { VisitorAsks } from './visitor-asks.js';
import type { SupportRooms } from './support-rooms.js';
import type { WorkgroupService } from './workgroup-service.js';

export interface RoomWatchDeps {
  readonly hooks: Pick<HookBus, 'subscribe'>;
  readonly mucService: string;
  readonly asks: Pick<VisitorAsks, 'record'>;
  readonly rooms: Pick<SupportRooms, 'occupants'>;
  readonly workgroups: WorkgroupService;
  readonly domain: string;
  readonly log: Logger;
}

export function watchSupportRooms(d: RoomWatchDeps): () => void {
  return d.hooks.subscribe('muc_leave', async (e) => {
    const room = splitJid(e.room);
    if (room.domain.toLowerCase() !== d.mucService.toLowerCase()) return;
    const record = await d.asks.record(room.local);
    if (!record || record.endedAt !== null) return;
    const wg = await d.workgroups.get(record.workgroup).catch(() => undefined);
    const chat = wg?.state.chats[record.requestId];
    if (!chat || chat.status !== 'open') return;
    const inside = new Set((await d.rooms.occupants(record.requestId)).map((j) => j.toLowerCase()));
    const agent = `${chat.agent}@${d.domain}`.toLowerCase();
    const visitor = chat.request.visitor.toLowerCase();
    if (inside.has(agent) || inside.has(visitor)) return;
    d.log.info('fastpath: both left the support room; the chat ends', { workgroup: record.workgroup, requestId: record.requestId });
    await d.workgroups.apply(record.workgroup, { type: 'chatEnded', offerId: record.requestId });
  });
}
