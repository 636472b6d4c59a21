/**
 * Asks ejabberd itself whether a candidate ejabberd.yml is valid, without starting a server:
 * a short-lived Erlang VM with ejabberd's code path loads the file through
 * ejabberd_config:load/0 (the same parser, macros and option validators a start or a
 * `reload_config` uses, contributed modules such as mod_ofgate included), binds no port and
 * exits. Its verdict is ejabberd's own message (ejabberd_config:format_error/1).
 * Rules it keeps: bounded (timeoutMs, then SIGKILL); the candidate is read from its own path,
 * the live file is never touched; crash dumps go nowhere.
 * References: ejabberd 23.01 ejabberd_config (load/0 reads EJABBERD_CONFIG_PATH; beams(external)
 * adds CONTRIB_MODULES_PATH's module ebins); ../../../shared/notes/ejabberd-23.01.md §3a, §10.13.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface EjabberdValidation {
  readonly ok: boolean;
  /** ejabberd's message when not ok (or why the check could not run). */
  readonly message: string;
}

export interface ValidateOptions {
  /** Extra code paths (a mod_ofgate.beam not yet installed where ejabberd finds it). */
  readonly ebins?: readonly string[];
  /** ejabberd's contributed-modules directory (its CONTRIB_MODULES_PATH). */
  readonly contribModulesPath?: string | undefined;
  readonly timeoutMs?: number;
}

const CHECK = [
  "{ok,_} = application:ensure_all_started(xmpp), {ok,_} = application:ensure_all_started(fast_yaml),",
  'R = (catch ejabberd_config:load()),',
  'case R of ok -> io:format("~nOFGATE-VALID~n"), halt(0);',
  '  {error,_} -> io:format("~nOFGATE-INVALID ~ts~n", [catch ejabberd_config:format_error(R)]), halt(3);',
  '  {error,_,_} -> io:format("~nOFGATE-INVALID ~ts~n", [catch ejabberd_config:format_error(R)]), halt(3);',
  '  _ -> io:format("~nOFGATE-INVALID ~p~n", [R]), halt(3) end.',
].join(' ');

/** The dir holding ejabberd-<vsn> (what ERL_LIBS needs), or undefined when ejabberd is not installed. */
export function ejabberdLibParent(): string | undefined {
  for (const triplet of readdirSync('/usr/lib')) {
    const parent = join('/usr/lib', triplet);
    try {
      if (readdirSync(parent).some((e) => /^ejabberd-\d/.test(e))) return parent;
    } catch {
      // not a directory
    }
  }
  return undefined;
}

export function validateEjabberdConfig(file: string, o: ValidateOptions = {}): Promise<EjabberdValidation> {
  const libParent = ejabberdLibParent();
  if (!libParent) return Promise.resolve({ ok: false, message: "ejabberd is not installed here (no /usr/lib/*/ejabberd-*): cannot check the file" });
  const ebins = (o.ebins ?? []).filter((d) => existsSync(d));
  const env: NodeJS.ProcessEnv = { ...process.env, EJABBERD_CONFIG_PATH: file, ERL_LIBS: libParent, ERL_CRASH_DUMP: '/dev/null' };
  if (o.contribModulesPath) env.CONTRIB_MODULES_PATH = o.contribModulesPath;
  return new Promise((resolve) => {
    const child = spawn('erl', ['-noshell', '-noinput', ...ebins.flatMap((d) => ['-pa', d]), '-eval', CHECK], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 30000);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, message: `cannot run erl: ${err.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0 && out.includes('OFGATE-VALID')) return resolve({ ok: true, message: '' });
      const verdict = /OFGATE-INVALID ([\s\S]*)$/.exec(out)?.[1]?.trim();
      resolve({ ok: false, message: verdict ?? `the check ended without a verdict (exit ${code}): ${out.trim().split('\n').slice(-5).join(' | ')}` });
    });
  });
}
