/**
 * A chat user's contacts as the user's own stream sees them (personal and shared-roster
 * contacts, RFC 6121 roster get), with the live `show`/`status` the stream has received:
 * `show` is the presence mode, or `unavailable`; `status` is omitted when there is none.
 * Adding, changing and removing contacts go through the accounts roster service (as ofchat
 * used the REST API's UserServiceController), with the stream only naming the user.
 * References: ofchat-api.md §5.7 (contacts); RFC 6121 §2.1.3.
 */
import type { Principal } from '../auth/index.js';
import { readRosterItems, rosterGet } from '../xmpp/index.js';
import type { ChatContext } from './chat-context.js';

export interface ContactRecord {
  readonly jid: string;
  readonly nickname?: string | undefined;
  /** 0 none, 1 to, 2 from, 3 both */
  readonly subscriptionType: number;
  readonly groups: string[];
  readonly show: string;
  readonly status?: string | undefined;
}

const SUBSCRIPTION: Readonly<Record<string, number>> = { none: 0, to: 1, from: 2, both: 3 };

export interface ChatContacts {
  contacts(principal: Principal, streamId: string): Promise<ContactRecord[]>;
  /** The user a stream belongs to (404 unknown, 403 not the caller's). */
  streamUser(principal: Principal, streamId: string): string;
}

export function createChatContacts(ctx: ChatContext): ChatContacts {
  return {
    async contacts(principal, streamId) {
      const { session, chat } = ctx.resolve(principal, streamId);
      const result = await session.stream.request(rosterGet(), 'read the roster', ctx.settings.waitMs);
      return readRosterItems(result).map((item) => {
        const live = chat.book.of(item.jid);
        return {
          jid: item.jid,
          nickname: item.name || undefined,
          subscriptionType: SUBSCRIPTION[item.subscription] ?? 0,
          groups: [...item.groups],
          show: live.show,
          status: live.status ?? undefined,
        };
      });
    },

    streamUser(principal, streamId) {
      return ctx.resolve(principal, streamId).session.username;
    },
  };
}
