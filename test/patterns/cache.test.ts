// RedisCache and cached() on respite and real Redis.

import { describe, expect, it } from 'vitest';
import { cached, RedisCache } from '../../patterns/cache.js';
import { useTargets } from '../support/targets.js';

const both = useTargets();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A factory that says when it started and returns `value` only when released. */
function slowFactory<T>(value: T) {
  let release = () => {};
  let started = () => {};
  const startedP = new Promise<void>((r) => {
    started = r;
  });
  const gate = new Promise<void>((r) => {
    release = r;
  });
  return {
    started: startedP,
    release: () => release(),
    factory: async () => {
      started();
      await gate;
      return value;
    },
  };
}

describe('RedisCache', () => {
  it('round-trips JSON with Date, BigInt, null, undefined and $-keyed objects', async () => {
    await both.each(async (t) => {
      const cache = new RedisCache(t.ioredis());
      const value = {
        when: new Date('2024-02-29T12:34:56.789Z'),
        big: 2n ** 70n,
        list: [1, 'two', null, { nested: new Date(0) }],
        money: { $date: 'not a date' },
        text: 'héllo \u0000 ✓',
      };
      await cache.set('v', value);
      expect(await cache.get('v')).toEqual(value);
      await cache.set('null', null);
      expect(await cache.get('null')).toBeNull();
      await cache.set('undef', undefined);
      expect(await cache.lookup('undef')).toEqual({ hit: true, value: undefined });
      expect(await cache.lookup('missing')).toEqual({ hit: false });
      expect(await cache.get('missing')).toBeUndefined();
    });
  });

  it('a factory returning null is cached, not recomputed on every call', async () => {
    await both.each(async (t) => {
      const cache = new RedisCache(t.ioredis());
      let calls = 0;
      const factory = async () => {
        calls++;
        return null;
      };
      expect(await cache.getOrSet('user:404', factory, 60)).toBeNull();
      expect(await cache.getOrSet('user:404', factory, 60)).toBeNull();
      expect(calls).toBe(1);
    });
  });

  it('entries expire after their ttl (seconds), and delete removes them', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const cache = new RedisCache(redis, { prefix: 'c', ttl: 0.2 });
      await cache.set('a', 1);
      await cache.set('forever', 2, 0);
      const pttl = await redis.pttl('c:a');
      expect(pttl).toBeGreaterThan(100);
      expect(pttl).toBeLessThanOrEqual(200);
      expect(await redis.pttl('c:forever')).toBe(-1);
      await t.pass(250);
      expect(await cache.get('a')).toBeUndefined();
      expect(await cache.delete('forever')).toBe(true);
      expect(await cache.delete('forever')).toBe(false);
    });
  });

  it('concurrent misses in one process call the factory once', async () => {
    await both.each(async (t) => {
      const cache = new RedisCache(t.ioredis());
      let calls = 0;
      const factory = async () => {
        calls++;
        await sleep(20);
        return { n: calls };
      };
      const got = await Promise.all(Array.from({ length: 20 }, () => cache.getOrSet('hot', factory)));
      expect(calls).toBe(1);
      expect(got.every((g) => g.n === 1)).toBe(true);
    });
  });

  it('with the stampede lock, concurrent misses in several processes call the factory once', async () => {
    await both.each(async (t) => {
      let calls = 0;
      const factory = async () => {
        calls++;
        await sleep(60);
        return 'expensive';
      };
      // Separate connections and caches: as separate processes would be.
      const caches = Array.from({ length: 5 }, () => new RedisCache(t.ioredis(), { lock: { poll: 5 } }));
      const got = await Promise.all(caches.map((c) => c.getOrSet('report', factory, 60)));
      expect(got).toEqual(Array(5).fill('expensive'));
      expect(calls).toBe(1);
      expect(await t.ioredis().exists('cache:~lock:report')).toBe(0);
    });
  });

  it('when the lock holder’s factory fails, a waiter computes instead', async () => {
    await both.each(async (t) => {
      const a = new RedisCache(t.ioredis(), { lock: { poll: 5 } });
      const b = new RedisCache(t.ioredis(), { lock: { poll: 5 } });
      const failing = a.getOrSet('k', async () => {
        await sleep(30);
        throw new Error('backend down');
      });
      await sleep(5);
      const waiting = b.getOrSet('k', async () => 'second try');
      await expect(failing).rejects.toThrow('backend down');
      expect(await waiting).toBe('second try');
    });
  });

  it('a factory error reaches every waiting caller and caches nothing', async () => {
    await both.each(async (t) => {
      const cache = new RedisCache(t.ioredis());
      let calls = 0;
      const factory = async () => {
        calls++;
        await sleep(5);
        throw new Error('nope');
      };
      const results = await Promise.allSettled([cache.getOrSet('e', factory), cache.getOrSet('e', factory)]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect(calls).toBe(1);
      expect(await cache.lookup('e')).toEqual({ hit: false });
    });
  });

  it('a delete during a computation is not undone when the computation ends', async () => {
    await both.each(async (t) => {
      const cache = new RedisCache(t.ioredis(), { ttl: 60 });
      const stale = slowFactory('stale');
      const computing = cache.getOrSet('k', stale.factory);
      await stale.started;
      await cache.delete('k');
      // Asked after the delete: computes anew instead of joining the computation that began before it.
      const after = cache.getOrSet('k', async () => 'fresh');
      stale.release();
      expect(await computing).toBe('stale'); // its caller asked before the delete
      expect(await after).toBe('fresh');
      expect(await cache.get('k')).toBe('fresh');
    });
  });

  it('a delete in another process during a computation is not undone either', async () => {
    await both.each(async (t) => {
      for (const indexed of [false, true]) {
        const a = new RedisCache(t.ioredis(), { prefix: `x${indexed}`, indexed });
        const b = new RedisCache(t.ioredis(), { prefix: `x${indexed}`, indexed });
        const stale = slowFactory('stale');
        const computing = a.getOrSet('k', stale.factory);
        await stale.started;
        // Stored and deleted again by others while `a` computes: the key is missing again, as it was.
        await b.set('k', 'newer');
        expect(await b.delete('k')).toBe(true);
        stale.release();
        expect(await computing).toBe('stale');
        expect(await b.lookup('k'), `indexed: ${indexed}`).toEqual({ hit: false });
        expect(await b.getOrSet('k', async () => 'fresh')).toBe('fresh');
      }
    });
  });

  it('with the stampede lock, a delete during the computation is not undone', async () => {
    await both.each(async (t) => {
      const a = new RedisCache(t.ioredis(), { lock: { poll: 5 } });
      const b = new RedisCache(t.ioredis(), { lock: { poll: 5 } });
      const stale = slowFactory('stale');
      const computing = a.getOrSet('k', stale.factory);
      await stale.started;
      await b.delete('k');
      stale.release();
      expect(await computing).toBe('stale');
      expect(await b.lookup('k')).toEqual({ hit: false });
    });
  });

  it('a computation longer than the invalidation window returns its value but does not store it', async () => {
    await both.each(async (t) => {
      const cache = new RedisCache(t.ioredis(), { invalidationWindow: 30 });
      const slow = async () => {
        await sleep(50);
        return 'v';
      };
      expect(await cache.getOrSet('slow', slow)).toBe('v');
      expect(await cache.lookup('slow')).toEqual({ hit: false });
      expect(await cache.getOrSet('quick', async () => 'v')).toBe('v');
      expect(await cache.get('quick')).toBe('v');
      await cache.delete('quick');
      expect(await t.ioredis().pttl('cache:quick')).toBeLessThanOrEqual(30); // the tombstone's life
    });
  });

  it('Redis errors reach the caller with the operation named', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      await redis.hset('cache:h', 'f', 'v');
      await expect(new RedisCache(redis).get('h')).rejects.toThrow(/^cache\.get: .*WRONGTYPE/);
    });
  });

  it('an indexed cache clears exactly its own entries, without KEYS, in batches', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const cache = new RedisCache(redis, { prefix: 'users', indexed: true, ttl: 60 });
      const other = new RedisCache(redis, { prefix: 'orders', indexed: true });
      for (let i = 0; i < 1200; i++) await cache.set(`u${i}`, i);
      await other.set('o1', 'kept');
      await redis.set('unrelated', 'kept');
      await cache.clear();
      // orders' entry and index, 'unrelated', and users' clear counter (it expires by itself)
      expect((await redis.keys('*')).sort()).toEqual([
        'unrelated',
        '{orders}:o1',
        '{orders}:~index',
        '{users}:~epoch',
      ]);
      expect(await redis.pttl('{users}:~epoch')).toBeGreaterThan(0);
      expect(await other.get('o1')).toBe('kept');
    });
  });

  it('the index forgets expired entries as new ones are written', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const cache = new RedisCache(redis, { prefix: 'p', indexed: true });
      await cache.set('short', 1, 0.1);
      await t.pass(150);
      await cache.set('next', 2, 10);
      expect(await redis.zrange('{p}:~index', '0', '-1')).toEqual(['{p}:next']);
    });
  });
});

