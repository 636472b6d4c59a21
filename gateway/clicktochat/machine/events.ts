/**
 * What can happen to click-to-chat's state: the events `step` takes. The adapters fill in what
 * the machine cannot know itself (who is available now, from the online view), so a step is a
 * pure function of (state, event, now).
 */

/** Helpdesk users who may take a client now (online, show available or chat), any order. */
export type Available = readonly string[];

export type PairingEvent =
  /** A register: reserve a slot for `client` with the next agent in round-robin order. */
  | {
    readonly type: 'reserve';
    readonly client: string;
    readonly available: Available;
    /** The anonymous page's address (public widget mode), with the cap on its clients; null: no cap. */
    readonly address: string | null;
    readonly maxPerAddress: number | null;
  }
  /** The client's account exists and its register answers: the pair becomes active. */
  | { readonly type: 'confirm'; readonly client: string }
  /** The client is gone (disconnect, its last session ended, a failed register): its slot is freed. */
  | { readonly type: 'release'; readonly client: string }
  /** A helpdesk user came online (its first available resource). */
  | { readonly type: 'agentOnline'; readonly agent: string }
  /** A helpdesk user went offline (its last resource): its clients go to others, or are unpaired. */
  | { readonly type: 'agentOffline'; readonly agent: string; readonly available: Available }
  /**
   * After a start (events may have been missed): agents not `online` are handled as gone,
   * online ones missing from the queue are added.
   */
  | { readonly type: 'reconcile'; readonly online: readonly string[]; readonly available: Available };

export type PairingEventType = PairingEvent['type'];
