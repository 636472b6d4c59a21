import assert from 'node:assert/strict';
import { analyseTimeline, pausesDuring, type MessageTimes, type Pause } from '../../../bench/timeline-stats.js';
import { seqInspector } from '../../../bench/wire-inspectors.js';

/** A message sent at `t` whose segments last the given ms: lag, to the server, inbound, ejabberd, outbound, to the client. */
function message(seq: number, t: number, [lag, toServer, inbound, ej, outbound, toClient]: readonly number[]): MessageTimes {
  const sent = t + (lag as number);
  const httpUp = sent + (toServer as number);
  const xmppUp = httpUp + (inbound as number);
  const xmppDown = xmppUp + (ej as number);
  const httpDown = xmppDown + (outbound as number);
  return { seq, sched: t, sent, httpUp, xmppUp, xmppDown, httpDown, delivered: httpDown + (toClient as number) };
}

describe('bench relay timeline analysis', () => {
  it('when 49 messages are quick and one waited in the server inbound, then the slowest (its p99) is that one, its largest segment inbound, overlapping the pause', () => {
    const messages = Array.from({ length: 49 }, (_, i) => message(i + 1, i * 10, [1, 1, 1, 1, 1, 1]));
    messages.push(message(50, 2000, [1, 1, 9, 1, 1, 1]));
    const pauses: Pause[] = [{ at: 2003, ms: 6, kind: 'scavenge' }, { at: 2005, ms: 4, kind: 'stall', ranMs: 3, waitedMs: 0.5 }];
    const r = analyseTimeline(messages, pauses);
    assert.equal(r.messages, 50);
    assert.equal(r.complete, 50);
    assert.equal(r.slow.count, 1);
    assert.equal(r.slow.threshold, 14);
    assert.deepEqual(r.slow.largest, { 'server inbound': 1 });
    assert.deepEqual(r.slow.paused, { scavenge: 1, stall: 1 });
    assert.equal(r.slow.mean['server inbound'], 9);
    assert.equal(r.pausedShare, 0.02);
    assert.deepEqual(r.pauses.scavenge, { count: 1, totalMs: 6, maxMs: 6 });
    // a stall's gap is its lateness + the timer's 1 ms: 5 ms, of which 3 ran and 0.5 waited
    assert.deepEqual(r.pauses.stall, { count: 1, totalMs: 4, maxMs: 4, ranMs: 3, waitedMs: 0.5, sleptMs: 1.5 });
  });

  it('when a proxy missed a stamp, then the message counts in the segments it has and not among the complete ones', () => {
    const whole = message(1, 0, [0, 0, 1, 1, 1, 0]);
    const { xmppUp: _missed, ...partial } = message(2, 10, [0, 0, 1, 1, 1, 0]);
    const r = analyseTimeline([whole, partial], []);
    assert.equal(r.complete, 1);
    assert.equal(r.segments.total.count, 2);
    assert.equal(r.segments['server inbound'].count, 1);
    assert.equal(r.segments.ejabberd.count, 1);
  });

  it('when a pause falls only in ejabberd\'s segment, then it is not laid on the message: only the server segments count', () => {
    const m = message(1, 0, [0, 0, 1, 5, 1, 0]);
    assert.deepEqual(pausesDuring(m, [{ at: 2, ms: 3, kind: 'scavenge' }]), []);
    assert.deepEqual(pausesDuring(m, [{ at: 6.5, ms: 1, kind: 'scavenge' }]), ['scavenge']);
  });
});

describe('bench seq inspector', () => {
  const found = (...chunks: string[]): number[] => {
    const seen: number[] = [];
    const inspector = seqInspector((s) => seen.push(s));
    for (const c of chunks) inspector.write(Buffer.from(c, 'latin1'));
    return seen;
  };

  it('when a body is in a stanza, a JSON string or at the end of a request, then its number is found', () => {
    assert.deepEqual(found('<message to="a@b"><body>m12</body></message>'), [12]);
    assert.deepEqual(found('event: chatapi.chat\ndata: {"body":"m345","from":"x"}\n\n'), [345]);
    assert.deepEqual(found('POST /x HTTP/1.1\r\nContent-Length: 4\r\n\r\nm678'), [678]);
    assert.deepEqual(found('m9'), [9]);
  });

  it('when text only looks alike (a word, base64, a number inside a name), then nothing is found', () => {
    assert.deepEqual(found('<message><body>messages m1x</body></message>'), []);
    assert.deepEqual(found('data: {"xmpp":"PG1lc3NhZ2U+bTEyPC9ib2R5Pg=="}'), []);
    assert.deepEqual(found('<presence from="m12@b"/>'), []);
  });
});
