/**
 * The ofgate process: load and validate config, build the gateway, listen, stop cleanly on
 * SIGINT/SIGTERM. A failing request or user session never exits the process.
 * Exits non-zero when it cannot start (a bad config: 2; a port it cannot bind, anything else:
 * 1, with the reason on stderr) and after logging an uncaught exception (the process is then in
 * an unknown state: systemd's Restart=on-failure starts a fresh one). An unhandled rejection is
 * logged and the process goes on (each belongs to one request, session or timer).
 */
import { ConfigError, ensureSecrets, loadConfig, redactConfig } from './config/index.js';
import { createGateway } from './gateway.js';
import { createLogger } from './log/index.js';

async function main(): Promise<void> {
  const file = process.env.OFGATE_CONFIG ?? process.argv[2];
  let config;
  try {
    config = loadConfig({ file });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`ofgate: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.log.level);
  const secrets = ensureSecrets(config);
  log.info('starting ofgate', { config: redactConfig(config) });
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection (kept running)', { error: reason as Error }));
  process.on('uncaughtException', (err) => {
    log.error('uncaught exception: exiting (a supervisor such as systemd starts a fresh process)', { error: err, stack: err.stack });
    process.exitCode = 1;
    setImmediate(() => process.exit(1));
  });
  const gateway = await createGateway(config, secrets, log);
  const port = await gateway.listen();
  log.info(`ofgate listening on http://${config.server.host}:${port} (Swagger sandbox at /swagger)`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`stopping on ${signal}`);
    const force = setTimeout(() => process.exit(1), 10000);
    force.unref();
    gateway.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`ofgate: failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
