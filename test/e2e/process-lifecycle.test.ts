/**
 * The ofgate process as systemd sees it (e2e, the real entry point as a child process beside the
 * shared world): a port it cannot bind ends it with a non-zero status and a message naming the
 * port (Express 5 gave the error to a callback that ignored it: "listening", then exit 0); an
 * uncaught exception is logged and ends it with status 1, so the supervisor starts a fresh one.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { freePort } from '../harness/free-port.js';
import { startOfgateProcess } from '../harness/ofgate-process.js';
import { getWorld } from '../harness/shared-world.js';
import { worldConfig } from '../harness/world-config.js';

describe('e2e: the ofgate process (start failures and crashes)', function () {
  this.timeout(60_000);

  it('when its port is taken, then it exits non-zero and says which port and what to do', async () => {
    const w = await getWorld();
    const port = await freePort();
    const squatter = createServer();
    await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', r));
    try {
      await assert.rejects(
        startOfgateProcess({ name: 'taken-port', port, config: { ...worldConfig(w), 'log.level': 'warn' }, readyTimeoutMs: 20_000 }),
        (err: Error) => {
          assert.match(err.message, /exited during start \(code 1,/);
          assert.match(err.message, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the port is taken`));
          return true;
        },
      );
    } finally {
      squatter.close();
    }
  });

  it('when an uncaught exception happens, then it is logged and the process exits with status 1', async () => {
    const w = await getWorld();
    // Thrown outside any request once ofgate is up (on SIGUSR2): nobody catches it.
    const bomb = 'data:text/javascript,process.on("SIGUSR2",()=>setImmediate(()=>{throw new Error("planted-for-the-test")}));';
    const p = await startOfgateProcess({ name: 'uncaught', port: await freePort(), config: { ...worldConfig(w), 'log.level': 'warn' }, preload: bomb });
    try {
      process.kill(p.pid(), 'SIGUSR2');
      assert.equal(await p.exited(), 1);
      assert.match(p.log(), /uncaught exception: exiting/);
      assert.match(p.log(), /planted-for-the-test/);
    } finally {
      await p.dispose();
    }
  });
});
