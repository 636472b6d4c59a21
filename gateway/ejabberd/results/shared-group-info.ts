/**
 * srg_get_info's key/value list ↔ SharedGroupInfo, and the `display` argument of srg_create.
 * An unknown group answers an empty list. Displayed groups come back one per line; srg_create
 * splits its argument on a literal backslash-n (the two characters `\` and `n`).
 * References: ejabberd 23.01 mod_admin_extra:srg_create/5, srg_get_info/2; notes §10 pitfall 8.
 */
import type { SharedGroupInfo } from '../ejabberd-backend.js';

export interface InfoPair {
  readonly key: string;
  readonly value: string;
}

export const DISPLAY_SEPARATOR = '\\n';

export function parseSharedGroupInfo(name: string, pairs: readonly InfoPair[]): SharedGroupInfo | undefined {
  if (pairs.length === 0) return undefined;
  const get = (key: string) => pairs.find((p) => p.key === key)?.value ?? '';
  return {
    name,
    label: get('label'),
    description: get('description'),
    displayed: get('displayed_groups')
      .split('\n')
      .filter((g) => g !== ''),
  };
}

/** The `display` argument, or undefined when a name cannot be carried by it. */
export function formatDisplayedGroups(displayed: readonly string[]): string | undefined {
  if (displayed.some((g) => g === '' || g.includes(DISPLAY_SEPARATOR) || g.includes('\n'))) return undefined;
  return displayed.join(DISPLAY_SEPARATOR);
}
