/**
 * What the Fastpath benchmark saw of each request, as the clients saw it (times from
 * performance.now() in the load generator), and the checks over it: every ask reached a room
 * (both sides joined), no request was offered twice, no request accepted twice. Pure bookkeeping:
 * the clients call `note*`, `agentJoined`, `visitorJoined`, the report reads `summary` and
 * `flowLatencies`.
 *
 * Rules kept:
 * - Entries are keyed by request id and made by whichever side hears of a request first (the
 *   agent's offerReceived is written before POST ask answers, so it often arrives first).
 * - "Offered twice": a flow request (asked while agents had room) must get exactly one
 *   offerReceived; any request must get no offer after its accept, and one accept only. A backlog
 *   request is offered once to every agent that rejects it (that is how it is kept queued) and
 *   once more when it is served: counted, not an error.
 */
import { summarize, type LatencySummary } from './stats.js';

export type RequestKind = 'backlog' | 'flow';

export interface RequestEntry {
  requestId: string;
  kind?: RequestKind;
  workgroup?: string;
  /** When the ask was due (paced flow) or sent; latency is taken from here. */
  askAt?: number;
  askAnsweredAt?: number;
  readonly offers: Array<{ readonly agent: string; readonly at: number }>;
  readonly revokes: Array<{ readonly agent: string; readonly at: number; readonly reason: string }>;
  rejects: number;
  readonly accepts: Array<{ readonly agent: string; readonly at: number }>;
  invitationAt?: number;
  visitorOfferAt?: number;
  /** Set through Ledger.agentJoined / visitorJoined (they wake inRoom waiters). */
  agentJoinedAt?: number;
  visitorJoinedAt?: number;
  /** The visitor's DELETE ask/{userID} answered after the agent left (chats ended as they go). */
  endedAt?: number;
  departed?: string;
}

/** The client-side latencies of a set of requests (ms; requests that never reached a point are left out). */
export interface FlowLatencies {
  /** Ask sent (or due) → the agent's offerReceived. */
  readonly askToOffer: LatencySummary;
  /** Ask answered → offerReceived (negative: the offer arrived first). */
  readonly answerToOffer: LatencySummary;
  /** POST ask?wait=false's own latency. */
  readonly askAnswer: LatencySummary;
  /** Ask → the agent's invitationReceived (the room is ready). */
  readonly askToInvitation: LatencySummary;
  /** Ask → the visitor's `offer` event (the room is ready). */
  readonly askToVisitorOffer: LatencySummary;
  /** Ask → agent and visitor both in the room (their join calls answered). */
  readonly askToRoom: LatencySummary;
}

export function flowLatencies(es: readonly RequestEntry[]): FlowLatencies {
  type At = (e: RequestEntry) => number | undefined;
  const span = (to: At, from: At = (e) => e.askAt): LatencySummary =>
    summarize(es.flatMap((e) => {
      const a = to(e);
      const b = from(e);
      return a === undefined || b === undefined ? [] : [a - b];
    }));
  return {
    askToOffer: span((e) => e.offers[0]?.at),
    answerToOffer: span((e) => e.offers[0]?.at, (e) => e.askAnsweredAt),
    askAnswer: span((e) => e.askAnsweredAt),
    askToInvitation: span((e) => e.invitationAt),
    askToVisitorOffer: span((e) => e.visitorOfferAt),
    askToRoom: span((e) => (e.agentJoinedAt === undefined || e.visitorJoinedAt === undefined ? undefined : Math.max(e.agentJoinedAt, e.visitorJoinedAt))),
  };
}

export interface LedgerSummary {
  readonly requests: number;
  readonly inRoom: number;
  /** Requests that did not reach a room (both joined), with the stage they stopped at. */
  readonly lost: ReadonlyArray<{ readonly requestId: string; readonly kind: string; readonly stage: string }>;
  /** Flow requests with more than one offerReceived, requests offered after their accept, accepted twice. */
  readonly offeredTwice: ReadonlyArray<{ readonly requestId: string; readonly why: string }>;
  readonly backlogOffersPerRequest: LatencySummary;
  readonly revokedFlowOffers: number;
  readonly departed: number;
}

