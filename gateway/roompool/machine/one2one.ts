/**
 * One-to-one rooms: joins and leaves (helpdesk-peers.md C.6, One2OneRoom).
 *
 * | from | event | to |
 * | available (taken) | its staff joins | staffWaiting (refill) |
 * | availableForInvitation | its staff joins | staffWaitingForInvitee (chatting if the invitee is in) |
 * | staffWaiting / staffWaitingForInvitee | its client joins | chatting |
 * | staffWaiting / staffWaitingForInvitee | the staff leaves (clean or dirty) | toDestroy |
 * | chatting | one leaves clean / dirty | closingChat (ended) / lost (left) |
 * | chatting | one of them (re)joins | chatting (rejoin) |
 * | lost | the other leaves dirty / clean | abandoned / toDestroy |
 * | lost | the one who left comes back | chatting (ofgate resumes; HelpIM kicked it) |
 * | closingChat | the remaining one leaves | toDestroy |
 * | closingChat, abandoned, toDestroy, destroyed | anyone joins | kicked |
 * | any | an account that is neither its staff nor its client joins | kicked (HelpIM trusted the first occupant) |
 * Leaves of intruders and of a party with another resource still inside change nothing.
 */
import { note, releaseReservation, setStatus, type Draft } from './draft.js';
import { addPresent, bareJid, inside, isCleanLeave, partyOf, removePresent } from './occupants.js';
import type { RoomData } from './state.js';

export interface Reasons {
  readonly intruder: string;
  readonly closed: string;
}

export const REASONS: Reasons = {
  intruder: 'This room is reserved for someone else',
  closed: 'This chat has ended',
};

export function kick(d: Draft, r: RoomData, jid: string, reason: string): void {
  const who = bareJid(jid);
  note(d, r, { kind: 'kicked', who, detail: reason });
  d.effects.push({ type: 'kick', room: r.name, jid: who, reason });
}

/** The client reached its room: the reservation ends, its wait counts in the statistics. */
export function arrived(d: Draft, r: RoomData): void {
  if (r.reservedUntil !== null) d.effects.push({ type: 'cancelReservation', room: r.name });
  r.reservedUntil = null;
  if (r.requestedAt !== null) {
    d.s.served += 1;
    d.s.totalWaitMs += Math.max(0, d.now - r.requestedAt);
  }
}

export function joinOne2One(d: Draft, r: RoomData, jid: string, nick: string | null): void {
  const party = partyOf(r, jid);
  const who = bareJid(jid);
  if (party === 'other') return kick(d, r, jid, REASONS.intruder);
  if (['closingChat', 'abandoned', 'toDestroy', 'destroyed'].includes(r.status)) return kick(d, r, jid, REASONS.closed);
  // a client matched to the room but not (yet) reserved for it any more is an intruder too
  if (party === 'client' && !r.invitation && r.reservedUntil === null && !['chatting', 'lost'].includes(r.status)) return kick(d, r, jid, REASONS.intruder);
  const added = addPresent(r, jid);
  if (party === 'staff' && nick !== null) r.staffNick = nick;
  if (party === 'client' && nick !== null) r.clientNick = nick;
  switch (r.status) {
    case 'available':
      if (party === 'staff') {
        note(d, r, { kind: 'join', who });
        setStatus(d, r, 'staffWaiting');
        d.effects.push({ type: 'refill' });
      }
      return;
    case 'availableForInvitation':
      note(d, r, { kind: 'join', who });
      if (inside(r, 'staff') && inside(r, 'client')) setStatus(d, r, 'chatting');
      else if (party === 'staff') setStatus(d, r, 'staffWaitingForInvitee');
      if (party === 'staff') d.effects.push({ type: 'refill' });
      return;
    case 'staffWaiting':
    case 'staffWaitingForInvitee':
      if (party === 'client') {
        note(d, r, { kind: 'join', who });
        arrived(d, r);
        setStatus(d, r, 'chatting');
      }
      return;
    case 'chatting':
      if (added) note(d, r, { kind: 'rejoin', who });
      return;
    case 'lost':
      note(d, r, { kind: 'rejoin', who });
      if (inside(r, 'staff') && inside(r, 'client')) {
        r.departed = null;
        setStatus(d, r, 'chatting');
      }
      return;
    default:
      return;
  }
}

export function leaveOne2One(d: Draft, r: RoomData, jid: string, status: string | null): void {
  const party = partyOf(r, jid);
  if (!removePresent(r, jid) || party === 'other' || inside(r, party)) return;
  const who = bareJid(jid);
  const clean = isCleanLeave(status, r.webCleanExit);
  switch (r.status) {
    case 'staffWaiting':
    case 'staffWaitingForInvitee':
      if (party !== 'staff') return;
      note(d, r, { kind: 'left', who });
      releaseReservation(d, r, false);
      setStatus(d, r, 'toDestroy');
      return;
    case 'chatting':
      note(d, r, { kind: clean ? 'ended' : 'left', who });
      if (clean) return setStatus(d, r, 'closingChat');
      r.departed = party;
      return setStatus(d, r, 'lost');
    case 'lost':
      note(d, r, { kind: clean ? 'ended' : 'left', who });
      if (party === r.departed) return; // it came back and left again before the other did: still lost
      return setStatus(d, r, clean ? 'toDestroy' : 'abandoned');
    case 'closingChat':
      note(d, r, { kind: 'left', who });
      return setStatus(d, r, 'toDestroy');
    default:
      note(d, r, { kind: 'left', who });
      return;
  }
}
