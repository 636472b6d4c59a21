import assert from 'node:assert/strict';
import { createMemoryPresenceStorage, createPresenceView, type BarePresence } from '../../../gateway/presence/index.js';
import { createHookBus, type HookEvent, type PresenceShow } from '../../../hooks/index.js';

let n = 0;
const env = () => ({ v: 1 as const, id: `e${++n}`, host: 'localhost', ts: n });
const set = (resource: string, show: PresenceShow, priority: number, status = ''): HookEvent => ({ ...env(), event: 'presence_set', jid: 'agent@localhost', resource, show, status, priority });
const unset = (resource: string): HookEvent => ({ ...env(), event: 'presence_unset', jid: 'agent@localhost', resource, status: '' });
const closed = (resource: string): HookEvent => ({ ...env(), event: 'session_closed', jid: 'agent@localhost', resource });

describe('hooks presence view', () => {
  it('when a session opens without presence, then the JID is not online', async () => {
    const v = createPresenceView();
    await v.apply({ ...env(), event: 'session_opened', jid: 'agent@localhost', resource: 'web' });
    assert.equal(await v.isOnline('agent@localhost'), false);
    assert.equal(await v.get('agent@localhost'), undefined);
  });

  it('when two resources are available, then show and status are those of the highest priority', async () => {
    const v = createPresenceView();
    await v.apply(set('phone', 'away', 1, 'on the move'));
    await v.apply(set('desk', 'chat', 5, 'ready'));
    assert.deepEqual(await v.get('agent@localhost'), {
      jid: 'agent@localhost',
      resource: 'desk',
      show: 'chat',
      status: 'ready',
      priority: 5,
      resources: [
        { resource: 'desk', show: 'chat', status: 'ready', priority: 5 },
        { resource: 'phone', show: 'away', status: 'on the move', priority: 1 },
      ],
    });
  });

  it('when priorities tie, then the most recently updated resource wins', async () => {
    const v = createPresenceView();
    await v.apply(set('a', 'dnd', 0));
    await v.apply(set('b', 'xa', 0));
    assert.equal((await v.get('agent@localhost'))?.show, 'xa');
    await v.apply(set('a', 'away', 0));
    assert.equal((await v.get('agent@localhost'))?.show, 'away');
  });

  it('when one of two resources goes unavailable, then the JID stays online with the other', async () => {
    const v = createPresenceView();
    await v.apply(set('desk', 'chat', 5));
    await v.apply(set('phone', 'away', 1));
    await v.apply(unset('desk'));
    assert.equal(await v.isOnline('agent@localhost'), true);
    assert.equal((await v.get('agent@localhost'))?.show, 'away');
    await v.apply(closed('phone'));
    assert.equal(await v.isOnline('agent@localhost'), false);
    assert.deepEqual(await v.online(), []);
  });

  it('when the view is listed with a limit, then the first available JIDs come in JID order with their top presence', async () => {
    const v = createPresenceView();
    for (const [jid, show] of [['c@x/1', 'dnd'], ['a@x/1', 'away'], ['b@x/1', 'available']] as const) {
      await v.seedResource(jid, { resource: '1', show, status: '', priority: 0 });
    }
    assert.deepEqual((await v.list(2)).map((p) => [p.jid, p.show]), [['a@x', 'away'], ['b@x', 'available']]);
    assert.equal((await v.list(10)).length, 3);
  });

  it('when session_closed comes before presence_unset (as ejabberd 23.01 runs them), then both are harmless', async () => {
    const v = createPresenceView();
    await v.apply(set('desk', 'chat', 0));
    await v.apply(closed('desk'));
    await v.apply(unset('desk'));
    assert.equal(await v.isOnline('agent@localhost'), false);
  });

  it('when asked with a full or mixed-case JID, then the bare lowercased JID is looked up', async () => {
    const v = createPresenceView();
    await v.apply(set('desk', 'dnd', 0));
    assert.equal(await v.isOnline('Agent@LocalHost/whatever'), true);
  });

  it('when the user is removed, then all resources go', async () => {
    const v = createPresenceView();
    await v.apply(set('desk', 'chat', 0));
    await v.apply(set('phone', 'chat', 0));
    await v.apply({ ...env(), event: 'user_removed', jid: 'agent@localhost' });
    assert.equal(await v.isOnline('agent@localhost'), false);
  });

  it('when the aggregate changes, then listeners hear it once; a lower resource coming and going is silent', async () => {
    const v = createPresenceView();
    const changes: Array<[string, string | undefined, string | undefined]> = [];
    const show = (p: BarePresence | undefined) => p?.show;
    v.onChange((jid, now, before) => changes.push([jid, show(now), show(before)]));
    await v.apply(set('desk', 'chat', 5));
    await v.apply(set('phone', 'away', 1));
    await v.apply(unset('phone'));
    await v.apply(set('desk', 'dnd', 5));
    await v.apply(unset('desk'));
    assert.deepEqual(changes, [
      ['agent@localhost', 'chat', undefined],
      ['agent@localhost', 'dnd', 'chat'],
      ['agent@localhost', undefined, 'dnd'],
    ]);
  });

  it('when a change listener throws, then the others still hear and the view stays consistent', async () => {
    const errors: unknown[] = [];
    const v = createPresenceView({ onListenerError: (e) => errors.push(e) });
    let heard = 0;
    v.onChange(() => {
      throw new Error('bad listener');
    });
    v.onChange(() => void heard++);
    await v.apply(set('desk', 'chat', 0));
    assert.equal(heard, 1);
    assert.equal(errors.length, 1);
    assert.equal(await v.isOnline('agent@localhost'), true);
  });

  it('when attached to a bus, then it follows published events until detached', async () => {
    const bus = createHookBus();
    const v = createPresenceView();
    const detach = v.attach(bus);
    await bus.publish(set('desk', 'chat', 0));
    assert.equal(await v.isOnline('agent@localhost'), true);
    detach();
    await bus.publish(unset('desk'));
    assert.equal(await v.isOnline('agent@localhost'), true);
  });

  it('when a resource is set directly with a full JID, then the bare JID is online as after presence_set', async () => {
    const v = createPresenceView();
    await v.setResource('Agent@Localhost/desk', { resource: 'desk', show: 'dnd', status: 'busy', priority: 2 });
    assert.deepEqual(await v.get('agent@localhost'), {
      jid: 'agent@localhost', resource: 'desk', show: 'dnd', status: 'busy', priority: 2,
      resources: [{ resource: 'desk', show: 'dnd', status: 'busy', priority: 2 }],
    });
  });

  it('when the start-up seed adds a resource the view already has, then what events said stays and nothing is removed', async () => {
    const v = createPresenceView();
    await v.apply(set('desk', 'dnd', 2, 'from an event'));
    const seed = { show: 'available' as const, status: 'from the snapshot', priority: 0 };
    assert.equal(await v.seedResource('agent@localhost/desk', { resource: 'desk', ...seed }), false);
    assert.equal(await v.seedResource('agent@localhost/phone', { resource: 'phone', ...seed }), true);
    const p = await v.get('agent@localhost');
    assert.equal(p?.status, 'from an event');
    assert.deepEqual(p?.resources.map((r) => r.resource), ['desk', 'phone']);
  });

  it('when the view runs over a given storage, then its records are there for another view over it to read', async () => {
    const storage = createMemoryPresenceStorage();
    const a = createPresenceView({ storage });
    const b = createPresenceView({ storage });
    await a.apply(set('desk', 'chat', 1));
    assert.equal((await b.get('agent@localhost'))?.show, 'chat');
    assert.deepEqual(await b.online(), ['agent@localhost']);
  });
});
