/**
 * `ofgate setup-ejabberd` (node dist/gateway/setup/main.js, or `make configure-ejabberd`):
 * reads ejabberd.yml, adds what ofgate needs (ofgate-edits.ts) touching only the changed parts
 * (yaml-splice.ts), shows the diff, checks the candidate with ejabberd itself
 * (validate-ejabberd-config.ts), keeps the original beside it and writes atomically
 * (setup-files.ts); `--undo` puts the original back byte for byte.
 * Exit status: 0 done (or nothing to do), 1 refused or failed (nothing written), 2 usage.
 * Rules it keeps: nothing is written on --dry-run or when ejabberd rejects the candidate; a
 * second run changes nothing; the hook secret never reaches the terminal (masked in the diff).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { ensureSecrets, loadConfig } from '../config/index.js';
import { certificateHint } from './certificate-hint.js';
import { freeApiPort } from './free-api-port.js';
import { applyOfgateNeeds, listenerPorts } from './ofgate-edits.js';
import { parseSetupArgs, USAGE, UsageError, type SetupArgs } from './setup-args.js';
import { backupPath, checkUndo, keepBackup, recordWritten, restoreOriginal, writeAtomic } from './setup-files.js';
import { unifiedDiff } from './show-diff.js';
import { validateEjabberdConfig } from './validate-ejabberd-config.js';
import { spliceYaml } from './yaml-splice.js';

export const DEFAULT_OFGATE_CONFIG = '/etc/ofgate/ofgate.yml';
export const DEFAULT_CONTRIB_MODULES = '/var/lib/ejabberd/.ejabberd-modules';

type Say = (line: string) => void;

export async function runSetup(args: SetupArgs, say: Say): Promise<number> {
  const file = resolve(args.ejabberdConfig);
  if (!existsSync(file)) {
    say(`setup-ejabberd: ${file} does not exist (give --ejabberd-config)`);
    return 1;
  }
  return args.undo ? undo(file, args, say) : setup(file, args, say);
}

function undo(file: string, args: SetupArgs, say: Say): number {
  const check = checkUndo(file);
  if (check.kind === 'no-backup') {
    say(`setup-ejabberd --undo: no ${backupPath(file)}: setup never changed this file (or it was undone already)`);
    return 1;
  }
  if (check.kind === 'edited-since' && !args.force) {
    say(`setup-ejabberd --undo: ${file} was edited after setup wrote it; restoring would lose those edits.`);
    say(`  compare it with ${backupPath(file)}, or run again with --force to restore the original anyway`);
    return 1;
  }
  const original = check.kind === 'ready' ? check.original : readFileSync(backupPath(file));
  restoreOriginal(file, original);
  say(`setup-ejabberd --undo: ${file} restored to its original (${original.length} bytes); restart ejabberd (or ejabberdctl reload_config)`);
  return 0;
}

interface HookTarget {
  readonly url: string;
  readonly secret: string;
  readonly domain: string | undefined;
}

function hookTarget(args: SetupArgs): HookTarget {
  let url = args.hookUrl;
  let secret = args.hookSecret;
  let domain: string | undefined;
  if (args.ofgateConfig && (!url || !secret)) {
    const config = loadConfig({ file: args.ofgateConfig });
    domain = config.xmpp.domain;
    const host = ['0.0.0.0', '::', ''].includes(config.server.host) ? '127.0.0.1' : config.server.host;
    url ??= `http://${host.includes(':') ? `[${host}]` : host}:${config.server.port}/hooks/events`;
    secret ??= ensureSecrets(config).hookSecret;
  }
  if (!url || !secret) throw new UsageError('give --ofgate-config (ofgate\'s port and hooks secret are read there) or both --hook-url and --hook-secret');
  return { url, secret, domain };
}

/** Code paths where mod_ofgate.beam may be, for the check (the installed one first). */
function shimEbins(args: SetupArgs): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = resolve(here, '..', '..', ...(here.includes(`${'/'}dist${'/'}`) ? ['..'] : []));
  return [args.shimEbin, join(root, 'build', 'ebin')].filter((d): d is string => !!d && existsSync(join(d, 'mod_ofgate.beam')));
}

