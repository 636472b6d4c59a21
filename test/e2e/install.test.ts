/**
 * `make install` into a DESTDIR, then start the installed gateway against the test ejabberd
 * and ask its health; the installed `ofgate setup-ejabberd` edits an ejabberd.yml in the
 * DESTDIR, checked by ejabberd finding mod_ofgate in the contributed-modules dir alone (no
 * path into ejabberd's versioned, package-owned directory); `make uninstall` removes ofgate,
 * undoes that edit byte for byte, removes the module and keeps the edited ofgate.yml.
 * (make test builds dist/ first.)
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderEjabberdConfig } from '../harness/ejabberd-config.js';
import { projectRoot } from '../harness/ejabberd-instance.js';
import { freePort } from '../harness/free-port.js';
import { getWorld } from '../harness/shared-world.js';

const run = promisify(execFile);

describe('make install (e2e)', function () {
  this.timeout(120000);
  let dest: string;
  const vars = (d: string) => [`DESTDIR=${d}`, 'PREFIX=/opt/ofgate', 'SYSCONFDIR=/etc/ofgate', 'UNITDIR=/etc/systemd/system', 'STATEDIR=/var/lib/ofgate', 'EJABBERD_MODULES_DIR=/var/lib/ejabberd/.ejabberd-modules', 'EJABBERD_CONFIG=/etc/ejabberd/ejabberd.yml'];
  const moduleDir = (d: string) => join(d, 'var/lib/ejabberd/.ejabberd-modules/mod_ofgate');

  before(async () => {
    assert.ok(existsSync(join(projectRoot, 'dist', 'gateway', 'main.js')), 'dist/ is missing: run make build (make test does)');
    dest = mkdtempSync(join(tmpdir(), 'ofgate-destdir-'));
    await run('make', ['-s', '-C', projectRoot, 'install-files', ...vars(dest)], { maxBuffer: 1 << 24 });
  });
  after(() => rmSync(dest, { recursive: true, force: true }));

  it('when installed, then the gateway, unit, config and shim are in place', () => {
    assert.ok(existsSync(join(dest, 'opt/ofgate/dist/gateway/main.js')));
    assert.ok(existsSync(join(dest, 'opt/ofgate/node_modules/express')));
    assert.ok(!existsSync(join(dest, 'opt/ofgate/node_modules/mocha')), 'no dev dependencies');
    assert.ok(existsSync(join(moduleDir(dest), 'ebin/mod_ofgate.beam')), 'in ejabberd\'s contributed-modules dir');
    assert.match(readFileSync(join(moduleDir(dest), 'mod_ofgate.spec'), 'utf8'), /\{summary, /);
    assert.match(readFileSync(join(dest, 'opt/ofgate/bin/ofgate'), 'utf8'), /setup-ejabberd\) shift; exec/);
    const unit = readFileSync(join(dest, 'etc/systemd/system/ofgate.service'), 'utf8');
    assert.match(unit, /ExecStart=\/usr\/bin\/node \/opt\/ofgate\/dist\/gateway\/main\.js \/etc\/ofgate\/ofgate\.yml/);
    assert.match(unit, /LimitNOFILE=65536/);
    assert.match(readFileSync(join(dest, 'etc/ofgate/ofgate.yml'), 'utf8'), /dataDir: "\/var\/lib\/ofgate"/);
  });

  it('when installed again over an edited config, then the config is kept', async () => {
    const cfg = join(dest, 'etc/ofgate/ofgate.yml');
    const edited = readFileSync(cfg, 'utf8') + '\n# edited by the operator\n';
    await import('node:fs').then((fs) => fs.writeFileSync(cfg, edited));
    await run('make', ['-s', '-C', projectRoot, 'install-files', ...vars(dest)], { maxBuffer: 1 << 24 });
    assert.equal(readFileSync(cfg, 'utf8'), edited);
  });

  it('when the installed gateway starts against ejabberd, then /healthz answers ok', async () => {
    const w = await getWorld();
    const port = await freePort();
    const child = spawn('node', [join(dest, 'opt/ofgate/dist/gateway/main.js'), join(dest, 'etc/ofgate/ofgate.yml')], {
      env: {
        ...process.env,
        OFGATE_PORT: String(port),
        OFGATE_DATA_DIR: join(dest, 'var/lib/ofgate'),
        OFGATE_EJABBERD_API_URL: w.ej.apiUrl,
        OFGATE_XMPP_SERVICE: w.ej.xmppService,
        OFGATE_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const deadline = Date.now() + 20000;
      let last = '';
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`installed gateway exited: ${stderr}`);
        try {
          const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
          last = await res.text();
          if (res.status === 200) break;
        } catch {
          // not up yet
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(last, /"ejabberd":"up"/);
      assert.ok(existsSync(join(dest, 'var/lib/ofgate/secrets.json')), 'secret generated on first start');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('when the installed setup-ejabberd edits ejabberd.yml, then ejabberd finds mod_ofgate in the contributed-modules dir alone', async () => {
    const ejConfig = join(dest, 'etc/ejabberd/ejabberd.yml');
    mkdirSync(join(dest, 'etc/ejabberd'), { recursive: true });
    writeFileSync(ejConfig, renderEjabberdConfig({ domain: 'localhost', c2sPort: 15222, httpPort: 15280, logLevel: 'info' }), { mode: 0o600 });
    const { stdout } = await run('node', [join(dest, 'opt/ofgate/dist/gateway/setup/main.js'), '--ejabberd-config', ejConfig,
      '--hook-url', 'http://127.0.0.1:7070/hooks/events', '--hook-secret', 'install-test-secret', '--api-port', '15281',
      '--contrib-modules', join(dest, 'var/lib/ejabberd/.ejabberd-modules')], { maxBuffer: 1 << 22 });
    assert.match(stdout, /ejabberd accepts the result/);
    assert.match(readFileSync(ejConfig, 'utf8'), /mod_ofgate:/);
  });

  it('when uninstalled, then the ejabberd.yml edit is undone, the module removed, the edited ofgate.yml and the state kept', async () => {
    const ejConfig = join(dest, 'etc/ejabberd/ejabberd.yml');
    const original = readFileSync(`${ejConfig}.ofgate-backup`);
    const cfg = join(dest, 'etc/ofgate/ofgate.yml');
    const edited = readFileSync(cfg, 'utf8');
    await run('make', ['-s', '-C', projectRoot, 'uninstall', ...vars(dest)]);
    assert.ok(!existsSync(join(dest, 'opt/ofgate')));
    assert.ok(!existsSync(join(dest, 'etc/systemd/system/ofgate.service')));
    assert.ok(!existsSync(moduleDir(dest)));
    assert.deepEqual(readFileSync(ejConfig), original, 'ejabberd.yml as before setup, byte for byte');
    assert.equal(readFileSync(cfg, 'utf8'), edited, 'ofgate.yml kept as edited');
    assert.ok(existsSync(join(dest, 'var/lib/ofgate/secrets.json')), 'state kept');
  });
});
