/**
 * The command line of `ofgate setup-ejabberd` (parsed, checked, with its usage text).
 * Rules it keeps: pure; an unknown or malformed flag is an error naming it.
 */
export interface SetupArgs {
  readonly ejabberdConfig: string;
  readonly ofgateConfig: string | undefined;
  readonly hookUrl: string | undefined;
  readonly hookSecret: string | undefined;
  readonly apiPort: number | undefined;
  readonly xmlrpc: boolean;
  readonly keepResumption: boolean;
  readonly dryRun: boolean;
  readonly undo: boolean;
  readonly force: boolean;
  readonly reload: boolean;
  readonly validate: boolean;
  readonly shimEbin: string | undefined;
  readonly contribModulesPath: string | undefined;
  readonly help: boolean;
}

export const USAGE = `usage: ofgate setup-ejabberd [options]
  Adds what ofgate needs to an existing ejabberd.yml (a loopback API listener, api_permissions,
  mod_ofgate, oauth_access, X-OAUTH2, mod_fail2ban trusting loopback, mod_mam, mod_stream_mgmt),
  shows the diff, checks the result with ejabberd itself, keeps the original beside it and writes.

  --ejabberd-config FILE   ejabberd's config (default /etc/ejabberd/ejabberd.yml)
  --ofgate-config FILE     ofgate's config: its port and hooks secret (default /etc/ofgate/ofgate.yml when it exists)
  --hook-url URL           mod_ofgate's url (default http://127.0.0.1:{server.port}/hooks/events)
  --hook-secret TEXT       mod_ofgate's secret (default ofgate's hooks secret)
  --api-port N             port of the loopback API listener (default: the first free from 5281)
  --xmlrpc                 serve /xmlrpc too (ejabberd.backend: xmlrpc)
  --keep-stream-resumption leave mod_stream_mgmt's resume_timeout as it is (default: 0)
  --shim-ebin DIR          where mod_ofgate.beam is, for the check (default: the installed one)
  --contrib-modules DIR    ejabberd's contributed-modules dir (default /var/lib/ejabberd/.ejabberd-modules)
  --no-validate            skip the check with ejabberd (not recommended)
  --reload                 run 'ejabberdctl reload_config' after writing
  --dry-run                show the diff and the check, write nothing
  --undo                   put the original file back byte for byte (refused if edited since, unless --force)
  --force                  with --undo: restore even though the file changed since setup wrote it
`;

export class UsageError extends Error {}

export function parseSetupArgs(argv: readonly string[], defaults: { ofgateConfig?: string | undefined } = {}): SetupArgs {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const VALUED = new Set(['--ejabberd-config', '--ofgate-config', '--hook-url', '--hook-secret', '--api-port', '--shim-ebin', '--contrib-modules']);
  const BOOLEAN = new Set(['--xmlrpc', '--keep-stream-resumption', '--dry-run', '--undo', '--force', '--reload', '--no-validate', '--help', '-h']);
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] as string;
    const [name, inline] = raw.includes('=') ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)] : [raw, undefined];
    if (VALUED.has(name)) {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      values.set(name, v);
    } else if (BOOLEAN.has(name) && inline === undefined) flags.add(name);
    else throw new UsageError(`unknown option ${raw}`);
  }
  let apiPort: number | undefined;
  if (values.has('--api-port')) {
    apiPort = Number(values.get('--api-port'));
    if (!Number.isInteger(apiPort) || apiPort < 1 || apiPort > 65535) throw new UsageError(`--api-port: expected a port number, got ${values.get('--api-port')}`);
  }
  const hookUrl = values.get('--hook-url');
  if (hookUrl !== undefined && !/^https?:\/\/[^/]+\//.test(hookUrl)) throw new UsageError(`--hook-url: expected an http(s) URL with a path, got ${hookUrl}`);
  if (flags.has('--force') && !flags.has('--undo')) throw new UsageError('--force goes with --undo');
  return {
    ejabberdConfig: values.get('--ejabberd-config') ?? '/etc/ejabberd/ejabberd.yml',
    ofgateConfig: values.get('--ofgate-config') ?? defaults.ofgateConfig,
    hookUrl,
    hookSecret: values.get('--hook-secret'),
    apiPort,
    xmlrpc: flags.has('--xmlrpc'),
    keepResumption: flags.has('--keep-stream-resumption'),
    dryRun: flags.has('--dry-run'),
    undo: flags.has('--undo'),
    force: flags.has('--force'),
    reload: flags.has('--reload'),
    validate: !flags.has('--no-validate'),
    shimEbin: values.get('--shim-ebin'),
    contribModulesPath: values.get('--contrib-modules'),
    help: flags.has('--help') || flags.has('-h'),
  };
}
