// PubSub (patterns/pubsub.ts) on respite and on a real Redis: JSON messages, prefixes, patterns,
// failing handlers, unsubscribing, the async iterator, and subscriptions that survive CLIENT KILL.

import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { PubSub, type PubSubErrorContext } from '../../patterns/pubsub.js';
import { useTargets } from '../support/targets.js';

const both = useTargets();

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function numsub(redis: Redis, channel: string): Promise<number> {
  const reply = (await redis.pubsub('NUMSUB', channel)) as [string, number];
  return Number(reply[1]);
}

function collector() {
  const errors: { error: Error; context: PubSubErrorContext }[] = [];
  return { errors, onError: (error: Error, context: PubSubErrorContext) => errors.push({ error, context }) };
}

describe('PubSub', () => {
  it('delivers JSON values to subscribers, without the prefix', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const ps = new PubSub<unknown>(redis, { prefix: 'app:' });
      const got: { channel: string; data: unknown }[] = [];
      await ps.subscribe(['a', 'b'], (data, m) => {
        got.push({ channel: m.channel, data });
      });
      expect(await numsub(redis, 'app:a')).toBe(1);
      const values = [{ x: 1, nested: [true, null, 'é'] }, 42, 'text', null, [1, 2]];
      for (const v of values) expect(await ps.publish('a', v)).toBe(1);
      await ps.publish('b', { on: 'b' });
      expect(await ps.publish('c', 'nobody')).toBe(0);
      await until('all messages', () => got.length === values.length + 1);
      expect(got).toEqual([
        ...values.map((data) => ({ channel: 'a', data })),
        { channel: 'b', data: { on: 'b' } },
      ]);
      await ps.close();
    });
  });

  it('matches patterns, escaping glob characters in the prefix', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const ps = new PubSub<number>(redis, { prefix: 'p*[x]:' });
      const got: string[] = [];
      await ps.psubscribe('news.*', (data, m) => {
        got.push(`${m.pattern} ${m.channel} ${data}`);
      });
      await ps.publish('news.sport', 1);
      await redis.publish('pZ[x]:news.other', '2'); // the prefix's * must not match Z
      await ps.publish('weather', 3);
      await ps.publish('news.tech', 4);
      await until('two messages', () => got.length === 2);
      await new Promise((r) => setTimeout(r, 20));
      expect(got).toEqual(['news.* news.sport 1', 'news.* news.tech 4']);
      await ps.close();
    });
  });

  it('reports a throwing handler and still runs the others', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const { errors, onError } = collector();
      const ps = new PubSub<number>(redis, { onError });
      const got: number[] = [];
      await ps.subscribe('jobs', () => {
        throw new Error('sync boom');
      });
      await ps.subscribe('jobs', async () => {
        throw new Error('async boom');
      });
      await ps.subscribe('jobs', (n) => {
        got.push(n);
      });
      await ps.publish('jobs', 1);
      await ps.publish('jobs', 2);
      await until('both messages and four errors', () => got.length === 2 && errors.length === 4);
      expect(got).toEqual([1, 2]);
      expect(errors.map((e) => e.context)).toEqual(
        Array(4).fill({ kind: 'handler', channel: 'jobs', pattern: undefined }),
      );
      expect(errors.map((e) => e.error.message).sort()).toEqual([
        'PubSub: a handler for jobs failed: async boom',
        'PubSub: a handler for jobs failed: async boom',
        'PubSub: a handler for jobs failed: sync boom',
        'PubSub: a handler for jobs failed: sync boom',
      ]);
      await ps.close();
    });
  });

  it('reports a message that is not JSON and delivers none of it', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const { errors, onError } = collector();
      const ps = new PubSub(redis, { onError });
      const got: unknown[] = [];
      await ps.subscribe('c', (d) => {
        got.push(d);
      });
      await redis.publish('c', 'not json {');
      await ps.publish('c', 'ok');
      await until('the good message', () => got.length === 1);
      expect(got).toEqual(['ok']);
      expect(errors).toHaveLength(1);
      expect(errors[0].context).toEqual({ kind: 'decode', channel: 'c', pattern: undefined });
      expect(errors[0].error.message).toMatch(/^PubSub: a message on c is not JSON/);
      await ps.close();
    });
  });

  it('unsubscribes a channel when its last handler leaves', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const ps = new PubSub<number>(redis);
      const a: number[] = [];
      const b: number[] = [];
      const subA = await ps.subscribe('ch', (n) => {
        a.push(n);
      });
      const handlerB = (n: number) => {
        b.push(n);
      };
      await ps.subscribe('ch', handlerB);
      await subA.unsubscribe();
      expect(await numsub(redis, 'ch')).toBe(1);
      await ps.publish('ch', 1);
      await until('b gets 1', () => b.length === 1);
      expect(a).toEqual([]);
      await ps.unsubscribe('ch', handlerB);
      expect(await numsub(redis, 'ch')).toBe(0);
      expect(ps.subscriptionCount).toBe(0);
      await ps.psubscribe(['x.*', 'y.*'], () => {});
      expect(await redis.pubsub('NUMPAT')).toBe(2 as unknown);
      await ps.punsubscribe();
      expect(await redis.pubsub('NUMPAT')).toBe(0 as unknown);
      await ps.close();
    });
  });

  it('keeps its subscriptions when the connection is killed', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const ps = new PubSub<number>(redis, { onError: () => {} });
      const got: number[] = [];
      await ps.subscribe('live', (n) => {
        got.push(n);
      });
      await ps.psubscribe('live.*', (n) => {
        got.push(n * 10);
      });
      expect(await redis.call('CLIENT', 'KILL', 'TYPE', 'pubsub')).toBe(1);
      await until('the subscriber to come back', async () => (await numsub(redis, 'live')) === 1);
      await until('the pattern to come back', async () => Number(await redis.pubsub('NUMPAT')) === 1);
      await ps.publish('live', 1);
      await ps.publish('live.x', 2);
      await until('both messages', () => got.length === 2);
      expect(got).toEqual([1, 20]);
      await ps.close();
    });
  });

  it('iterates messages in order; leaving the loop unsubscribes', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const ps = new PubSub<number>(redis);
      const it = await ps.messages('tick');
      expect(await numsub(redis, 'tick')).toBe(1);
      for (let i = 0; i < 5; i++) await ps.publish('tick', i);
      const seen: number[] = [];
      for await (const m of it) {
        expect(m.channel).toBe('tick');
        seen.push(m.data);
        if (seen.length === 5) break;
      }
      expect(seen).toEqual([0, 1, 2, 3, 4]);
      expect(await numsub(redis, 'tick')).toBe(0);

      const pit = await ps.messages('t.*', { pattern: true });
      const loop = (async () => {
        const out: string[] = [];
        for await (const m of pit) out.push(`${m.pattern}:${m.channel}:${m.data}`);
        return out;
      })();
      await ps.publish('t.a', 7);
      await until('the pattern message', async () => Number(await redis.pubsub('NUMPAT')) === 1);
      await new Promise((r) => setTimeout(r, 30));
      await ps.close();
      expect(await loop).toEqual(['t.*:t.a:7']);
    });
  });

  it('next() called twice without awaiting: each call gets its own message, in order', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const ps = new PubSub<number>(redis);
      const it = await ps.messages('q');
      const first = it.next();
      const second = it.next();
      const third = it.next();
      await ps.publish('q', 1);
      await ps.publish('q', 2);
      const timeout = new Promise<string>((r) => setTimeout(() => r('timed out'), 2000));
      expect(((await Promise.race([first, timeout])) as IteratorResult<{ data: number }>).value?.data).toBe(
        1,
      );
      expect(((await Promise.race([second, timeout])) as IteratorResult<{ data: number }>).value?.data).toBe(
        2,
      );
      await ps.close();
      expect(await Promise.race([third, timeout])).toEqual({ value: undefined, done: true });
    });
  });

  it('drops the oldest message when an iterator falls behind, and says so', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const { errors, onError } = collector();
      const ps = new PubSub<number>(redis, { onError });
      const it = await ps.messages('fast', { maxBuffered: 2 });
      for (let i = 0; i < 4; i++) await ps.publish('fast', i);
      await until('two overflow reports', () => errors.length === 2);
      expect(errors[0].context.kind).toBe('overflow');
      expect((await it.next()).value?.data).toBe(2);
      expect((await it.next()).value?.data).toBe(3);
      await ps.close();
      expect((await it.next()).done).toBe(true);
    });
  });

  it('a subscribe joining an in-flight SUBSCRIBE shares its outcome', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const { errors, onError } = collector();
      const ps = new PubSub<number>(redis, { onError });
      // The subscriber connection opens after this, unauthenticated, so Redis refuses its SUBSCRIBE.
      await redis.config('SET', 'requirepass', 'secret');
      try {
        const first = ps.subscribe('c', () => {});
        const second = ps.subscribe('c', () => {});
        const [a, b] = await Promise.allSettled([first, second]);
        expect(a.status).toBe('rejected');
        expect(b.status, 'the second caller must not be told it is subscribed').toBe('rejected');
        expect((b as PromiseRejectedResult).reason.message).toMatch(/^PubSub\.subscribe\(c\): .*NOAUTH/);
        expect(ps.subscriptionCount).toBe(0);
      } finally {
        await redis.config('SET', 'requirepass', '');
        await ps.close();
      }
      expect(errors.every((e) => e.context.kind === 'connection')).toBe(true);
    });
  });

  it('a subscribe joining an in-flight SUBSCRIBE resolves only once Redis confirmed it', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const ps = new PubSub<number>(redis);
      const got: number[] = [];
      const first = ps.subscribe('c', () => {});
      await ps.subscribe('c', (n) => {
        got.push(n);
      });
      // Resolved: the channel is subscribed on the server, so a publish now reaches the handler.
      expect(await ps.publish('c', 1)).toBe(1);
      await first;
      await until('the message', () => got.length === 1);
      await ps.close();
    });
  });

  it('names the operation when Redis refuses it', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const ps = new PubSub(redis);
      await ps.close();
      await expect(ps.subscribe('x', () => {})).rejects.toThrow('PubSub is closed');
      const down = t.ioredis({ port: 1, retryStrategy: () => null, lazyConnect: true });
      down.on('error', () => {});
      const bad = new PubSub(down);
      await expect(bad.publish('x', 1)).rejects.toThrow(/^PubSub.publish\(x\): /);
      await expect(new PubSub(redis).publish('x', undefined)).rejects.toThrow(/not JSON-serializable/);
    });
  });
});
