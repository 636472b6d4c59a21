/**
 * One Fastpath visitor of the benchmark, start to room and to the end of its chat:
 * `POST ask?wait=false` on the shared secret (ofchat's server-side use), then its own SSE stream
 * with the visitor token (`GET /sse/{userID}?lastEventId=0-0`, so events written before it opened
 * are replayed), and on the `chatapi.ask` offer event it joins the room (`POST ask/{userID}` with
 * the token); in the room once the agent has joined too (its stream is then closed). A
 * `depart-queue` ends it (recorded: a lost request). `endChat` closes the chat as the e2e flow
 * does: the agent leaves the room, then the visitor ends its request (`DELETE ask/{userID}`).
 *
 * Rules kept: `askAt` is the time the caller measures from (the scheduled time on a paced
 * timeline); arrivals are stamped first thing in the handlers; the promises always settle (an
 * error or the `timeoutMs` bound resolves them with the reason) so a run never hangs on one visitor.
 */
import { JSON_HEADERS, callOk } from './http-client.js';
import type { Ledger, RequestKind } from './fastpath-ledger.js';
import type { OfgateTarget } from './ofgate-chat.js';
import { openSse, type SseConnection } from './sse-client.js';

export const VISITOR_API = '/plugins/restapi/v1';

export interface VisitorPlan {
  readonly userId: string;
  readonly workgroup: string;
  readonly kind: RequestKind;
  readonly askAt: number;
}

/** In the room (no error), or what went wrong; the request and token once the ask answered. */
export interface VisitorOutcome {
  readonly error?: string;
  readonly requestId?: string;
  readonly token?: string;
}

export async function visitorToRoom(t: OfgateTarget, ledger: Ledger, v: VisitorPlan, timeoutMs: number, onAsked?: (requestId: string) => void): Promise<VisitorOutcome> {
  let sse: SseConnection | undefined;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  let asked: { requestId: string; token: string } | undefined;
  try {
    const body = JSON.stringify({ workgroup: v.workgroup, userID: v.userId, emailAddress: `${v.userId}@example.com`, question: 'Where is my order?' });
    const answer = JSON.parse(await callOk(t.agent, 'POST', `${t.url}${VISITOR_API}/ask?wait=false`, body, { ...JSON_HEADERS, Authorization: t.secret })) as { requestId: string; token: string };
    asked = { requestId: answer.requestId, token: answer.token };
    ledger.noteAsk(answer.requestId, v.kind, v.workgroup, v.askAt, performance.now());
    onAsked?.(answer.requestId);
    const e = ledger.entry(answer.requestId);
    const bearer = `Bearer ${answer.token}`;
    const joinUrl = `${t.url}${VISITOR_API}/ask/${encodeURIComponent(v.userId)}`;
    const error = await new Promise<string | undefined>((resolve) => {
      timer = setTimeout(() => resolve(`no room after ${timeoutMs} ms`), timeoutMs);
      const onEvent = (event: string, data: string): void => {
        const at = performance.now();
        if (event !== 'chatapi.ask') return;
        const p = JSON.parse(data) as { type?: string; reason?: string; requestId?: string };
        if (p.requestId !== undefined && p.requestId !== answer.requestId) return;
        if (p.type === 'depart-queue') {
          e.departed = p.reason ?? 'departed';
          resolve(`departed: ${e.departed}`);
        } else if (p.type === 'offer' && e.visitorOfferAt === undefined) {
          e.visitorOfferAt = at;
          callOk(t.agent, 'POST', joinUrl, '', { Authorization: bearer }).then(() => {
            ledger.visitorJoined(answer.requestId, performance.now());
            // in the room when the agent is in too (its join follows its invitation)
            void ledger.inRoom(answer.requestId).then(() => resolve(undefined));
          }, (err: unknown) => resolve((err as Error).message));
        }
      };
      openSse(`${t.url}/sse/${encodeURIComponent(v.userId)}?lastEventId=0-0`, bearer, onEvent).then((s) => {
        if (finished) s.close();
        else sse = s;
      }, (err: unknown) => resolve(`visitor SSE: ${(err as Error).message}`));
    });
    return error === undefined ? asked : { ...asked, error };
  } catch (err) {
    return { ...asked, error: (err as Error).message };
  } finally {
    finished = true;
    clearTimeout(timer);
    sse?.close();
  }
}

/** The agent leaves (`leave`), then the visitor ends its request; undefined, or what went wrong. */
export async function endChat(t: OfgateTarget, ledger: Ledger, userId: string, asked: VisitorOutcome, leave: (requestId: string) => Promise<void>): Promise<string | undefined> {
  const { requestId, token } = asked;
  if (requestId === undefined || token === undefined) return 'no request to end';
  try {
    await leave(requestId);
    await callOk(t.agent, 'DELETE', `${t.url}${VISITOR_API}/ask/${encodeURIComponent(userId)}`, '', { Authorization: `Bearer ${token}` });
    ledger.entry(requestId).endedAt = performance.now();
    return undefined;
  } catch (err) {
    return `end of ${requestId}: ${(err as Error).message}`;
  }
}
