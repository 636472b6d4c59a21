/**
 * The store-wide version counter of a local backend (memory, embedded): every write takes the
 * next number, so a record's versions increase with each write and are never reused for an id,
 * across deletes and expiries. Starts after the highest version the store ever gave (embedded:
 * what recovery found in the snapshot header and the journals; memory: 0). A number taken by a
 * write that then fails is simply skipped. Pure: no clock, no I/O.
 */

export interface VersionCounter {
  /** The next version (greater than every one given before). */
  next(): number;
  /** The highest version given so far (0: none). */
  readonly last: number;
}

export function createVersionCounter(last = 0): VersionCounter {
  if (!Number.isSafeInteger(last) || last < 0) throw new RangeError(`bad starting version ${last}`);
  let current = last;
  return {
    next: () => ++current,
    get last() {
      return current;
    },
  };
}
