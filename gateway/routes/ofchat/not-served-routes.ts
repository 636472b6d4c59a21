/**
 * The ofchat operations ofgate routes but does not serve: each answers 501 NotImplementedException
 * in the dialect's error shape, with a message saying what ejabberd (or ofgate) lacks. They are
 * declared like every other route (so the OpenAPI document lists them, under the tag
 * NOT_SERVED_TAG) and checked after authentication, as their served twins would be.
 * docs/not-served.md lists the same operations; test/e2e/ofchat-not-served.test.ts keeps both equal.
 * References: ofchat-api.md §5.7 (pdf, certificate, enroll), §5.9 (uport, irma), §5.10 (meet).
 */
import { notImplemented } from '../../errors/index.js';
import type { Access, Method, RouteSpec } from '../../http/index.js';

/** The OpenAPI tag of every operation answering 501 (the test and docs/not-served.md read it). */
export const NOT_SERVED_TAG = 'Not served (501)';

const WEB_PUSH = 'ejabberd 23.01 has no Web Push: no VAPID keys and no push to browsers (its XEP-0357 push needs an app server of its own); ofchat ran web-push from Openfire.';
const TELEPHONY = 'ejabberd has no telephony: ofchat drove a FreeSWITCH/Jitsi bridge (ofmeet), which ofgate does not include. SIP account records are kept (sipaccounts), no calls are placed.';
const MEET_PROFILE = 'Meet (ofmeet) is not part of ofgate; a user\'s properties are served by chat/{streamid}/users/{propertyName} and users/{username}, its roster by chat/{streamid}/contacts.';
const MESSAGING_GATEWAY = 'ejabberd sends no SMS and no email (ofchat used Nexmo and Openfire\'s email service); ofgate has neither.';
const UPORT = 'uPort identity (a discontinued Ethereum identity app) has no counterpart in ejabberd or ofgate.';
const IRMA = 'IRMA attribute disclosure needs an IRMA server, which ejabberd does not have and ofgate does not call.';

interface Omitted {
  readonly method: Method;
  readonly path: string;
  readonly access: Access;
  readonly summary: string;
  readonly reason: string;
}

const OMITTED: readonly Omitted[] = [
  { method: 'get', path: '/chat/{username}/pdf', access: 'user', summary: 'Chat history as a PDF', reason: 'ejabberd has no transcript renderer and ofgate renders no PDF: read the same history as data with GET chat/{username}/messages (from ejabberd\'s MAM archive).' },
  { method: 'get', path: '/chat/certificate', access: 'user', summary: 'A client certificate for the caller', reason: 'ejabberd issues no client certificates (it has no CA of its own; ofchat ran openssl on the Openfire host).' },
  { method: 'get', path: '/chat/enroll', access: 'user', summary: 'Enrol in two-factor authentication (TOTP)', reason: 'ejabberd 23.01 has no second factor for logins: no SASL mechanism or hook checks a TOTP code, so a code enrolled here would protect nothing.' },
  { method: 'delete', path: '/chat/enroll', access: 'user', summary: 'Remove the two-factor secret', reason: 'ejabberd 23.01 has no second factor for logins (see GET chat/enroll).' },
  { method: 'get', path: '/ask/uport/{appId}/{clientId}', access: 'either', summary: 'uPort client id', reason: UPORT },
  { method: 'post', path: '/ask/uport/register', access: 'either', summary: 'Register a uPort identity', reason: UPORT },
  { method: 'post', path: '/ask/irma/reveal/{jid}', access: 'either', summary: 'IRMA attribute disclosure', reason: IRMA },
  { method: 'get', path: '/meet/webpush', access: 'admin', summary: 'Users with web push subscriptions', reason: WEB_PUSH },
  { method: 'get', path: '/meet/webpush/{username}', access: 'user', summary: 'The VAPID public key', reason: WEB_PUSH },
  { method: 'put', path: '/meet/webpush/{username}/{resource}', access: 'user', summary: 'Store a push subscription', reason: WEB_PUSH },
  { method: 'post', path: '/meet/webpush/{username}', access: 'user', summary: 'Push a notification', reason: WEB_PUSH },
  { method: 'post', path: '/meet/flash/{bridge}/{destination}', access: 'user', summary: 'Flash a missed call', reason: TELEPHONY },
  { method: 'post', path: '/meet/phone/{username}/{destination}', access: 'user', summary: 'Place a phone call', reason: TELEPHONY },
  { method: 'post', path: '/meet/action/{action}/{callId}', access: 'user', summary: 'Act on a call', reason: TELEPHONY },
  { method: 'post', path: '/meet/add/{username}/{audiobridge}', access: 'user', summary: 'Add a user to an audio bridge', reason: TELEPHONY },
  { method: 'post', path: '/meet/remove/{username}/{audiobridge}', access: 'user', summary: 'Remove a user from an audio bridge', reason: TELEPHONY },
  { method: 'post', path: '/meet/invite/{username}/{jid}', access: 'user', summary: 'Invite to a video conference', reason: TELEPHONY },
  { method: 'get', path: '/meet/profile/{criteria}', access: 'user', summary: 'Search user profiles', reason: MEET_PROFILE },
  { method: 'post', path: '/meet/profile', access: 'user', summary: 'Set the caller\'s profile properties', reason: MEET_PROFILE },
  { method: 'delete', path: '/meet/profile/{propertyName}', access: 'user', summary: 'Delete a profile property', reason: MEET_PROFILE },
  { method: 'post', path: '/meet/friend', access: 'user', summary: 'Force a mutual roster item', reason: MEET_PROFILE },
  { method: 'post', path: '/meet/sms/{source}/{destination}', access: 'user', summary: 'Send an SMS', reason: MESSAGING_GATEWAY },
  { method: 'post', path: '/meet/email', access: 'user', summary: 'Send an email', reason: MESSAGING_GATEWAY },
];

export function notServedRoutes(): RouteSpec[] {
  return OMITTED.map((o) => ({
    method: o.method, path: o.path, scope: 'api', tag: NOT_SERVED_TAG, access: o.access,
    summary: `${o.summary} (not served)`,
    description: `Always 501 NotImplementedException: ${o.reason}`,
    body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [501],
    handle: () => Promise.reject(notImplemented(o.reason, { resource: o.path })),
  }));
}
