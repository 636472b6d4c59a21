/**
 * Chat streams: login (password, or password-less for an admin or the secret), logoff, own
 * presence, raw stanzas.
 * - Login returns the user's stream id; logging in again returns the same id (a given
 *   password is still checked). An empty body (or ofchat's `{}`) is a password-less login,
 *   allowed to admins and the secret only (400 otherwise; ofchat made an "anonymous" session).
 * - A raw stanza is parsed (400 when malformed or not a jabber:client message/presence/iq),
 *   its `from` must name the stream's user if present (403), and is forced to the stream's
 *   full JID.
 * - The streams are opened with the chat's own listener (stream-listener.ts): their stanzas
 *   become this user's SSE events, and no other owner's streams do. The own presence is
 *   reported to the session's membership, which the stream layer restores after a reconnect.
 * References: ofchat-api.md §2.1 (login rules), §5.7.
 */
import { assertActsFor, isAdmin, type Principal } from '../auth/index.js';
import { badRequest, forbidden, GatewayError, notFound } from '../errors/index.js';
import { ownPresence, parseStanzaText, presenceMode } from '../xmpp/index.js';
import { bare, isValidLocal, sameBare } from '../jid/index.js';
import { DEFAULT_STANZA_LIMITS } from '../xml/index.js';
import type { ChatContext } from './chat-context.js';
import { connectionEvent } from './stanza-events.js';
import { createStreamListener } from './stream-listener.js';

export interface ChatSessions {
  login(principal: Principal, username: string, body: string): Promise<string>;
  logoff(principal: Principal, streamId: string): Promise<void>;
  /** Closes the user's stream for `reason` (logoff, idle); false when there was none. */
  close(username: string, reason: string): Promise<boolean>;
  /** Forgets a user whose stream the server ended (already out of the pool). */
  ended(username: string, reason: string, streamId: string | undefined): void;
  /**
   * Takes over a stream whose instance died (shared mode): opens it here password-less under
   * the same id, announces the presence and rooms it had, and records that it lives here.
   */
  reopen(username: string, streamId: string): Promise<void>;
  /**
   * This instance lost the user's lease (its heartbeat lapsed): another instance may hold the
   * stream now, so the local one is closed without touching what is shared (records, event log,
   * membership) — no user keeps two streams opened by ofgate.
   */
  relinquish(username: string): Promise<void>;
  setPresence(principal: Principal, streamId: string, show?: string, status?: string): Promise<void>;
  sendRaw(principal: Principal, streamId: string, text: string): Promise<void>;
}

export function createChatSessions(ctx: ChatContext): ChatSessions {
  function ended(username: string, reason: string, streamId: string | undefined): void {
    ctx.idle.forget(username);
    ctx.dropChat(username);
    ctx.events.publish(username, connectionEvent('closed', reason));
    ctx.events.forget(username);
    // called before any await (the ownership marks the user as ending at once)
    ctx.ownership?.closed(username, streamId).catch((err: unknown) => ctx.log.warn('chat: cannot free the stream record', { username, error: err as Error }));
  }
  const listener = createStreamListener(ctx, ended);
  /** Logins of each user on their way here (shared mode: a failed one must not free the lease of another). */
  const loggingIn = new Map<string, number>();

  /** Closes the local stream only: the shared records, event log and membership stay. */
  async function relinquish(username: string): Promise<void> {
    if (!ctx.pool.byUser(username)) return;
    ctx.idle.forget(username);
    ctx.dropChat(username);
    await ctx.pool.release(username);
  }

  async function close(username: string, reason: string): Promise<boolean> {
    const session = ctx.pool.byUser(username);
    if (!session) return false;
    ended(username, reason, session.streamId); // before the first await: a login racing this one starts clean
    return ctx.pool.logoff(username);
  }

  return {
    close,
    ended,

    async login(principal, rawUsername, body) {
      const username = rawUsername.trim().toLowerCase();
      if (!isValidLocal(username)) throw badRequest(`Not a user name: ${rawUsername}`, { resource: rawUsername });
      assertActsFor(principal, username);
      const password = body.trim() === '' || body.trim() === '{}' ? undefined : body;
      if (password === undefined) {
        if (!isAdmin(principal)) {
          throw badRequest('A password is required: only an admin or the shared secret may open a stream without one', { resource: username });
        }
        if (!(await ctx.backend.userExists(username))) {
          throw notFound(`No such user: ${username}`, { resource: username, exception: 'UserNotFoundException' });
        }
      }
      const own = ctx.ownership;
      if (own && !ctx.pool.byUser(username) && !(await own.claim(username))) {
        throw new GatewayError('upstream-unavailable', `The stream of ${username} is being opened on another instance: retry`, { resource: username });
      }
      let result;
      loggingIn.set(username, (loggingIn.get(username) ?? 0) + 1);
      try {
        result = await ctx.pool.login(username, password, { listener });
      } catch (err) {
        // the lease goes only when no other login of the user is still on its way and no stream opened
        if (own && loggingIn.get(username) === 1 && !ctx.pool.byUser(username)) await own.abandon(username).catch(() => undefined);
        throw err;
      } finally {
        const n = (loggingIn.get(username) ?? 1) - 1;
        if (n > 0) loggingIn.set(username, n);
        else loggingIn.delete(username);
      }
      const { session, created } = result;
      ctx.idle.touch(username);
      if (created) {
        try {
          await session.stream.send(ownPresence('available'));
          session.membership.presence('available');
          await own?.opened(username, session.streamId);
        } catch (err) {
          await close(username, 'failed');
          throw err;
        }
      }
      return session.streamId;
    },

    relinquish,

    async reopen(username, streamId) {
      const { session, created } = await ctx.pool.login(username, undefined, { listener, streamId });
      ctx.idle.touch(username);
      if (!created) return;
      try {
        await ctx.pool.restoreMembership(session);
        await ctx.ownership?.opened(username, streamId);
        ctx.events.publish(username, connectionEvent('reconnected'));
      } catch (err) {
        // transient (Redis, ejabberd): keep the user's records and events, give the stream and
        // the lease up; the next request or sweep tries again
        await relinquish(username);
        await ctx.ownership?.abandon(username).catch(() => undefined);
        throw err;
      }
    },

    async logoff(principal, streamId) {
      const { session } = ctx.resolve(principal, streamId);
      await close(session.username, 'logoff');
    },

    async setPresence(principal, streamId, show, status) {
      const { session } = ctx.resolve(principal, streamId);
      const mode = presenceMode(show);
      const text = status?.trim() ? status : undefined;
      await session.stream.send(ownPresence(mode, text));
      session.membership.presence(mode, text); // offline: an unavailable broadcast leaves every room
    },

    async sendRaw(principal, streamId, text) {
      const { session } = ctx.resolve(principal, streamId);
      if (text.trim() === '') throw badRequest('The body must be one XML stanza', { resource: 'xmpp' });
      const stanza = parseStanzaText(text, ctx.settings.stanzaMaxBytes === undefined ? DEFAULT_STANZA_LIMITS : { ...DEFAULT_STANZA_LIMITS, maxBytes: ctx.settings.stanzaMaxBytes });
      const from = stanza.attrs.from;
      const own = bare({ local: session.username, domain: ctx.settings.domain.toLowerCase() });
      if (from !== undefined && !sameBare(from, own)) {
        throw forbidden(`A stanza sent on ${session.username}'s stream must be from ${own}, not ${from}`, { resource: 'xmpp' });
      }
      stanza.attrs.from = session.stream.jid;
      await session.stream.send(stanza);
    },
  };
}
