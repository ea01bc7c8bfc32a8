// respite/patterns: the Redis patterns backends build on, as TypeScript on ioredis. Every class takes
// an ioredis `Redis` or `Cluster` and a key prefix, keeps the keys one operation touches under one
// hash tag (so it runs on Redis Cluster), and reports Redis's errors with the operation that met them.

// 1. Cache: RedisCache, cached().
export * from './cache.js';
// Shared: the connection type and the error the patterns throw with context.
export type { RedisClient } from './keys.js';
// 6. Leaderboard: Leaderboard (and Board, the read side of one board).
export * from './leaderboard.js';
// 7. Lock: RedisLock, withLock(), Redlock.
export * from './lock.js';
export * from './middleware.js';
// 3. Pub/Sub: PubSub.
export * from './pubsub.js';
// 2. Task queue and worker: SimpleQueue, Worker.
export * from './queue.js';
// 4. Rate limiter: RateLimiter, and middleware for node:http / Express and Fastify.
export * from './rate-limiter.js';
export { PatternError } from './script.js';
// 5. Sessions: RedisSessionStore, expressSessionStore().
export * from './session.js';
// 8. Streams: StreamProducer, StreamConsumer.
export * from './streams.js';
export * from './worker.js';
