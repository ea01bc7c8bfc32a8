// node-redis 5 (package redis5) and 6 (package redis) against both targets, for what they build on
// server features: client-side caching (RESP3, CLIENT TRACKING, invalidation pushes) and Pub/Sub.

import * as redis6 from 'redis';
import * as redis5 from 'redis5';
import { describe, expect, it } from 'vitest';
import { RawClient } from '../support/raw.js';
import { type Target, useTargets } from '../support/targets.js';

const both = useTargets();

/** What the tests use of a node-redis client (5 and 6 agree on it; their generic types do not mix). */
interface Client {
  connect(): Promise<unknown>;
  quit(): Promise<unknown>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  ping(): Promise<string>;
  flushAll(): Promise<string>;
  publish(channel: string, message: string): Promise<number>;
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<void>;
  pSubscribe(pattern: string, listener: (message: string, channel: string) => void): Promise<void>;
  unsubscribe(channel?: string): Promise<void>;
  pUnsubscribe(pattern?: string): Promise<void>;
  pubSubNumSub(channels: string[]): Promise<Record<string, number>>;
}

interface NodeRedis {
  createClient(options: object): Client;
  BasicClientSideCache: new (config: object) => { stats(): { hitCount: number }; size(): number };
}

/** The two node-redis versions under test. */
const VERSIONS = [
  { name: 'node-redis 5', lib: redis5 as unknown as NodeRedis },
  { name: 'node-redis 6', lib: redis6 as unknown as NodeRedis },
];

/** How many GETs the server has executed (INFO commandstats), to tell a local hit from a round trip. */
async function serverGets(t: Target): Promise<number> {
  const c = await RawClient.connect(t.port, t.host);
  const info = (await c.call('INFO', 'commandstats')).toString();
  c.close();
  return Number(/cmdstat_get:calls=(\d+)/.exec(info)?.[1] ?? 0);
}

describe.each(VERSIONS)('$name', ({ lib }) => {
  it('client-side caching: a repeated GET is served locally, and invalidated by another connection', async () => {
    await both.each(async (t) => {
      const cache = new lib.BasicClientSideCache({ ttl: 0, maxEntries: 0, evictPolicy: 'LRU' });
      const client = lib.createClient({
        url: `redis://${t.host}:${t.port}`,
        RESP: 3,
        clientSideCache: cache,
      });
      const other = lib.createClient({ url: `redis://${t.host}:${t.port}` });
      await client.connect();
      await other.connect();
      try {
        await other.set('k', 'v1');
        const before = await serverGets(t);
        expect(await client.get('k')).toBe('v1');
        expect(await client.get('k')).toBe('v1');
        expect(await client.get('k')).toBe('v1');
        expect(await serverGets(t)).toBe(before + 1); // two of the three never reached the server
        expect(cache.stats().hitCount).toBe(2);

        await other.set('k', 'v2');
        // The invalidation push precedes the reply to anything the caching connection sends next.
        await client.ping();
        expect(cache.size()).toBe(0);
        expect(await client.get('k')).toBe('v2');
        expect(await serverGets(t)).toBe(before + 2);

        await other.flushAll();
        await client.ping();
        expect(await client.get('k')).toBeNull();
      } finally {
        await client.quit();
        await other.quit();
      }
    });
  });

  it('Pub/Sub: subscribe, pattern subscribe, publish, unsubscribe', async () => {
    await both.each(async (t) => {
      const sub = lib.createClient({ url: `redis://${t.host}:${t.port}` });
      const pub = lib.createClient({ url: `redis://${t.host}:${t.port}` });
      await sub.connect();
      await pub.connect();
      try {
        const got: string[] = [];
        await sub.subscribe('news', (message, channel) => got.push(`${channel}:${message}`));
        await sub.pSubscribe('n*', (message, channel) => got.push(`p ${channel}:${message}`));
        expect(await pub.publish('news', 'hello')).toBe(2);
        expect(await pub.pubSubNumSub(['news'])).toEqual({ news: 1 });
        await sub.unsubscribe('news');
        expect(await pub.publish('news', 'again')).toBe(1);
        await sub.pUnsubscribe();
        expect(await pub.publish('news', 'nobody')).toBe(0);
        expect(got).toEqual(['news:hello', 'p news:hello', 'p news:again']);
      } finally {
        await sub.quit();
        await pub.quit();
      }
    });
  });
});
