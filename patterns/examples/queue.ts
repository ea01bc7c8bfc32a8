// SimpleQueue and Worker against a local server: `npx respite server`, then
// `node dist/patterns/examples/queue.js`. Ctrl-C stops the worker after its running tasks.

import { Redis } from 'ioredis';
import { SimpleQueue } from '../queue.js';
import { Worker } from '../worker.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const queue = new SimpleQueue(redis, 'emails', {
  visibilityTimeout: 10_000,
  maxAttempts: 3,
  backoff: { base: 200 },
});

await queue.enqueue('welcome', { to: 'ada@example.com' });
await queue.enqueue('welcome', { to: 'vip@example.com' }, { priority: 10 }); // runs first
await queue.enqueue('reminder', { to: 'ada@example.com' }, { delay: 1000 }); // runs after a second
await queue.enqueue('welcome', { to: 'bounce@example.com' }); // fails, retried with backoff, then dead-lettered

const worker = new Worker(queue, {
  concurrency: 2,
  onCompleted: (task) => console.log('done', task.type, task.payload),
  onFailed: (task, error, outcome) => console.log('failed', task.payload, String(error), '->', outcome),
})
  .register<{ to: string }>('welcome', async ({ to }) => {
    if (to.startsWith('bounce')) throw new Error(`mailbox ${to} does not exist`);
    await new Promise((r) => setTimeout(r, 50));
  })
  .register<{ to: string }>('reminder', async () => {});

const running = worker.run();
// Stop once everything is settled (a long-running worker would just keep running until SIGTERM).
for (;;) {
  const stats = await queue.stats();
  if (stats.completed + stats.deadLettered >= stats.enqueued) break;
  await new Promise((r) => setTimeout(r, 100));
}
await worker.stop();
await running;
console.log(await queue.stats());
console.log(
  'dead letters:',
  (await queue.deadLetters()).map((d) => [d.task.payload, d.error.split('\n')[0]]),
);
await queue.close();
await redis.quit();
