// The pattern clients on a real 3-master Redis Cluster through ioredis's Cluster client: every script
// and MULTI must find its keys in one slot (the hash tags), PUBLISH must reach a subscriber on any
// node, and SCAN-based operations must visit every master.

import session from 'express-session';
import { describe, expect, it } from 'vitest';
import { Leaderboard } from '../../patterns/leaderboard.js';
import { PubSub } from '../../patterns/pubsub.js';
import { expressSessionStore, RedisSessionStore } from '../../patterns/session.js';
import { StreamConsumer, StreamProducer } from '../../patterns/streams.js';
import { useCluster } from '../support/cluster.js';

const cluster = useCluster();
const onCluster = it.skipIf(!cluster.available);

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Which masters hold at least one key: proves the test spread its data over several nodes. */
async function mastersWithKeys(redis: ReturnType<typeof cluster.client>): Promise<number> {
  let n = 0;
  for (const node of redis.nodes('master')) if ((await node.dbsize()) > 0) n++;
  return n;
}

describe('on a Redis Cluster', () => {
  onCluster('PubSub: messages reach subscribers whatever node holds the channel', async () => {
    const redis = cluster.client();
    const ps = new PubSub<{ n: number }>(redis, { prefix: 'app:' });
    const got: string[] = [];
    const channels = ['a', 'b', 'c', 'd', 'e', 'f'];
    await ps.subscribe(channels, (data, m) => {
      got.push(`${m.channel}=${data.n}`);
    });
    await ps.psubscribe('p.*', (data, m) => {
      got.push(`${m.pattern}:${m.channel}=${data.n}`);
    });
    for (const [i, c] of channels.entries()) await ps.publish(c, { n: i });
    await ps.publish('p.x', { n: 9 });
    await until('seven messages', () => got.length === 7);
    expect(got.sort()).toEqual(['a=0', 'b=1', 'c=2', 'd=3', 'e=4', 'f=5', 'p.*:p.x=9']);
    await ps.close();
  });

  onCluster('PubSub: subscriptions survive the subscriber connection being killed', async () => {
    const redis = cluster.client();
    const ps = new PubSub<number>(redis, { onError: () => {} });
    const got: number[] = [];
    await ps.subscribe('live', (n) => {
      got.push(n);
    });
    let killed = 0;
    for (const node of redis.nodes('master'))
      killed += Number(await node.call('CLIENT', 'KILL', 'TYPE', 'pubsub'));
    // ioredis's cluster subscriber may hold a second pubsub connection for a while (one to the node it
    // moves to): at least ours is killed.
    expect(killed).toBeGreaterThanOrEqual(1);
    await until('a message after the reconnect', async () => {
      await ps.publish('live', 1);
      await new Promise((r) => setTimeout(r, 20));
      return got.length > 0;
    });
    await ps.close();
  });

  onCluster('RedisSessionStore: scripts run in the slot of each user', async () => {
    const redis = cluster.client();
    const store = new RedisSessionStore<{ n: number }>(redis);
    const ids: Record<string, string[]> = {};
    for (let u = 0; u < 12; u++) {
      ids[`user${u}`] = [await store.create(`user${u}`, { n: u }), await store.create(`user${u}`, { n: -u })];
    }
    expect(await mastersWithKeys(redis)).toBeGreaterThan(1);
    for (let u = 0; u < 12; u++) {
      const [a, b] = ids[`user${u}`];
      expect((await store.get(a))?.data).toEqual({ n: u });
      expect(await store.update(b, { n: 100 + u })).toBe(true);
      expect((await store.peek(b))?.data).toEqual({ n: 100 + u });
      expect((await store.listForUser(`user${u}`)).sort()).toEqual([a, b].sort());
    }
    expect(await store.destroy(ids.user0[0])).toBe(true);
    expect(await store.destroyAllForUser('user0')).toBe(1);
    expect(await store.destroyAllForUser('user1')).toBe(2);
    expect(await store.get(ids.user1[0])).toBeNull();
    expect((await store.get(ids.user2[0]))?.userId).toBe('user2');
  });

  onCluster('express-session store: all, length and clear visit every master', async () => {
    const redis = cluster.client();
    const store = new (expressSessionStore(session))({ client: redis });
    const call = <R>(f: (cb: (err?: unknown, r?: R) => void) => void) =>
      new Promise<R | undefined>((resolve, reject) => f((err, r) => (err ? reject(err) : resolve(r))));
    for (let i = 0; i < 20; i++) await call((cb) => store.set(`sid${i}`, { cookie: {}, i }, cb));
    expect(await mastersWithKeys(redis)).toBe(3);
    expect(await call<number>((cb) => store.length(cb))).toBe(20);
    const all = ((await call<unknown>((cb) => store.all(cb as never))) ?? {}) as Record<
      string,
      { i?: unknown }
    >;
    expect(Object.keys(all).length).toBe(20);
    expect(all.sid7.i).toBe(7);
    await call((cb) => store.clear(cb));
    expect(await call<number>((cb) => store.length(cb))).toBe(0);
  });

  onCluster('Leaderboard: period boards in one MULTI, around in a script, combined boards', async () => {
    const redis = cluster.client();
    let now = Date.UTC(2052, 0, 1);
    const boards = ['chess', 'go', 'poker', 'darts'].map(
      (name) => new Leaderboard(redis, name, { periods: ['daily', 'weekly'], now: () => now }),
    );
    for (const lb of boards) {
      for (let p = 0; p < 10; p++) await lb.increment(`p${p}`, p);
    }
    now += 86_400_000;
    for (const lb of boards) await lb.increment('p0', 100);
    expect(await mastersWithKeys(redis)).toBeGreaterThan(1);
    for (const lb of boards) {
      expect((await lb.top(1))[0]).toEqual({ player: 'p0', score: 100, rank: 1 });
      expect((await lb.around('p5', 1)).map((e) => e.player)).toEqual(['p6', 'p5', 'p4']);
      const day1 = lb.period('daily', Date.UTC(2052, 0, 1));
      const day2 = lb.period('daily', now);
      const both = await lb.combine('two-days', [day1, day2], { aggregate: 'MAX' });
      expect((await both.top(2)).map((e) => `${e.player}=${e.score}`)).toEqual(['p0=100', 'p9=9']);
    }
  });

  onCluster('Streams: consume, recover and dead-letter on the slot of each stream', async () => {
    const redis = cluster.client();
    for (const name of ['orders', 'emails', 'events']) {
      const producer = new StreamProducer<{ n: number }>(redis, name);
      await producer.addMany(Array.from({ length: 10 }, (_, n) => ({ n })));
      const seen: number[] = [];
      const consumer = new StreamConsumer<{ n: number }>(redis, name, {
        group: 'g',
        blockMs: 50,
        minIdleMs: 50,
        claimIntervalMs: 0,
        maxDeliveries: 1,
        onError: () => {},
      });
      const run = consumer.run((event) => {
        if (event.n === 3) throw new Error('poison');
        seen.push(event.n);
      });
      await until(`the dead letter of ${name}`, async () => (await consumer.deadLetters()).length === 1);
      await consumer.stop();
      await run;
      expect(seen).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
      expect((await consumer.deadLetters())[0].data).toBe('{"n":3}');
      expect(await consumer.pendingCount()).toBe(0);
    }
    expect(await mastersWithKeys(redis)).toBeGreaterThan(1);
  });
});
