// StreamProducer and StreamConsumer (patterns/streams.ts) on respite and on a real Redis: JSON
// events, idempotent groups, at-least-once delivery, recovery of a dead consumer's entries with
// XAUTOCLAIM, dead letters after N deliveries, graceful stop and the async iterator. Idle times are
// the server's: t.pass moves respite's clock and really waits (briefly) on Redis.

import { describe, expect, it } from 'vitest';
import { StreamConsumer, type StreamErrorContext, StreamProducer } from '../../patterns/streams.js';
import { useTargets } from '../support/targets.js';

const both = useTargets();

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface Order {
  n: number;
  item?: string;
}

describe('StreamProducer', () => {
  it('appends JSON events, trims, and names the operation in errors', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const p = new StreamProducer<Order>(redis, 'orders');
      expect(p.key).toBe('{stream:orders}:entries');
      const id = await p.add({ n: 1, item: 'ü' });
      expect(id).toMatch(/^\d+-\d+$/);
      expect(await redis.xrange(p.key, '-', '+')).toEqual([[id, ['data', '{"n":1,"item":"ü"}']]]);
      expect(await p.add({ n: 2 }, { id: '99999999999999-0' })).toBe('99999999999999-0');
      const ids = await p.addMany([{ n: 3 }, { n: 4 }], { id: '*' });
      expect(ids).toHaveLength(2);
      expect(await p.length()).toBe(4);
      await p.addMany(
        Array.from({ length: 300 }, (_, n) => ({ n })),
        {},
      );
      await p.add({ n: -1 }, { maxLen: 10, exact: true });
      expect(await p.length()).toBe(10);
      const trimmed = new StreamProducer<Order>(redis, 'orders', { maxLen: 100 });
      await trimmed.addMany(Array.from({ length: 500 }, (_, n) => ({ n })));
      const len = await trimmed.length();
      expect(len).toBeGreaterThanOrEqual(100);
      expect(len).toBeLessThan(510);
      await redis.set('{stream:bad}:entries', 'x');
      await expect(new StreamProducer(redis, 'bad').add(1)).rejects.toThrow(
        /^StreamProducer.add\(bad\): WRONGTYPE/,
      );
      await expect(p.add(undefined as unknown as Order)).rejects.toThrow(/not JSON-serializable/);
    });
  });
});

