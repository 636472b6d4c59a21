/**
 * The store's Lua scripts, registered on a connection with defineCommand (EVALSHA, reloaded by
 * ioredis after a Redis restart). Each runs atomically in Redis, so a version check and the write
 * it guards are one step, whichever instance sends them.
 *
 * ofgateCas KEYS: record, index, version counter. ARGV: expected version (-1: any), 'set'|'del',
 *   id, ttl ms ('' = none), value JSON. Replies {1, newVersion, existed} when written (newVersion
 *   0 for a delete), {0, currentVersion} when the version did not match.
 * ofgateTransact KEYS: n records, then their n indexes, then the version counter. ARGV: n, n
 *   expected versions, n ids, then per write: key number (1-based), 'set'|'del', ttl ms, value
 *   JSON. Replies 1, or 0 when any listed record is not at its expected version (nothing written).
 * Versions: a set takes INCR of the store-wide counter (`<prefix>v`) in the same script, so a
 *   version is never reused for an id, across deletes, expiries and instances. If the record is
 *   already at or above the counter (data written before the counter existed), the counter is
 *   first raised to the record's version, so the new version is still greater.
 * ofgateUnindex KEYS: record, index. ARGV: id. Removes the id from the index if its record is gone.
 * Expiry: the absolute time comes from Redis's clock (TIME), so instances' clocks do not matter.
 */
import type { Redis } from 'ioredis';

const LUA_PRELUDE = `
local function version_of(key)
  local cur = redis.call('GET', key)
  if not cur then return 0, false end
  return tonumber(string.match(cur, '^{"v":(%d+)')), true
end
local function next_version(counter, floor)
  local v = redis.call('INCR', counter)
  if v <= floor then
    v = floor + 1
    redis.call('SET', counter, string.format('%d', v))
  end
  return v
end
local function write_record(key, index, id, version, ttl, data)
  if ttl ~= '' then
    local t = redis.call('TIME')
    local at = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ttl)
    redis.call('SET', key, '{"v":' .. string.format('%d', version) .. ',"e":' .. string.format('%d', at) .. ',"d":' .. data .. '}', 'PXAT', string.format('%d', at))
  else
    redis.call('SET', key, '{"v":' .. string.format('%d', version) .. ',"d":' .. data .. '}')
  end
  redis.call('ZADD', index, 0, id)
end
`;

const CAS = `${LUA_PRELUDE}
local ver, existed = version_of(KEYS[1])
local expected = tonumber(ARGV[1])
if expected >= 0 and expected ~= ver then return {0, ver} end
if ARGV[2] == 'del' then
  if existed then redis.call('DEL', KEYS[1]) end
  redis.call('ZREM', KEYS[2], ARGV[3])
  return {1, 0, existed and 1 or 0}
end
local v = next_version(KEYS[3], ver)
write_record(KEYS[1], KEYS[2], ARGV[3], v, ARGV[4], ARGV[5])
return {1, v, existed and 1 or 0}
`;

const TRANSACT = `${LUA_PRELUDE}
local n = tonumber(ARGV[1])
local counter = KEYS[2 * n + 1]
local versions = {}
for i = 1, n do
  local ver = version_of(KEYS[i])
  if ver ~= tonumber(ARGV[1 + i]) then return 0 end
  versions[i] = ver
end
local i = 2 * n + 2
while i <= #ARGV do
  local k = tonumber(ARGV[i])
  if ARGV[i + 1] == 'del' then
    redis.call('DEL', KEYS[k])
    redis.call('ZREM', KEYS[n + k], ARGV[n + 1 + k])
  else
    write_record(KEYS[k], KEYS[n + k], ARGV[n + 1 + k], next_version(counter, versions[k]), ARGV[i + 2], ARGV[i + 3])
  end
  i = i + 4
end
return 1
`;

const UNINDEX = `
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.call('ZREM', KEYS[2], ARGV[1]) end
return 0
`;

type Arg = string | number | Buffer;

export interface StoreScripts {
  ofgateCas(record: string, index: string, counter: string, expected: number, op: 'set' | 'del', id: string, ttl: string, data: string): Promise<[number, number, number?]>;
  ofgateTransact(numKeys: number, ...args: Arg[]): Promise<number>;
  ofgateUnindex(record: string, index: string, id: string): Promise<number>;
}

/** Registers the scripts on `redis` (idempotent) and returns it typed with them. */
export function withStoreScripts(redis: Redis): Redis & StoreScripts {
  redis.defineCommand('ofgateCas', { numberOfKeys: 3, lua: CAS });
  redis.defineCommand('ofgateTransact', { lua: TRANSACT });
  redis.defineCommand('ofgateUnindex', { numberOfKeys: 2, lua: UNINDEX });
  return redis as Redis & StoreScripts;
}
