/**
 * Fills the hook-fed online view with the sessions ejabberd already has, so ofgate knows who
 * is online right after it starts (hook events only tell about changes). Run before the
 * gateway listens: events the shim queued meanwhile then arrive after the snapshot, in order.
 *
 * A view that already holds someone is not seeded at all: on a shared view (several instances,
 * the Store) another instance keeps it current from hook events newer than any snapshot this one
 * could take, and a seed would add back resources that went offline between the snapshot and its
 * write — with random resource names, nothing would ever remove them (ghost agents). While no
 * instance runs, mod_ofgate queues the events, so the view catches up when one starts.
 * The seed only adds resources the view lacks; it never overwrites or removes anything.
 */
import type { PresenceShow } from '../../hooks/index.js';
import type { PresenceView } from './presence-view.js';
import type { EjabberdBackend } from '../ejabberd/index.js';

const SHOWS: readonly PresenceShow[] = ['available', 'away', 'chat', 'dnd', 'xa'];

/** Resolves with the number of sessions seeded (0 when the view already held someone). */
export async function seedPresence(view: Pick<PresenceView, 'seedResource' | 'list'>, backend: Pick<EjabberdBackend, 'listSessions'>): Promise<number> {
  if ((await view.list(1)).length > 0) return 0;
  const sessions = await backend.listSessions();
  for (const s of sessions) {
    await view.seedResource(s.jid, {
      resource: s.resource,
      show: (SHOWS as readonly string[]).includes(s.status) ? (s.status as PresenceShow) : 'available',
      status: s.statusText,
      priority: s.priority,
    });
  }
  return sessions.length;
}
