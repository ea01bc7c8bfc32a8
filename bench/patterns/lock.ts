// Bench cases for RedisLock (see bench/patterns.ts for the case shape): acquire + release per second,
// uncontended (one lock per lane) and contended (10 clients on one lock).

import { RedisLock, withLock } from '../../patterns/lock.js';
import type { PatternCase } from '../patterns.js';

export const cases: PatternCase[] = [
  {
    name: 'lock acquire+release (20 lanes, own locks)',
    async run(redis, n) {
      let done = 0;
      const lane = async (lane: number) => {
        const lock = new RedisLock(redis, `bench:${lane}`, { ttl: 5000 });
        for (let i = lane; i < n; i += 20) {
          if (!(await lock.acquire())) throw new Error('an uncontended lock was not acquired');
          await lock.release();
          done++;
        }
      };
      await Promise.all(Array.from({ length: 20 }, (_, i) => lane(i)));
      return done;
    },
  },
  {
    name: 'withLock contended (10 clients, one lock)',
    n: 2000,
    async run(redis, n) {
      const clients = Array.from({ length: 10 }, () => redis.duplicate());
      let done = 0;
      try {
        await Promise.all(
          clients.map(async (client, c) => {
            for (let i = c; i < n; i += 10) {
              await withLock(client, 'bench:hot', () => done++, { retryDelay: 1, watchdog: false });
            }
          }),
        );
      } finally {
        for (const client of clients) client.disconnect();
      }
      return done;
    },
  },
];
