// The real consumers of Lua scripting, run unchanged against both targets (issue 5): the seed's lock
// release script, redlock, rate-limiter-flexible's RateLimiterRedis and BullMQ (whose scripts use
// cjson and cmsgpack, streams for events and blocking sorted-set pops). Each library is driven
// through its public API; what is asserted is what a user of the library would see.

import { FlowProducer, type Job, Queue, Worker } from 'bullmq';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import Redlock from 'redlock';
import { describe, expect, it } from 'vitest';
import { useTargets } from '../support/targets.js';

const both = useTargets();

// The lock release script of the seed: delete the lock only if it still holds our token.
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then
  return redis.call("del", KEYS[1])
else
  return 0
end`;

describe('the seed lock release script', () => {
  it('deletes the lock only for the token that holds it', () =>
    both.each(async (t) => {
      const redis = t.ioredis();
      expect(await redis.set('lock:report', 'token-a', 'PX', 10_000, 'NX')).toBe('OK');
      expect(await redis.set('lock:report', 'token-b', 'PX', 10_000, 'NX')).toBe(null);
      expect(await redis.eval(RELEASE, 1, 'lock:report', 'token-b')).toBe(0);
      expect(await redis.get('lock:report')).toBe('token-a');
      expect(await redis.eval(RELEASE, 1, 'lock:report', 'token-a')).toBe(1);
      expect(await redis.exists('lock:report')).toBe(0);
      // EVALSHA of the cached script, as clients do after the first EVAL
      const sha = (await redis.script('LOAD', RELEASE)) as string;
      await redis.set('lock:report', 'token-c');
      expect(await redis.evalsha(sha, 1, 'lock:report', 'token-c')).toBe(1);
    }));
});

describe('redlock', () => {
  it('acquires, extends and releases; a second acquirer waits its turn', () =>
    both.each(async (t) => {
      const redis = t.ioredis();
      const redlock = new Redlock([redis], { retryCount: 0 });
      const lock = await redlock.acquire(['orders:42'], 5_000);
      expect(await redis.get('orders:42')).toBe(lock.value);
      await expect(redlock.acquire(['orders:42'], 5_000)).rejects.toThrow();
      const extended = await lock.extend(10_000);
      expect(await redis.pttl('orders:42')).toBeGreaterThan(5_000);
      await extended.release();
      expect(await redis.exists('orders:42')).toBe(0);
      const next = await redlock.acquire(['orders:42'], 5_000);
      await next.release();
    }));

  it('never has two holders under contention', () =>
    both.each(async (t) => {
      const clients = Array.from({ length: 10 }, () => t.ioredis());
      let holders = 0;
      let maxHolders = 0;
      let done = 0;
      await Promise.all(
        clients.map(async (redis) => {
          const redlock = new Redlock([redis], { retryCount: 200, retryDelay: 5, retryJitter: 5 });
          for (let i = 0; i < 3; i++) {
            await redlock.using(['counter'], 2_000, async () => {
              holders++;
              maxHolders = Math.max(maxHolders, holders);
              await new Promise((r) => setTimeout(r, 1));
              holders--;
              done++;
            });
          }
        }),
      );
      expect(maxHolders).toBe(1);
      expect(done).toBe(30);
    }));
});

describe('rate-limiter-flexible', () => {
  it('RateLimiterRedis allows the points in a window, then rejects with the wait', () =>
    both.each(async (t) => {
      const limiter = new RateLimiterRedis({
        storeClient: t.ioredis(),
        keyPrefix: 'rlflx',
        points: 5,
        duration: 60,
      });
      const remaining: number[] = [];
      for (let i = 0; i < 5; i++) remaining.push((await limiter.consume('user:1')).remainingPoints);
      expect(remaining).toEqual([4, 3, 2, 1, 0]);
      const rejected = await limiter.consume('user:1').catch((e: unknown) => e);
      expect(rejected).toBeInstanceOf(RateLimiterRes);
      const res = rejected as RateLimiterRes;
      expect(res.remainingPoints).toBe(0);
      expect(res.consumedPoints).toBe(6);
      expect(res.msBeforeNext).toBeGreaterThan(50_000);
      expect(res.msBeforeNext).toBeLessThanOrEqual(60_000);
      // another key has its own budget
      expect((await limiter.consume('user:2', 2)).remainingPoints).toBe(3);
      await limiter.delete('user:1');
      expect((await limiter.consume('user:1')).remainingPoints).toBe(4);
    }));
});

describe('BullMQ', () => {
  it('runs 50 jobs, a retried failure with backoff, a delayed job and a flow', () =>
    both.each(async (t) => {
      const connection = { host: t.host, port: t.port, maxRetriesPerRequest: null };
      const queue = new Queue('work', { connection });
      const flows = new FlowProducer({ connection });
      const attempts = new Map<string, number>();
      const expected = 50 + 1 + 1 + 3; // jobs, the delayed one, a flow parent and its children
      const completed: Job[] = [];
      let finished!: () => void;
      const allDone = new Promise<void>((resolve) => {
        finished = resolve;
      });

      const worker = new Worker(
        'work',
        async (job) => {
          attempts.set(job.name, (attempts.get(job.name) ?? 0) + 1);
          if (job.name === 'flaky' && job.attemptsMade === 0) throw new Error('first attempt fails');
          if (job.name === 'parent') {
            const children = await job.getChildrenValues<number>();
            return Object.values(children).reduce((a, b) => a + b, 0);
          }
          return (job.data as { n: number }).n * 2;
        },
        { connection, concurrency: 5, drainDelay: 1 },
      );
      worker.on('completed', (job) => {
        completed.push(job);
        if (completed.length === expected) finished();
      });

      try {
        const enqueuedAt = Date.now();
        await queue.addBulk(Array.from({ length: 49 }, (_, i) => ({ name: `job-${i}`, data: { n: i } })));
        await queue.add('flaky', { n: 100 }, { attempts: 3, backoff: { type: 'fixed', delay: 200 } });
        await queue.add('delayed', { n: 7 }, { delay: 300 });
        await flows.add({
          name: 'parent',
          queueName: 'work',
          data: { n: 0 },
          children: [1, 2, 3].map((n) => ({ name: `child-${n}`, queueName: 'work', data: { n } })),
        });
        await allDone;

        const byName = new Map(completed.map((job) => [job.name, job]));
        expect(byName.get('job-48')?.returnvalue).toBe(96);
        expect(byName.get('flaky')?.returnvalue).toBe(200);
        expect(byName.get('flaky')?.attemptsMade).toBe(2);
        expect(attempts.get('flaky')).toBe(2);
        expect(byName.get('parent')?.returnvalue).toBe(12); // children 2 + 4 + 6
        const delayed = byName.get('delayed')!;
        expect(delayed.returnvalue).toBe(14);
        expect(delayed.processedOn! - enqueuedAt).toBeGreaterThanOrEqual(300);
        for (const [name, count] of attempts) if (name !== 'flaky') expect(count).toBe(1);

        const counts = await queue.getJobCounts('completed', 'failed', 'delayed', 'waiting', 'active');
        expect(counts).toEqual({ completed: expected, failed: 0, delayed: 0, waiting: 0, active: 0 });
      } finally {
        await worker.close();
        await flows.close();
        await queue.close();
      }
    }));
});
