/**
 * An EventSink over an HTTP response: the hub's back-pressure contract is Node's own.
 * The frames written in one turn of the event loop leave in one socket write (issue 20): a
 * received message is two events (`chatapi.chat` and, for ofchat, its `chatapi.xmpp` copy), and
 * a burst of stanzas parsed from one read is many; the response is corked at the first write of
 * a turn and uncorked in the check phase. Order is kept (a corked response only buffers); the
 * write's answer (false = wait for drain) is still Node's.
 */
import type { Response } from 'express';
import type { EventSink } from '../../sse/index.js';

export function responseSink(res: Response): EventSink {
  let corked = false;
  const uncork = (): void => {
    if (!corked) return;
    corked = false;
    res.uncork();
  };
  return {
    write(chunk) {
      if (!corked) {
        corked = true;
        res.cork();
        setImmediate(uncork);
      }
      return res.write(chunk);
    },
    onDrain: (cb) => void res.on('drain', cb),
    close() {
      uncork();
      res.end();
    },
  };
}
