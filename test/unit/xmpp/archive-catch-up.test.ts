import assert from 'node:assert/strict';
import { compareNumericIds, createArchiveCursor, isNumericId, ownArchiveId, parseStanzaText, readMamForward, SEEN_MAX, wantedResult, type CatchUpFrom } from '../../../gateway/xmpp/index.js';

/**
 * One step on a cursor and what it must answer:
 * - live id → pass on (true) or drop (false);
 * - begin [fallback] → where the catch-up reads from (undefined: none);
 * - result id [unwanted] → pass on or not (run: the last begin's, or `stale` for the one before);
 * - end done|interrupted (of the last begin's run, or the one before with `stale`).
 */
type Step =
  | readonly ['live', string, boolean]
  | readonly ['begin', CatchUpFrom | undefined, CatchUpFrom | undefined]
  | readonly ['result', string, boolean, ('unwanted' | 'stale')?]
  | readonly ['end', 'done' | 'interrupted', 'stale'?];

interface Row {
  readonly when: string;
  readonly steps: readonly Step[];
  readonly mark: string | undefined;
  readonly catchingUp?: boolean;
}

const T0: CatchUpFrom = { start: new Date('2024-05-01T10:00:00Z') };

const rows: readonly Row[] = [
  {
    when: 'live messages arrive without any catch-up: each is passed on, the mark is the greatest id',
    steps: [['live', '100', true], ['live', '300', true], ['live', '200', true]],
    mark: '300',
  },
  {
    when: 'the session has no mark and no fallback: no catch-up',
    steps: [['begin', undefined, undefined], ['live', '5', true]],
    mark: '5',
    catchingUp: false,
  },
  {
    when: 'the session has no mark: the catch-up reads from the fallback time and passes on what it finds',
    steps: [['begin', T0, T0], ['result', '10', true], ['result', '20', true], ['end', 'done']],
    mark: '20',
    catchingUp: false,
  },
  {
    when: 'a mark exists: the catch-up reads after it (the fallback is not used)',
    steps: [['live', '100', true], ['begin', T0, { after: '100' }], ['result', '150', true], ['end', 'done'], ['live', '160', true]],
    mark: '160',
  },
  {
    when: 'the offline flood arrives during the catch-up before its results: the results are skipped',
    steps: [['live', '100', true], ['begin', T0, { after: '100' }], ['live', '120', true], ['result', '120', false], ['result', '130', true], ['end', 'done']],
    mark: '130',
  },
  {
    when: 'the offline flood arrives during the catch-up after its results: the live copies are dropped',
    steps: [['live', '100', true], ['begin', undefined, { after: '100' }], ['result', '120', true], ['live', '120', false], ['live', '140', true], ['end', 'done']],
    mark: '140',
  },
  {
    when: 'the offline flood arrives after the catch-up: a live id at or below the last id caught up is a duplicate, above it is new',
    steps: [
      ['live', '100', true], ['begin', undefined, { after: '100' }], ['result', '120', true], ['result', '130', true], ['end', 'done'],
      ['live', '120', false], ['live', '130', false], ['live', '125', false], ['live', '131', true],
    ],
    mark: '131',
  },
  {
    when: 'the flood moved the mark before the query: the catch-up still reads from where the session was when it came back',
    steps: [['live', '100', true], ['begin', undefined, { after: '100' }], ['live', '150', true], ['result', '110', true], ['result', '150', false], ['end', 'done']],
    mark: '150',
  },
  {
    when: 'a result is not for the listener (the user\'s own, no content): not passed on, but the mark and the floor move past it',
    steps: [['live', '100', true], ['begin', undefined, { after: '100' }], ['result', '110', false, 'unwanted'], ['end', 'done'], ['live', '110', false], ['live', '111', true]],
    mark: '111',
  },
  {
    when: 'a numeric catch-up ended: a live id equal to one passed on in it is dropped even though the set is gone',
    steps: [['live', '9', true], ['begin', undefined, { after: '9' }], ['result', '10', true], ['end', 'done'], ['live', '10', false], ['live', '11', true]],
    mark: '11',
  },
  {
    when: 'ids are not numeric: the mark is the last id, and the remembered set answers duplicates after the catch-up',
    steps: [
      ['live', 'b-2', true], ['begin', undefined, { after: 'b-2' }], ['result', 'a-9', true], ['result', 'c-1', true], ['end', 'done'],
      ['live', 'a-9', false], ['live', 'c-1', false], ['live', 'd-0', true],
    ],
    mark: 'd-0',
  },
  {
    when: 'the catch-up is interrupted (the stream dropped again): the next begin resumes after the last result, same remembered ids',
    steps: [
      ['live', '100', true], ['begin', undefined, { after: '100' }], ['live', '300', true], ['result', '110', true], ['end', 'interrupted'],
      ['begin', T0, { after: '110' }], ['result', '110', false, 'stale'], ['result', '120', true], ['result', '300', false], ['end', 'done'],
      ['live', '300', false], ['live', '301', true],
    ],
    mark: '301',
    catchingUp: false,
  },
  {
    when: 'interrupted before any result: the next begin reads from the same start again',
    steps: [['live', '100', true], ['begin', undefined, { after: '100' }], ['live', '200', true], ['end', 'interrupted'], ['begin', undefined, { after: '100' }], ['result', '200', false], ['end', 'done']],
    mark: '200',
  },
  {
    when: 'a stale run ends after a newer begin: ignored (the newer run goes on)',
    steps: [['live', '1', true], ['begin', undefined, { after: '1' }], ['begin', undefined, { after: '1' }], ['end', 'done', 'stale'], ['result', '2', true], ['end', 'done']],
    mark: '2',
    catchingUp: false,
  },
  {
    when: 'results outside a catch-up: never passed on',
    steps: [['live', '1', true], ['result', '2', false]],
    mark: '1',
  },
  {
    when: 'a later catch-up: results at or below the earlier floor are not passed on again',
    steps: [
      ['live', '100', true], ['begin', undefined, { after: '100' }], ['result', '150', false, 'unwanted'], ['end', 'done'],
      ['live', '140', false],
      ['begin', undefined, { after: '150' }], ['result', '160', true], ['end', 'done'],
    ],
    mark: '160',
  },
];

