import assert from 'node:assert/strict';
import { createHookBus, createPresenceView, type BarePresence, type HookEvent, type PresenceShow } from '../../../hooks/index.js';

let n = 0;
const env = () => ({ v: 1 as const, id: `e${++n}`, host: 'localhost', ts: n });
const set = (resource: string, show: PresenceShow, priority: number, status = ''): HookEvent => ({ ...env(), event: 'presence_set', jid: 'agent@localhost', resource, show, status, priority });
const unset = (resource: string): HookEvent => ({ ...env(), event: 'presence_unset', jid: 'agent@localhost', resource, status: '' });
const closed = (resource: string): HookEvent => ({ ...env(), event: 'session_closed', jid: 'agent@localhost', resource });

describe('hooks presence view', () => {
  it('when a session opens without presence, then the JID is not online', () => {
    const v = createPresenceView();
    v.apply({ ...env(), event: 'session_opened', jid: 'agent@localhost', resource: 'web' });
    assert.equal(v.isOnline('agent@localhost'), false);
    assert.equal(v.get('agent@localhost'), undefined);
  });

  it('when two resources are available, then show and status are those of the highest priority', () => {
    const v = createPresenceView();
    v.apply(set('phone', 'away', 1, 'on the move'));
    v.apply(set('desk', 'chat', 5, 'ready'));
    assert.deepEqual(v.get('agent@localhost'), {
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

  it('when priorities tie, then the most recently updated resource wins', () => {
    const v = createPresenceView();
    v.apply(set('a', 'dnd', 0));
    v.apply(set('b', 'xa', 0));
    assert.equal(v.get('agent@localhost')?.show, 'xa');
    v.apply(set('a', 'away', 0));
    assert.equal(v.get('agent@localhost')?.show, 'away');
  });

  it('when one of two resources goes unavailable, then the JID stays online with the other', () => {
    const v = createPresenceView();
    v.apply(set('desk', 'chat', 5));
    v.apply(set('phone', 'away', 1));
    v.apply(unset('desk'));
    assert.equal(v.isOnline('agent@localhost'), true);
    assert.equal(v.get('agent@localhost')?.show, 'away');
    v.apply(closed('phone'));
    assert.equal(v.isOnline('agent@localhost'), false);
    assert.deepEqual(v.online(), []);
  });

  it('when session_closed comes before presence_unset (as ejabberd 23.01 runs them), then both are harmless', () => {
    const v = createPresenceView();
    v.apply(set('desk', 'chat', 0));
    v.apply(closed('desk'));
    v.apply(unset('desk'));
    assert.equal(v.isOnline('agent@localhost'), false);
  });

  it('when asked with a full or mixed-case JID, then the bare lowercased JID is looked up', () => {
    const v = createPresenceView();
    v.apply(set('desk', 'dnd', 0));
    assert.equal(v.isOnline('Agent@LocalHost/whatever'), true);
  });

  it('when the user is removed, then all resources go', () => {
    const v = createPresenceView();
    v.apply(set('desk', 'chat', 0));
    v.apply(set('phone', 'chat', 0));
    v.apply({ ...env(), event: 'user_removed', jid: 'agent@localhost' });
    assert.equal(v.isOnline('agent@localhost'), false);
  });

  it('when the aggregate changes, then listeners hear it once; a lower resource coming and going is silent', () => {
    const v = createPresenceView();
    const changes: Array<[string, string | undefined, string | undefined]> = [];
    const show = (p: BarePresence | undefined) => p?.show;
    v.onChange((jid, now, before) => changes.push([jid, show(now), show(before)]));
    v.apply(set('desk', 'chat', 5));
    v.apply(set('phone', 'away', 1));
    v.apply(unset('phone'));
    v.apply(set('desk', 'dnd', 5));
    v.apply(unset('desk'));
    assert.deepEqual(changes, [
      ['agent@localhost', 'chat', undefined],
      ['agent@localhost', 'dnd', 'chat'],
      ['agent@localhost', undefined, 'dnd'],
    ]);
  });

  it('when a change listener throws, then the others still hear and the view stays consistent', () => {
    const errors: unknown[] = [];
    const v = createPresenceView({ onListenerError: (e) => errors.push(e) });
    let heard = 0;
    v.onChange(() => {
      throw new Error('bad listener');
    });
    v.onChange(() => void heard++);
    v.apply(set('desk', 'chat', 0));
    assert.equal(heard, 1);
    assert.equal(errors.length, 1);
    assert.equal(v.isOnline('agent@localhost'), true);
  });

  it('when attached to a bus, then it follows published events until detached', () => {
    const bus = createHookBus();
    const v = createPresenceView();
    const detach = v.attach(bus);
    bus.publish(set('desk', 'chat', 0));
    assert.equal(v.isOnline('agent@localhost'), true);
    detach();
    bus.publish(unset('desk'));
    assert.equal(v.isOnline('agent@localhost'), true);
  });

  it('when a resource is set directly with a full JID (the start-up seed), then the bare JID is online as after presence_set', () => {
    const v = createPresenceView();
    v.setResource('Agent@Localhost/desk', { resource: 'desk', show: 'dnd', status: 'busy', priority: 2 });
    assert.deepEqual(v.get('agent@localhost'), {
      jid: 'agent@localhost', resource: 'desk', show: 'dnd', status: 'busy', priority: 2,
      resources: [{ resource: 'desk', show: 'dnd', status: 'busy', priority: 2 }],
    });
  });
});
