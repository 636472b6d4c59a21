/**
 * What `step` asks the world to do after its state is committed, in order: roster items between
 * the pair, and telling a client whose helpdesk user left. Plain data; the effect runner does it.
 *
 * Rules:
 * - Effects are about active clients only: a pending client has no account yet, its register
 *   answers with whoever holds it when it is confirmed (and `link` comes then).
 * - A reassignment is `unlink` (old pair), `link` (new pair), then `reassigned`; an agent leaving
 *   with nobody to take over gives `unlink`, then `unpaired`.
 */
export type Effect =
  /** The pair get each other as roster items with presence subscription (when configured). */
  | { readonly type: 'link'; readonly client: string; readonly agent: string }
  /** The pair's roster items go. */
  | { readonly type: 'unlink'; readonly client: string; readonly agent: string }
  /** Tell the client (a message from its new agent, an SSE event) and the new agent. */
  | { readonly type: 'reassigned'; readonly client: string; readonly from: string; readonly to: string }
  /** Tell the client its agent left and nobody is available. */
  | { readonly type: 'unpaired'; readonly client: string; readonly from: string };

export type EffectType = Effect['type'];
