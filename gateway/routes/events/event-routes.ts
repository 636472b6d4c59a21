/**
 * GET /sse/{username}: the user's live events (ofchat's SSE servlet). Declared public because
 * SSE authenticates differently from the REST API: the route itself demands that user's Basic
 * credentials (never the shared secret). References: ofchat-api.md §2.2, §6.
 */
import type { RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { openEventStream } from './open-event-stream.js';

export function eventRoutes(s: RouteServices): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/sse/{username}',
      scope: 'root',
      tag: 'Events',
      summary: "The user's live chat events (Server-Sent Events)",
      description:
        'Needs HTTP Basic credentials of {username} itself (401 with a Basic challenge otherwise; the shared secret is not accepted), ' +
        "another user's credentials get 503 (as ofchat), a prior POST chat/{username}/login (404 before it and after logoff) " +
        'and Accept: text/event-stream (405 otherwise). Events: `id: <epoch>-<seq>`, `event: chatapi.*`, one `data:` line of JSON ' +
        'with <, > and & escaped as \\u003c \\u003e \\u0026; a `: ping` comment every sse.heartbeatSeconds. Every open stream of the user ' +
        'gets every event. Reconnect with Last-Event-ID to get exactly the missed events (from the last sse.replayEvents / sse.replayBytes); ' +
        'when some of them are no longer kept, the replay starts with `event: chatapi.xmpp` `{"type":"resync","reason":"replay-incomplete"}` (no id): reload state through the REST API. ' +
        'A first connect gets the events that arrived while no stream was open. ' +
        'At most sse.maxStreamsPerUser streams per user: opening one more closes the oldest, after `{"type":"replaced","reason":"max-streams"}` on chatapi.xmpp. ' +
        'A Fastpath visitor opens /sse/{userID} with its visitor token (Authorization: Bearer, or ?token=): update-queue, depart-queue, offer (chatapi.ask) and its room\'s messages.',
      access: 'public',
      docSecurity: 'basic',
      query: [
        { name: 'lastEventId', doc: 'Same as the Last-Event-ID header, for EventSource polyfills that cannot set headers.' },
        { name: 'stanzaCopies', doc: 'true: this stream gets the chatapi.xmpp base64 copy of every stanza even under sse.stanzaCopies when-asked; false: it never does.', type: 'boolean' },
        { name: 'token', doc: 'A Fastpath visitor token (from POST ask), for EventSource, which cannot set Authorization: then {username} is the visitor\'s userID.' },
      ],
      body: { kind: 'none' },
      result: { kind: 'stream', mediaType: 'text/event-stream', doc: 'The event stream (stays open)' },
      errors: [401, 403, 404, 405, 503],
      handleRaw: (req, raw) => openEventStream(s, req, raw),
    },
  ];
}
