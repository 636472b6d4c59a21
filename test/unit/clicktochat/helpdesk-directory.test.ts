/**
 * Who is a helpdesk user and who can take a client: the settings' hosts and their checks, and
 * the directory over a fake online view and a fake shared-group read (by host; by group, read
 * at most once per cache period, a failed read not kept; availability by show).
 */
import assert from 'node:assert/strict';
import { clickToChatSettings } from '../../../gateway/clicktochat/clicktochat-settings.js';
import { clientName, clientPassword } from '../../../gateway/clicktochat/client-names.js';
import { createHelpdeskDirectory, GROUP_CACHE_MS } from '../../../gateway/clicktochat/helpdesk-directory.js';
import { configSchema, ConfigError, loadConfig } from '../../../gateway/config/index.js';
import type { GatewayError } from '../../../gateway/errors/index.js';
import type { BarePresence } from '../../../gateway/presence/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';

const defaults = () => loadConfig({ env: {}, overrides: {} }).clicktochat;

describe('clicktochat settings', () => {
  it('when nothing is configured, then clients on the domain, helpdesk users on helpdesk.{domain}, the original\'s five sessions', () => {
    const s = clickToChatSettings(defaults(), 'Example.ORG');
    assert.equal(s.clientHost, 'example.org');
    assert.equal(s.helpdeskHost, 'helpdesk.example.org');
    assert.equal(s.helpdeskGroup, null);
    assert.equal(s.maxSessions, 5);
    assert.equal(s.corsOrigin, null);
    assert.ok(configSchema.fields.clicktochat.fields.apiKeys.secret, 'API keys are redacted from logs');
  });

  it('when both hosts are the same without a helpdesk group, or a host or the name pattern is bad, then start-up is refused naming each key', () => {
    assert.throws(() => clickToChatSettings({ ...defaults(), helpdeskHost: 'example.org' }, 'example.org'), (e: ConfigError) => e instanceof ConfigError && /clicktochat\.helpdeskGroup: required/.test(e.message));
    assert.doesNotThrow(() => clickToChatSettings({ ...defaults(), helpdeskHost: 'example.org', helpdeskGroup: 'support' }, 'example.org'));
    assert.throws(() => clickToChatSettings({ ...defaults(), clientHost: 'bad host', namePattern: '(' }, 'example.org'), (e: ConfigError) => e.problems.length === 2);
  });

  it('when API keys are configured, then only their digests are kept', () => {
    const s = clickToChatSettings({ ...defaults(), apiKeys: ['k-1', ''] }, 'example.org');
    assert.equal(s.apiKeyDigests.length, 1);
    assert.ok(!JSON.stringify(s).includes('k-1'));
  });

  it('when a name is checked, then the pattern and the JID rules both hold; the password is never echoed', () => {
    const p = /^[a-z0-9._-]{1,64}$/u;
    assert.equal(clientName('my_client', p), 'my_client');
    assert.equal(clientName('Mixed', /^.+$/u), 'mixed', 'folded as ejabberd folds it');
    for (const bad of ['', "o'brien", 'a b', 'a@b']) assert.throws(() => clientName(bad, p), (e: GatewayError) => e.status === 400 && e.resource === 'username');
    assert.throws(() => clientName('a@b', /^.+$/u), (e: GatewayError) => /not a valid XMPP user name/.test(e.message), 'a permissive pattern still cannot pass @');
    assert.throws(() => clientPassword(''), (e: GatewayError) => e.message === 'password: empty');
    assert.throws(() => clientPassword('s3cret'.repeat(200)), (e: GatewayError) => !e.message.includes('s3cret'));
  });
});

describe('clicktochat helpdesk directory', () => {
  const presence = (shows: Record<string, BarePresence['show']>) => ({
    get: async (jid: string) => (shows[jid] ? ({ jid, resource: 'r', show: shows[jid], status: '', priority: 0, resources: [] } as BarePresence) : undefined),
  });
  const SHOWS = { 'a@hd': 'available', 'b@hd': 'chat', 'c@hd': 'away', 'd@hd': 'dnd', 'e@hd': 'xa', 'x@other': 'available' } as const;

  it('when helpdesk users are known by host, then only that host counts, and only available or chat can take a client', async () => {
    const d = createHelpdeskDirectory({ helpdeskHost: 'hd', helpdeskGroup: null, backend: { getSharedGroupMembers: async () => assert.fail('no group') }, presence: presence(SHOWS), clock: createFakeClock() });
    assert.equal(d.onHelpdeskHost('a@HD/res'), true);
    assert.equal(d.onHelpdeskHost('hd'), false, 'the host itself is no user');
    assert.equal(await d.isHelpdesk('x@other'), false);
    assert.deepEqual(await d.available(['a@hd', 'b@hd', 'c@hd', 'd@hd', 'e@hd', 'f@hd', 'x@other']), ['a@hd', 'b@hd']);
    assert.deepEqual(await d.online(['a@hd', 'c@hd', 'f@hd']), ['a@hd', 'c@hd']);
    assert.equal(await d.showOf('f@hd'), 'offline');
  });

  it('when helpdesk users are a group\'s members, then the group is read once per cache period, and a failed read is not kept', async () => {
    const clock = createFakeClock();
    let reads = 0;
    let failNext = false;
    const d = createHelpdeskDirectory({
      helpdeskHost: 'hd',
      helpdeskGroup: 'support',
      backend: {
        getSharedGroupMembers: async (group) => {
          reads++;
          assert.equal(group, 'support');
          if (failNext) {
            failNext = false;
            throw new Error('ejabberd down');
          }
          return ['A@hd', 'c@hd'];
        },
      },
      presence: presence(SHOWS),
      clock,
    });
    assert.deepEqual(await Promise.all([d.isHelpdesk('a@hd'), d.isHelpdesk('b@hd'), d.isHelpdesk('c@hd')]), [true, false, true]);
    assert.deepEqual(await d.available(['a@hd', 'b@hd', 'c@hd']), ['a@hd']);
    assert.equal(reads, 1);
    clock.advance(GROUP_CACHE_MS);
    failNext = true;
    await assert.rejects(d.isHelpdesk('a@hd'));
    assert.equal(await d.isHelpdesk('a@hd'), true);
    assert.equal(reads, 3);
  });
});
