// RateLimiter and its middleware against a local server: `npx respite server`, then
// `node dist/patterns/examples/rate-limiter.js`, and `curl -i localhost:3000` a few times.

import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { rateLimitMiddleware } from '../middleware.js';
import { RateLimiter } from '../rate-limiter.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

// 5 requests per 10 seconds per client address; 'fixed-window' and 'token-bucket' work the same way.
const limiter = new RateLimiter(redis, {
  limit: 5,
  window: 10_000,
  algorithm: 'sliding-log',
  prefix: 'example',
});
console.log('direct check:', await limiter.isAllowed('user:1'));

const limit = rateLimitMiddleware(limiter);
// With Express: app.use(rateLimitMiddleware(limiter)); with Fastify: app.addHook('onRequest', rateLimitHook(limiter)).
const server = createServer(async (req, res) => {
  if (!(await limit(req, res))) return; // 429 with X-RateLimit-* and Retry-After was sent
  res.end('hello\n');
});
server.listen(3000, () => console.log('listening on http://localhost:3000 (Ctrl-C to stop)'));
process.once('SIGINT', () => {
  server.close();
  void redis.quit();
});
