/**
 * The journal's line format: one line per committed step (a put, a delete, an update, a whole
 * transaction), a JSON array of the records as they are after it:
 *   [["<collection>","<id>",<version>,<expiresAt or 0>,<value>], ["<collection>","<id>",0]]\n
 * (version 0 = deleted). Replay sets records to these states, so replaying twice is harmless.
 * A line is whole only when it ends with "\n"; the value is the caller's JSON text, embedded as is.
 * Pure.
 */
import type { RecordOp, StoredRecord } from '../record-state.js';

export function encodeLine(ops: readonly RecordOp[]): string {
  const parts = ops.map(({ collection, id, record }) =>
    record === null
      ? `[${JSON.stringify(collection)},${JSON.stringify(id)},0]`
      : `[${JSON.stringify(collection)},${JSON.stringify(id)},${record.version},${record.expiresAt ?? 0},${record.json}]`,
  );
  return `[${parts.join(',')}]\n`;
}

/** The ops of one line (without its "\n"); throws when the line is not one this format wrote. */
export function decodeLine(line: string): RecordOp[] {
  const parsed: unknown = JSON.parse(line);
  if (!Array.isArray(parsed)) throw new Error('journal line is not an array');
  return parsed.map((op: unknown): RecordOp => {
    if (!Array.isArray(op) || typeof op[0] !== 'string' || typeof op[1] !== 'string' || !Number.isSafeInteger(op[2]) || (op[2] as number) < 0) {
      throw new Error('journal op is malformed');
    }
    const [collection, id, version] = op as [string, string, number];
    if (version === 0) return { collection, id, record: null };
    if (op.length !== 5 || typeof op[3] !== 'number') throw new Error('journal op is malformed');
    const record: StoredRecord = { json: JSON.stringify(op[4]), version, expiresAt: op[3] === 0 ? undefined : (op[3] as number) };
    return { collection, id, record };
  });
}
