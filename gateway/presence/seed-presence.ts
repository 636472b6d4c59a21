/**
 * Fills the hook-fed online view with the sessions ejabberd already has, so ofgate knows who
 * is online right after it starts (hook events only tell about changes). Run before the
 * gateway listens: events the shim queued meanwhile then arrive after the snapshot, in order.
 *
 * The seed only adds resources the view lacks; it never overwrites or removes anything. On a
 * shared view (several instances, the Store) a second instance starts while another keeps the
 * view current from hook events newer than this snapshot: wiping or overwriting would undo
 * them. What stays: a resource that went offline between the snapshot and its seed write is
 * added back (until its next presence event), and a stale entry the view already holds (events
 * lost while no instance ran, e.g. ejabberd restarted meanwhile) is not removed by a seed.
 */
import type { PresenceShow } from '../../hooks/index.js';
import type { PresenceView } from './presence-view.js';
import type { EjabberdBackend } from '../ejabberd/index.js';

const SHOWS: readonly PresenceShow[] = ['available', 'away', 'chat', 'dnd', 'xa'];

/** Resolves with the number of sessions ejabberd listed. */
export async function seedPresence(view: Pick<PresenceView, 'seedResource'>, backend: Pick<EjabberdBackend, 'listSessions'>): Promise<number> {
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
