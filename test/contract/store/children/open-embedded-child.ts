/**
 * Child process of the embedded store tests: `tsx open-embedded-child.ts <dir>` opens the store
 * in <dir> and prints "opened", or the error's name and message; then exits.
 */
import { createEmbeddedStore } from '../../../../gateway/store/index.js';

const dir = process.argv[2] as string;
try {
  const s = await createEmbeddedStore({ dir });
  process.stdout.write('opened\n');
  await s.close();
} catch (e) {
  process.stdout.write(`${(e as Error).name}: ${(e as Error).message}\n`);
}
