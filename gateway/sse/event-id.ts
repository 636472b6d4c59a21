/**
 * Event ids `<epoch>-<seq>`: epoch = the hub's start time in ms, seq = a counter shared by all
 * users of this hub (so per user strictly increasing, with gaps). A new gateway process has a
 * new epoch, so an id can never be mistaken for one of an earlier run.
 */
export function formatEventId(epoch: number, seq: number): string {
  return `${epoch}-${seq}`;
}

/** The seq of an id issued by this hub (same epoch, not beyond `lastSeq`); else undefined. */
export function parseEventId(id: string, epoch: number, lastSeq: number): number | undefined {
  const m = /^(\d{1,16})-(\d{1,16})$/.exec(id.trim());
  if (!m || Number(m[1]) !== epoch) return undefined;
  const seq = Number(m[2]);
  return seq <= lastSeq ? seq : undefined;
}
