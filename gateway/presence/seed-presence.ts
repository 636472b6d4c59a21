/**
 * Fills the hook-fed online view with the sessions ejabberd already has, so ofgate knows who
 * is online right after it starts (hook events only tell about changes). Run before the
 * gateway listens: events the shim queued meanwhile then arrive after the snapshot, in order.
 */
import type { PresenceShow, PresenceView } from '../../hooks/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';

const SHOWS: readonly PresenceShow[] = ['available', 'away', 'chat', 'dnd', 'xa'];

export async function seedPresence(view: PresenceView, backend: EjabberdBackend): Promise<number> {
  const sessions = await backend.listSessions();
  for (const s of sessions) {
    view.setResource(s.jid, {
      resource: s.resource,
      show: (SHOWS as readonly string[]).includes(s.status) ? (s.status as PresenceShow) : 'available',
      status: s.statusText,
      priority: s.priority,
    });
  }
  return sessions.length;
}
