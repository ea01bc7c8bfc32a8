// A BullMQ delayed job, tested without waiting: the job is due in an hour; the test moves time an
// hour on and the worker runs it at once.
//
// BullMQ reads time in two places: its Lua scripts compare job timestamps with a time the client
// passes in (Date.now() in the client process), and its worker waits for the next delayed job with a
// blocking command whose timeout runs on the server clock. So the test moves both: vitest's fake
// Date for the client, respite's clock for the server. Only Date is faked, so ioredis's and BullMQ's
// own timers keep running in real time.
//
// In your project: import { startServer } from 'respite/testing';

import { Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startServer, type TestServer } from '../../../server/testing/index.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ clock: 'frozen' });
  vi.useFakeTimers({ toFake: ['Date'], now: server.clock.now() });
});

afterAll(async () => {
  vi.useRealTimers();
  await server.close();
});

/** Move the client's Date and respite's clock forward together. */
function timeTravel(ms: number): void {
  vi.setSystemTime(Date.now() + ms);
  server.clock.advance(ms);
}

it('runs a job delayed by an hour once an hour has passed, and not before', async () => {
  const connection = { host: server.host, port: server.port, maxRetriesPerRequest: null };
  const queue = new Queue('emails', { connection });
  const done: string[] = [];
  const worker = new Worker(
    'emails',
    async (job) => {
      done.push(job.data.to);
    },
    { connection },
  );
  await worker.waitUntilReady();

  await queue.add('reminder', { to: 'ada@example.com' }, { delay: 60 * 60 * 1000 });
  expect(await queue.getDelayedCount()).toBe(1);

  timeTravel(59 * 60 * 1000); // not yet due
  await new Promise((r) => setTimeout(r, 100));
  expect(done).toEqual([]);

  const completed = new Promise((resolve) => worker.once('completed', resolve));
  timeTravel(60 * 1000);
  await completed;
  expect(done).toEqual(['ada@example.com']);
  expect(await queue.getCompletedCount()).toBe(1);

  await worker.close();
  await queue.close();
});
