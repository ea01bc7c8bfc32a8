// RateLimiter (sliding log, fixed window, token bucket) and its middleware, on respite and real Redis.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { rateLimitHook, rateLimitMiddleware } from '../../patterns/middleware.js';
import { type RateLimitAlgorithm, RateLimiter } from '../../patterns/rate-limiter.js';
import { useTargets } from '../support/targets.js';

const both = useTargets();
const algorithms: RateLimitAlgorithm[] = ['sliding-log', 'fixed-window', 'token-bucket'];

describe('RateLimiter', () => {
  for (const algorithm of algorithms) {
    it(`${algorithm}: 200 concurrent requests against a limit of 50 allow exactly 50`, async () => {
      await both.each(async (t) => {
        // Several connections, as several app processes would have.
        const clients = Array.from({ length: 4 }, () => t.ioredis());
        const limiters = clients.map((r) => new RateLimiter(r, { limit: 50, window: 60_000, algorithm }));
        const results = await Promise.all(
          Array.from({ length: 200 }, (_, i) => limiters[i % limiters.length].isAllowed('user:1')),
        );
        expect(results.filter((r) => r.allowed)).toHaveLength(50);
        for (const r of results.filter((r) => !r.allowed)) {
          expect(r.remaining).toBe(0);
          expect(r.retryAfter).toBeGreaterThan(0);
          expect(r.retryAfter).toBeLessThanOrEqual(60_000);
        }
        // Another key has its own allowance.
        expect((await limiters[0].isAllowed('user:2')).allowed).toBe(true);
      });
    });

    it(`${algorithm}: reports current, remaining, resetAt and retryAfter; allows again once the window passed`, async () => {
      await both.each(async (t) => {
        const redis = t.ioredis();
        const limiter = new RateLimiter(redis, { limit: 3, window: 200, algorithm });
        // Start just after a window boundary, so a fixed window holds all the requests below.
        const [seconds, micros] = await redis.time();
        const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
        await t.pass(200 - (now % 200) + 1);
        const before = now;
        const first = await limiter.isAllowed('k');
        expect(first).toMatchObject({ allowed: true, current: 1, limit: 3, remaining: 2, retryAfter: 0 });
        expect(first.resetAt).toBeGreaterThanOrEqual(before);
        expect(first.resetAt).toBeLessThanOrEqual(before + 1000 + 200);
        await limiter.isAllowed('k');
        expect(await limiter.isAllowed('k')).toMatchObject({ allowed: true, current: 3, remaining: 0 });
        const rejected = await limiter.isAllowed('k');
        expect(rejected).toMatchObject({ allowed: false, current: 3, remaining: 0 });
        expect(rejected.retryAfter).toBeGreaterThan(0);
        expect(rejected.retryAfter).toBeLessThanOrEqual(200);
        await t.pass(rejected.retryAfter + 5);
        expect((await limiter.isAllowed('k')).allowed).toBe(true);
        await limiter.reset('k');
        expect(await limiter.isAllowed('k')).toMatchObject({ allowed: true, current: 1 });
      });
    });
  }

  it('sliding-log: two requests in the same microsecond count twice; a rejected one leaves no trace', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const limiter = new RateLimiter(redis, { limit: 5, window: 1000 });
      // One pipeline: the server may well read the same TIME for both.
      await Promise.all([limiter.isAllowed('u'), limiter.isAllowed('u')]);
      expect(await redis.zcard('ratelimit:sliding-log:u')).toBe(2);
      for (let i = 0; i < 5; i++) await limiter.isAllowed('u');
      expect(await redis.zcard('ratelimit:sliding-log:u')).toBe(5);
      const ttl = await redis.pttl('ratelimit:sliding-log:u');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(1000);
    });
  });

  it('the sliding log lets a request in exactly when the oldest one leaves the window', async () => {
    await both.each(async (t) => {
      const limiter = new RateLimiter(t.ioredis(), { limit: 2, window: 300 });
      await limiter.isAllowed('s');
      await t.pass(150);
      await limiter.isAllowed('s');
      const rejected = await limiter.isAllowed('s');
      expect(rejected.allowed).toBe(false);
      expect(rejected.retryAfter).toBeLessThanOrEqual(150);
      await t.pass(rejected.retryAfter + 5);
      expect((await limiter.isAllowed('s')).allowed).toBe(true);
      expect((await limiter.isAllowed('s')).allowed).toBe(false);
    });
  });

  it('the token bucket refills continuously', async () => {
    await both.each(async (t) => {
      const limiter = new RateLimiter(t.ioredis(), { limit: 4, window: 400, algorithm: 'token-bucket' });
      for (let i = 0; i < 4; i++) expect((await limiter.isAllowed('b')).allowed).toBe(true);
      const rejected = await limiter.isAllowed('b');
      expect(rejected.allowed).toBe(false);
      expect(rejected.retryAfter).toBeLessThanOrEqual(100);
      await t.pass(110); // one token (400 ms / 4)
      expect((await limiter.isAllowed('b')).allowed).toBe(true);
      expect((await limiter.isAllowed('b')).allowed).toBe(false);
    });
  });

  it('Redis errors reach the caller with the operation named', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      await redis.set('ratelimit:sliding-log:x', 'a string');
      const limiter = new RateLimiter(redis, { limit: 5, window: 1000 });
      await expect(limiter.isAllowed('x')).rejects.toThrow(/^rateLimiter\.slidingLog: .*WRONGTYPE/);
    });
  });

  it('refuses a limit or window that is not a positive integer', () => {
    const redis = {} as never;
    expect(() => new RateLimiter(redis, { limit: 0, window: 10 })).toThrow(RangeError);
    expect(() => new RateLimiter(redis, { limit: 1, window: 1.5 })).toThrow(RangeError);
  });
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function expectLimited(res: Response, remaining: string) {
  expect(res.headers.get('x-ratelimit-limit')).toBe('2');
  expect(res.headers.get('x-ratelimit-remaining')).toBe(remaining);
  expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(1_600_000_000);
}

