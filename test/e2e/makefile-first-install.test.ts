/**
 * The Makefile's first-install path (issue 17), which CI cannot see on a machine that already has
 * everything: the dependency and build steps decide from what exists when their recipe runs (GNU
 * make caches directory listings, so a `$(wildcard)` read before `apt-get install` ran saw nothing),
 * and say exactly what to install when something is missing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../harness/ejabberd-instance.js';

const make = (args: string[], env: NodeJS.ProcessEnv = process.env) => spawnSync('make', ['--no-print-directory', '-C', projectRoot, ...args], { env, encoding: 'utf8' });

describe('e2e: the Makefile on a machine without its prerequisites', function () {
  this.timeout(60_000);

  it('when Node.js is older than 20, then the npm step stops and says which version to install', () => {
    const bin = mkdtempSync(join(tmpdir(), 'ofgate-old-node-'));
    try {
      // a node that reports 18 whatever it is asked
      writeFileSync(join(bin, 'node'), '#!/bin/sh\ncase "$*" in *process.versions*) exit 1;; esac\necho v18.19.0\n');
      chmodSync(join(bin, 'node'), 0o755);
      const r = make(['check-node'], { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` });
      assert.notEqual(r.status, 0);
      assert.match(r.stdout + r.stderr, /ofgate needs Node\.js >= 20, found v18\.19\.0/);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('when the browser (or Redis, haproxy) is missing, then deps-system installs Debian\'s packages, chromium included, with services kept from starting meanwhile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ofgate-first-install-'));
    try {
      const log = join(dir, 'apt.log');
      const policy = join(dir, 'policy-rc.d');
      // apt-get as deps-system calls it: what it was asked, and whether policy-rc.d held services back
      writeFileSync(join(dir, 'apt-get'), `#!/bin/sh\necho "$* | policy:$([ -x ${policy} ] && ${policy}; echo $?)" >> ${log}\n`);
      chmodSync(join(dir, 'apt-get'), 0o755);
      const r = make(['deps-system', `CHROMIUM_BIN=${join(dir, 'no-chromium')}`, `APT_GET=${join(dir, 'apt-get')}`, `POLICY_RC=${policy}`, 'SUDO=']);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /installing Debian's ejabberd, erlang-p1-oauth2, redis-server, haproxy and chromium/);
      const calls = readFileSync(log, 'utf8').trim().split('\n');
      assert.equal(calls.length, 2, calls.join('\n'));
      assert.match(calls[0] as string, /^update -qq \| policy:101$/);
      assert.match(calls[1] as string, /^install -y -qq --no-install-recommends ejabberd erlang-p1-oauth2 redis-server haproxy chromium \| policy:101$/);
      assert.equal(existsSync(policy), false, 'the policy-rc.d it made is removed afterwards');
      assert.equal(existsSync(join(projectRoot, '.policy-rc-created')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when everything deps-system looks for is there, then it installs nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ofgate-installed-'));
    try {
      writeFileSync(join(dir, 'apt-get'), `#!/bin/sh\necho called >> ${join(dir, 'apt.log')}\n`);
      chmodSync(join(dir, 'apt-get'), 0o755);
      const present = join(dir, 'apt-get'); // any executable stands for an installed program
      const r = make(['deps-system', `CHROMIUM_BIN=${present}`, `REDIS_BIN=${present}`, `HAPROXY_BIN=${present}`, `APT_GET=${join(dir, 'apt-get')}`, 'SUDO=']);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.equal(existsSync(join(dir, 'apt.log')), false, r.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when ejabberd is where the Makefile looks at recipe time, then the shim builds; when that location is empty, it says to run make deps', () => {
    const missing = make(['-B', 'shim', 'EJABBERD_APP=']);
      assert.notEqual(missing.status, 0);
      assert.match(missing.stdout + missing.stderr, /ejabberd is not installed: run make deps/);
    const found = make(['-B', 'shim']);
    assert.equal(found.status, 0, found.stdout + found.stderr);
  });
});
