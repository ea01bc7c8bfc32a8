// Example: node:test + ioredis. Run by node --test (test/testing/examples.test.ts runs it compiled).
//
// In your project: import { startServer } from 'respite/testing';

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { startServer, type TestServer } from '../../../server/testing/index.js';

let server: TestServer;
let redis: Redis;

before(async () => {
  server = await startServer({ clock: 'frozen' });
  redis = new Redis(server.url);
});

after(async () => {
  await redis.quit();
  await server.close();
});

test('a cached value is gone after its TTL', async () => {
  await redis.set('cache:report', 'data', 'PX', 5000);
  server.clock.advance(4999);
  assert.equal(await redis.get('cache:report'), 'data');
  server.clock.advance(1);
  assert.equal(await redis.get('cache:report'), null);
  assert.equal(server.log.find('GET', 'cache:report').length, 2);
});
