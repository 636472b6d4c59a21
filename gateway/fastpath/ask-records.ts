/**
 * The records that tie a visitor's ask to the workgroups: `fastpathAsks/<requestId>` (which
 * workgroup holds the request now, the visitor's account and what it asked) and
 * `fastpathAskUsers/<userId>` (the request a `userID` names: the `ask/{userId}` routes and the
 * one-ask-per-userID rule). Written in the same transaction as the workgroup step that queued or
 * moved the request, so a request is never in a queue without its records. Pure shapes and keys.
 */
import type { RecordKey } from '../store/index.js';

export const ASKS_COLLECTION = 'fastpathAsks';
export const ASK_USERS_COLLECTION = 'fastpathAskUsers';

/** What the visitor asked with (POST ask), as answered back in the `assist` entity. */
export interface AskFields {
  readonly workgroup: string;
  readonly userID: string;
  readonly emailAddress: string;
  readonly question: string;
  readonly nickname?: string | undefined;
  readonly agent?: string | undefined;
  readonly product?: string | undefined;
  readonly company?: string | undefined;
  readonly state?: string | undefined;
  readonly country?: string | undefined;
}

export interface AskRecord {
  readonly requestId: string;
  readonly userId: string;
  /** The workgroup holding the request now (an overflow moves it). */
  readonly workgroup: string;
  /** The visitor's short-lived ejabberd account (user name). */
  readonly account: string;
  /** The account's chat stream (the `ask/{userId}` routes act on it, on the instance holding it). */
  readonly streamId: string;
  readonly fields: AskFields;
  /** A verified identity from the host site, when the ask carried one. */
  readonly identity: string | null;
  readonly askedAt: number;
  /** Set when the request ended (departed, cancelled, chat over): the account goes after a grace period. */
  readonly endedAt: number | null;
}

export interface AskUserRecord {
  readonly requestId: string;
}

export const askKey = (requestId: string): RecordKey => ({ collection: ASKS_COLLECTION, id: requestId });
export const askUserKey = (userId: string): RecordKey => ({ collection: ASK_USERS_COLLECTION, id: userId });
