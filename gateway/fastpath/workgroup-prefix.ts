/**
 * The prefix of a workgroup's record ids in a shared collection: `<workgroup>:`. A JID local
 * part never holds ':', so under it one workgroup's records list alone (and, with newest-first
 * ids after it, newest first). Pure.
 */

/** The workgroup's prefix of record ids. */
export const workgroupPrefix = (workgroup: string): string => `${workgroup}:`;
