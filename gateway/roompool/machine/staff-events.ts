/**
 * The pool's stock and a staff member's take. A new room is `available` with no staff; a take
 * names the staff account (identity: only it counts as the room's staff), its priority and
 * department, and for an invitation the one client admitted. The oldest stock room is taken
 * first; `fresh` (a room made on demand because the stock was empty) is recorded in the same
 * step, whatever the answer (it exists in ejabberd).
 */
import { note, setStatus, summaryOf, type Draft } from './draft.js';
import type { FreshRoom, PoolEvent } from './events.js';
import type { TakeResult } from './results.js';
import { isStock, type RoomData } from './state.js';
import { heldBy } from './views.js';

export function addRoom(d: Draft, fresh: FreshRoom): boolean {
  if (d.s.rooms[fresh.name]) return false;
  const r: RoomData = {
    name: fresh.name, type: fresh.type, password: fresh.password, createdAt: d.now,
    status: 'available', statusAt: d.now, seq: 0, department: null,
    staff: null, staffNick: null, priority: 0, takenAt: null, invitation: false,
    client: null, clientNick: null, ticket: null, requestedAt: null, reservedUntil: null,
    present: [], departed: null, webCleanExit: false, closeReason: null, log: [],
  };
  d.s.rooms[fresh.name] = r;
  note(d, r, { kind: 'created' });
  d.effects.push({ type: 'roomStatus', from: null, room: summaryOf(r) });
  return true;
}

export function take(d: Draft, e: Extract<PoolEvent, { type: 'take' }>): TakeResult {
  if (e.fresh) addRoom(d, e.fresh); // it exists in ejabberd: recorded whatever the answer
  if (!d.s.settings.enabled) return { kind: 'disabled' };
  const max = d.s.settings.maxChatsPerStaff;
  if (heldBy(d.s, e.staff).length >= max) return { kind: 'limit', max };
  const r = Object.values(d.s.rooms)
    .filter((x) => x.type === e.roomType && isStock(x))
    .sort((a, b) => a.createdAt - b.createdAt || (a.name < b.name ? -1 : 1))[0];
  if (!r) return { kind: 'none' };
  r.staff = e.staff;
  r.priority = e.priority;
  r.department = e.department;
  r.takenAt = d.now;
  const invitation = e.roomType === 'one2one' && e.invitee !== null;
  r.invitation = invitation;
  if (invitation) r.client = e.invitee;
  note(d, r, { kind: 'taken', who: e.staff, ...(invitation && e.invitee ? { detail: `for ${e.invitee}` } : {}) });
  if (invitation) setStatus(d, r, 'availableForInvitation');
  if (r.type === 'group') d.effects.push({ type: 'grantModerator', room: r.name, jid: e.staff });
  d.effects.push({ type: 'refill' });
  return { kind: 'taken', room: r.name, password: r.password, expiresAt: d.now + d.s.settings.cleanupMs };
}
