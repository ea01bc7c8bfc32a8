// RedisLock, withLock and Redlock on respite and real Redis.

import { describe, expect, it } from 'vitest';
import { LockError, RedisLock, Redlock, withLock } from '../../patterns/lock.js';
import { useTargets } from '../support/targets.js';

const both = useTargets();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('RedisLock', () => {
  it('10 clients contending: never two holders, fencing tokens strictly increase', async () => {
    await both.each(async (t) => {
      let holders = 0;
      let most = 0;
      const fences: number[] = [];
      const client = async (id: number) => {
        const redis = t.ioredis();
        for (let round = 0; round < 5; round++) {
          await withLock(
            redis,
            'contended',
            async ({ fencingToken }) => {
              holders++;
              most = Math.max(most, holders);
              fences.push(fencingToken);
              await sleep(1 + (id % 3));
              holders--;
            },
            { retryDelay: 2, timeout: 10_000 },
          );
        }
      };
      await Promise.all(Array.from({ length: 10 }, (_, i) => client(i)));
      expect(most).toBe(1);
      expect(fences).toHaveLength(50);
      for (let i = 1; i < fences.length; i++) expect(fences[i]).toBeGreaterThan(fences[i - 1]);
    });
  });

  it('a holder whose lock expired cannot release or extend the next holder’s lock', async () => {
    await both.each(async (t) => {
      const a = new RedisLock(t.ioredis(), 'job', { ttl: 100 });
      const b = new RedisLock(t.ioredis(), 'job', { ttl: 10_000 });
      expect(await a.acquire()).toBe(true);
      expect(await b.acquire()).toBe(false);
      await t.pass(150);
      expect(await b.acquire()).toBe(true);
      expect(b.fencingToken).toBeGreaterThan(0);
      expect(await a.extend()).toBe(false);
      expect(await a.release()).toBe(false);
      const redis = t.ioredis();
      expect(await redis.get('{lock:job}:owner')).toBe(b.token);
      expect(await b.release()).toBe(true);
      expect(await redis.exists('{lock:job}:owner')).toBe(0);
    });
  });

  it('acquire waits with retries up to its timeout', async () => {
    await both.each(async (t) => {
      const a = new RedisLock(t.ioredis(), 'w', { ttl: 10_000 });
      const b = new RedisLock(t.ioredis(), 'w', { retryDelay: 5 });
      await a.acquire();
      const started = Date.now();
      expect(await b.acquire(60)).toBe(false);
      expect(Date.now() - started).toBeGreaterThanOrEqual(55);
      const waiting = b.acquire(2000);
      await sleep(20);
      await a.release();
      expect(await waiting).toBe(true);
      await b.release();
    });
  });

  it('the watchdog keeps a lock alive past its ttl while work runs, and stops at release', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const lock = new RedisLock(redis, 'long', { ttl: 150, watchdog: true });
      expect(await lock.acquire()).toBe(true);
      await sleep(400);
      expect(await redis.get('{lock:long}:owner')).toBe(lock.token);
      expect(lock.lost.aborted).toBe(false);
      expect(await lock.release()).toBe(true);
    });
  });

  it('the watchdog reports a lock taken away through its abort signal', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const lock = new RedisLock(redis, 'stolen', { ttl: 90, watchdog: true });
      await lock.acquire();
      await redis.set('{lock:stolen}:owner', 'someone else');
      await sleep(120);
      expect(lock.lost.aborted).toBe(true);
      expect(lock.lost.reason).toBeInstanceOf(LockError);
      expect(await lock.release()).toBe(false);
      expect(await redis.get('{lock:stolen}:owner')).toBe('someone else');
    });
  });

  it('Redis errors reach the caller with the operation named', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      await redis.hset('{lock:typed}:fence', 'a', '1');
      const lock = new RedisLock(redis, 'typed');
      await expect(lock.acquire()).rejects.toThrow(/^lock\.acquire: .*WRONGTYPE/);
    });
  });
});

describe('withLock', () => {
  it('releases in finally when the work throws, and keeps the work’s error', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      await expect(
        withLock(redis, 'x', () => {
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await redis.exists('{lock:x}:owner')).toBe(0);
      expect(await withLock(redis, 'x', () => 42)).toBe(42);
    });
  });

  it('keeps the work’s error when the release fails too (and warns about the release)', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const warnings: string[] = [];
      const onWarning = (w: Error) => warnings.push(w.message);
      process.on('warning', onWarning);
      try {
        await expect(
          withLock(redis, 'y', () => {
            redis.disconnect(); // the release cannot reach the server
            throw new Error('work failed');
          }),
        ).rejects.toThrow('work failed');
        await new Promise((r) => setImmediate(r));
        expect(warnings.some((w) => w.startsWith('withLock(y): release failed'))).toBe(true);
      } finally {
        process.off('warning', onWarning);
      }
    });
  });

  it('rejects with LockError when the lock is not acquired in time', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      await redis.set('{lock:busy}:owner', 'other', 'PX', 10_000);
      await expect(withLock(redis, 'busy', () => 1, { timeout: 30, retryDelay: 5 })).rejects.toBeInstanceOf(
        LockError,
      );
    });
  });

  it('rejects when the lock expired before the work finished (the work ran unprotected)', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      await expect(withLock(redis, 'slow', () => t.pass(150), { ttl: 100, watchdog: false })).rejects.toThrow(
        /expired before the work finished/,
      );
    });
  });
});

describe('Redlock', () => {
  it('holds with a quorum of independent servers, and not without one', async () => {
    // Three independent keyspaces: each target, and another database of the last one.
    const targets = both.list;
    const servers = [...targets.map((t) => t.ioredis()), targets[targets.length - 1].ioredis({ db: 1 })];
    await servers[servers.length - 1].flushdb();
    const first = new Redlock(servers, 'rl', { ttl: 5000, retryDelay: 5 });
    const second = new Redlock(servers, 'rl', { ttl: 5000, retryDelay: 5 });
    expect(await first.acquire()).toBe(true);
    expect(first.validity).toBeGreaterThan(4000);
    expect(await second.acquire(30)).toBe(false);
    expect(await first.release()).toBe(true);
    expect(await second.acquire()).toBe(true);
    await second.release();

    // All but one server held by someone else: no majority, and what was granted is given back.
    for (const s of servers.slice(1)) await s.set('{lock:rl}:owner', 'other');
    expect(await first.acquire()).toBe(false);
    expect(await servers[0].exists('{lock:rl}:owner')).toBe(0);
  });
});
