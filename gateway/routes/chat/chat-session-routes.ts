/**
 * chat/{username}/login, chat/{streamid}/logoff, /presence, /xmpp.
 * Differences from ofchat (documented): every call checks that the caller acts for the
 * stream's user (403); an unknown stream id is a 404 (ofchat: 400); errors carry a real
 * message (ofchat: `{"ressource":"Exception","message":"Exception",…}`); a wrong password is
 * a 401; a password-less login by a non-admin is a 400.
 * Login hardening (issue #19): a password in the body is throttled like Basic credentials (per
 * client address and per account, auth.loginThrottle: 429 + Retry-After while held, a wrong one
 * counted and logged); a locked account cannot be opened by anyone, an admin or the secret
 * included (403; its own credentials are refused by the authenticator already).
 * References: ofchat-api.md §2.1, §3.3, §5.7.
 */
import { actsFor, createLoginThrottle, lockedAccount, LOGIN_FAILURES, type LoginThrottle, type Principal } from '../../auth/index.js';
import { isGatewayError } from '../../errors/index.js';
import { empty, text, type RouteSpec } from '../../http/index.js';
import { isValidLocal } from '../../jid/index.js';
import type { RouteServices } from '../route-services.js';
import { callerOf } from './caller-of.js';

const tag = 'Chat';

/** chat-sessions.ts's rule: an empty body or ofchat's `{}` is a password-less login. */
const givesPassword = (body: string): boolean => body.trim() !== '' && body.trim() !== '{}';

export function chatSessionRoutes(s: RouteServices): RouteSpec[] {
  const chat = s.chat;
  // made at the first login, not here: route declarations are also read without services (the spec)
  let made: LoginThrottle | undefined;
  const throttle = (): LoginThrottle =>
    (made ??= createLoginThrottle({ records: s.store.collection(LOGIN_FAILURES), settings: s.config.auth.loginThrottle, log: s.log }));
  /** Someone else (an admin, the secret) opening a locked account's stream: 403 before ejabberd refuses it. */
  const refuseLocked = async (principal: Principal, user: string): Promise<void> => {
    if (!s.config.ejabberd.shimLoaded || !isValidLocal(user) || (principal.kind === 'user' && principal.username === user)) return;
    if (actsFor(principal, user) && (await s.backend.isLocked(user))) throw lockedAccount(user);
  };
  const login = async (principal: Principal, address: string, rawUser: string, body: string): Promise<string> => {
    const user = rawUser.trim().toLowerCase();
    const password = givesPassword(body);
    if (password) await throttle().assertFree(address, user);
    await refuseLocked(principal, user);
    try {
      return await chat.login(principal, rawUser, body);
    } catch (err) {
      if (password && isGatewayError(err) && err.kind === 'unauthorized') await throttle().failed(address, user, 'chat-login');
      throw err;
    }
  };
  return [
    {
      method: 'post', path: '/chat/{username}/login', scope: 'api', tag, access: 'user', stream: 'username',
      summary: 'Open (or get) the user\'s chat stream',
      description: 'The body is the user\'s password as plain text. An empty body (or `{}`) opens the stream without a password: '
        + 'admins and the shared secret only. One stream per user: logging in again returns the same stream id (a given password is checked again). '
        + 'Wrong passwords are throttled per client address and per account (429 with Retry-After while held, a correct one too); a locked account is 403. '
        + 'Answers the stream id as text/plain. Events of the stream are served at GET /sse/{username}.',
      body: { kind: 'text', doc: 'The password (plain text), or empty', mediaType: 'text/plain' },
      result: { kind: 'text', status: 200, mediaType: 'text/plain', doc: 'The stream id' },
      errors: [400, 401, 403, 404, 429, 503, 504],
      handle: async (r) => text(await login(callerOf(r), r.clientAddress, r.params.username ?? '', r.text)),
    },
    {
      method: 'post', path: '/chat/{streamid}/logoff', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Close a chat stream', description: 'Sends unavailable presence, closes the XMPP stream and the user\'s SSE streams.',
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [403, 404],
      handle: async (r) => {
        await chat.logoff(callerOf(r), r.params.streamid ?? '');
        return empty;
      },
    },
    {
      method: 'post', path: '/chat/{streamid}/presence', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Set the user\'s presence',
      query: [
        { name: 'show', doc: 'offline (unavailable), available, away, chat, dnd, xa; anything else is available', enum: ['offline', 'available', 'away', 'chat', 'dnd', 'xa'] },
        { name: 'status', doc: 'Status text' },
      ],
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [403, 404, 503],
      handle: async (r) => {
        await chat.setPresence(callerOf(r), r.params.streamid ?? '', r.query.show, r.query.status);
        return empty;
      },
    },
    {
      method: 'post', path: '/chat/{streamid}/xmpp', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Send a raw stanza on the user\'s stream',
      description: 'One jabber:client message, presence or iq. `from` is set to the stream\'s JID; a `from` naming another user is refused (403). '
        + 'Malformed XML or another element: 400.',
      body: { kind: 'text', doc: 'One XML stanza', mediaType: 'application/xml' },
      result: { kind: 'empty', status: 200 }, errors: [400, 403, 404, 413, 503],
      handle: async (r) => {
        await chat.sendRaw(callerOf(r), r.params.streamid ?? '', r.text);
        return empty;
      },
    },
  ];
}
