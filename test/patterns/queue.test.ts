// SimpleQueue and Worker on respite and real Redis, including the delivery guarantee with a worker
// process killed mid-task.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimpleQueue } from '../../patterns/queue.js';
import { Worker } from '../../patterns/worker.js';
import { type Target, useTargets } from '../support/targets.js';

const both = useTargets();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Count the scripts a connection runs (each queue step is one EVALSHA). */
function countScripts(redis: Redis): { readonly calls: number } {
  const counter = { calls: 0 };
  const evalsha = redis.evalsha.bind(redis) as (...args: unknown[]) => Promise<unknown>;
  (redis as unknown as { evalsha: unknown }).evalsha = (...args: unknown[]) => {
    counter.calls++;
    return evalsha(...args);
  };
  return counter;
}

describe('SimpleQueue', () => {
  it('runs higher priorities first, in enqueue order within a priority, with unique ids', async () => {
    await both.each(async (t) => {
      const queue = new SimpleQueue(t.ioredis(), 'emails');
      const ids = await queue.enqueueMany(
        Array.from({ length: 300 }, (_, i) => ({
          type: 'send',
          payload: { i },
          priority: i % 3 === 0 ? 5 : 0,
        })),
      );
      expect(new Set(ids).size).toBe(300);
      const order: number[] = [];
      for (;;) {
        const task = await queue.dequeue<{ i: number }>();
        if (!task) break;
        order.push(task.payload.i);
        expect(await queue.complete(task)).toBe(true);
      }
      const high = order.slice(0, 100);
      expect(high.every((i) => i % 3 === 0)).toBe(true);
      expect(high).toEqual([...high].sort((a, b) => a - b));
      const low = order.slice(100);
      expect(low).toEqual([...low].sort((a, b) => a - b));
      expect(await queue.stats()).toMatchObject({
        pending: 0,
        processing: 0,
        enqueued: 300,
        completed: 300,
      });
    });
  });

  it('the task carries what was enqueued, and its server-side enqueue time', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const queue = new SimpleQueue(redis, 'q');
      const id = await queue.enqueue('resize', { path: '/img/ü.png', sizes: [1, 2] }, { priority: 7 });
      const task = await queue.dequeue();
      const [seconds] = await redis.time();
      expect(task).toMatchObject({
        id,
        type: 'resize',
        payload: { path: '/img/ü.png', sizes: [1, 2] },
        priority: 7,
      });
      expect(task!.attempts).toBe(0);
      expect(Math.abs(task!.enqueuedAt - Number(seconds) * 1000)).toBeLessThan(2000);
    });
  });

  it('a delayed task waits for its time on the server clock', async () => {
    await both.each(async (t) => {
      const queue = new SimpleQueue(t.ioredis(), 'q');
      await queue.enqueue('later', 1, { delay: 200 });
      expect(await queue.dequeue()).toBeNull();
      expect(await queue.stats()).toMatchObject({ pending: 0, delayed: 1 });
      await t.pass(210);
      expect((await queue.dequeue())?.payload).toBe(1);
    });
  });

  it('a failed task waits out its backoff before it runs again, then is dead-lettered', async () => {
    await both.each(async (t) => {
      const queue = new SimpleQueue(t.ioredis(), 'q', { maxAttempts: 2, backoff: { base: 100 } });
      await queue.enqueue('flaky', { x: 1 });
      const first = (await queue.dequeue())!;
      expect(await queue.retryOrDeadLetter(first, new Error('smtp down'))).toBe('retried');
      expect(await queue.dequeue()).toBeNull(); // not at once: the backoff was the seed's bug
      expect(await queue.stats()).toMatchObject({ delayed: 1, retried: 1 });
      await t.pass(115);
      const second = (await queue.dequeue())!;
      expect(second.id).toBe(first.id);
      expect(second.attempts).toBe(1);
      expect(await queue.retryOrDeadLetter(second, new Error('smtp still down'))).toBe('dead');
      const [dead] = await queue.deadLetters();
      expect(dead).toMatchObject({ task: { id: first.id, type: 'flaky', payload: { x: 1 } }, attempts: 2 });
      expect(dead.error).toMatch(/^Error: smtp still down/);
      expect(await queue.stats()).toMatchObject({
        pending: 0,
        delayed: 0,
        processing: 0,
        dead: 1,
        deadLettered: 1,
      });
      expect(await t.ioredis().hlen('{queue:q}:tasks')).toBe(0);
    });
  });

  it('complete removes exactly the delivery taken, once', async () => {
    await both.each(async (t) => {
      const queue = new SimpleQueue(t.ioredis(), 'q');
      await queue.enqueue('a', 1);
      await queue.enqueue('a', 1); // same type and payload: another task
      const one = (await queue.dequeue())!;
      expect(await queue.complete(one)).toBe(true);
      expect(await queue.complete(one)).toBe(false);
      expect(await queue.stats()).toMatchObject({ pending: 1, processing: 0, completed: 1 });
    });
  });

  it('a task whose worker missed the visibility deadline returns to the queue; the old lease is void', async () => {
    await both.each(async (t) => {
      const queue = new SimpleQueue(t.ioredis(), 'q', { visibilityTimeout: 150 });
      await queue.enqueue('a', 1);
      const taken = (await queue.dequeue())!;
      expect(await queue.dequeue()).toBeNull();
      await t.pass(170);
      const again = (await queue.dequeue())!;
      expect(again.id).toBe(taken.id);
      expect(again.lease).toBeGreaterThan(taken.lease);
      expect(again.attempts).toBe(1); // the lost delivery counts as a failed attempt
      expect(await queue.complete(taken)).toBe(false);
      expect(await queue.extend(taken)).toBe(false);
      expect(await queue.retryOrDeadLetter(taken, 'late')).toBe('lost');
      expect(await queue.complete(again)).toBe(true);
      expect(await queue.stats()).toMatchObject({ recovered: 1, completed: 1, processing: 0 });
    });
  });

  it('extend keeps a task invisible past its original deadline', async () => {
    await both.each(async (t) => {
      const queue = new SimpleQueue(t.ioredis(), 'q', { visibilityTimeout: 150 });
      await queue.enqueue('a', 1);
      const task = (await queue.dequeue())!;
      await t.pass(100);
      expect(await queue.extend(task)).toBe(true);
      await t.pass(100);
      expect(await queue.dequeue()).toBeNull();
      expect(await queue.complete(task)).toBe(true);
    });
  });

  it('dequeue(timeout) waits for a task enqueued from another connection', async () => {
    await both.each(async (t) => {
      const consumer = new SimpleQueue(t.ioredis(), 'q');
      const producer = new SimpleQueue(t.ioredis(), 'q');
      const started = Date.now();
      const waiting = consumer.dequeue(5000);
      await sleep(50);
      await producer.enqueue('ping', 'hello');
      expect((await waiting)?.payload).toBe('hello');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(await consumer.dequeue(60)).toBeNull();
      await consumer.close();
    });
  });

  it('wake-up tokens never outnumber the ready tasks, so a blocked dequeue does not spin on stale ones', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const queue = new SimpleQueue(redis, 'q');
      for (let i = 0; i < 10; i++) await queue.enqueue('a', i); // nobody is waiting
      await queue.enqueueMany(Array.from({ length: 100 }, (_, i) => ({ type: 'b', payload: i })));
      expect(await redis.llen('{queue:q}:signal')).toBeLessThanOrEqual(64);
      const excess: string[] = [];
      for (;;) {
        const task = await queue.dequeue(); // taken without blocking: their tokens are not consumed
        if (!task) break;
        await queue.complete(task);
        const [tokens, ready] = await Promise.all([
          redis.llen('{queue:q}:signal'),
          redis.zcard('{queue:q}:pending'),
        ]);
        if (tokens > ready) excess.push(`${tokens} tokens for ${ready} ready tasks`);
      }
      const consumer = t.ioredis();
      const scripts = countScripts(consumer);
      expect(await new SimpleQueue(consumer, 'q').dequeue(100)).toBeNull();
      expect(scripts.calls, 'DEQUEUE calls of one empty blocking dequeue').toBeLessThanOrEqual(2);
      expect(excess).toEqual([]);
    });
  });

  it('concurrent blocking dequeues each wait on their own, not one behind the other', async () => {
    await both.each(async (t) => {
      const queue = new SimpleQueue(t.ioredis(), 'q');
      const long = queue.dequeue(1500);
      await sleep(30);
      const started = Date.now();
      expect(await queue.dequeue(100)).toBeNull();
      expect(Date.now() - started, 'the short wait ended on time').toBeLessThan(600);
      await new SimpleQueue(t.ioredis(), 'q').enqueue('a', 1);
      expect((await long)?.payload).toBe(1);
      await queue.close();
    });
  });

  it('Redis errors reach the caller with the operation named', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      await redis.set('{queue:broken}:pending', 'x');
      await expect(new SimpleQueue(redis, 'broken').enqueue('a', 1)).rejects.toThrow(
        /^queue\.enqueue: .*WRONGTYPE/,
      );
    });
  });
});

