/**
 * Switches the running throwaway ejabberd between configurations with `reload_config`
 * (mod_http_api): the harness config archives every chat message with mod_mam on Mnesia and
 * loads mod_ofgate (every sent message becomes a hook event posted to ofgate). The benchmark
 * measures what each costs on the direct path, then runs without mod_mam (see BENCHMARKS.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ejabberdCall } from './ejabberd-api.js';

export interface Variant {
  readonly mam: boolean;
  readonly shim: boolean;
}

/** Rewrites the instance's ejabberd.yml from the original harness config, then reloads it. */
export async function applyVariant(agent: Agent, apiUrl: string, dir: string, v: Variant): Promise<void> {
  const file = join(dir, 'ejabberd.yml');
  const original = join(dir, 'ejabberd.harness.yml');
  let text: string;
  try {
    text = readFileSync(original, 'utf8');
  } catch {
    text = readFileSync(file, 'utf8');
    writeFileSync(original, text);
  }
  const cfg = parse(text) as { modules: Record<string, Record<string, unknown> | null> };
  if (!v.mam) {
    delete cfg.modules.mod_mam;
    const muc = cfg.modules.mod_muc as { default_room_options?: Record<string, unknown> } | undefined;
    if (muc?.default_room_options) delete muc.default_room_options.mam;
  }
  if (!v.shim) delete cfg.modules.mod_ofgate;
  writeFileSync(file, stringify(cfg));
  const answer = await ejabberdCall<number>(agent, apiUrl, 'reload_config', {});
  if (answer !== 0) throw new Error(`reload_config answered ${JSON.stringify(answer)}`);
}