describe('StreamConsumer', () => {
  it('creates its group once, with the stream', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const a = new StreamConsumer(redis, 'g', { group: 'workers', consumer: 'a' });
      const b = new StreamConsumer(redis, 'g', { group: 'workers', consumer: 'b' });
      await a.ensureGroup();
      await b.ensureGroup();
      await a.ensureGroup();
      expect(await redis.xlen(a.key)).toBe(0);
      const groups = (await redis.xinfo('GROUPS', a.key)) as unknown[][];
      expect(groups).toHaveLength(1);
      await redis.set('{stream:h}:entries', 'x');
      await expect(new StreamConsumer(redis, 'h', { group: 'g' }).ensureGroup()).rejects.toThrow(
        /^StreamConsumer.ensureGroup\(h, g\): WRONGTYPE/,
      );
    });
  });

  it('runs the handler on every entry once, acknowledges, and stops at once', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const producer = new StreamProducer<Order>(redis, 'jobs');
      for (let n = 0; n < 25; n++) await producer.add({ n });
      const seen: number[] = [];
      const a = new StreamConsumer<Order>(redis, 'jobs', {
        group: 'g',
        consumer: 'a',
        count: 4,
        blockMs: 5000,
      });
      const b = new StreamConsumer<Order>(redis, 'jobs', {
        group: 'g',
        consumer: 'b',
        count: 4,
        blockMs: 5000,
      });
      const handler = async (order: Order) => {
        seen.push(order.n);
      };
      const runs = [a.run(handler), b.run(handler)];
      for (let n = 25; n < 40; n++) await producer.add({ n });
      await until('40 entries', () => seen.length >= 40);
      await new Promise((r) => setTimeout(r, 20)); // nothing runs twice
      expect([...seen].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, n) => n));
      expect(await a.pendingCount()).toBe(0);
      const started = Date.now();
      await Promise.all([a.stop(), b.stop()]);
      await Promise.all(runs);
      expect(Date.now() - started).toBeLessThan(2000); // CLIENT UNBLOCK, not the 5 s block
    });
  });

  it('takes over the entries of a dead consumer after the idle time', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const producer = new StreamProducer<Order>(redis, 'recover');
      for (let n = 0; n < 3; n++) await producer.add({ n });
      const dead = new StreamConsumer<Order>(redis, 'recover', { group: 'g', consumer: 'dead', blockMs: 10 });
      expect((await dead.next()).map((e) => [e.data.n, e.deliveries])).toEqual([
        [0, 1],
        [1, 1],
        [2, 1],
      ]);
      // 'dead' never acknowledges. A fresh consumer finds nothing stale yet...
      const live = new StreamConsumer<Order>(redis, 'recover', {
        group: 'g',
        consumer: 'live',
        minIdleMs: 200,
        blockMs: 10,
      });
      expect(await live.claimStale()).toEqual([]);
      await t.pass(250);
      const claimed = await live.claimStale();
      expect(claimed.map((e) => [e.data.n, e.deliveries])).toEqual([
        [0, 2],
        [1, 2],
        [2, 2],
      ]);
      for (const e of claimed) await e.ack();
      expect(await live.pendingCount()).toBe(0);
      await dead.stop();
      await live.stop();
    });
  });

  it('takes back its own pending entries when restarted under the same name', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const producer = new StreamProducer<Order>(redis, 'restart');
      for (let n = 0; n < 3; n++) await producer.add({ n });
      const before = new StreamConsumer<Order>(redis, 'restart', {
        group: 'g',
        consumer: 'w1',
        count: 2,
        blockMs: 10,
      });
      const first = await before.next();
      expect(first.map((e) => e.data.n)).toEqual([0, 1]);
      await first[0].ack(); // then the process dies holding entry 1
      await before.stop();
      const again = new StreamConsumer<Order>(redis, 'restart', {
        group: 'g',
        consumer: 'w1',
        count: 2,
        blockMs: 10,
      });
      const resumed = await again.next();
      expect(resumed.map((e) => [e.data.n, e.deliveries])).toEqual([[1, 2]]);
      await resumed[0].ack();
      expect((await again.next()).map((e) => [e.data.n, e.deliveries])).toEqual([[2, 1]]);
      await again.stop(); // and dies again, holding entry 2
      // Restarted with maxDeliveries 1, the entry delivered twice goes to the dead letters.
      const strict = { group: 'g', consumer: 'w1', count: 2, blockMs: 10, maxDeliveries: 1 };
      const after = new StreamConsumer<Order>(redis, 'restart', strict);
      expect(await after.next()).toEqual([]);
      expect((await after.deadLetters()).map((d) => [d.data, d.deliveries])).toEqual([['{"n":2}', 2]]);
      expect(await after.pendingCount()).toBe(0);
      await after.stop();
    });
  });

  it('a restarted consumer whose first pending batch is all dead-lettered goes on to the rest of its entries', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const producer = new StreamProducer<Order>(redis, 'restart-poison');
      for (let n = 0; n < 3; n++) await producer.add({ n });
      const options = { group: 'g', consumer: 'w1', count: 1, blockMs: 10 };
      const before = new StreamConsumer<Order>(redis, 'restart-poison', options);
      expect((await before.next()).map((e) => e.data.n)).toEqual([0]);
      await before.stop(); // dies holding entry 0 (delivered once)
      const middle = new StreamConsumer<Order>(redis, 'restart-poison', options);
      expect((await middle.next()).map((e) => [e.data.n, e.deliveries])).toEqual([[0, 2]]);
      expect((await middle.next()).map((e) => [e.data.n, e.deliveries])).toEqual([[1, 1]]);
      await middle.stop(); // dies holding entries 0 (delivered twice) and 1 (once)
      // Entry 0 is over the limit and goes to the dead letters; entry 1 is still this consumer's to
      // run, now, not after minIdleMs (60 s) when XAUTOCLAIM would find it.
      const after = new StreamConsumer<Order>(redis, 'restart-poison', { ...options, maxDeliveries: 2 });
      expect((await after.next()).map((e) => [e.data.n, e.deliveries])).toEqual([[1, 2]]);
      expect((await after.deadLetters()).map((d) => d.data)).toEqual(['{"n":0}']);
      await after.stop();
    });
  });

  it('dead-letters an entry after maxDeliveries, and one that is not JSON at once', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const producer = new StreamProducer<Order>(redis, 'poison');
      const id = await producer.add({ n: 666 });
      const c = new StreamConsumer<Order>(redis, 'poison', {
        group: 'g',
        consumer: 'c',
        minIdleMs: 100,
        claimIntervalMs: 0,
        maxDeliveries: 2,
        blockMs: 10,
      });
      expect((await c.next()).map((e) => e.deliveries)).toEqual([1]); // fails: not acknowledged
      await t.pass(150);
      expect((await c.next()).map((e) => e.deliveries)).toEqual([2]);
      await t.pass(150);
      expect(await c.next()).toEqual([]); // the third delivery goes to the dead letters instead
      expect(await c.pendingCount()).toBe(0);
      const [letter] = await c.deadLetters();
      expect(letter).toMatchObject({
        originalId: id,
        data: '{"n":666}',
        deliveries: 3,
        group: 'g',
        consumer: 'c',
        reason: 'delivered 3 times (more than 2)',
      });
      expect(c.deadKey).toBe('{stream:poison}:dead');

      const junk = await redis.xadd(producer.key, '*', 'data', 'not json');
      expect(await c.next()).toEqual([]);
      await until('the junk dead letter', async () => (await c.deadLetters()).length === 2);
      const [second] = await c.deadLetters();
      expect(second.originalId).toBe(junk);
      expect(second.reason).toMatch(/^not a JSON event/);
      expect(await c.pendingCount()).toBe(0);
      await c.stop();
    });
  });

  it('reports a failing handler and runs the entry again once it is stale', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const errors: StreamErrorContext[] = [];
      const producer = new StreamProducer<Order>(redis, 'retry');
      await producer.add({ n: 1 });
      const attempts: number[] = [];
      const c = new StreamConsumer<Order>(redis, 'retry', {
        group: 'g',
        minIdleMs: 100,
        claimIntervalMs: 0,
        blockMs: 20,
        onError: (_e, ctx) => errors.push(ctx),
      });
      const run = c.run(async (_order, entry) => {
        attempts.push(entry.deliveries);
        if (entry.deliveries === 1) throw new Error('flaky');
      });
      await until('the first failure', () => errors.length === 1);
      expect(errors[0].kind).toBe('handler');
      await t.pass(150);
      await until('the second attempt', () => attempts.length === 2);
      await c.stop();
      await run;
      expect(attempts).toEqual([1, 2]);
      expect(await c.pendingCount()).toBe(0);
    });
  });

  it('stops gracefully: the entry in progress finishes, the rest stay pending', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const producer = new StreamProducer<Order>(redis, 'graceful');
      for (let n = 0; n < 3; n++) await producer.add({ n });
      let release: () => void = () => {};
      const done: number[] = [];
      const c = new StreamConsumer<Order>(redis, 'graceful', { group: 'g', count: 3, blockMs: 50 });
      let started = false;
      const run = c.run(async (order) => {
        started = true;
        await new Promise<void>((r) => {
          release = r;
        });
        done.push(order.n);
      });
      await until('the first handler', () => started);
      const stopped = c.stop();
      await new Promise((r) => setTimeout(r, 30));
      expect(done).toEqual([]); // stop waits for the handler
      release();
      await stopped;
      await run;
      expect(done).toEqual([0]);
      expect(await c.pendingCount()).toBe(2); // read but not started: another consumer takes them over
    });
  });

  it('iterates entries, acknowledging each when the loop moves on', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const producer = new StreamProducer<Order>(redis, 'iter');
      for (let n = 0; n < 5; n++) await producer.add({ n });
      const c = new StreamConsumer<Order>(redis, 'iter', { group: 'g', count: 2, blockMs: 20 });
      const seen: number[] = [];
      for await (const entry of c) {
        seen.push(entry.data.n);
        // 0 and 1 acknowledged; 2 (in hand) and 3 (same batch) pending
        if (entry.data.n === 2) expect(await c.pendingCount()).toBe(2);
        if (seen.length === 5) {
          await entry.ack();
          break;
        }
      }
      expect(seen).toEqual([0, 1, 2, 3, 4]);
      expect(await c.pendingCount()).toBe(0);
    });
  });
});