describe('Worker', () => {
  it('runs N tasks at once with the registered handlers; failures retry; unknown types fail', async () => {
    await both.each(async (t) => {
      const queue = new SimpleQueue(t.ioredis(), 'w', { maxAttempts: 2, backoff: { base: 1 } });
      let running = 0;
      let most = 0;
      const seen: number[] = [];
      const errors: unknown[] = [];
      const worker = new Worker(queue, { concurrency: 4, pollInterval: 50, onError: (e) => errors.push(e) });
      worker.register<number>('job', async (n, task) => {
        running++;
        most = Math.max(most, running);
        await sleep(10);
        running--;
        if (n === 3 && task.attempts === 0) throw new Error('first try fails');
        seen.push(n);
      });
      await queue.enqueueMany([
        ...Array.from({ length: 12 }, (_, n) => ({ type: 'job', payload: n })),
        { type: 'nope', payload: 0 },
      ]);
      const done = worker.run();
      for (
        let i = 0;
        i < 200 && (await queue.stats()).completed + (await queue.stats()).deadLettered < 13;
        i++
      ) {
        await sleep(10);
      }
      await worker.stop();
      await done;
      await queue.close();
      expect(most).toBe(4);
      expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, n) => n));
      const [dead] = await queue.deadLetters();
      expect(dead.error).toMatch(/no handler registered for task type "nope"/);
      expect(errors).toEqual([]);
    });
  });

  it('two workers on one queue wait independently; stopping one leaves the other waiting; close() frees all', async () => {
    await both.each(async (t) => {
      const admin = t.ioredis();
      const clients = async () =>
        String(await admin.client('LIST'))
          .trim()
          .split('\n').length;
      const baseline = await clients();
      const queue = new SimpleQueue(t.ioredis(), 'two');
      const producer = new SimpleQueue(t.ioredis(), 'two');
      const errors: unknown[] = [];
      const ran: { worker: string; after: number }[] = [];
      let since = Date.now();
      const worker = (name: string) =>
        new Worker(queue, {
          pollInterval: 1500,
          handleSignals: false,
          onError: (e) => errors.push(e),
        }).register('job', () => {
          ran.push({ worker: name, after: Date.now() - since });
        });
      const one = worker('one');
      const two = worker('two');
      const running = [one.run()];
      await sleep(50); // one is blocked for its whole pollInterval
      since = Date.now();
      await producer.enqueue('job', 1, { delay: 150 });
      running.push(two.run()); // two sees the task due in 150 ms and waits that long
      for (let i = 0; i < 300 && ran.length < 1; i++) await sleep(10);
      expect(ran[0]?.after, 'the delayed task ran on time').toBeLessThan(700);

      await one.stop(); // its wait is cut short; two's must go on undisturbed
      since = Date.now();
      await producer.enqueue('job', 2);
      for (let i = 0; i < 300 && ran.length < 2; i++) await sleep(10);
      expect(ran[1]).toMatchObject({ worker: 'two' });
      expect(ran[1].after, 'woken by the enqueue').toBeLessThan(700);
      expect(errors).toEqual([]);

      await two.stop();
      await Promise.all(running);
      await queue.close();
      for (let i = 0; i < 100 && (await clients()) > baseline + 2; i++) await sleep(10);
      expect(await clients(), 'connections left: admin, the queue and the producer').toBe(baseline + 2);
    });
  });

  it('a heartbeat retried after NOSCRIPT and answered after the task completed reports no lost lease', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const admin = t.ioredis();
      const queue = new SimpleQueue(redis, 'hb', { visibilityTimeout: 600 }); // a heartbeat every 200 ms
      await queue.enqueue('other', 0);
      const other = (await queue.dequeue())!;
      const id = await queue.enqueue('job', 1);
      // Watch the heartbeat's EXTEND of the job (its id follows the 8 keys): EVALSHA, then EVAL.
      let extendSent = () => {};
      const sent = new Promise<void>((r) => {
        extendSent = r;
      });
      let retried: Promise<unknown> | null = null;
      const client = redis as unknown as Record<'evalsha' | 'eval', (...args: unknown[]) => Promise<unknown>>;
      const evalsha = client.evalsha.bind(redis);
      const evalSource = client.eval.bind(redis);
      client.evalsha = (...args) => {
        if (args[10] === id && args.length === 13) extendSent();
        return evalsha(...args);
      };
      client.eval = (...args) => {
        const reply = evalSource(...args);
        if (args[10] === id && args.length === 13) retried = reply.catch(() => {});
        return reply;
      };
      const errors: unknown[] = [];
      const completed: string[] = [];
      const worker = new Worker(queue, {
        pollInterval: 100,
        handleSignals: false,
        onError: (e) => errors.push(e),
        onCompleted: (task) => completed.push(task.id),
      }).register('job', async () => {
        await admin.script('FLUSH');
        await queue.complete(other); // loads COMPLETE again (EVAL after NOSCRIPT), but not EXTEND
        await sent; // the heartbeat's EVALSHA is on its way: end now, so COMPLETE overtakes its retry
      });
      const running = worker.run();
      for (let i = 0; i < 300 && (completed.length === 0 || retried === null); i++) await sleep(10);
      await retried;
      await sleep(30);
      await worker.stop();
      await running;
      await queue.close();
      expect(completed).toEqual([id]);
      expect(retried, 'the EXTEND was retried with EVAL').not.toBeNull();
      expect(errors).toEqual([]);
    });
  });

  it('stop() lets the running task finish and complete', async () => {
    await both.each(async (t) => {
      const queue = new SimpleQueue(t.ioredis(), 'w');
      let finished = false;
      const worker = new Worker(queue, { pollInterval: 5000 }).register('slow', async () => {
        await sleep(100);
        finished = true;
      });
      await queue.enqueue('slow', null);
      const done = worker.run();
      while (worker.active === 0) await sleep(5);
      const started = Date.now();
      await worker.stop();
      await done;
      expect(finished).toBe(true);
      expect(Date.now() - started).toBeLessThan(1000); // the idle wait was interrupted, not sat out
      expect(await queue.stats()).toMatchObject({ completed: 1, processing: 0 });
      await queue.close();
    });
  });
});

