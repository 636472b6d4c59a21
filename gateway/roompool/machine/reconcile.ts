/**
 * A room's record set straight from ejabberd's real occupants (the svn bot's `fixroomstatus`:
 * occupants × web clean exit × assignment), at start and in every bot pass, so a missed or
 * unheard join or leave (ofgate down, another process) is caught up. Identity decides: S = the
 * staff account inside, C = the room's client inside; anyone else in a one-to-one room is kicked.
 *
 * | status | occupants | to |
 * | available (taken) | S | staffWaiting |
 * | availableForInvitation | S and C / S | chatting / staffWaitingForInvitee |
 * | staffWaiting(ForInvitee) | no S | toDestroy (a reserved client back to the queue head) |
 * | staffWaiting(ForInvitee) | S and C | chatting |
 * | chatting | one of S, C | closingChat if the web said clean exit, else lost |
 * | chatting, lost | neither | toDestroy if clean exit, else abandoned |
 * | lost | S and C | chatting |
 * | closingChat | neither | toDestroy |
 * | group available / abandoned | someone | chatting |
 * | group chatting | nobody | toDestroy if clean exit, else abandoned |
 * | the room is gone from ejabberd | – | the above with nobody, then destroyed (gone) |
 * A reconcile read before the room's last change (seq) is refused: it must not undo it.
 */
import { closeRoom, releaseReservation, setStatus, touch, type Draft } from './draft.js';
import type { Occupant } from './events.js';
import { CLOSE_REASONS } from './cleanup.js';
import { arrived, kick, REASONS } from './one2one.js';
import { bareJid, inside, partyOf } from './occupants.js';
import type { ReconcileResult } from './results.js';
import type { RoomData } from './state.js';

const DETAIL = 'reconciled with ejabberd';

function fixOne2One(d: Draft, r: RoomData): void {
  const s = inside(r, 'staff');
  const c = inside(r, 'client');
  const emptied = (): void => setStatus(d, r, r.webCleanExit ? 'toDestroy' : 'abandoned', DETAIL);
  switch (r.status) {
    case 'available':
      if (s && r.staff !== null) setStatus(d, r, 'staffWaiting', DETAIL);
      return;
    case 'availableForInvitation':
      if (s) setStatus(d, r, c ? 'chatting' : 'staffWaitingForInvitee', DETAIL);
      return;
    case 'staffWaiting':
    case 'staffWaitingForInvitee':
      if (!s) {
        releaseReservation(d, r, false); // a reserved client keeps its place, at the head
        setStatus(d, r, 'toDestroy', DETAIL);
      } else if (c) {
        arrived(d, r);
        setStatus(d, r, 'chatting', DETAIL);
      }
      return;
    case 'chatting':
      if (s && c) return;
      if (!s && !c) return emptied();
      r.departed = s ? 'client' : 'staff';
      return setStatus(d, r, r.webCleanExit ? 'closingChat' : 'lost', DETAIL);
    case 'lost':
      if (s && c) {
        r.departed = null;
        return setStatus(d, r, 'chatting', DETAIL);
      }
      if (!s && !c) return emptied();
      r.departed = s ? 'client' : 'staff';
      return;
    case 'closingChat':
      if (!s && !c) setStatus(d, r, 'toDestroy', DETAIL);
      return;
    default:
      return;
  }
}

function fixGroup(d: Draft, r: RoomData): void {
  const someone = r.present.length > 0;
  if (someone && (r.status === 'available' || r.status === 'abandoned')) setStatus(d, r, 'chatting', DETAIL);
  else if (!someone && r.status === 'chatting') setStatus(d, r, r.webCleanExit ? 'toDestroy' : 'abandoned', DETAIL);
}

export function reconcile(d: Draft, room: string, occupants: readonly Occupant[] | null, seenSeq: number): ReconcileResult {
  const r = d.s.rooms[room];
  if (!r) return { kind: 'unknown' };
  if (r.seq !== seenSeq) return { kind: 'stale' };
  if (r.status === 'destroyed') return { kind: 'ok' };
  const gone = occupants === null;
  const live = occupants ?? [];
  const closing = r.status === 'toDestroy' || r.status === 'abandoned' || r.status === 'closingChat';
  const next = r.type === 'group' ? live.map((o) => o.jid) : live.filter((o) => partyOf(r, o.jid) !== 'other').map((o) => o.jid);
  if (next.join('\n') !== r.present.join('\n')) {
    r.present = [...next];
    touch(d, r);
  }
  if (r.type === 'one2one' && !closing) {
    const intruders = [...new Set(live.filter((o) => partyOf(r, o.jid) === 'other').map((o) => bareJid(o.jid)))];
    for (const who of intruders) kick(d, r, who, REASONS.intruder);
  }
  if (r.type === 'group') fixGroup(d, r);
  else fixOne2One(d, r);
  if (gone) closeRoom(d, r, CLOSE_REASONS.gone, true);
  return { kind: 'ok' };
}
