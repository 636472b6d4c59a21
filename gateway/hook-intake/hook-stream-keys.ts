/**
 * The Redis keys of the shared hook intake (P = redis.keyPrefix):
 * - `P hooks`: the stream of accepted hook events (field `e`: the decoded event as JSON), read
 *   by the consumer group `ofgate`.
 * - `P hooks:seq:<host>-<boot>`: a sorted set of the shim sequence numbers of that prefix taken
 *   lately (the dedup of `<host>-<boot>-<seq>` ids), trimmed to the window, expiring when idle.
 * - `P hooks:id:<id>`: one key per id of any other shape (SET NX with a TTL).
 * - `P hooks:reader`: the lease naming the instance that reads the stream now.
 */
export interface HookStreamKeys {
  readonly stream: string;
  readonly group: string;
  readonly reader: string;
  seqs(prefix: string): string;
  id(id: string): string;
}

export const HOOK_STREAM_GROUP = 'ofgate';

export function hookStreamKeys(keyPrefix: string): HookStreamKeys {
  return {
    stream: `${keyPrefix}hooks`,
    group: HOOK_STREAM_GROUP,
    reader: `${keyPrefix}hooks:reader`,
    seqs: (prefix) => `${keyPrefix}hooks:seq:${prefix}`,
    id: (id) => `${keyPrefix}hooks:id:${id}`,
  };
}
