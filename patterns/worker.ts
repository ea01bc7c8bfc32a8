// Worker: runs a SimpleQueue's tasks with registered handlers, N at a time.
//
// A handler that returns completes its task; one that throws sends it to retryOrDeadLetter (retried
// after a backoff, or dead-lettered when out of attempts). While a handler runs, a heartbeat extends
// the task's visibility deadline, so only a worker that died (or hung so long that its heartbeats
// failed) has its task taken back and run again by another worker.
//
// stop() (and SIGINT/SIGTERM while run() is running) stops taking tasks, lets the running ones
// finish and settle, and then run() resolves. Errors talking to Redis go to `onError` (default:
// console.error) and the worker carries on after a pause; they are never dropped silently.

import type { SimpleQueue, Task } from './queue.js';

export type TaskHandler<P = unknown> = (payload: P, task: Task<P>) => unknown;

export interface WorkerOptions {
  /** Tasks run at once (default 1). */
  concurrency?: number;
  /** Longest single wait for a task, in ms, between checks for stop (default 1000). */
  pollInterval?: number;
  /** Stop gracefully on SIGINT and SIGTERM while run() is running (default true). */
  handleSignals?: boolean;
  /** Redis errors and lost leases (default: console.error). */
  onError?: (error: unknown, task?: Task) => void;
  /** After a task was completed. */
  onCompleted?: (task: Task) => void;
  /** After a handler threw: the task was retried, dead-lettered, or its lease had been lost. */
  onFailed?: (task: Task, error: unknown, outcome: 'retried' | 'dead' | 'lost') => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Worker {
  private readonly handlers = new Map<string, TaskHandler<never>>();
  private readonly concurrency: number;
  private readonly pollInterval: number;
  private readonly handleSignals: boolean;
  private readonly running = new Set<Promise<void>>();
  private stopping: AbortController | null = null;
  private done: Promise<void> | null = null;

  constructor(
    readonly queue: SimpleQueue,
    private readonly options: WorkerOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1)
      throw new RangeError('concurrency must be at least 1');
    this.pollInterval = options.pollInterval ?? 1000;
    this.handleSignals = options.handleSignals ?? true;
  }

  /** Run `handler` for tasks of `type`. */
  register<P = unknown>(type: string, handler: TaskHandler<P>): this {
    this.handlers.set(type, handler as TaskHandler<never>);
    return this;
  }

  /** Take and run tasks until stop(); resolves when the last running task has settled. */
  run(): Promise<void> {
    if (this.done) return this.done;
    this.stopping = new AbortController();
    this.done = this.loop(this.stopping.signal);
    return this.done;
  }

  /** Stop taking tasks; resolves when the running ones have finished. */
  async stop(): Promise<void> {
    this.stopping?.abort();
    await this.done;
  }

  /** Tasks running now. */
  get active(): number {
    return this.running.size;
  }

  private async loop(signal: AbortSignal): Promise<void> {
    const onSignal = () => this.stopping?.abort();
    if (this.handleSignals) {
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    }
    try {
      while (!signal.aborted) {
        const free = this.concurrency - this.running.size;
        if (free === 0) {
          await Promise.race(this.running);
          continue;
        }
        let tasks: Task[];
        try {
          tasks = await this.queue.dequeueMany(free, this.pollInterval, signal);
        } catch (err) {
          this.report(err);
          await sleep(Math.min(this.pollInterval, 1000));
          continue;
        }
        for (const task of tasks) {
          const run = this.execute(task).finally(() => this.running.delete(run));
          this.running.add(run);
        }
      }
      await Promise.all(this.running);
    } finally {
      if (this.handleSignals) {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      this.done = null;
    }
  }

  private async execute(task: Task): Promise<void> {
    // Once the handler has returned, a heartbeat still under way (say, retried with EVAL after a
    // NOSCRIPT) may be answered after the task was completed: its "lease lost" is no news then, and
    // completing or failing the task says so itself if the lease really was lost.
    let handlerDone = false;
    const heartbeat = setInterval(
      () => {
        this.queue.extend(task).then(
          (held) => {
            if (held || handlerDone) return;
            // Taken back (the deadline passed before a heartbeat got through): say so once.
            clearInterval(heartbeat);
            this.report(new Error(`task ${task.id}: lease lost while running; it will run again`), task);
          },
          (err) => this.report(err, task),
        );
      },
      Math.max(1, Math.floor(this.queue.visibilityTimeout / 3)),
    );
    let failure: { error: unknown } | null = null;
    try {
      const handler = this.handlers.get(task.type);
      if (!handler) throw new Error(`no handler registered for task type ${JSON.stringify(task.type)}`);
      await handler(task.payload as never, task as Task<never>);
    } catch (error) {
      failure = { error };
    } finally {
      handlerDone = true;
      clearInterval(heartbeat);
    }
    try {
      if (failure === null) {
        if (await this.queue.complete(task)) this.options.onCompleted?.(task);
        else this.report(new Error(`task ${task.id}: lease lost before completion; it will run again`), task);
      } else {
        const outcome = await this.queue.retryOrDeadLetter(task, failure.error);
        this.options.onFailed?.(task, failure.error, outcome);
      }
    } catch (err) {
      // The task stays in processing and returns to the queue at its deadline.
      this.report(err, task);
    }
  }

  private report(error: unknown, task?: Task): void {
    if (this.options.onError) this.options.onError(error, task);
    else console.error(`[worker ${this.queue.name}]`, task ? `task ${task.id}:` : '', error);
  }
}
