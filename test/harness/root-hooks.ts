/**
 * Mocha root hooks: one throwaway ejabberd (+ shim) per test run, started by the first e2e
 * test that asks for it, stopped after the run even when tests fail.
 */
import { stopSharedWorld } from './shared-world.js';

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopSharedWorld();
  },
};
