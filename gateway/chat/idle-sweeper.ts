/**
 * Idle expiry of chat streams: a stream with no REST call and no open SSE stream for
 * `idleMs` is logged off (ofchat's sessions never expired; config.xmpp.idleStreamSeconds,
 * 0 = never). While an SSE stream is open the stream counts as used, so the full idle window
 * starts when the last SSE stream goes away. Time comes from an injected clock.
 */
import type { Clock } from '../clock/index.js';

/**
 * One sweep: refreshes `lastUse` of users with listeners and returns the users idle for at
 * least `idleMs` (pure apart from updating the map it is given).
 */
export function sweepIdle(lastUse: Map<string, number>, now: number, idleMs: number, listening: (user: string) => boolean): string[] {
  const idle: string[] = [];
  for (const [user, last] of lastUse) {
    if (listening(user)) lastUse.set(user, now);
    else if (now - last >= idleMs) idle.push(user);
  }
  return idle;
}

export interface IdleSweeper {
  /** A REST call used the user's stream (or it was opened). */
  touch(user: string): void;
  forget(user: string): void;
  stop(): void;
}

export function startIdleSweeper(o: {
  idleMs: number;
  clock: Clock;
  /** Asked for every user at each sweep (another instance may hold the user's SSE streams). */
  listening(user: string): boolean | Promise<boolean>;
  expire(user: string): void;
  onError?(err: unknown): void;
}): IdleSweeper {
  const lastUse = new Map<string, number>();
  let sweeping = false;
  const expireIdle = (listening: Map<string, boolean>): void => {
    for (const user of sweepIdle(lastUse, o.clock.now(), o.idleMs, (u) => listening.get(u) ?? true)) {
      lastUse.delete(user);
      o.expire(user);
    }
  };
  /** Synchronous when every answer is (one instance); otherwise once the shared answers are in. */
  const sweep = (): Promise<void> | undefined => {
    const users = [...lastUse.keys()];
    const answers = users.map((u) => o.listening(u));
    if (!answers.some((a) => a instanceof Promise)) {
      expireIdle(new Map(users.map((u, i) => [u, answers[i] as boolean])));
      return undefined;
    }
    return Promise.all(answers).then((a) => expireIdle(new Map(users.map((u, i) => [u, a[i] as boolean]))));
  };
  const cancel = o.idleMs > 0
    ? o.clock.every(Math.max(1000, Math.min(30_000, Math.floor(o.idleMs / 4))), () => {
      if (sweeping) return; // a slow shared store: never two sweeps at once
      let pending: Promise<void> | undefined;
      try {
        pending = sweep();
      } catch (err) {
        o.onError?.(err);
      }
      if (!pending) return;
      sweeping = true;
      pending.catch((err: unknown) => o.onError?.(err)).finally(() => {
        sweeping = false;
      });
    })
    : () => {};
  return {
    touch: (user) => void lastUse.set(user, o.clock.now()),
    forget: (user) => void lastUse.delete(user),
    stop: cancel,
  };
}