async function threeRequests(url: string): Promise<void> {
  const a = await fetch(url, { headers: { 'x-user': 'ann' } });
  expect(a.status).toBe(200);
  expectLimited(a, '1');
  expect(a.headers.get('retry-after')).toBeNull();
  const b = await fetch(url, { headers: { 'x-user': 'ann' } });
  expect(b.status).toBe(200);
  expectLimited(b, '0');
  const c = await fetch(url, { headers: { 'x-user': 'ann' } });
  expect(c.status).toBe(429);
  expectLimited(c, '0');
  expect(Number(c.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(Number(c.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  expect(await c.json()).toMatchObject({ error: 'Too Many Requests' });
  // Another user is not limited by ann's requests.
  expect((await fetch(url, { headers: { 'x-user': 'bob' } })).status).toBe(200);
}

const byUser = (req: { headers: Record<string, string | string[] | undefined> }) =>
  String(req.headers['x-user']);

describe('rate-limit middleware', () => {
  it('node:http: 429 with the X-RateLimit headers and Retry-After', async () => {
    await both.each(async (t) => {
      const limit = rateLimitMiddleware(new RateLimiter(t.ioredis(), { limit: 2, window: 60_000 }), {
        key: byUser,
      });
      const server = createServer(async (req, res) => {
        if (!(await limit(req, res))) return;
        res.end('ok');
      });
      const url = await listen(server);
      try {
        await threeRequests(url);
      } finally {
        await close(server);
      }
    });
  });

  it('Express: 429 with the headers; a Redis error goes to the error handler, or through with failOpen', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const app = express();
      app.use(
        '/limited',
        rateLimitMiddleware(new RateLimiter(redis, { limit: 2, window: 60_000 }), { key: byUser }),
      );
      app.get('/limited', (_req, res) => void res.send('ok'));
      const broken = new RateLimiter(redis, { limit: 2, window: 60_000, prefix: 'broken' });
      app.use('/strict', rateLimitMiddleware(broken, { key: () => 'k' }));
      app.use('/open', rateLimitMiddleware(broken, { key: () => 'k', failOpen: true }));
      app.get(['/strict', '/open'], (_req, res) => void res.send('ok'));
      app.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        res.status(503).send(err.message);
      });
      await redis.set('broken:sliding-log:k', 'not a sorted set');
      const server = createServer(app);
      const url = await listen(server);
      try {
        await threeRequests(`${url}/limited`);
        const strict = await fetch(`${url}/strict`);
        expect(strict.status).toBe(503);
        expect(await strict.text()).toMatch(/^rateLimiter\.slidingLog: .*WRONGTYPE/);
        expect((await fetch(`${url}/open`)).status).toBe(200);
      } finally {
        await close(server);
      }
    });
  });

  it('Fastify: 429 with the headers from the onRequest hook', async () => {
    await both.each(async (t) => {
      const app = Fastify();
      app.addHook(
        'onRequest',
        rateLimitHook(new RateLimiter(t.ioredis(), { limit: 2, window: 60_000 }), { key: byUser }),
      );
      app.get('/', async () => 'ok');
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      try {
        await threeRequests(url);
      } finally {
        await app.close();
      }
    });
  });
});
