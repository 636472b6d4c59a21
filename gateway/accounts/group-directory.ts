/**
 * Every shared roster group with its members, read in one go: memberships, shared contacts
 * and renames all need the whole picture, and ejabberd has no "groups of a user" command.
 */
import type { EjabberdBackend } from '../ejabberd/index.js';
import { mapWithLimit } from './map-with-limit.js';
import type { GroupDirectory, GroupSnapshot } from './shared-contacts.js';

const IN_FLIGHT = 8;

export async function loadGroupDirectory(backend: EjabberdBackend): Promise<GroupDirectory> {
  const names = await backend.listSharedGroups();
  const snapshots = await mapWithLimit(names, IN_FLIGHT, async (name): Promise<GroupSnapshot | undefined> => {
    const [info, members] = await Promise.all([backend.getSharedGroup(name), backend.getSharedGroupMembers(name)]);
    return info ? { info, members: members.map((m) => m.toLowerCase()) } : undefined;
  });
  const out = new Map<string, GroupSnapshot>();
  snapshots.forEach((s, i) => {
    if (s) out.set(names[i] as string, s);
  });
  return out;
}

/** Names of the groups `jid` is an explicit member of, sorted. */
export function groupsOfMember(directory: GroupDirectory, jid: string): string[] {
  return [...directory].filter(([, g]) => g.members.includes(jid)).map(([name]) => name).sort();
}
