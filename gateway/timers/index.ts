export {
  checkDeadline,
  DEADLINE_CLAIMS_COLLECTION,
  DEADLINE_INDEX_COLLECTION,
  DEADLINE_KIND,
  DEADLINES_COLLECTION,
  deadlineKey,
  indexKey,
  parseDeadlineKey,
  type DeadlineClaim,
  type DeadlineIndexRecord,
  type DeadlineRecord,
} from './deadline-record.js';
export { claimRetryAt, decideFire, planArming, planCancel, planCompletion, planSchedule, type ArmedTimer, type ArmingInput, type ArmingPlan, type FireDecision } from './deadline-plan.js';
export { createDeadlineScheduler, type DeadlineHandler, type DeadlineScheduler, type DeadlineSchedulerOptions } from './deadline-scheduler.js';
