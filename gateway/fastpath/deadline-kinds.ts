/**
 * The deadline scheduler's kinds for Fastpath's timers, and their ids. A machine deadline is
 * kept under `<workgroup>:<key>` (workgroup names never hold ':'), its payload naming the
 * workgroup and the machine's DeadlineRef, which the deadline event hands back unchanged.
 */
import type { DeadlineKind, DeadlineRef } from './machine/index.js';

export const DEADLINE_KINDS: Readonly<Record<DeadlineKind, string>> = {
  offerTimeout: 'fastpath-offer',
  rejectionExpiry: 'fastpath-rejection',
  requestTimeout: 'fastpath-request',
};

/** A visitor's request ended: its account and records go at this deadline (id = request id). */
export const VISITOR_END_KIND = 'fastpath-visitor-end';

export interface MachineDeadlinePayload {
  readonly workgroup: string;
  readonly deadline: DeadlineRef;
}

export const machineDeadlineId = (workgroup: string, key: string): string => `${workgroup}:${key}`;
