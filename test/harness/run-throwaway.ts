/**
 * `make run`: a throwaway ejabberd on loopback plus ofgate in the foreground. Prints the
 * sandbox URL and the admin credentials; Ctrl-C stops both.
 * OFGATE_PORT (7070), OFGATE_XMPP_PORT (5222), OFGATE_SECRET, OFGATE_ADMIN_PASSWORD override.
 */
import { startStack } from './start-stack.js';
import { stopOnSignals } from './watched-child.js';

const env = process.env;
const stack = await startStack({
  port: Number(env.OFGATE_PORT ?? 7070),
  c2sPort: Number(env.OFGATE_XMPP_PORT ?? 5222),
  ...(env.OFGATE_SECRET ? { secret: env.OFGATE_SECRET } : {}),
  ...(env.OFGATE_ADMIN_PASSWORD ? { adminPassword: env.OFGATE_ADMIN_PASSWORD } : {}),
  log: 'stderr',
});

process.stdout.write(`
ofgate is running against a throwaway ejabberd (data is discarded on exit).

  Swagger sandbox   ${stack.url}/swagger
  REST base paths   ${stack.url}/plugins/restapi/v1  ${stack.url}/restapi/v1  ${stack.url}/rest/api/restapi/v1
  SSE               ${stack.url}/sse/{username}
  admin             ${stack.adminUser}@${stack.domain} / ${stack.adminPassword}
  shared secret     ${stack.secret}
  XMPP (c2s)        ${stack.ej.xmppService}   ejabberd API ${stack.ej.apiUrl}
  mod_ofgate        ${stack.shimLoaded ? 'loaded' : 'not built'}

Press Ctrl-C to stop.
`);

stopOnSignals('ofgate and ejabberd', () => stack.stop());
