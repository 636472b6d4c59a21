/** The `rooms` config group resolved: defaults on loopback, the bot's JID, a bad one refused at start. */
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../../gateway/config/index.js';
import { roomPoolConfig } from '../../../gateway/roompool/pool-config.js';

const load = (overrides: Record<string, unknown> = {}) => loadConfig({ env: {}, overrides: { 'xmpp.domain': 'Example.ORG', 'auth.secret': 's', 'hooks.secret': 'h', ...overrides } });

describe('room pool: configuration', () => {
  it('when nothing is set, then the pool is off with HelpIM\'s timings and the bot is {site}-bot@{domain}', () => {
    const c = roomPoolConfig(load());
    assert.deepEqual(
      [c.site, c.botJid, c.mucService, c.defaults.enabled, c.defaults.poolSize, c.defaults.cleanupMs, c.defaults.allocationTimeoutMs, c.defaults.maxChatsPerStaff, c.passMs],
      ['helpim', 'helpim-bot@example.org', 'conference.example.org', false, 10, 1_800_000, 300_000, 3, 0],
    );
  });

  it('when the bot\'s JID is given, then it is folded; a JID with a resource or no local part is refused naming the key', () => {
    assert.equal(roomPoolConfig(load({ 'rooms.botJid': 'Bot@Example.ORG' })).botJid, 'bot@example.org');
    for (const bad of ['bot@x/res', 'example.org', 'a b@x']) assert.throws(() => roomPoolConfig(load({ 'rooms.botJid': bad })), (e: unknown) => e instanceof ConfigError && /rooms\.botJid/.test(e.message));
  });

  it('when the site is not a plain name, then the configuration is refused', () => {
    assert.throws(() => load({ 'rooms.site': 'Help_IM' }), /rooms\.site/);
  });
});