export class Ledger {
  private readonly entries = new Map<string, RequestEntry>();
  private readonly inRoomWaiters = new Map<string, () => void>();

  /** The agent's room join answered. */
  agentJoined(requestId: string, at: number): void {
    this.entry(requestId).agentJoinedAt = at;
    this.settle(requestId);
  }

  /** The visitor's room join answered. */
  visitorJoined(requestId: string, at: number): void {
    this.entry(requestId).visitorJoinedAt = at;
    this.settle(requestId);
  }

  /** Resolves once both sides of `requestId` are in its room. */
  inRoom(requestId: string): Promise<void> {
    const e = this.entry(requestId);
    if (e.agentJoinedAt !== undefined && e.visitorJoinedAt !== undefined) return Promise.resolve();
    return new Promise((resolve) => this.inRoomWaiters.set(requestId, resolve));
  }

  private settle(requestId: string): void {
    const e = this.entry(requestId);
    if (e.agentJoinedAt === undefined || e.visitorJoinedAt === undefined) return;
    this.inRoomWaiters.get(requestId)?.();
    this.inRoomWaiters.delete(requestId);
  }

  entry(requestId: string): RequestEntry {
    let e = this.entries.get(requestId);
    if (!e) {
      e = { requestId, offers: [], revokes: [], rejects: 0, accepts: [] };
      this.entries.set(requestId, e);
    }
    return e;
  }

  noteAsk(requestId: string, kind: RequestKind, workgroup: string, askAt: number, answeredAt: number): void {
    const e = this.entry(requestId);
    e.kind = kind;
    e.workgroup = workgroup;
    e.askAt = askAt;
    e.askAnsweredAt = answeredAt;
  }

  all(kind?: RequestKind): RequestEntry[] {
    return [...this.entries.values()].filter((e) => kind === undefined || e.kind === kind);
  }

  summary(): LedgerSummary {
    const asked = this.all().filter((e) => e.kind !== undefined);
    const lost: Array<{ requestId: string; kind: string; stage: string }> = [];
    const twice: Array<{ requestId: string; why: string }> = [];
    let revokedFlow = 0;
    let departed = 0;
    for (const e of asked) {
      if (e.departed) departed++;
      if (e.agentJoinedAt === undefined || e.visitorJoinedAt === undefined) lost.push({ requestId: e.requestId, kind: e.kind as string, stage: stageOf(e) });
      if (e.kind === 'flow' && e.offers.length > 1) twice.push({ requestId: e.requestId, why: `${e.offers.length} offers (${e.offers.map((o) => o.agent).join(', ')})` });
      if (e.kind === 'flow') revokedFlow += e.revokes.length;
      if (e.accepts.length > 1) twice.push({ requestId: e.requestId, why: `accepted by ${e.accepts.map((a) => a.agent).join(' and ')}` });
      const firstAccept = e.accepts[0]?.at;
      if (firstAccept !== undefined && e.offers.some((o) => o.at > firstAccept)) twice.push({ requestId: e.requestId, why: 'offered again after it was accepted' });
    }
    // unknown ids (offers of requests this run never asked) are errors too
    for (const e of this.all()) if (e.kind === undefined) twice.push({ requestId: e.requestId, why: 'an offer of a request this run did not ask' });
    return {
      requests: asked.length,
      inRoom: asked.length - lost.length,
      lost,
      offeredTwice: twice,
      backlogOffersPerRequest: summarize(this.all('backlog').map((e) => e.offers.length)),
      revokedFlowOffers: revokedFlow,
      departed,
    };
  }
}

function stageOf(e: RequestEntry): string {
  if (e.departed) return `departed (${e.departed})`;
  if (e.accepts.length === 0) return e.offers.length === 0 ? 'never offered' : 'offered, not accepted';
  if (e.visitorOfferAt === undefined) return 'accepted, no visitor offer event';
  if (e.agentJoinedAt === undefined) return 'agent not in the room';
  return 'visitor not in the room';
}
