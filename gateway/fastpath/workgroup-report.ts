/**
 * What the admin routes show of a workgroup: a one-line summary for the list, and the detail
 * (settings, queue length, each agent's state from the machine's `agentViews`). Plain data in
 * the machine's terms (times epoch ms, null when never); the routes turn it into entities. Pure.
 */
import { agentViews, openStatus, type AgentView, type WorkgroupSettings } from './machine/index.js';
import type { WorkgroupRecord } from './workgroup-service.js';

export interface WorkgroupSummary {
  readonly name: string;
  readonly description: string;
  readonly members: readonly string[];
  /** Open now: by hand and by business hours. */
  readonly open: boolean;
}

export interface WorkgroupDetail extends WorkgroupSummary {
  readonly settings: WorkgroupSettings;
  /** Requests waiting, offered ones included. */
  readonly queueLength: number;
  /** Active support chats. */
  readonly chatCount: number;
  readonly agents: readonly AgentView[];
}

export function summaryOf(r: WorkgroupRecord, now: number): WorkgroupSummary {
  return { name: r.state.name, description: r.description, members: r.state.members, open: openStatus(r.state.settings, now).open };
}

export function detailOf(r: WorkgroupRecord, now: number): WorkgroupDetail {
  return {
    ...summaryOf(r, now),
    settings: r.state.settings,
    queueLength: r.state.queue.length,
    chatCount: Object.keys(r.state.chats).length,
    agents: agentViews(r.state),
  };
}
