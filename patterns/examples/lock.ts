// RedisLock and withLock against a local server: `npx respite server`, then
// `node dist/patterns/examples/lock.js`.

import { Redis } from 'ioredis';
import { RedisLock, withLock } from '../lock.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

// withLock: waits up to 5 s for the lock, extends it while the work runs, releases it in finally.
// The fencing token grows with every acquisition: pass it to the storage you write to, so that it can
// refuse a write from a holder whose lock expired meanwhile.
const report = await withLock(
  redis,
  'nightly-report',
  async ({ fencingToken, signal }) => {
    console.log('holding the lock, fencing token', fencingToken);
    await new Promise((r) => setTimeout(r, 200));
    if (signal.aborted) throw new Error('lost the lock');
    return 'report written';
  },
  { ttl: 1000, timeout: 5000 },
);
console.log(report);

// The explicit form.
const lock = new RedisLock(redis, 'inventory:sku-42', { ttl: 2000 });
if (await lock.acquire(1000)) {
  try {
    console.log('acquired, fencing token', lock.fencingToken);
  } finally {
    console.log('released:', await lock.release());
  }
}
await redis.quit();