function play(row: Row): void {
  const c = createArchiveCursor();
  let run = 0;
  let previous = 0;
  row.steps.forEach((step, i) => {
    const at = `${row.when} — step ${i + 1} ${JSON.stringify(step)}`;
    switch (step[0]) {
      case 'live':
        assert.equal(c.live(step[1]), step[2], at);
        break;
      case 'begin': {
        const t = c.begin(step[1]);
        assert.deepEqual(t?.from, step[2], at);
        if (t) {
          previous = run;
          run = t.run;
        }
        break;
      }
      case 'result':
        assert.equal(c.result(step[3] === 'stale' ? previous : run, step[1], step[3] !== 'unwanted'), step[2], at);
        break;
      case 'end':
        c.end(step[2] === 'stale' ? previous : run, step[1]);
        break;
    }
  });
  assert.equal(c.mark, row.mark, `${row.when}: the mark`);
  if (row.catchingUp !== undefined) assert.equal(c.catchingUp, row.catchingUp, `${row.when}: catching up`);
}

describe('xmpp archive catch-up: what is passed on, what is a duplicate, the mark', () => {
  for (const row of rows) it(`when ${row.when}`, () => play(row));

  it('when a catch-up passes on more ids than SEEN_MAX, then the remembered ids stay bounded (the oldest go first)', () => {
    const c = createArchiveCursor();
    const t = c.begin({ start: new Date(0) });
    assert.ok(t);
    for (let i = 0; i < SEEN_MAX + 10; i++) assert.equal(c.result(t.run, `x${i}`, true), true);
    assert.equal(c.live(`x${SEEN_MAX + 9}`), false, 'a recent one is still known');
    assert.equal(c.live('x0'), true, 'the oldest was forgotten');
  });

  it('when ids are compared, then numeric ones (no leading zero) order by value; others are not numeric', () => {
    const cases: ReadonlyArray<[string, boolean]> = [['1700000000000001', true], ['0', true], ['01', false], ['', false], ['12a', false], ['-1', false], ['1'.repeat(31), false]];
    for (const [id, numeric] of cases) assert.equal(isNumericId(id), numeric, id);
    assert.ok(compareNumericIds('99', '100') < 0);
    assert.ok(compareNumericIds('1700000000000002', '1700000000000001') > 0);
    assert.equal(compareNumericIds('42', '42'), 0);
  });

  it('when a result is judged, then only chat/normal messages from someone else with a body or chat state are wanted', () => {
    const own = 'alice@localhost';
    const cases: ReadonlyArray<[string, { type: string; from: string; content: boolean }, boolean]> = [
      ['chat from a peer', { type: 'chat', from: 'bob@localhost/r', content: true }, true],
      ['normal (no type) from a peer', { type: '', from: 'bob@localhost', content: true }, true],
      ['normal from a peer', { type: 'normal', from: 'bob@localhost', content: true }, true],
      ['sent by the user (full JID)', { type: 'chat', from: 'alice@localhost/ofgate-1', content: true }, false],
      ['sent by the user (other case)', { type: 'chat', from: 'Alice@LocalHost/x', content: true }, false],
      ['groupchat', { type: 'groupchat', from: 'room@conference.localhost/bob', content: true }, false],
      ['headline', { type: 'headline', from: 'localhost', content: true }, false],
      ['error', { type: 'error', from: 'bob@localhost', content: true }, false],
      ['no body, no chat state', { type: 'chat', from: 'bob@localhost', content: false }, false],
    ];
    for (const [what, r, wanted] of cases) assert.equal(wantedResult(r, own), wanted, what);
  });

  it('when a live message is read for its archive id, then only a stanza-id by the user\'s own bare JID counts', () => {
    const own = 'alice@localhost';
    const msg = (inner: string): string => `<message from='bob@localhost/r' type='chat'><body>x</body>${inner}</message>`;
    const cases: ReadonlyArray<[string, string, string | undefined]> = [
      ['own archive', `<stanza-id xmlns='urn:xmpp:sid:0' by='alice@localhost' id='17'/>`, '17'],
      ['a room\'s then own', `<stanza-id xmlns='urn:xmpp:sid:0' by='r@conference.localhost' id='1'/><stanza-id xmlns='urn:xmpp:sid:0' by='alice@localhost' id='18'/>`, '18'],
      ['a room\'s only', `<stanza-id xmlns='urn:xmpp:sid:0' by='r@conference.localhost' id='1'/>`, undefined],
      ['another namespace', `<stanza-id xmlns='urn:xmpp:sid:1' by='alice@localhost' id='1'/>`, undefined],
      ['no id', `<stanza-id xmlns='urn:xmpp:sid:0' by='alice@localhost'/>`, undefined],
      ['none', '', undefined],
    ];
    for (const [what, inner, id] of cases) assert.equal(ownArchiveId(parseStanzaText(msg(inner)), own), id, what);
  });

  it('when a catch-up result is read, then the message comes with the wrapper\'s delay (its own kept) and a summary; another query\'s is not one', () => {
    const result = (queryid: string, inner: string): string =>
      `<message to='a@localhost/r'><result xmlns='urn:xmpp:mam:2' queryid='${queryid}' id='1700000000000001'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2024-05-01T10:00:00Z'/>${inner}</forwarded></result></message>`;
    const chat = readMamForward(parseStanzaText(result('q', `<message xmlns='jabber:client' from='b@localhost/r' to='a@localhost' type='chat'><body>hi</body></message>`)), 'q');
    assert.equal(chat?.id, '1700000000000001');
    assert.deepEqual(chat?.summary, { type: 'chat', from: 'b@localhost/r', content: true });
    assert.equal(chat?.message?.getChild('delay', 'urn:xmpp:delay')?.attrs.stamp, '2024-05-01T10:00:00Z');
    const state = readMamForward(parseStanzaText(result('q', `<message xmlns='jabber:client' from='b@localhost/r'><composing xmlns='http://jabber.org/protocol/chatstates'/><delay xmlns='urn:xmpp:delay' stamp='2023-01-01T00:00:00Z'/></message>`)), 'q');
    assert.deepEqual(state?.summary, { type: '', from: 'b@localhost/r', content: true });
    assert.deepEqual(state?.message?.getChildren('delay', 'urn:xmpp:delay').map((d) => d.attrs.stamp), ['2023-01-01T00:00:00Z'], 'its own delay kept, none added');
    const bare = readMamForward(parseStanzaText(result('q', `<message xmlns='jabber:client' from='b@localhost/r'><received xmlns='urn:xmpp:receipts'/></message>`)), 'q');
    assert.equal(bare?.summary.content, false);
    assert.equal(readMamForward(parseStanzaText(result('q', '')), 'q')?.message, undefined);
    assert.equal(readMamForward(parseStanzaText(result('other', '<message/>')), 'q'), undefined);
    assert.equal(readMamForward(parseStanzaText(`<message><body>x</body></message>`), 'q'), undefined);
  });
});
