// Bench cases for RateLimiter (see bench/patterns.ts for the case shape): checks per second for each
// algorithm, 50 checks in flight over 100 keys (one Lua script per check).

import { type RateLimitAlgorithm, RateLimiter } from '../../patterns/rate-limiter.js';
import type { PatternCase } from '../patterns.js';

const algorithms: RateLimitAlgorithm[] = ['sliding-log', 'fixed-window', 'token-bucket'];

export const cases: PatternCase[] = algorithms.map((algorithm) => ({
  name: `rate limiter checks (${algorithm})`,
  async run(redis, n) {
    const limiter = new RateLimiter(redis, { limit: 100, window: 1000, algorithm });
    let done = 0;
    const lane = async (lane: number) => {
      for (let i = lane; i < n; i += 50) {
        await limiter.isAllowed(`user:${i % 100}`);
        done++;
      }
    };
    await Promise.all(Array.from({ length: 50 }, (_, i) => lane(i)));
    return done;
  },
}));
