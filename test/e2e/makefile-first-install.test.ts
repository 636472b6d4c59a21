/**
 * The Makefile's first-install path (issue 17), which CI cannot see on a machine that already has
 * everything: the dependency and build steps decide from what exists when their recipe runs (GNU
 * make caches directory listings, so a `$(wildcard)` read before `apt-get install` ran saw nothing),
 * and say exactly what to install when something is missing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  it('when ejabberd is where the Makefile looks at recipe time, then the shim builds; when that location is empty, it says to run make deps', () => {
    const missing = make(['-B', 'shim', 'EJABBERD_APP=']);
      assert.notEqual(missing.status, 0);
      assert.match(missing.stdout + missing.stderr, /ejabberd is not installed: run make deps/);
    const found = make(['-B', 'shim']);
    assert.equal(found.status, 0, found.stdout + found.stderr);
  });
});