// ----- worker processes ------------------------------------------------------------------------------

// A worker in its own process, built from the patterns' sources. Each handler run counts itself in
// the hash `runs` and marks the task in the set `inflight` until the worker settled it, so after a
// SIGKILL `inflight` holds exactly the tasks the dead process may have left half done.
const CHILD = `
import { Redis } from 'ioredis';
import { SimpleQueue } from './patterns/queue.js';
import { Worker } from './patterns/worker.js';
const env = process.env;
const redis = new Redis({ host: env.HOST, port: Number(env.PORT) });
const queue = new SimpleQueue(redis, env.QUEUE, JSON.parse(env.QUEUE_OPTIONS));
const settled = (task) => redis.srem('inflight', task.id);
const worker = new Worker(queue, { concurrency: Number(env.CONCURRENCY), pollInterval: 100, onCompleted: settled, onFailed: settled });
let started = 0;
worker.register('job', async (payload, task) => {
  await redis.multi().hincrby('runs', task.id, 1).sadd('inflight', task.id).exec();
  // The 40th task hangs and says so: the test kills the process in the middle of it.
  if (++started === Number(env.HANG_AT)) {
    await redis.rpush('hanging', task.id);
    await new Promise((r) => setTimeout(r, 60000));
  }
  await new Promise((r) => setTimeout(r, payload.ms ?? Number(env.TASK_MS)));
  if (task.attempts < payload.failTimes) throw new Error('planned failure');
});
process.stdout.write('ready\\n');
await worker.run();
process.stdout.write('stopped\\n');
await queue.close();
await redis.quit();
`;

