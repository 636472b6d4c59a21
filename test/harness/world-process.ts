/**
 * Another ofgate beside the shared world as a child process (startOfgateProcess), for the restart
 * tests that kill it: worldConfig on a free port, only warnings in its log, then these dotted
 * settings (which may override both).
 */
import { freePort } from './free-port.js';
import { startOfgateProcess, type OfgateProcess } from './ofgate-process.js';
import type { Stack } from './start-stack.js';
import { worldConfig } from './world-config.js';

export async function startWorldProcess(w: Stack, name: string, overrides: Readonly<Record<string, unknown>> = {}): Promise<OfgateProcess> {
  return startOfgateProcess({ name, port: await freePort(), config: { ...worldConfig(w), 'log.level': 'warn', ...overrides } });
}
