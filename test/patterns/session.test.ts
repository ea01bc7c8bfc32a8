// RedisSessionStore and the express-session store (patterns/session.ts) on respite and on a real Redis.
// TTLs are short (a few hundred ms) because on Redis t.pass really waits; on respite it moves the clock.

import type { AddressInfo } from 'node:net';
import express from 'express';
import session from 'express-session';
import { describe, expect, it } from 'vitest';
import { expressSessionStore, RedisSessionStore } from '../../patterns/session.js';
import { useTargets } from '../support/targets.js';

const both = useTargets();

interface Profile extends Record<string, unknown> {
  name: string;
  age: number;
  admin: boolean;
  tags: string[];
  prefs: { theme: string; size: number | null };
  seen?: string;
}

const profile: Profile = {
  name: 'Zoë',
  age: 37,
  admin: false,
  tags: ['a', 'b'],
  prefs: { theme: 'dark', size: null },
};

describe('RedisSessionStore', () => {
  it('keeps typed fields, the user and the creation time', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const store = new RedisSessionStore<Profile>(redis, { prefix: 'sess' });
      const [seconds] = await redis.time();
      const id = await store.create('user:1', { ...profile, seen: new Date(0).toISOString() });
      expect(id).toMatch(/^[0-9a-f]{4}\.[A-Za-z0-9_-]{43}$/);
      const s = await store.get(id);
      expect(s?.id).toBe(id);
      expect(s?.userId).toBe('user:1');
      expect(s?.data).toEqual({ ...profile, seen: '1970-01-01T00:00:00.000Z' });
      expect(Math.abs((s?.createdAt ?? 0) - Number(seconds) * 1000)).toBeLessThan(2000);
      // The session and its user's index share one hash tag (one cluster slot).
      const keys = (await redis.keys('*')).sort();
      expect(keys).toHaveLength(2);
      for (const k of keys) expect(k.startsWith(`{sess:${id.slice(0, 4)}}:`)).toBe(true);
      expect(await store.get('nope')).toBeNull();
      expect(await store.get('*')).toBeNull();
    });
  });

  it('gives each session 256 random bits', async () => {
    await both.each(async (t) => {
      const store = new RedisSessionStore(t.ioredis());
      const ids = new Set<string>();
      for (let i = 0; i < 50; i++) ids.add(await store.create('same-user', {}));
      expect(ids.size).toBe(50);
      const tags = new Set([...ids].map((id) => id.slice(0, 4)));
      expect(tags.size).toBe(1);
      const bytes = Buffer.from([...ids][0].slice(5), 'base64url');
      expect(bytes.length).toBe(32);
    });
  });

  it('slides the expiration on get, not on peek', async () => {
    await both.each(async (t) => {
      const store = new RedisSessionStore(t.ioredis(), { ttlSeconds: 0.4 });
      const id = await store.create('u', { n: 1 });
      await t.pass(250);
      expect(await store.get(id)).not.toBeNull();
      await t.pass(250); // 500 ms after create, 250 after the get
      expect(await store.peek(id)).not.toBeNull();
      await t.pass(250); // peek did not renew
      expect(await store.peek(id)).toBeNull();
      expect(await store.listForUser('u')).toEqual([]);
    });
  });

  it('updates atomically: fields set and removed, TTL renewed, an expired session stays gone', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const store = new RedisSessionStore<Profile>(redis, { ttlSeconds: 0.3 });
      const id = await store.create('u', profile);
      expect(await store.update(id, { age: 38, seen: 'now', prefs: { theme: 'light', size: 2 } })).toBe(true);
      expect(await store.update(id, { seen: undefined })).toBe(true);
      expect((await store.peek(id))?.data).toEqual({
        ...profile,
        age: 38,
        prefs: { theme: 'light', size: 2 },
      });
      const ttl = await store.ttl(id);
      expect(ttl).toBeGreaterThan(0);
      await t.pass(400);
      expect(await store.update(id, { age: 40 })).toBe(false);
      expect(await redis.dbsize()).toBe(0); // not recreated, with or without a TTL
      expect(await store.update('junk', { age: 1 })).toBe(false);
    });
  });

  it('destroys one session, or all of a user', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const store = new RedisSessionStore(redis);
      const a = [
        await store.create('ann', { d: 1 }),
        await store.create('ann', { d: 2 }),
        await store.create('ann', {}),
      ];
      const b = await store.create('bob', { d: 3 });
      expect((await store.listForUser('ann')).sort()).toEqual([...a].sort());
      expect(await store.destroy(a[0])).toBe(true);
      expect(await store.destroy(a[0])).toBe(false);
      expect((await store.listForUser('ann')).sort()).toEqual([a[1], a[2]].sort());
      expect(await store.destroyAllForUser('ann')).toBe(2);
      for (const id of a) expect(await store.get(id)).toBeNull();
      expect(await store.listForUser('ann')).toEqual([]);
      expect((await store.get(b))?.data).toEqual({ d: 3 });
      expect(await store.destroyAllForUser('nobody')).toBe(0);
    });
  });

  it('works through an ioredis keyPrefix: the index and log-out-everywhere stay under the prefix', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis({ keyPrefix: 'app:' });
      const store = new RedisSessionStore(redis);
      const a = await store.create('ann', { d: 1 });
      const b = await store.create('ann', { d: 2 });
      expect(await store.update(a, { d: 3 })).toBe(true);
      expect((await store.get(a))?.data).toEqual({ d: 3 });
      expect((await store.listForUser('ann')).sort()).toEqual([a, b].sort());
      expect(await store.destroy(b)).toBe(true);
      expect(await store.listForUser('ann')).toEqual([a]);
      expect(await store.destroyAllForUser('ann')).toBe(1);
      expect(await store.get(a)).toBeNull();
      // Every key the store wrote is under the client's prefix.
      expect(await t.ioredis().keys('*')).toEqual([]);
    });
  });

  it('refuses data that is not JSON, naming the field', async () => {
    await both.each(async (t) => {
      const store = new RedisSessionStore(t.ioredis());
      await expect(store.create('u', { f: () => 1 })).rejects.toThrow(/field f is not JSON-serializable/);
    });
  });
});

