/**
 * An EventSink over an HTTP response: the hub's back-pressure contract is Node's own.
 * The frames written in one turn of the event loop leave in one socket write (issue 20,
 * io/turn-writes.ts): a received message is two events (`chatapi.chat` and, for ofchat, its
 * `chatapi.xmpp` copy), and a burst of stanzas parsed from one read is many. The write's answer
 * (false = wait for drain) is still Node's.
 */
import type { Response } from 'express';
import { holdWritesForTurn, releaseWrites } from '../../io/index.js';
import type { EventSink } from '../../sse/index.js';

export function responseSink(res: Response): EventSink {
  return {
    write(chunk) {
      holdWritesForTurn(res);
      return res.write(chunk);
    },
    onDrain: (cb) => void res.on('drain', cb),
    close() {
      releaseWrites(res);
      res.end();
    },
  };
}
