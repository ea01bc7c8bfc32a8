// RedisCache and cached() against a local server: `npx respite server`, then
// `node dist/patterns/examples/cache.js` (REDIS_URL to use another server).

import { Redis } from 'ioredis';
import { cached, RedisCache } from '../cache.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

const cache = new RedisCache(redis, { prefix: 'example:cache', ttl: 60, lock: true });
const profile = await cache.getOrSet('user:1', async () => {
  console.log('computing the profile (once)');
  return { id: 1, name: 'Ada', joined: new Date('2015-12-10'), visits: 12_345_678_901_234_567_890n };
});
console.log('profile', profile, 'joined is a Date:', profile.joined instanceof Date);
console.log('cached null stays null:', await cache.getOrSet('user:404', async () => null));

async function exchangeRate(from: string, to: string): Promise<number> {
  console.log(`fetching ${from}->${to}`);
  return from === to ? 1 : 0.92;
}
const rate = cached(exchangeRate, { redis, ttl: 30, prefix: 'example' });
await rate('USD', 'EUR');
await rate('USD', 'EUR'); // from the cache
await rate.invalidate(); // every cached exchangeRate result, without KEYS
await rate('USD', 'EUR'); // computed again

await redis.quit();