async function setup(file: string, args: SetupArgs, say: Say): Promise<number> {
  const target = hookTarget(args);
  const original = readFileSync(file);
  const text = original.toString('utf8');
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    say(`setup-ejabberd: ${file} is not valid YAML: ${doc.errors[0]?.message.split('\n')[0] ?? ''}`);
    return 1;
  }
  const apiPort = args.apiPort ?? (await freeApiPort(listenerPorts(doc)));
  const result = applyOfgateNeeds(doc, {
    apiPort,
    xmlrpc: args.xmlrpc,
    hookUrl: target.url,
    hookSecret: target.secret,
    resumeTimeout: args.keepResumption ? undefined : 0,
  });
  const candidate = spliceYaml(text, doc);
  const domain = target.domain ?? 'localhost';
  const hosts = (doc.toJS() as { hosts?: unknown } | null)?.hosts;
  if (Array.isArray(hosts) && !hosts.includes(domain)) say(`warning: ofgate's xmpp.domain ${domain} is not among ejabberd's hosts (${hosts.join(', ')})`);

  if (candidate === text) {
    say(`setup-ejabberd: ${file} already has everything ofgate needs; nothing to change`);
  } else {
    say(`setup-ejabberd: changes to ${file}:`);
    for (const c of result.changes) say(`  - ${c}`);
    say('');
    say(unifiedDiff(text, candidate, file, target.secret).trimEnd());
    say('');
    if (args.validate) {
      const dir = mkdtempSync(join(tmpdir(), 'ofgate-setup-'));
      try {
        const copy = join(dir, 'ejabberd.yml');
        writeAtomic(copy, candidate, join(dir, 'none'));
        const contrib = args.contribModulesPath ?? (existsSync(DEFAULT_CONTRIB_MODULES) ? DEFAULT_CONTRIB_MODULES : undefined);
        const verdict = await validateEjabberdConfig(copy, { ebins: shimEbins(args), contribModulesPath: contrib });
        if (!verdict.ok) {
          say(`setup-ejabberd: ejabberd rejects the result, nothing written: ${verdict.message}`);
          return 1;
        }
        say('ejabberd accepts the result (checked with ejabberd_config, no server started)');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    if (args.dryRun) {
      say('--dry-run: nothing written');
    } else {
      if (keepBackup(file, original)) say(`original kept in ${backupPath(file)} (ofgate setup-ejabberd --undo puts it back)`);
      writeAtomic(file, candidate);
      recordWritten(file, candidate);
      say(`wrote ${file}`);
      if (args.reload) reload(say);
      else say('apply it: ejabberdctl reload_config (or restart ejabberd); a new listener may need the restart');
    }
  }
  say('');
  say('in ofgate.yml (or the environment):');
  say(`  ejabberd.backend: ${args.xmlrpc ? 'xmlrpc' : 'http-api'}`);
  say(`  ejabberd.httpApi.url: http://127.0.0.1:${result.apiPort}/api${args.xmlrpc ? `\n  ejabberd.xmlrpc.url: http://127.0.0.1:${result.apiPort}/xmlrpc` : ''}`);
  const hint = certificateHint(doc, domain);
  if (hint) {
    say(`  xmpp.tls.fingerprint: "${hint.fingerprint}"    # ${hint.file}${hint.name ? `, for ${hint.name}` : ''}`);
    if (!hint.coversDomain && hint.name) say(`  # or trust it as a CA: xmpp.tls.caFile: "${hint.file}" with xmpp.tls.serverName: "${hint.name}" (it does not name ${domain})`);
  }
  return 0;
}

function reload(say: Say): void {
  const r = spawnSync('ejabberdctl', ['reload_config'], { encoding: 'utf8', timeout: 60000 });
  if (r.status === 0) say('ejabberdctl reload_config: done');
  else say(`ejabberdctl reload_config failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stdout + r.stderr).trim()}; restart ejabberd to apply the file`);
}

async function main(): Promise<void> {
  let args: SetupArgs;
  try {
    args = parseSetupArgs(process.argv.slice(2), { ofgateConfig: existsSync(DEFAULT_OFGATE_CONFIG) ? DEFAULT_OFGATE_CONFIG : undefined });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  try {
    process.exitCode = await runSetup(args, (line) => process.stdout.write(`${line}\n`));
  } catch (err) {
    process.stderr.write(`setup-ejabberd: ${(err as Error).message}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]).replace(/\.ts$/, '.js') === fileURLToPath(import.meta.url).replace(/\.ts$/, '.js')) void main();
