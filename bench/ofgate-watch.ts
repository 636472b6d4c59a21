/**
 * What the bench asks of a running ofgate process around a measured phase, through its probe:
 * a CPU profile (only with --profile: written to <profileDir>/<name>.cpuprofile) and its
 * event-loop delay. Without a process both are plain pass-throughs.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OfgateProcess } from './ofgate-process.js';
import type { LoopDelay } from './relay-driver.js';

export interface OfgateWatch {
  readonly profiled: <T>(name: string, run: () => Promise<T>) => Promise<T>;
  readonly loopDelay?: <T extends object>(run: () => Promise<T>) => Promise<T & { ofgateLoopDelayMs?: LoopDelay }>;
}

export function watchOfgate(ofgate: OfgateProcess | undefined, profileDir: string | undefined): OfgateWatch {
  const profiled = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    if (!profileDir || !ofgate) return run();
    mkdirSync(profileDir, { recursive: true });
    await ofgate.probe('profile-start');
    try {
      return await run();
    } finally {
      await ofgate.probe('profile-stop', join(profileDir, `${name}.cpuprofile`));
    }
  };
  if (!ofgate) return { profiled };
  const loopDelay = async <T extends object>(run: () => Promise<T>): Promise<T & { ofgateLoopDelayMs?: LoopDelay }> => {
    await ofgate.probe('loop-delay-start');
    const r = await run();
    return { ...r, ofgateLoopDelayMs: await ofgate.probe<LoopDelay>('loop-delay-stop') };
  };
  return { profiled, loopDelay };
}
