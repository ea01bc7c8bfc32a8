// Bench cases for RedisCache (see bench/patterns.ts for the case shape): cache hits per second, and
// misses that compute and store (getOrSet on a fresh key each time).

import { RedisCache } from '../../patterns/cache.js';
import type { PatternCase } from '../patterns.js';

const KEYS = 1000;
const value = { id: 42, name: 'Ada Lovelace', roles: ['admin', 'author'], since: new Date(0) };

export const cases: PatternCase[] = [
  {
    name: 'cache hits (getOrSet, 50 in flight)',
    async setup(redis) {
      const cache = new RedisCache(redis, { prefix: 'bench', ttl: 600 });
      for (let i = 0; i < KEYS; i++) await cache.set(`user:${i}`, value);
    },
    async run(redis, n) {
      const cache = new RedisCache(redis, { prefix: 'bench', ttl: 600 });
      let done = 0;
      const lane = async (lane: number) => {
        for (let i = lane; i < n; i += 50) {
          await cache.getOrSet(`user:${i % KEYS}`, () => value);
          done++;
        }
      };
      await Promise.all(Array.from({ length: 50 }, (_, i) => lane(i)));
      return done;
    },
  },
  {
    name: 'cache misses (getOrSet computes and stores)',
    async run(redis, n) {
      const cache = new RedisCache(redis, { prefix: 'bench-miss', ttl: 600 });
      let done = 0;
      const lane = async (lane: number) => {
        for (let i = lane; i < n; i += 50) {
          await cache.getOrSet(`k:${i}`, () => value);
          done++;
        }
      };
      await Promise.all(Array.from({ length: 50 }, (_, i) => lane(i)));
      return done;
    },
  },
];
