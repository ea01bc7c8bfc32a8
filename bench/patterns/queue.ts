// Bench cases for SimpleQueue and Worker (see bench/patterns.ts for the case shape): tasks processed
// per second by 4 workers (each its own connection, 4 tasks at once), enqueue included; and enqueue
// alone, in batches of 100.

import type { Redis } from 'ioredis';
import { SimpleQueue } from '../../patterns/queue.js';
import { Worker } from '../../patterns/worker.js';
import type { PatternCase } from '../patterns.js';

async function processTasks(redis: Redis, n: number): Promise<number> {
  const connections = Array.from({ length: 4 }, () => redis.duplicate());
  const queues = connections.map((c) => new SimpleQueue(c, 'bench'));
  let done = 0;
  let finished: () => void = () => {};
  let failed: (err: unknown) => void = () => {};
  const all = new Promise<void>((resolve, reject) => {
    finished = resolve;
    failed = reject;
  });
  const workers = queues.map((q) =>
    new Worker(q, {
      concurrency: 4,
      pollInterval: 50,
      handleSignals: false,
      onError: (err) => failed(err),
      onCompleted: () => {
        if (++done === n) finished();
      },
    }).register('job', () => {}),
  );
  const running = workers.map((w) => w.run());
  try {
    const producer = new SimpleQueue(redis, 'bench');
    for (let i = 0; i < n; i += 100) {
      await producer.enqueueMany(
        Array.from({ length: Math.min(100, n - i) }, (_, j) => ({ type: 'job', payload: { i: i + j } })),
      );
    }
    await all;
  } finally {
    // Workers first: a worker left running would retry on closed connections forever.
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all(running);
    await Promise.all(queues.map((q) => q.close()));
    for (const c of connections) c.disconnect();
  }
  return done;
}

export const cases: PatternCase[] = [
  { name: 'queue tasks processed (4 workers × 4)', n: 5000, run: processTasks },
  {
    name: 'queue enqueue (batches of 100)',
    async run(redis, n) {
      const queue = new SimpleQueue(redis, 'bench-enqueue');
      for (let i = 0; i < n; i += 100) {
        await queue.enqueueMany(
          Array.from({ length: Math.min(100, n - i) }, () => ({ type: 'job', payload: i })),
        );
      }
      return n;
    },
  },
];
