/**
 * The `--build=NAME:DIST[:KEY=VAL,…]` arguments of the benchmarks that compare ofgate builds
 * (relay-ab.ts, c2s-trace.ts): a name, a copied dist/ and the environment of that build's process.
 */
import { join } from 'node:path';
import { projectRoot } from '../test/harness/ejabberd-instance.js';

export interface Build {
  readonly name: string;
  readonly dist: string;
  readonly env: Record<string, string>;
}

/** The builds named in `args`; none given: this checkout's dist/ as `defaultName`. */
export function buildArgs(args: readonly string[], defaultName: string): Build[] {
  const builds: Build[] = args.filter((a) => a.startsWith('--build=')).map((a) => {
    const [name, dist, envList] = a.slice(8).split(':');
    const env: Record<string, string> = {};
    for (const kv of (envList ?? '').split(',').filter(Boolean)) {
      const i = kv.indexOf('=');
      env[kv.slice(0, i)] = kv.slice(i + 1);
    }
    return { name: name as string, dist: dist as string, env };
  });
  return builds.length > 0 ? builds : [{ name: defaultName, dist: join(projectRoot, 'dist'), env: {} }];
}
