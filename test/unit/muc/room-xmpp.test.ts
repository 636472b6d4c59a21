import assert from 'node:assert/strict';
import xml, { type Element } from '@xmpp/xml';
import type { EjabberdBackend } from '../../../gateway/ejabberd/index.js';
import { createRoomXmpp } from '../../../gateway/muc/room-xmpp.js';
import type { WithStream } from '../../../gateway/muc/room-stream.js';
import type { UserStream } from '../../../gateway/xmpp/index.js';

const ROOM = { name: 'lab', service: 'conference.d' };
const MAM = 'urn:xmpp:mam:2';
const RSM = 'http://jabber.org/protocol/rsm';

/** An archive of `total` messages (ids 1..total) answering RSM `before` queries as ejabberd does. */
function fakeArchive(total: number) {
  const asked: Array<{ max: number; before: string }> = [];
  const stream = (take: Set<(s: Element) => boolean>): UserStream => ({
    username: 'admin', jid: 'admin@d/x', isOnline: () => true,
    send: async () => {}, sendAndExpect: async () => { throw new Error('unused'); }, close: async () => {},
    intercept(fn) { take.add(fn); return () => take.delete(fn); },
    async request(iq) {
      const query = iq.getChild('query', MAM) as Element;
      const set = query.getChild('set', RSM) as Element;
      const max = Number(set.getChildText('max'));
      const before = set.getChildText('before') ?? '';
      asked.push({ max, before });
      const end = before === '' ? total : Number(before) - 1;
      const start = Math.max(1, end - max + 1);
      for (let id = start; id <= end; id++) {
        const result = xml('message', { to: 'admin@d/x' }, xml('result', { xmlns: MAM, queryid: query.attrs.queryid, id: String(id) },
          xml('forwarded', { xmlns: 'urn:xmpp:forward:0' }, xml('delay', { xmlns: 'urn:xmpp:delay', stamp: new Date(id * 1000).toISOString() }),
            xml('message', { from: 'lab@conference.d/n', type: 'groupchat' }, xml('body', {}, `m${id}`)))));
        for (const fn of take) fn(result);
      }
      return xml('iq', { type: 'result' }, xml('fin', { xmlns: MAM, complete: start === 1 ? 'true' : 'false' },
        xml('set', { xmlns: RSM }, xml('first', {}, String(start)), xml('last', {}, String(end)))));
    },
  });
  const withStream: WithStream = async (_user, work) => work(stream(new Set()));
  return { asked, withStream };
}

const backend = {
  getRoomOptions: async () => ({ members_only: 'false', mam: 'true' }),
  getRoomAffiliations: async () => [],
} as unknown as EjabberdBackend;

describe('muc room history (MAM)', () => {
  it('when the archive spans several pages, then pages are read backwards and returned oldest first', async () => {
    const a = fakeArchive(250);
    const history = await createRoomXmpp({ backend, withStream: a.withStream, domain: 'd', adminUser: 'admin', timeoutMs: 1000, historyLimit: 1000 }).history(ROOM);
    assert.deepEqual(history.map((m) => m.body), Array.from({ length: 250 }, (_, i) => `m${i + 1}`));
    assert.deepEqual(a.asked, [{ max: 100, before: '' }, { max: 100, before: '151' }, { max: 100, before: '51' }]);
    assert.deepEqual(history[0], { to: 'lab@conference.d', from: 'lab@conference.d/n', type: 'groupchat', body: 'm1', delay_stamp: '1970-01-01T00:00:01.000Z', delay_from: 'lab@conference.d' });
  });

  it('when the archive is larger than the limit, then the newest messages are kept', async () => {
    const a = fakeArchive(500);
    const history = await createRoomXmpp({ backend, withStream: a.withStream, domain: 'd', adminUser: 'admin', timeoutMs: 1000, historyLimit: 120 }).history(ROOM);
    assert.equal(history.length, 120);
    assert.equal(history[0]?.body, 'm381');
    assert.equal(history[119]?.body, 'm500');
  });

  it('when the room does not archive, then no archive is asked: the recent history is read by joining the room on a stream', async () => {
    let opened = false;
    const noMam = { ...backend, getRoomOptions: async () => ({ mam: 'false' }) } as unknown as EjabberdBackend;
    const withStream: WithStream = async () => { opened = true; throw new Error('the join is driven by the e2e conformance cases'); };
    await assert.rejects(createRoomXmpp({ backend: noMam, withStream, domain: 'd', adminUser: 'admin', timeoutMs: 1000, historyLimit: 10 }).history(ROOM), /conformance cases/);
    assert.equal(opened, true);
  });

  it('when ejabberd answers the archive query with service-unavailable (no mod_mam), then it is a 501', async () => {
    const a = fakeArchive(1);
    const withStream: WithStream = (user, work) => a.withStream(user, (st) => work({
      ...st,
      request: async () => { throw Object.assign(new Error('read the room archive: service-unavailable'), { cause: { condition: 'service-unavailable' } }); },
    }));
    await assert.rejects(createRoomXmpp({ backend, withStream, domain: 'd', adminUser: 'admin', timeoutMs: 1000, historyLimit: 10 }).history(ROOM), (e: { status: number }) => e.status === 501);
  });
});
