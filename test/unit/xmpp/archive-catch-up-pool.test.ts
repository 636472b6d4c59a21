/**
 * The session pool's archive glue over a fake stream that answers MAM queries from an in-memory
 * archive (results pushed through the stream's interceptors before the iq result, as ejabberd
 * does): what reaches the listener after a reconnect, the duplicates dropped on the live path,
 * the persisted mark's throttled writes, drops and flushes.
 */
import assert from 'node:assert/strict';
import xml, { type Element } from '@xmpp/xml';
import { ARCHIVE_MARKS, createStoreArchiveMarks } from '../../../gateway/chat/archive-mark-records.js';
import { silentLogger, type Logger } from '../../../gateway/log/index.js';
import { createMemoryStore } from '../../../gateway/store/index.js';
import { createSessionPool, NS_STANZA_ID, type ArchiveMarks, type SessionListener, type SessionPoolOptions, type UserStream, type UserStreamOptions } from '../../../gateway/xmpp/index.js';
import { createFakeClock, type FakeClock } from '../../kit/fake-clock.js';

interface Archived { readonly id: string; readonly from: string; readonly body: string }

interface FakeStream {
  readonly opts: UserStreamOptions;
  /** Inbound stanza, as the stream would route it (interceptors first). */
  inbound(el: Element): void;
  readonly queries: Element[];
  online: boolean;
}

const NS_MAM = 'urn:xmpp:mam:2';

/** A live message to `user` stamped by its archive. */
const liveMessage = (user: string, id: string, body: string, from = 'bob@localhost/r'): Element =>
  xml('message', { from, to: `${user}@localhost/r`, type: 'chat' }, xml('stanza-id', { xmlns: NS_STANZA_ID, by: `${user}@localhost`, id }), xml('body', {}, body));

const bodiesOf = (got: Element[]): string[] => got.map((el) => el.getChildText('body') ?? '');

