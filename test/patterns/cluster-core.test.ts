// The cache, queue, rate limiter and lock on a real 3-master Redis Cluster through ioredis's Cluster
// client: every script finds its keys in one slot (their hash tag), and the data of many instances
// spreads over the masters. (The other patterns' cluster tests are in cluster.test.ts.)

import { describe, expect, it } from 'vitest';
import { cached, RedisCache } from '../../patterns/cache.js';
import { RedisLock, withLock } from '../../patterns/lock.js';
import { SimpleQueue } from '../../patterns/queue.js';
import { RateLimiter } from '../../patterns/rate-limiter.js';
import { Worker } from '../../patterns/worker.js';
import { useCluster } from '../support/cluster.js';

const cluster = useCluster();
const onCluster = it.skipIf(!cluster.available);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** How many masters hold at least one key: the test's data really is spread over the cluster. */
async function mastersWithKeys(redis: ReturnType<typeof cluster.client>): Promise<number> {
  let n = 0;
  for (const node of redis.nodes('master')) if ((await node.dbsize()) > 0) n++;
  return n;
}

describe('on a Redis Cluster', () => {
  onCluster(
    'RedisCache and cached(): indexed caches clear, the stampede lock works across slots',
    async () => {
      const redis = cluster.client();
      const caches = ['users', 'orders', 'prices', 'stock', 'carts', 'tags'].map(
        (prefix) => new RedisCache(redis, { prefix, indexed: true, ttl: 60 }),
      );
      for (const cache of caches)
        for (let i = 0; i < 20; i++) await cache.set(`k${i}`, { i, at: new Date(i) });
      expect(await mastersWithKeys(redis)).toBeGreaterThan(1);
      expect(await caches[1].get('k3')).toEqual({ i: 3, at: new Date(3) });
      await caches[0].clear();
      expect(await caches[0].get('k3')).toBeUndefined();
      expect(await caches[1].get('k3')).toEqual({ i: 3, at: new Date(3) });

      let calls = 0;
      const plain = Array.from({ length: 3 }, () => new RedisCache(cluster.client(), { lock: { poll: 5 } }));
      const values = await Promise.all(
        plain.map((c) =>
          c.getOrSet('report', async () => {
            calls++;
            await sleep(40);
            return 'computed';
          }),
        ),
      );
      expect(values).toEqual(['computed', 'computed', 'computed']);
      expect(calls).toBe(1);

      let runs = 0;
      const square = cached(
        async (n: number) => {
          runs++;
          return n * n;
        },
        { redis, name: 'square' },
      );
      for (let n = 0; n < 10; n++) await square(n);
      await square(3);
      expect(runs).toBe(10);
      await square.invalidate();
      await square(3);
      expect(runs).toBe(11);
    },
  );

  onCluster(
    'SimpleQueue and Worker: queues on several masters, retries, dead letters, blocking dequeue',
    async () => {
      const redis = cluster.client();
      const names = ['emails', 'images', 'reports', 'billing', 'search', 'audit'];
      const queues = names.map((n) => new SimpleQueue(redis, n, { maxAttempts: 2, backoff: { base: 5 } }));
      for (const q of queues) {
        await q.enqueueMany(Array.from({ length: 30 }, (_, i) => ({ type: 'job', payload: i })));
      }
      expect(await mastersWithKeys(redis)).toBeGreaterThan(1);
      const workers = queues.map((q) =>
        new Worker(q, { concurrency: 3, pollInterval: 50, handleSignals: false }).register<number>(
          'job',
          (i) => {
            if (i === 7) throw new Error('always fails');
          },
        ),
      );
      const running = workers.map((w) => w.run());
      for (let i = 0; i < 500; i++) {
        const stats = await Promise.all(queues.map((q) => q.stats()));
        if (stats.every((s) => s.completed + s.deadLettered === 30)) break;
        await sleep(10);
      }
      await Promise.all(workers.map((w) => w.stop()));
      await Promise.all(running);
      for (const q of queues) {
        expect(await q.stats()).toMatchObject({ completed: 29, deadLettered: 1, pending: 0, processing: 0 });
      }

      // A blocked dequeue (on the queue's own Cluster connection) wakes for a task from elsewhere.
      const consumer = new SimpleQueue(cluster.client(), 'late');
      const waiting = consumer.dequeue(5000);
      await sleep(50);
      await new SimpleQueue(redis, 'late').enqueue('job', 'hello');
      expect((await waiting)?.payload).toBe('hello');
      await Promise.all([...queues, consumer].map((q) => q.close()));
    },
  );

  onCluster('RateLimiter: every algorithm, keys on every master, exact counts', async () => {
    const redis = cluster.client();
    for (const algorithm of ['sliding-log', 'fixed-window', 'token-bucket'] as const) {
      const limiter = new RateLimiter(redis, { limit: 5, window: 60_000, algorithm });
      for (const user of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
        const results = await Promise.all(Array.from({ length: 8 }, () => limiter.isAllowed(user)));
        expect(results.filter((r) => r.allowed)).toHaveLength(5);
      }
    }
    expect(await mastersWithKeys(redis)).toBe(3);
  });

  onCluster(
    'RedisLock and withLock: acquire with fencing, contention, release only by the holder',
    async () => {
      const redis = cluster.client();
      for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) {
        let holders = 0;
        let most = 0;
        await Promise.all(
          Array.from({ length: 4 }, () =>
            withLock(
              redis,
              name,
              async ({ fencingToken }) => {
                expect(fencingToken).toBeGreaterThan(0);
                most = Math.max(most, ++holders);
                await sleep(2);
                holders--;
              },
              { retryDelay: 2 },
            ),
          ),
        );
        expect(most).toBe(1);
      }
      const a = new RedisLock(redis, 'short', { ttl: 50 });
      const b = new RedisLock(redis, 'short');
      await a.acquire();
      await sleep(70);
      expect(await b.acquire()).toBe(true);
      expect(await a.release()).toBe(false);
      expect(await b.release()).toBe(true);
    },
  );
});
