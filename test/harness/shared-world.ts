/** The e2e tests' shared stack: started once per run by the first test that asks. */
import { startStack, type Stack } from './start-stack.js';

let world: Promise<Stack> | undefined;

export function getWorld(): Promise<Stack> {
  world ??= startStack();
  return world;
}

export async function stopSharedWorld(): Promise<void> {
  if (!world) return;
  const w = world;
  world = undefined;
  await (await w.catch(() => undefined))?.stop();
}
