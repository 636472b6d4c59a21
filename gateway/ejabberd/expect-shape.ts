/** Shape checks shared by both adapters' result decoders: a wrong shape is an UnexpectedShape naming where. */
import { UnexpectedShape } from './result-format.js';

export function expectObject(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UnexpectedShape(where);
  return v as Record<string, unknown>;
}

export function expectArray(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new UnexpectedShape(where);
  return v;
}

export function expectString(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new UnexpectedShape(where);
  return v;
}

export function expectNumber(v: unknown, where: string): number {
  if (typeof v !== 'number') throw new UnexpectedShape(where);
  return v;
}
