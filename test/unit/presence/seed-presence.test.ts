import assert from 'node:assert/strict';
import type { SessionInfo } from '../../../gateway/ejabberd/index.js';
import { createPresenceView, seedPresence } from '../../../gateway/presence/index.js';

const session = (jid: string, status = 'available'): SessionInfo => {
  const [bare = '', resource = ''] = jid.split('/');
  return { jid, user: bare.split('@')[0] ?? '', resource, connection: 'c2s', ip: '127.0.0.1', port: 1, priority: 0, status, statusText: '', uptime: 1 };
};

describe('online view start-up seed', () => {
  it('when the view is empty, then every session ejabberd lists is seeded', async () => {
    const view = createPresenceView();
    const n = await seedPresence(view, { listSessions: async () => [session('a@x/1'), session('b@x/2', 'dnd')] });
    assert.equal(n, 2);
    assert.deepEqual((await view.online()).sort(), ['a@x', 'b@x']);
    assert.equal((await view.get('b@x'))?.show, 'dnd');
  });

  it('when the view already holds someone (another instance keeps it current), then nothing is seeded and ejabberd is not asked', async () => {
    const view = createPresenceView();
    await view.seedResource('a@x/1', { resource: '1', show: 'available', status: '', priority: 0 });
    let asked = false;
    const n = await seedPresence(view, {
      listSessions: async () => {
        asked = true;
        return [session('ghost@x/old')];
      },
    });
    assert.equal(n, 0);
    assert.equal(asked, false);
    assert.deepEqual(await view.online(), ['a@x']);
  });
});