let childDir = '';

beforeAll(() => {
  childDir = mkdtempSync(join(tmpdir(), 'respite-queue-worker-'));
  const root = new URL('../../', import.meta.url).pathname;
  mkdirSync(join(childDir, 'patterns'));
  for (const name of ['keys', 'script', 'queue', 'worker']) {
    const source = readFileSync(join(root, 'patterns', `${name}.ts`), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(childDir, 'patterns', `${name}.js`), outputText);
  }
  symlinkSync(join(root, 'node_modules'), join(childDir, 'node_modules'));
  writeFileSync(join(childDir, 'package.json'), '{"type":"module"}');
  writeFileSync(join(childDir, 'child.js'), CHILD);
});

afterAll(() => {
  if (childDir) rmSync(childDir, { recursive: true, force: true });
});

interface ChildWorker {
  process: ChildProcess;
  output: string;
  exited: Promise<number | null>;
}

async function startChild(
  t: Target,
  queue: string,
  options: object,
  concurrency: number,
): Promise<ChildWorker> {
  const child = spawn(process.execPath, ['child.js'], {
    cwd: childDir,
    env: {
      ...process.env,
      HOST: t.host,
      PORT: String(t.port),
      QUEUE: queue,
      QUEUE_OPTIONS: JSON.stringify(options),
      CONCURRENCY: String(concurrency),
      TASK_MS: '20',
      HANG_AT: '40',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const worker: ChildWorker = {
    process: child,
    output: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout!.on('data', (chunk: Buffer) => (worker.output += chunk.toString()));
  for (let i = 0; i < 500 && !worker.output.includes('ready'); i++) await sleep(10);
  if (!worker.output.includes('ready')) throw new Error('worker process did not start');
  return worker;
}

describe('Worker processes', () => {
  it('SIGTERM: the worker process finishes its running task, then exits', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const queue = new SimpleQueue(redis, 'term');
      const child = await startChild(t, 'term', {}, 1);
      await queue.enqueue('job', { ms: 300, failTimes: 0 });
      while ((await redis.scard('inflight')) === 0) await sleep(5);
      child.process.kill('SIGTERM');
      expect(await child.exited).toBe(0);
      expect(child.output).toContain('stopped');
      expect(await queue.stats()).toMatchObject({ completed: 1, processing: 0, pending: 0 });
    });
  });

  it('guarantee: 8 workers, 10,000 tasks, some failing, one worker killed mid-task: none lost, reruns only after the death', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const options = { visibilityTimeout: 1500, maxAttempts: 3, backoff: { base: 5, max: 40 } };
      const queue = new SimpleQueue(redis, 'jobs', options);
      const N = 10_000;
      // The process to be killed spends 20 ms per task, the others none.
      // Every 10th task fails once; every 97th always fails (dead letter after 3 attempts).
      const failTimes = (n: number) => (n % 97 === 0 ? 99 : n % 10 === 0 ? 1 : 0);
      const ids = await queue.enqueueMany(
        Array.from({ length: N }, (_, n) => ({ type: 'job', payload: { n, failTimes: failTimes(n) } })),
      );
      const indexOf = new Map(ids.map((id, n) => [id, n]));

      const victim = await startChild(t, 'jobs', options, 4);
      const runs = new Map<string, number>();
      const errors: unknown[] = [];
      const workers = Array.from({ length: 7 }, () => {
        const worker = new Worker(new SimpleQueue(t.ioredis(), 'jobs', options), {
          concurrency: 4,
          pollInterval: 100,
          handleSignals: false,
          onError: (e) => errors.push(e),
        });
        worker.register<{ n: number; failTimes: number }>('job', async (payload, task) => {
          runs.set(task.id, (runs.get(task.id) ?? 0) + 1);
          await new Promise((r) => setImmediate(r));
          if (task.attempts < payload.failTimes) throw new Error('planned failure');
        });
        return worker;
      });
      const running = workers.map((w) => w.run());

      // Kill the child process in the middle of its work (of its 40th task, at least).
      while ((await redis.llen('hanging')) === 0) await sleep(5);
      const hanging = (await redis.lindex('hanging', 0))!;
      victim.process.kill('SIGKILL');
      await victim.exited;
      const halfDone = new Set(await redis.smembers('inflight'));

      for (let i = 0; i < 3000; i++) {
        const s = await queue.stats();
        if (s.completed + s.deadLettered >= N) break;
        await sleep(10);
      }
      await Promise.all(workers.map((w) => w.stop()));
      await Promise.all(running);
      await Promise.all(workers.map((w) => w.queue.close()));

      const stats = await queue.stats();
      expect(stats).toMatchObject({ pending: 0, delayed: 0, processing: 0, enqueued: N });
      expect(stats.completed + stats.deadLettered).toBe(N);
      expect(await redis.hlen('{queue:jobs}:tasks')).toBe(0);
      expect(errors).toEqual([]);
      expect(halfDone.size, 'tasks half done in the killed process').toBeGreaterThan(0);
      // Taken back: the tasks the dead process held (started or not yet), the hanging one among them.
      expect(stats.recovered, 'tasks taken back').toBeGreaterThan(0);
      expect(halfDone.has(hanging)).toBe(true);

      const childRuns = await redis.hgetall('runs');
      for (const [id, count] of Object.entries(childRuns)) runs.set(id, (runs.get(id) ?? 0) + Number(count));
      const dead = new Set((await queue.deadLetters(0, -1)).map((d) => d.task.id));
      expect(dead.size).toBe(stats.deadLettered);
      // One assertion over all tasks (10,000 expect() calls would take longer than the run).
      const wrong: string[] = [];
      for (const [id, n] of indexOf) {
        const expected = Math.min(failTimes(n) + 1, options.maxAttempts);
        const ran = runs.get(id) ?? 0;
        const diedUnder = halfDone.has(id);
        if (diedUnder ? ran < expected || ran > expected + 1 : ran !== expected) {
          wrong.push(
            `task ${n} ran ${ran} times, expected ${expected}${diedUnder ? ' (+1: its worker died)' : ''}`,
          );
        }
        if (failTimes(n) >= options.maxAttempts && !dead.has(id)) wrong.push(`task ${n} not dead-lettered`);
        if (failTimes(n) < options.maxAttempts && !diedUnder && dead.has(id))
          wrong.push(`task ${n} dead-lettered`);
      }
      expect(wrong).toEqual([]);
    });
  }, 120_000);
});
