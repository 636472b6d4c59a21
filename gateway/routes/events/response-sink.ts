/** An EventSink over an HTTP response: the hub's back-pressure contract is Node's own. */
import type { Response } from 'express';
import type { EventSink } from '../../sse/index.js';

export function responseSink(res: Response): EventSink {
  return {
    write: (chunk) => res.write(chunk),
    onDrain: (cb) => void res.on('drain', cb),
    close: () => void res.end(),
  };
}
