/**
 * `npm test` (and so `make test`): the suite as two mocha runs side by side, to stay within its
 * time budget on a 2-core machine — the e2e tests mostly wait on ejabberd and the network.
 * - shared: every file that uses the shared world or the shared cluster (one ejabberd, one Redis,
 *   one cluster per run, as the root hooks manage them), and the unit and contract tests;
 * - standalone: the files that start stacks of their own (the access matrix, the fuzz suite, the
 *   fault tests, the stock-Debian ejabberd, the hook shim's own ejabberd, the reconnect storm…),
 *   which share nothing with the first run.
 * The standalone run's output is held and printed after the shared run's, so the log reads as one
 * suite; the exit status is non-zero when either failed. `npx mocha <file>` still runs one file.
 */
import { spawn } from 'node:child_process';
import { projectRoot } from './ejabberd-instance.js';
import { splitSuites } from './suite-split.js';

const { shared, standalone } = splitSuites(projectRoot);

function run(name: string, files: readonly string[], hold: boolean): Promise<{ name: string; code: number; output: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${projectRoot}/node_modules/mocha/bin/mocha.js`, ...files], { cwd: projectRoot, stdio: ['ignore', hold ? 'pipe' : 'inherit', hold ? 'pipe' : 'inherit'] });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.on('exit', (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0), output, seconds: Math.round((Date.now() - started) / 1000) }));
  });
}

const [first, second] = await Promise.all([run('shared', shared, false), run('standalone', standalone, true)]);
process.stdout.write(`\n===== the standalone files (${standalone.length}, run beside the others) =====\n${second.output}`);
process.stdout.write(`\n===== suite: shared ${first.seconds} s (${first.code === 0 ? 'passed' : 'FAILED'}), standalone ${second.seconds} s (${second.code === 0 ? 'passed' : 'FAILED'}) =====\n`);
process.exit(first.code === 0 && second.code === 0 ? 0 : 1);
