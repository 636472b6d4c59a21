/**
 * Remembers the last `size` event ids, so a batch the shim retries (because ofgate's answer
 * was lost) is not published twice. Bounded: the oldest id is forgotten first. Pure.
 */
export interface DedupWindow {
  /** True when `id` was seen within the window; otherwise records it and returns false. */
  seen(id: string): boolean;
  readonly size: number;
}

export function createDedupWindow(capacity: number): DedupWindow {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`dedup window must be a positive integer, got ${capacity}`);
  // A Set iterates in insertion order: its first element is the oldest id.
  const ids = new Set<string>();
  return {
    seen(id) {
      if (ids.has(id)) return true;
      ids.add(id);
      if (ids.size > capacity) {
        const oldest = ids.values().next().value;
        if (oldest !== undefined) ids.delete(oldest);
      }
      return false;
    },
    get size() {
      return ids.size;
    },
  };
}
