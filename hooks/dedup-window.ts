/**
 * Remembers the last `capacity` event ids, so a batch the shim retries (because ofgate's answer
 * was lost) is not published twice. Bounded: the oldest id is forgotten first. Pure.
 *
 * O(1) per id and no string kept per id: mod_ofgate's ids are `<host>-<boot>-<seq>`, so an id is
 * remembered as its sequence number in a Set per `<host>-<boot>` prefix (the prefix of the last
 * id is matched without slicing). A ring of the ids in arrival order says which to forget next.
 * Ids of any other shape are remembered whole. (A Set of id strings cost ~0.7 µs per event and
 * kept 10,000 strings alive; asking a Set for its oldest entry was not O(1) either.)
 */
export interface DedupWindow {
  /** True when `id` was seen within the window; otherwise records it and returns false. */
  seen(id: string): boolean;
  readonly size: number;
}

/** Longest sequence number read as a number: 15 digits stay exact. */
const MAX_SEQ_DIGITS = 15;

/** The trailing `-<digits>` of an id as a number, or -1. Reads characters, allocates nothing. */
function trailingSeq(id: string, dash: number): number {
  const digits = id.length - dash - 1;
  if (dash < 1 || digits < 1 || digits > MAX_SEQ_DIGITS) return -1;
  let n = 0;
  for (let i = dash + 1; i < id.length; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * A shim id `<host>-<boot>-<seq>` as its prefix `<host>-<boot>` and its sequence number; undefined
 * for ids of any other shape (or a sequence longer than MAX_SEQ_DIGITS). The rule the window uses.
 */
export function splitShimId(id: string): { readonly prefix: string; readonly seq: number } | undefined {
  const dash = id.lastIndexOf('-');
  const seq = trailingSeq(id, dash);
  return seq < 0 ? undefined : { prefix: id.slice(0, dash), seq };
}

export function createDedupWindow(capacity: number): DedupWindow {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`dedup window must be a positive integer, got ${capacity}`);
  const byPrefix = new Map<string, Set<number>>();
  const whole = new Set<string>();
  // Slot i of the ring: the Set holding the i-th remembered id, and its key there.
  const ringSet: Array<Set<number> | Set<string> | undefined> = new Array<undefined>(capacity).fill(undefined);
  const ringKey: Array<number | string> = new Array<number>(capacity).fill(0);
  const prefixOf = new Map<Set<number>, string>();
  let next = 0;
  let size = 0;
  let lastPrefix = '';
  let lastSet: Set<number> | undefined;

  const forgetOldest = (): void => {
    const set = ringSet[next];
    if (!set) return;
    size--;
    if (set === whole) {
      whole.delete(ringKey[next] as string);
      return;
    }
    const nums = set as Set<number>;
    nums.delete(ringKey[next] as number);
    if (nums.size === 0) {
      byPrefix.delete(prefixOf.get(nums) ?? '');
      prefixOf.delete(nums);
      if (lastSet === nums) lastSet = undefined;
    }
  };
  /** Records `key` in `set` (forgetting the oldest id first, which may empty and unlist that very set). */
  const remember = (set: Set<number> | Set<string>, key: number | string, prefix?: string): void => {
    forgetOldest();
    if (prefix !== undefined && !prefixOf.has(set as Set<number>)) {
      byPrefix.set(prefix, set as Set<number>);
      prefixOf.set(set as Set<number>, prefix);
      lastPrefix = prefix;
      lastSet = set as Set<number>;
    }
    ringSet[next] = set;
    ringKey[next] = key;
    next = (next + 1) % capacity;
    size++;
  };

  return {
    seen(id) {
      const dash = id.lastIndexOf('-');
      const seq = trailingSeq(id, dash);
      if (seq < 0) {
        if (whole.has(id)) return true;
        remember(whole, id);
        whole.add(id);
        return false;
      }
      let set = lastSet !== undefined && dash === lastPrefix.length && id.startsWith(lastPrefix) ? lastSet : undefined;
      if (set === undefined) {
        const prefix = id.slice(0, dash);
        set = byPrefix.get(prefix);
        if (set === undefined) {
          set = new Set<number>();
          byPrefix.set(prefix, set);
          prefixOf.set(set, prefix);
        }
        lastPrefix = prefix;
        lastSet = set;
      }
      if (set.has(seq)) return true;
      remember(set, seq, lastPrefix);
      set.add(seq);
      return false;
    },
    get size() {
      return size;
    },
  };
}
