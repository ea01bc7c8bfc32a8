// Runs in a vitest worker: REDIS_URL (and inject's copy) point at the one respite the setup started,
// and this worker has a database of its own.
import { Redis } from 'ioredis';
import { expect, inject, it } from 'vitest';
import { workerDatabase, workerRedisUrl } from '../../../server/testing/index.js';

it('reaches the global respite through REDIS_URL, in its own database', async () => {
  expect(process.env.REDIS_URL).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
  expect(inject('REDIS_URL' as never)).toBe(process.env.REDIS_URL);
  const redis = new Redis(workerRedisUrl());
  await redis.set('worker', String(workerDatabase()));
  expect(await redis.call('RESPITE', 'CLOCK', 'INFO')).toBeTruthy(); // the admin command is on
  expect(Number(await redis.get('worker'))).toBe(workerDatabase());
  await redis.quit();
});
