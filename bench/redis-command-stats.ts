/**
 * What Redis did per relayed message: `INFO commandstats` (calls and µs spent per command, as
 * Redis counts them) read before and after a relay path's measured runs, divided by the
 * messages sent meanwhile. The parsing and the arithmetic are pure; countingPath wraps a relay
 * path so the window is exactly from after its logins to before its logoffs. Redis 7 counts
 * the commands a Lua script runs as well as the EVALSHA itself (whose µs include theirs), so
 * the per-command figures are listed, not summed into one time.
 */
import type { RelayPath } from './relay-driver.js';

export interface CommandStat {
  readonly calls: number;
  readonly usec: number;
}

export type CommandStats = Readonly<Record<string, CommandStat>>;

/** Per command: calls and Redis's own µs per relayed message, biggest µs first. */
export interface PerMessage {
  readonly messages: number;
  readonly commands: ReadonlyArray<{ readonly command: string; readonly callsPerMsg: number; readonly usecPerMsg: number }>;
}

/** `cmdstat_xadd:calls=3,usec=40,usec_per_call=13.33,...` lines → { xadd: { calls: 3, usec: 40 } }. */
export function parseCommandStats(reply: string): CommandStats {
  const out: Record<string, CommandStat> = {};
  for (const m of reply.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    out[m[1] as string] = { calls: Number(m[2]), usec: Number(m[3]) };
  }
  return out;
}

export function perMessage(before: CommandStats, after: CommandStats, messages: number): PerMessage {
  const commands = Object.entries(after)
    .map(([command, a]) => {
      const b = before[command] ?? { calls: 0, usec: 0 };
      return { command, calls: a.calls - b.calls, usec: a.usec - b.usec };
    })
    .filter((c) => c.calls > 0)
    .map((c) => ({ command: c.command, callsPerMsg: messages > 0 ? c.calls / messages : Number.NaN, usecPerMsg: messages > 0 ? c.usec / messages : Number.NaN }))
    .sort((x, y) => y.usecPerMsg - x.usecPerMsg);
  return { messages, commands };
}

/**
 * Wraps `open` so Redis's command stats are read once the path is open (logins done) and again
 * when it is closed (before its logoffs); `result()` is then the per-message figure.
 */
export function countingPath(open: () => Promise<RelayPath>, stats: () => Promise<CommandStats>): { open: () => Promise<RelayPath>; result: () => PerMessage | undefined } {
  let result: PerMessage | undefined;
  return {
    result: () => result,
    open: async () => {
      const path = await open();
      const before = await stats();
      let sent = 0;
      return {
        name: path.name,
        lanes: path.lanes,
        send: (lane, seq) => {
          sent++;
          return path.send(lane, seq);
        },
        onDelivered: (cb) => path.onDelivered(cb),
        async close() {
          result = perMessage(before, await stats(), sent);
          await path.close();
        },
      };
    },
  };
}
