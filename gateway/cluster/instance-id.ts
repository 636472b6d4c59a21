/**
 * Instance ids: how an ofgate process names itself in the shared store (instance registry,
 * lease holders, deadline claims). Letters, digits and '-', 1–64 of them, so an id can sit in a
 * store record id and a URL without escaping. Pure apart from the random source.
 */
import { randomBytes } from 'node:crypto';

export const INSTANCE_ID = /^[A-Za-z0-9-]{1,64}$/;

export function isInstanceId(s: string): boolean {
  return INSTANCE_ID.test(s);
}

/** `<prefix>-<12 random base-36 characters>`, e.g. `ofgate-k3v9x0q1m2ab`; prefix defaults to `ofgate`. */
export function newInstanceId(prefix = 'ofgate', random: (n: number) => Buffer = randomBytes): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  const bytes = random(12);
  let tail = '';
  for (let i = 0; i < 12; i++) tail += alphabet[(bytes[i] ?? 0) % 36];
  return checkInstanceId(`${prefix}-${tail}`);
}

/** Throws unless `id` is an instance id. */
export function checkInstanceId(id: string): string {
  if (!isInstanceId(id)) throw new Error(`not an instance id: ${JSON.stringify(id)} (letters, digits, '-', at most 64)`);
  return id;
}
