/**
 * ofgate's own notices to one SSE stream, on `chatapi.xmpp` (the event ofchat's clients already
 * listen to) with a `type` key and no `xmpp` key, like the connection notices of
 * chat/stanza-events.ts: a client that only decodes `xmpp` can skip them by testing for that key.
 * They are not part of the user's event log: no `id:` line, so the browser's Last-Event-ID stays
 * what it was, and no other stream sees them.
 * - resync: the events after the client's Last-Event-ID are not all retained any more (dropped by
 *   sse.replayEvents / replayBytes / replayTotalBytes, or the id is of an earlier run): what
 *   follows is the oldest retained onwards; reload state through the REST API.
 * - replaced: the user opened one stream more than sse.maxStreamsPerUser; this one, the oldest,
 *   is closed right after.
 */
function noticeFrame(data: Readonly<Record<string, string>>): string {
  return `event: chatapi.xmpp\ndata: ${JSON.stringify(data)}\n\n`;
}

export const RESYNC_FRAME = noticeFrame({ type: 'resync', reason: 'replay-incomplete' });
export const REPLACED_FRAME = noticeFrame({ type: 'replaced', reason: 'max-streams' });
