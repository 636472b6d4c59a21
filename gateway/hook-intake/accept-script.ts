/**
 * The Lua script that takes one batch in one atomic step: for each event in order, decide
 * whether its id was taken before and, if not, remember it and append the event to the stream.
 * Either the whole batch is decided and appended or (Redis failing) nothing is.
 *
 * KEYS[1] the stream; KEYS[1 + i] the dedup key of event i (its prefix's seq set, or its id key).
 * ARGV[1] MAXLEN (approximate trim), ARGV[2] the seq window per prefix, ARGV[3] the dedup keys'
 * TTL in ms; then three per event: kind (`s`: a shim id with a seq, `i`: any other id), seq, JSON.
 * Answers {accepted, duplicates}.
 *
 * A shim seq below the lowest one a full window still remembers counts as a duplicate: too old
 * to tell apart, and a retry only ever repeats the last batch (one POST in flight per host).
 */
export const ACCEPT_BATCH = `
local maxLen, window, ttl = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local accepted, duplicates = 0, 0
local floors, touched = {}, {}
for i = 2, #KEYS do
  local key = KEYS[i]
  local a = 3 + (i - 2) * 3
  local kind, seq, json = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
  local new
  if kind == 's' then
    if floors[key] == nil then
      floors[key] = false
      if redis.call('ZCARD', key) >= window then
        floors[key] = tonumber(redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2])
      end
      touched[#touched + 1] = key
    end
    local n = tonumber(seq)
    if redis.call('ZSCORE', key, seq) or (floors[key] and n < floors[key]) then
      new = false
    else
      redis.call('ZADD', key, n, seq)
      new = true
    end
  else
    new = redis.call('SET', key, '1', 'NX', 'PX', ttl) ~= false
  end
  if new then
    redis.call('XADD', KEYS[1], 'MAXLEN', '~', maxLen, '*', 'e', json)
    accepted = accepted + 1
  else
    duplicates = duplicates + 1
  end
end
for _, key in ipairs(touched) do
  redis.call('ZREMRANGEBYRANK', key, 0, -(window + 1))
  redis.call('PEXPIRE', key, ttl)
end
return {accepted, duplicates}
`;
