/**
 * Who may act for a Fastpath visitor: an admin or the shared secret, or the visitor token of
 * that visitor's request (`Authorization: Bearer <token>` or `?token=`). A token names one
 * request and opens nothing else: another visitor's routes answer 403, a wrong or lapsed token
 * (its request ended, or the userID asked again since) 401. A stream already open stays open. Shared by the visitor routes and the visitor's SSE stream.
 */
import { isAdmin, type Principal } from '../../auth/index.js';
import { forbidden, GatewayError } from '../../errors/index.js';
import type { AskRecord, FastpathRuntime } from '../../fastpath/index.js';

/** The token a request carries, if any. */
export function tokenOf(headers: Readonly<Record<string, string | string[] | undefined>>, query: Readonly<Record<string, string | undefined>>): string | undefined {
  const auth = headers.authorization;
  const value = Array.isArray(auth) ? auth[0] : auth;
  const m = value ? /^bearer\s+(\S+)\s*$/i.exec(value) : null;
  return m?.[1] ?? query.token ?? undefined;
}

/** The live ask a token names (undefined: no valid token, or its request ended: a token lapses with its request). */
export async function askOfToken(fastpath: FastpathRuntime, token: string | undefined): Promise<AskRecord | undefined> {
  const requestId = token === undefined ? undefined : fastpath.tokens.verify(token);
  const ask = requestId === undefined ? undefined : await fastpath.visitors.record(requestId);
  return ask && ask.endedAt === null ? ask : undefined;
}

/** Admin and secret pass; otherwise the token must be the visitor `userId`'s own. */
export async function assertVisitorAccess(fastpath: FastpathRuntime, principal: Principal | undefined, token: string | undefined, userId: string): Promise<void> {
  if (principal && isAdmin(principal)) return;
  const ask = await askOfToken(fastpath, token);
  if (!ask) throw new GatewayError('unauthorized', 'A visitor token (Authorization: Bearer <token> from POST ask), an admin or the shared secret is required');
  if (ask.userId !== userId) throw forbidden('This visitor token is for another visitor', { resource: userId });
  // the userID's current request must be the token's (an earlier request's token opens nothing later)
  const current = await fastpath.visitors.recordOfUser(userId);
  if (current?.requestId !== ask.requestId) throw new GatewayError('unauthorized', 'This visitor token belongs to an earlier request of this visitor');
}