describe('xmpp session pool: archive catch-up glue', () => {
  let streams: FakeStream[];
  let archive: Archived[];
  let refuse: boolean;
  let clock: FakeClock;
  let saved: Array<[string, string]>;
  let dropped: string[];
  let kept: Map<string, string>;

  const marks: ArchiveMarks = {
    load: async (u) => kept.get(u),
    save: async (u, id) => {
      saved.push([u, id]);
      kept.set(u, id);
    },
    drop: async (u) => {
      dropped.push(u);
      kept.delete(u);
    },
  };

  /** Answers a MAM query like ejabberd: results (after RSM `after`, at most `max`) first, then the fin. */
  function answer(s: FakeStream, iq: Element): Element {
    const query = iq.getChild('query', NS_MAM);
    if (!query) return xml('iq', { type: 'result' });
    s.queries.push(iq);
    if (refuse) throw Object.assign(new Error('read the message archive: service-unavailable'), { cause: { name: 'StanzaError', condition: 'service-unavailable' } });
    const set = query.getChild('set', 'http://jabber.org/protocol/rsm');
    const after = set?.getChildText('after') ?? undefined;
    const max = Number(set?.getChildText('max') ?? 50);
    const rest = archive.filter((a) => after === undefined || BigInt(a.id) > BigInt(after));
    const page = rest.slice(0, max);
    for (const a of page) {
      s.inbound(xml('message', { to: `${s.opts.username}@localhost/r` },
        xml('result', { xmlns: NS_MAM, queryid: query.attrs.queryid, id: a.id },
          xml('forwarded', { xmlns: 'urn:xmpp:forward:0' },
            xml('delay', { xmlns: 'urn:xmpp:delay', stamp: '2024-05-01T10:00:00Z' }),
            xml('message', { xmlns: 'jabber:client', from: a.from, to: `${s.opts.username}@localhost`, type: 'chat' }, xml('body', {}, a.body))))));
    }
    const last = page.at(-1)?.id;
    return xml('iq', { type: 'result' }, xml('fin', { xmlns: NS_MAM, ...(page.length === rest.length ? { complete: 'true' } : {}) },
      xml('set', { xmlns: 'http://jabber.org/protocol/rsm' }, last ? xml('last', {}, last) : null)));
  }

  const pool = (extra: Partial<SessionPoolOptions> = {}) => createSessionPool({
    service: 'xmpp://127.0.0.1:5222',
    domain: 'localhost',
    backend: { issueToken: async () => 't', revokeToken: async () => {}, checkPassword: async () => true, userExists: async () => true },
    tokenTtlSeconds: 60,
    connectTimeoutMs: 1000,
    log: silentLogger,
    clock,
    openStream: async (opts) => {
      const interceptors = new Set<(el: Element) => boolean>();
      const s: FakeStream = {
        opts,
        queries: [],
        online: true,
        inbound(el) {
          for (const take of interceptors) if (take(el)) return;
          opts.onStanza(el);
        },
      };
      streams.push(s);
      const stream: UserStream = {
        username: opts.username,
        jid: `${opts.username}@localhost/r`,
        isOnline: () => s.online,
        send: async () => {},
        request: async (el) => answer(s, el),
        sendAndExpect: async (el) => el,
        intercept: (take) => {
          interceptors.add(take);
          return () => interceptors.delete(take);
        },
        close: async () => void (s.online = false),
      };
      return stream;
    },
    ...extra,
  });

  const listening = (got: Element[]): SessionListener => ({ stanza: (_s, el) => void got.push(el), notice: () => {} });
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
  };

  beforeEach(() => {
    streams = [];
    archive = [];
    refuse = false;
    clock = createFakeClock();
    saved = [];
    dropped = [];
    kept = new Map();
  });

  it('when a reconnect did not resume, then what the archive holds after the mark reaches the listener once, with its delay, and live copies are dropped', async () => {
    const got: Element[] = [];
    const p = pool();
    await p.login('ann', undefined, { listener: listening(got) });
    const s = streams[0]!;
    s.inbound(liveMessage('ann', '100', 'one'));
    archive = [
      { id: '100', from: 'bob@localhost/r', body: 'one' },
      { id: '110', from: 'ann@localhost/ofgate-1', body: 'my own' },
      { id: '120', from: 'bob@localhost/r', body: 'lost' },
      { id: '130', from: 'bob@localhost/r', body: 'flooded' },
    ];
    s.opts.onNotice({ kind: 'reconnected', resumed: false });
    s.inbound(liveMessage('ann', '130', 'flooded')); // the offline flood, before the query runs
    await settle();
    s.inbound(liveMessage('ann', '120', 'lost')); // a late copy of a caught-up one
    s.inbound(liveMessage('ann', '140', 'new'));
    assert.deepEqual(bodiesOf(got), ['one', 'flooded', 'lost', 'new']);
    assert.equal(got[2]?.getChild('delay', 'urn:xmpp:delay')?.attrs.stamp, '2024-05-01T10:00:00Z', 'the caught-up message carries its delay');
    assert.equal(s.queries[0]?.getChild('query', NS_MAM)?.getChild('set', 'http://jabber.org/protocol/rsm')?.getChildText('after'), '100');
  });

  it('when a session with no mark yet reconnects, then the catch-up reads from when it opened; a resumed one reads nothing', async () => {
    const got: Element[] = [];
    const p = pool();
    await p.login('bea', undefined, { listener: listening(got) });
    const s = streams[0]!;
    s.opts.onNotice({ kind: 'reconnected', resumed: true });
    await settle();
    assert.equal(s.queries.length, 0, 'a resumed session lost nothing');
    archive = [{ id: '5', from: 'bob@localhost/r', body: 'while down' }];
    s.opts.onNotice({ kind: 'reconnected', resumed: false });
    await settle();
    const fields = s.queries[0]?.getChild('query', NS_MAM)?.getChild('x', 'jabber:x:data')?.getChildren('field') ?? [];
    const start = fields.find((f) => f.attrs.var === 'start')?.getChildText('value');
    assert.equal(start, new Date(clock.now() - 1000).toISOString(), 'from the session\'s start (less a second for clock skew)');
    assert.deepEqual(bodiesOf(got), ['while down']);
  });

  it('when the archive refuses the query, then one info line, nothing delivered, and the stream goes on', async () => {
    const lines: string[] = [];
    const log: Logger = { ...silentLogger, info: (msg) => void lines.push(msg), warn: (msg) => void lines.push(msg) };
    const got: Element[] = [];
    const p = pool({ log });
    await p.login('cal', undefined, { listener: listening(got) });
    const s = streams[0]!;
    refuse = true;
    s.opts.onNotice({ kind: 'reconnected', resumed: false });
    await settle();
    assert.deepEqual(lines.filter((l) => l.includes('archive')), ['xmpp: no archive catch-up: the archive refused the query']);
    s.inbound(liveMessage('cal', '7', 'live'));
    assert.deepEqual(bodiesOf(got), ['live']);
  });

  it('when the mark moves, then the first change is written at once, later ones at most once per markEveryMs (the newest), flushed at release, and dropped at logoff', async () => {
    const p = pool({ archiveMarks: marks, markEveryMs: 2000 });
    await p.login('dan', undefined, { listener: listening([]) });
    const s = streams[0]!;
    for (const id of ['1', '2', '3']) s.inbound(liveMessage('dan', id, id));
    await settle();
    assert.deepEqual(saved, [['dan', '1']], 'the first change after a quiet spell at once (a kill right after it leaves a mark)');
    clock.advance(2000);
    await settle();
    assert.deepEqual(saved, [['dan', '1'], ['dan', '3']], 'the rest at the end of the window');
    clock.advance(10_000);
    await settle();
    assert.deepEqual(saved, [['dan', '1'], ['dan', '3']], 'no write while the mark stays put');
    s.inbound(liveMessage('dan', '4', '4'));
    await settle();
    assert.deepEqual(saved, [['dan', '1'], ['dan', '3'], ['dan', '4']], 'after a quiet spell: at once again');
    s.inbound(liveMessage('dan', '5', '5'));
    await p.release('dan');
    assert.deepEqual(saved, [['dan', '1'], ['dan', '3'], ['dan', '4'], ['dan', '5']], 'flushed when the stream is released');

    await p.login('eve', undefined, { listener: listening([]) });
    streams[1]!.inbound(liveMessage('eve', '9', '9'));
    await p.logoff('eve');
    clock.advance(5000);
    await settle();
    assert.deepEqual(dropped, ['eve']);
    assert.equal(kept.has('eve'), false, 'no write after the drop');
  });

  it('when a stream is reopened after a restart, then the catch-up starts after the persisted mark; without one, there is none', async () => {
    kept.set('fay', '200');
    archive = [{ id: '150', from: 'bob@localhost/r', body: 'seen before the restart' }, { id: '250', from: 'bob@localhost/r', body: 'while ofgate was down' }];
    const got: Element[] = [];
    const p = pool({ archiveMarks: marks });
    const { session } = await p.login('fay', undefined, { listener: listening(got), streamId: 'kept-id' });
    await p.restoreMembership(session);
    await settle();
    assert.deepEqual(bodiesOf(got), ['while ofgate was down']);

    const { session: gus } = await p.login('gus', undefined, { listener: listening([]) });
    await p.restoreMembership(gus);
    await settle();
    assert.equal(streams[1]!.queries.length, 0, 'no persisted mark: nothing to start from');
  });

  it('when the pool stops, then every pending mark is written', async () => {
    const p = pool({ archiveMarks: marks });
    await p.login('hal', undefined, { listener: listening([]) });
    streams[0]!.inbound(liveMessage('hal', '42', 'x'));
    await p.stop();
    assert.deepEqual(saved, [['hal', '42']]);
  });

  it('when a message carries a stanza-id of another archive (a room) or none, then it passes untouched and the mark stays', async () => {
    const got: Element[] = [];
    const p = pool({ archiveMarks: marks });
    await p.login('ida', undefined, { listener: listening(got) });
    const s = streams[0]!;
    s.inbound(xml('message', { from: 'room@conference.localhost/bob', type: 'groupchat' }, xml('stanza-id', { xmlns: NS_STANZA_ID, by: 'room@conference.localhost', id: '5' }), xml('body', {}, 'room')));
    s.inbound(xml('message', { from: 'bob@localhost/r', type: 'chat' }, xml('body', {}, 'plain')));
    s.inbound(xml('presence', { from: 'bob@localhost/r' }));
    await p.stop();
    assert.equal(got.length, 3);
    assert.deepEqual(saved, [], 'no mark of its own archive');
  });

  it('when marks are kept in the store, then a new pool over the same store (a restart) catches up after the last run\'s mark; a logoff deletes the record', async () => {
    const store = createMemoryStore();
    const first = pool({ archiveMarks: createStoreArchiveMarks(store) });
    await first.login('joe', undefined, { listener: listening([]) });
    streams[0]!.inbound(liveMessage('joe', '300', 'before the restart'));
    await first.stop();
    assert.deepEqual(await store.collection(ARCHIVE_MARKS).get('joe'), { id: '300' });

    archive = [{ id: '300', from: 'bob@localhost/r', body: 'before the restart' }, { id: '400', from: 'bob@localhost/r', body: 'after' }];
    const got: Element[] = [];
    const second = pool({ archiveMarks: createStoreArchiveMarks(store) });
    const { session } = await second.login('joe', undefined, { listener: listening(got), streamId: 'same' });
    await second.restoreMembership(session);
    await settle();
    assert.deepEqual(bodiesOf(got), ['after']);
    await second.logoff('joe');
    await settle();
    assert.equal(await store.collection(ARCHIVE_MARKS).get('joe'), undefined);
  });
});
