// Lua scripts for the patterns: EVALSHA first, EVAL when the server does not know the script yet.
//
// On a Cluster the script goes to the node owning its first key, and each node loads it on first
// use; the NOSCRIPT fallback makes that (and a SCRIPT FLUSH or a restarted server) transparent.
// Errors carry the script's name, so a failure reads "queue.dequeue: <what Redis said>".

import { createHash } from 'node:crypto';
import type { RedisClient } from './keys.js';

/** An error from Redis (or the connection) with the pattern operation that met it. */
export class PatternError extends Error {
  constructor(operation: string, cause: unknown) {
    super(`${operation}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PatternError';
  }
}

/** Run `work`, and name `operation` in any error it throws. */
export async function withContext<T>(operation: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw err instanceof PatternError ? err : new PatternError(operation, err);
  }
}

export type ScriptArg = string | number;

export class LuaScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Run the script with `keys` (all in one hash slot) and `args`; the reply is Redis's. */
  run(redis: RedisClient, keys: readonly string[], args: readonly ScriptArg[]): Promise<unknown> {
    return withContext(this.name, this.call(redis, keys, args));
  }

  private async call(
    redis: RedisClient,
    keys: readonly string[],
    args: readonly ScriptArg[],
  ): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return await redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

/** Milliseconds since the epoch by the server's clock, in Lua (TIME is allowed in scripts since 5.0). */
export const LUA_NOW_MS = `local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end`;

/** Microseconds since the epoch by the server's clock, in Lua. */
export const LUA_NOW_US = `local function now_us()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end`;
