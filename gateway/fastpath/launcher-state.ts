/**
 * What the visitor widget's launcher shows of a workgroup (GET workgroups/{workgroup}): open or
 * not (with the next opening when business hours closed it), agents available, the queue's
 * length and the wait a request asked now would have, the title and the two forms. Pure: from
 * the workgroup's record, its page settings and the time.
 */
import { availableAgents, estimatedSeconds, openStatus } from './machine/index.js';
import { effectiveForms, type FormField, type PageSettings } from './page-settings.js';
import type { WorkgroupRecord } from './workgroup-service.js';

export interface LauncherState {
  readonly workgroup: string;
  readonly title: string;
  readonly open: boolean;
  readonly agentsAvailable: number;
  readonly queueLength: number;
  readonly estimatedWait: number;
  /** Epoch ms; null when open, closed by hand, or no opening within the look-ahead. */
  readonly nextOpening: number | null;
  readonly form: readonly FormField[];
  readonly offlineForm: readonly FormField[];
}

export function launcherState(r: WorkgroupRecord, page: PageSettings, now: number): LauncherState {
  const s = r.state;
  const status = openStatus(s.settings, now);
  return {
    workgroup: s.name,
    title: page.title !== '' ? page.title : r.description !== '' ? r.description : s.name,
    open: status.open,
    agentsAvailable: availableAgents(s).length,
    queueLength: s.queue.length,
    estimatedWait: estimatedSeconds(s, s.queue.length + 1),
    nextOpening: status.open ? null : status.nextOpening,
    ...effectiveForms(page),
  };
}
