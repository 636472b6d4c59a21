import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, configSchema, ensureSecrets, loadConfig, redactConfig, renderExample } from '../../../gateway/config/index.js';

describe('config', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ofgate-cfg-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when no file is given, then the defaults run on loopback', () => {
    const c = loadConfig({ env: {} });
    assert.equal(c.server.host, '127.0.0.1');
    assert.equal(c.server.port, 7070);
    assert.equal(c.ejabberd.backend, 'http-api');
    assert.equal(c.auth.secret, undefined, 'no default secret');
  });

  it('when a URL is invalid, then the error names the exact path', () => {
    const file = join(dir, 'bad.yml');
    writeFileSync(file, 'ejabberd:\n  xmlrpc:\n    url: not a url\nserver:\n  port: seventy\n');
    assert.throws(
      () => loadConfig({ file, env: {} }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.ok(err.problems.includes('ejabberd.xmlrpc.url: expected a URL'), err.message);
        assert.ok(err.problems.includes('server.port: expected an integer'), err.message);
        return true;
      },
    );
  });

  it('when an option is unknown or a choice is wrong, then both are reported', () => {
    const file = join(dir, 'bad.yml');
    writeFileSync(file, 'ejabberd:\n  backend: soap\nserver:\n  prot: 1\n');
    assert.throws(() => loadConfig({ file, env: {} }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.ok(err.problems.includes('ejabberd.backend: expected one of http-api, xmlrpc'), err.message);
      assert.ok(err.problems.includes('server.prot: unknown option'), err.message);
      return true;
    });
  });

  it('when the file is not YAML, then the message says so', () => {
    const file = join(dir, 'bad.yml');
    writeFileSync(file, 'server: [unclosed\n');
    assert.throws(() => loadConfig({ file, env: {} }), /not valid YAML/);
  });

  it('when an OFGATE_ variable is no setting (misspelled), then start-up fails naming it and the closest setting; the tools\' own variables pass', () => {
    assert.throws(() => loadConfig({ env: { OFGATE_SERVER_PROT: '9090', OFGATE_KEEP_EJABBERD: '1', OFGATE_CONFIG: '/x' } }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /OFGATE_SERVER_PROT: not an ofgate setting: did you mean OFGATE_SERVER_PORT\?/);
      assert.doesNotMatch(err.message, /OFGATE_KEEP_EJABBERD|OFGATE_CONFIG/);
      return true;
    });
    assert.throws(() => loadConfig({ env: { OFGATE_WHATEVER_THIS_IS: 'x' } }), /OFGATE_WHATEVER_THIS_IS: not an ofgate setting \(settings:/);
    assert.equal(loadConfig({ env: { OFGATE_TEST_WITHOUT_SHIM: '1', OFGATE_XMPP_PORT: '5223' } }).server.port, 7070);
  });

  it('when an OFGATE_ variable\'s value is malformed, then start-up fails naming the setting', () => {
    assert.throws(() => loadConfig({ env: { OFGATE_SERVER_PORT: 'seventy' } }), (err: unknown) => err instanceof ConfigError && /server\.port/.test(err.message));
  });

  it('when environment variables are set, then they override the file', () => {
    const file = join(dir, 'ok.yml');
    writeFileSync(file, 'server:\n  port: 8080\n');
    const c = loadConfig({ file, env: { OFGATE_PORT: '9091', OFGATE_EJABBERD_TIMEOUT_MS: '1234', OFGATE_SECRET: 's3' } });
    assert.equal(c.server.port, 9091);
    assert.equal(c.ejabberd.timeoutMs, 1234);
    assert.equal(c.auth.secret, 's3');
  });

  it('when secrets are missing, then they are generated once, kept 0600, and reused', () => {
    const c = loadConfig({ env: {}, overrides: { 'store.dataDir': dir } });
    const a = ensureSecrets(c);
    const b = ensureSecrets(c);
    assert.deepEqual(a, b);
    assert.ok(a.secret.length >= 20);
    assert.equal(statSync(join(dir, 'secrets.json')).mode & 0o777, 0o600);
  });

  it('when the config is redacted, then no secret value remains', () => {
    const c = loadConfig({ env: {}, overrides: { 'auth.secret': 'TOPSECRET', 'hooks.secret': 'HOOKSECRET', 'ejabberd.adminPassword': 'PW' } });
    const text = JSON.stringify(redactConfig(c));
    assert.ok(!/TOPSECRET|HOOKSECRET|"PW"/.test(text), text);
  });

  it('when the example file is rendered, then it matches the committed ofgate.example.yml and parses back to the defaults', () => {
    const body = renderExample(configSchema);
    const committed = readFileSync(new URL('../../../ofgate.example.yml', import.meta.url), 'utf8');
    assert.ok(committed.includes(body), 'ofgate.example.yml is stale: run make example-config');
    const file = join(dir, 'example.yml');
    writeFileSync(file, committed);
    assert.deepEqual(loadConfig({ file, env: {} }), loadConfig({ env: {} }));
  });
});
