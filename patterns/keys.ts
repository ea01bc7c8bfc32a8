// Key naming shared by the patterns.
//
// Redis Cluster runs a script or a MULTI only when every key it touches hashes to one slot. A key's
// slot is computed from its hash tag, the text between the first `{` and the next `}`, so the keys
// one pattern instance touches together are named `{prefix:name}:part`: `{queue:emails}:pending`,
// `{queue:emails}:delayed`, ... all land on the slot of `queue:emails`.

import type { Cluster, Redis } from 'ioredis';

/** A connection the patterns accept: one Redis server, or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/**
 * The key namer for the group `{prefix:name}`: `keys('pending')` is `{prefix:name}:pending`.
 * Braces inside `prefix` or `name` would move the hash tag, so they are refused.
 */
export function hashTagged(prefix: string, name: string): (part: string) => string {
  const tag = prefix === '' ? name : `${prefix}:${name}`;
  if (/[{}]/.test(tag)) throw new TypeError(`key prefix and name may not contain braces: ${tag}`);
  const head = `{${tag}}:`;
  return (part) => head + part;
}

/** A new connection like `redis` (for blocking commands, which would hold up the shared one). */
export function duplicateClient(redis: RedisClient): RedisClient {
  // Redis#duplicate and Cluster#duplicate take different overrides; neither is needed here.
  return (redis.duplicate as () => RedisClient).call(redis);
}

/**
 * The client's ioredis `keyPrefix` (or ''). ioredis adds it to the keys of commands (KEYS of a script
 * included) but cannot see a key a script builds from its arguments, nor strip it from SCAN's keys, so
 * the patterns that do either add or strip it themselves.
 */
export function clientKeyPrefix(redis: RedisClient): string {
  const prefix = (redis.options as { keyPrefix?: string | Buffer }).keyPrefix;
  return prefix === undefined ? '' : prefix.toString();
}
