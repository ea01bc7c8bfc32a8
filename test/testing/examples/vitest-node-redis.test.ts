// Example: vitest + node-redis (the `redis` package), a TTL test that advances the clock.
//
// In your project: import { startServer, type TestServer } from 'respite/testing';

import { createClient } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../../server/testing/index.js';

let server: TestServer;
let redis: ReturnType<typeof createClient>;

beforeAll(async () => {
  server = await startServer({ clock: 'frozen' });
  redis = createClient({ url: server.url });
  await redis.connect();
});

afterAll(async () => {
  await redis.quit();
  await server.close();
});

// The code under test: a fixed-window rate limiter, 3 requests per minute.
async function allow(user: string): Promise<boolean> {
  const key = `rate:${user}`;
  const [count] = await redis.multi().incr(key).expire(key, 60, 'NX').exec();
  return Number(count) <= 3;
}

it('opens again when the minute is over', async () => {
  expect([await allow('ada'), await allow('ada'), await allow('ada')]).toEqual([true, true, true]);
  expect(await allow('ada')).toBe(false);
  server.clock.advance(59_999);
  expect(await allow('ada')).toBe(false);
  server.clock.advance(1);
  expect(await allow('ada')).toBe(true);
});