/** cached()'s default key of a call with these arguments. */
const argsKey = (...args: unknown[]) => JSON.stringify(args);

describe('cached', () => {
  it('memoizes by arguments; invalidate() forgets all of the function’s results, invalidate(args) one', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const calls: number[] = [];
      async function getUser(id: number) {
        calls.push(id);
        return { id, seen: new Date(1_700_000_000_000) };
      }
      async function getOrder(id: number) {
        return { order: id };
      }
      const user = cached(getUser, { redis, ttl: 60 });
      const order = cached(getOrder, { redis, ttl: 60 });
      expect(await user(1)).toEqual({ id: 1, seen: new Date(1_700_000_000_000) });
      await user(1);
      await user(2);
      await user(3);
      await order(1);
      expect(calls).toEqual([1, 2, 3]);

      await user.invalidate(2);
      await user(1);
      await user(2);
      expect(calls).toEqual([1, 2, 3, 2]);

      await user.invalidate();
      const left = await redis.keys('*');
      expect(left.filter((k) => k.includes('getUser'))).toEqual(['{cached:getUser}:~epoch']);
      expect(left.filter((k) => k.includes('getOrder')).length).toBeGreaterThan(0);
      await user(1);
      await user(3);
      expect(calls).toEqual([1, 2, 3, 2, 1, 3]);
    });
  });

  it('invalidate() during a computation (here or in another process) is not undone when it ends', async () => {
    await both.each(async (t) => {
      for (const all of [true, false]) {
        const calls: string[] = [];
        let stale = slowFactory('stale');
        async function price(item: string) {
          calls.push(item);
          return calls.length === 1 ? stale.factory() : 'fresh';
        }
        const here = cached(price, { redis: t.ioredis(), ttl: 60, prefix: `p${all}` });
        const there = cached(price, { redis: t.ioredis(), ttl: 60, prefix: `p${all}` });
        for (const invalidator of [here, there]) {
          calls.length = 0;
          stale = slowFactory('stale');
          const computing = here('tea');
          await stale.started;
          await (all ? invalidator.invalidate() : invalidator.invalidate('tea'));
          stale.release();
          expect(await computing).toBe('stale');
          expect(await here.cache.lookup(argsKey('tea')), `invalidate(${all ? '' : "'tea'"})`).toEqual({
            hit: false,
          });
          expect(await here('tea')).toBe('fresh');
          await here.invalidate();
        }
      }
    });
  });

  it('caches a null result', async () => {
    await both.each(async (t) => {
      let calls = 0;
      const find = cached(
        async (_id: string) => {
          calls++;
          return null;
        },
        { redis: t.ioredis(), name: 'find' },
      );
      expect(await find('x')).toBeNull();
      expect(await find('x')).toBeNull();
      expect(calls).toBe(1);
    });
  });

  it('refuses an anonymous function without a name', () => {
    expect(() => cached(async () => 1, { redis: {} as never })).toThrow(/needs options.name/);
  });
});
