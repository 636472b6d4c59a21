import { randomBytes } from 'node:crypto';

/** A name no other test uses: tests share one ejabberd and isolate by names. */
export function unique(prefix: string): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}
