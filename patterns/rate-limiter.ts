// A rate limiter: one Lua script per check, timed by the server's clock.
//
// Three algorithms, all allowing `limit` requests per `window` milliseconds:
// - 'sliding-log' (default): a sorted set of the request times in the last window; exact, and costs
//   one member per allowed request. A rejected request is never added (no second round trip to take
//   it back), and each member carries a unique id, so two requests in the same microsecond count twice.
// - 'fixed-window': a counter per aligned window (a hash of the window's start and its count); cheap,
//   but up to 2 × limit can pass around a window boundary.
// - 'token-bucket': `limit` tokens, refilled continuously at limit/window; allows bursts up to limit.
//
// The check reads TIME inside the script, so every process sharing the limiter agrees on the window
// whatever its own clock says, and respite's test clock drives it. Each limited key is one Redis key,
// so limiters work on Redis Cluster as they are.

import { randomBytes } from 'node:crypto';
import type { RedisClient } from './keys.js';
import { LUA_NOW_US, LuaScript, withContext } from './script.js';

export type RateLimitAlgorithm = 'sliding-log' | 'fixed-window' | 'token-bucket';

export interface RateLimiterOptions {
  /** Requests allowed per window. */
  limit: number;
  /** The window, in milliseconds. */
  window: number;
  /** Default 'sliding-log'. */
  algorithm?: RateLimitAlgorithm;
  /** Key prefix (default "ratelimit"). */
  prefix?: string;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Requests counted in the current window (for the token bucket: tokens used, limit - remaining). */
  current: number;
  limit: number;
  /** Requests still allowed now. */
  remaining: number;
  /** Epoch milliseconds (server time) when the limit is fully available again. */
  resetAt: number;
  /** Milliseconds until a request would be allowed; 0 when this one was. */
  retryAfter: number;
}

// Every script replies { allowed (0/1), current, remaining, resetAt ms, retryAfter ms }.

const SLIDING_LOG = new LuaScript(
  'rateLimiter.slidingLog',
  `${LUA_NOW_US}
local limit, window_us = tonumber(ARGV[1]), tonumber(ARGV[2]) * 1000
local now = now_us()
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now - window_us))
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < limit then
  redis.call('ZADD', KEYS[1], string.format('%.0f', now), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  count = count + 1
  allowed = 1
end
local retry = 0
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local reset = now
if oldest[2] then
  -- the newest entry leaves the window last; the oldest one frees the next slot
  local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  reset = tonumber(newest[2]) + window_us
  if allowed == 0 then retry = tonumber(oldest[2]) + window_us - now end
end
return { allowed, count, limit - count, math.ceil(reset / 1000), math.ceil(retry / 1000) }`,
);

const FIXED_WINDOW = new LuaScript(
  'rateLimiter.fixedWindow',
  `${LUA_NOW_US}
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local now = math.floor(now_us() / 1000)
local start = now - (now % window)
local state = redis.call('HMGET', KEYS[1], 'start', 'count')
local count = 0
if tonumber(state[1]) == start then count = tonumber(state[2]) end
local allowed = 0
if count < limit then
  count = count + 1
  allowed = 1
  redis.call('HSET', KEYS[1], 'start', string.format('%.0f', start), 'count', count)
  redis.call('PEXPIREAT', KEYS[1], string.format('%.0f', start + window))
end
local retry = 0
if allowed == 0 then retry = start + window - now end
return { allowed, count, limit - count, start + window, retry }`,
);

const TOKEN_BUCKET = new LuaScript(
  'rateLimiter.tokenBucket',
  `${LUA_NOW_US}
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local rate = limit / window -- tokens per millisecond
local now = now_us() / 1000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = tonumber(state[1]), tonumber(state[2])
if tokens == nil then tokens, at = limit, now end
tokens = math.min(limit, tokens + math.max(0, now - at) * rate)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%.17g', now))
local full = (limit - tokens) / rate
redis.call('PEXPIRE', KEYS[1], string.format('%.0f', math.max(1, math.ceil(full))))
local retry = 0
if allowed == 0 then retry = math.ceil((1 - tokens) / rate) end
local remaining = math.floor(tokens)
return { allowed, limit - remaining, remaining, math.ceil(now + full), retry }`,
);

const SCRIPTS: Record<RateLimitAlgorithm, LuaScript> = {
  'sliding-log': SLIDING_LOG,
  'fixed-window': FIXED_WINDOW,
  'token-bucket': TOKEN_BUCKET,
};

export class RateLimiter {
  readonly limit: number;
  readonly window: number;
  readonly algorithm: RateLimitAlgorithm;
  private readonly prefix: string;
  // Members of the sliding log: unique per process (random) and per request (counter).
  private readonly instance = randomBytes(6).toString('hex');
  private sequence = 0;

  constructor(
    private readonly redis: RedisClient,
    options: RateLimiterOptions,
  ) {
    if (!Number.isInteger(options.limit) || options.limit < 1)
      throw new RangeError('limit must be a positive integer');
    if (!Number.isInteger(options.window) || options.window < 1) {
      throw new RangeError('window must be a positive integer of milliseconds');
    }
    this.limit = options.limit;
    this.window = options.window;
    this.algorithm = options.algorithm ?? 'sliding-log';
    if (!(this.algorithm in SCRIPTS)) throw new RangeError(`unknown algorithm ${this.algorithm}`);
    this.prefix = `${options.prefix ?? 'ratelimit'}:${this.algorithm}:`;
  }

  /** Count one request for `key` if the limit allows it, atomically; say whether it was allowed. */
  async isAllowed(key: string): Promise<RateLimitResult> {
    const member = `${this.instance}:${(this.sequence++).toString(36)}`;
    const reply = (await SCRIPTS[this.algorithm].run(
      this.redis,
      [this.prefix + key],
      [this.limit, this.window, member],
    )) as number[];
    const [allowed, current, remaining, resetAt, retryAfter] = reply;
    return { allowed: allowed === 1, current, limit: this.limit, remaining, resetAt, retryAfter };
  }

  /** Forget every request counted for `key`. */
  async reset(key: string): Promise<void> {
    await withContext('rateLimiter.reset', this.redis.del(this.prefix + key));
  }
}
