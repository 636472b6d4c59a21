/**
 * Whether a workgroup takes new requests at `now`: closed by hand (`open` false), or outside
 * its business hours (then with the next opening). Pure.
 */
import { isOpen, nextOpening } from './business-hours.js';
import type { WorkgroupSettings } from './state.js';

export type OpenStatus =
  | { readonly open: true }
  | { readonly open: false; readonly by: 'settings' | 'businessHours'; readonly nextOpening: number | null };

export function openStatus(settings: WorkgroupSettings, now: number): OpenStatus {
  if (!settings.open) return { open: false, by: 'settings', nextOpening: null };
  const h = settings.businessHours;
  if (h === null || isOpen(h, now)) return { open: true };
  return { open: false, by: 'businessHours', nextOpening: nextOpening(h, now) };
}
