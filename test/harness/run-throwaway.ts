/**
 * `make run`: a throwaway ejabberd on loopback plus ofgate in the foreground. Prints the
 * sandbox URL and the admin credentials; Ctrl-C stops both.
 * OFGATE_PORT (7070), OFGATE_XMPP_PORT (5222), OFGATE_SECRET, OFGATE_ADMIN_PASSWORD override.
 */
import { startStack } from './start-stack.js';
import { endpointLines, runOverrides } from './run-banner.js';
import { stopOnSignals } from './watched-child.js';

const stack = await startStack({
  ...runOverrides(),
  log: 'stderr',
});

process.stdout.write(`
ofgate is running against a throwaway ejabberd (data is discarded on exit).

${endpointLines(stack)}
  mod_ofgate        ${stack.shimLoaded ? 'loaded' : 'not built'}

Press Ctrl-C to stop.
`);

stopOnSignals('ofgate and ejabberd', () => stack.stop());
