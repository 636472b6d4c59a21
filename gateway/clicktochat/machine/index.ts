/**
 * Click-to-chat's pure core: the round-robin queue of helpdesk users and the client pairs as a
 * state machine. Events and the current time in; the next state, effects and the caller's answer
 * out. Nothing here does I/O.
 *
 * Use: inside one atomic store update, `step(state, event, now, rules)` and write `out.state`
 * back (nothing when `out.state === state`); once committed, carry out `out.effects` in order
 * and answer the caller from `out.result`.
 */
export { step, type StepOutput } from './step.js';
export { emptyState, type ClickToChatState, type ClientRecord, type ClientStatus, type PairingRules } from './state.js';
export { loadOf } from './round-robin.js';
export type { Available, PairingEvent, PairingEventType } from './events.js';
export type { Effect, EffectType } from './effects.js';
export type { ConfirmResult, DoneResult, ReleaseResult, ReserveResult, ResultFor, ResultOf } from './results.js';