describe('the express-session store', () => {
  it('lists, counts and clears through an ioredis keyPrefix', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis({ keyPrefix: 'app:' });
      const store = new (expressSessionStore(session))({ client: redis });
      const call = <R>(f: (cb: (err?: unknown, r?: R) => void) => void) =>
        new Promise<R | undefined>((resolve, reject) => f((err, r) => (err ? reject(err) : resolve(r))));
      await call((cb) => store.set('a', { cookie: {}, n: 1 }, cb));
      expect(await t.ioredis().exists('app:sess:a')).toBe(1);
      expect(await call<number>((cb) => store.length(cb))).toBe(1);
      expect(await call((cb) => store.all(cb))).toEqual({ a: { cookie: {}, n: 1 } });
      await call((cb) => store.clear(cb));
      expect(await t.ioredis().exists('app:sess:a')).toBe(0);
    });
  });

  it('is a Store subclass that express-session drives: login, read, logout', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const RedisStore = expressSessionStore(session);
      const store = new RedisStore({ client: redis, prefix: 'web:' });
      expect(store).toBeInstanceOf(session.Store);
      const app = express();
      app.use(
        session({
          store,
          secret: 'test',
          resave: false,
          saveUninitialized: false,
          cookie: { maxAge: 60_000 },
        }),
      );
      app.post('/login', (req, res) => {
        (req.session as unknown as Record<string, unknown>).user = { name: 'ann', roles: ['admin'] };
        res.send('ok');
      });
      app.get('/me', (req, res) => {
        res.json((req.session as unknown as Record<string, unknown>).user ?? null);
      });
      app.post('/logout', (req, res) => {
        req.session.destroy(() => res.send('bye'));
      });
      const server = app.listen(0);
      try {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const login = await fetch(`${base}/login`, { method: 'POST' });
        const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
        expect(cookie).toMatch(/^connect\.sid=/);
        const me = await fetch(`${base}/me`, { headers: { cookie } });
        expect(await me.json()).toEqual({ name: 'ann', roles: ['admin'] });
        const keys = await redis.keys('web:*');
        expect(keys).toHaveLength(1);
        const ttl = await redis.pttl(keys[0]);
        expect(ttl).toBeGreaterThan(55_000);
        expect(ttl).toBeLessThanOrEqual(60_000);
        await fetch(`${base}/logout`, { method: 'POST', headers: { cookie } });
        expect(await redis.exists(keys[0])).toBe(0);
        expect(await (await fetch(`${base}/me`, { headers: { cookie } })).json()).toBeNull();
      } finally {
        server.close();
      }
    });
  });

  it('lists, counts, touches and clears through the callback API', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const store = new (expressSessionStore(session))({ client: redis, prefix: 's*:', ttlSeconds: 100 });
      const call = <R>(f: (cb: (err?: unknown, r?: R) => void) => void) =>
        new Promise<R | undefined>((resolve, reject) => f((err, r) => (err ? reject(err) : resolve(r))));
      await redis.set('sX:other', 'not ours');
      await call((cb) => store.set('a', { cookie: {}, n: 1 }, cb));
      await call((cb) => store.set('b', { cookie: { expires: new Date(Date.now() + 5000) }, n: 2 }, cb));
      expect(await call<number>((cb) => store.length(cb))).toBe(2);
      expect(await call((cb) => store.all(cb))).toEqual({
        a: { cookie: {}, n: 1 },
        b: expect.objectContaining({ n: 2 }),
      });
      expect(await redis.pttl('s*:a')).toBeGreaterThan(99_000);
      expect(await redis.pttl('s*:b')).toBeLessThanOrEqual(5000);
      await call((cb) => store.touch('missing', { cookie: {} }, cb));
      expect(await redis.exists('s*:missing')).toBe(0); // touch never creates
      await call((cb) => store.set('gone', { cookie: { expires: new Date(Date.now() - 1) } }, cb));
      expect(await redis.exists('s*:gone')).toBe(0);
      await call((cb) => store.clear(cb));
      expect(await call<number>((cb) => store.length(cb))).toBe(0);
      expect(await redis.get('sX:other')).toBe('not ours');
      expect(await call((cb) => store.get('a', cb))).toBeNull();
    });
  });
});
