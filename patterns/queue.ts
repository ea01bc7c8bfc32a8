// A reliable task queue: SimpleQueue (this file) and Worker (worker.ts).
//
// Every task gets a random id and is stored once, as JSON, in a hash; the queue structures hold ids:
//
//   {queue:name}:tasks       hash   id -> task JSON (written at enqueue, never rewritten)
//   {queue:name}:meta        hash   id:r priority rank, id:m max attempts, id:a failures, id:l lease
//   {queue:name}:pending     zset   ids ready to run, by priority then enqueue order
//   {queue:name}:delayed     zset   ids waiting for a time (delay, retry backoff), by due time
//   {queue:name}:processing  zset   ids taken by a worker, by visibility deadline
//   {queue:name}:dead        list   dead letters: {"task":…,"error":…,"attempts":n,"failedAt":ms}
//   {queue:name}:signal      list   wake-up tokens for blocked dequeuers (BLPOP), at most one per ready task
//   {queue:name}:stats       hash   counters
//
// Each step is one Lua script on these keys (one hash tag, so it runs on Redis Cluster), timed by the
// server's clock: every dequeue first moves due delayed tasks to pending and takes back the tasks
// whose visibility deadline passed (their worker died or hung), then pops by priority into
// processing. Each delivery gets a lease number; complete, retry and extend act only while the lease
// is the caller's, so a worker whose task was taken back cannot complete or fail the new delivery.
// A task taken back counts as a failed attempt, so a task that kills its workers ends as a dead letter
// instead of cycling forever.

import { randomUUID } from 'node:crypto';
import { duplicateClient, hashTagged, type RedisClient } from './keys.js';
import { LUA_NOW_MS, LuaScript, PatternError, withContext } from './script.js';

export interface Task<P = unknown> {
  id: string;
  type: string;
  payload: P;
  priority: number;
  /** Epoch ms (server clock) of enqueue. */
  enqueuedAt: number;
  maxAttempts: number;
  /** Failed attempts before this delivery. */
  attempts: number;
  /** This delivery's lease: complete, retry and extend need it to still be current. */
  lease: number;
  /** Epoch ms (server clock) when the task returns to the queue unless completed or extended. */
  deadline: number;
}

export interface EnqueueOptions {
  /** 0 (default) to 1000; higher runs first. */
  priority?: number;
  /** Milliseconds before the task may run. */
  delay?: number;
  /** Attempts before the task is dead-lettered (default the queue's). */
  maxAttempts?: number;
}

export interface SimpleQueueOptions {
  /** Key prefix (default "queue"). */
  prefix?: string;
  /** Milliseconds a taken task stays invisible before it returns to the queue (default 30 000). */
  visibilityTimeout?: number;
  /** Attempts before a task is dead-lettered (default 3). */
  maxAttempts?: number;
  /** Retry backoff: base × 2^(failures - 1) ms, at most max, plus up to 10 % jitter (default 1000, 60 000). */
  backoff?: { base?: number; max?: number };
}

export interface QueueStats {
  pending: number;
  delayed: number;
  processing: number;
  dead: number;
  enqueued: number;
  completed: number;
  retried: number;
  deadLettered: number;
  /** Tasks taken back from a worker that missed its visibility deadline. */
  recovered: number;
}

export interface DeadLetter {
  task: Omit<Task, 'attempts' | 'lease' | 'deadline'>;
  error: string;
  attempts: number;
  failedAt: number;
}

const MAX_PRIORITY = 1000;

// Shared by the scripts: `now` from the server; the key names come in a fixed KEYS order.
const KEYS_HEAD = `${LUA_NOW_MS}
local tasks, meta, pending, delayed, processing, dead, signal, stats =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local now = now_ms()
local function fmt(n) return string.format('%.0f', n) end
-- pending scores: priority rank (0 = highest) in the high bits, the enqueue sequence below
local function pending_score(id)
  local rank = tonumber(redis.call('HGET', meta, id .. ':r') or '0')
  local seq = redis.call('HINCRBY', stats, 'seq', 1)
  return fmt(rank * 8796093022208 + seq)
end
local function bury(id, attempts, err)
  local body = redis.call('HGET', tasks, id)
  if body then
    redis.call('LPUSH', dead, '{"task":' .. body .. ',"error":' .. err .. ',"attempts":' .. attempts ..
      ',"failedAt":' .. fmt(now) .. '}')
  end
  redis.call('HDEL', tasks, id)
  redis.call('HDEL', meta, id .. ':r', id .. ':m', id .. ':a', id .. ':l')
  redis.call('HINCRBY', stats, 'deadLettered', 1)
end
-- Wake-up tokens: at most one per ready task (and 64 in all). A token nobody was waiting for stays
-- in the list; if its task is then taken without blocking, the next blocked dequeue would pop it and
-- look in vain, so there are never more tokens than ready tasks (see also untoken).
local function wake(n)
  local add = math.min(n, math.min(64, redis.call('ZCARD', pending)) - redis.call('LLEN', signal))
  if add > 0 then
    local tokens = {}
    for i = 1, add do tokens[i] = '1' end
    redis.call('LPUSH', signal, unpack(tokens))
  end
end
-- After tasks were taken: drop the tokens that no ready task is left for.
local function untoken()
  local ready = redis.call('ZCARD', pending)
  if ready == 0 then
    redis.call('DEL', signal)
  elseif redis.call('LLEN', signal) > ready then
    redis.call('LTRIM', signal, 0, ready - 1)
  end
end
`;

// ARGV: count, then per task: id, json (with "enqueuedAt":0 placeholder replaced here), rank, delay
// ms, max attempts. Replies the server time used as enqueuedAt.
const ENQUEUE = new LuaScript(
  'queue.enqueue',
  `${KEYS_HEAD}
local n = tonumber(ARGV[1])
local ready = 0
for i = 0, n - 1 do
  local id, body, rank, delay, max = ARGV[2 + i * 5], ARGV[3 + i * 5], ARGV[4 + i * 5], tonumber(ARGV[5 + i * 5]), ARGV[6 + i * 5]
  redis.call('HSET', tasks, id, body .. fmt(now) .. '}')
  redis.call('HSET', meta, id .. ':r', rank, id .. ':m', max)
  if delay > 0 then
    redis.call('ZADD', delayed, fmt(now + delay), id)
  else
    redis.call('ZADD', pending, pending_score(id), id)
    ready = ready + 1
  end
end
redis.call('HINCRBY', stats, 'enqueued', n)
wake(ready)
return fmt(now)`,
);

// ARGV: count, visibility ms, error text (JSON) for tasks taken back at their last attempt.
// Replies { next wake in ms or -1, then per task: id, body, lease, attempts, deadline }.
const DEQUEUE = new LuaScript(
  'queue.dequeue',
  `${KEYS_HEAD}
local count, visibility = tonumber(ARGV[1]), tonumber(ARGV[2])
local due = redis.call('ZRANGEBYSCORE', delayed, '-inf', fmt(now), 'LIMIT', 0, 1000)
for _, id in ipairs(due) do
  redis.call('ZREM', delayed, id)
  redis.call('ZADD', pending, pending_score(id), id)
end
local expired = redis.call('ZRANGEBYSCORE', processing, '-inf', fmt(now), 'LIMIT', 0, 1000)
for _, id in ipairs(expired) do
  redis.call('ZREM', processing, id)
  redis.call('HINCRBY', meta, id .. ':l', 1) -- the dead worker's lease is void from now on
  redis.call('HINCRBY', stats, 'recovered', 1)
  local attempts = redis.call('HINCRBY', meta, id .. ':a', 1)
  if attempts >= tonumber(redis.call('HGET', meta, id .. ':m') or '1') then
    bury(id, attempts, ARGV[3])
  else
    redis.call('ZADD', pending, pending_score(id), id)
  end
end
local reply = { -1 }
local popped = redis.call('ZPOPMIN', pending, count)
if #popped > 0 then untoken() end
local deadline = now + visibility
for i = 1, #popped, 2 do
  local id = popped[i]
  local body = redis.call('HGET', tasks, id)
  if body then
    redis.call('ZADD', processing, fmt(deadline), id)
    local lease = redis.call('HINCRBY', meta, id .. ':l', 1)
    local attempts = redis.call('HGET', meta, id .. ':a') or '0'
    table.insert(reply, id)
    table.insert(reply, body)
    table.insert(reply, lease)
    table.insert(reply, attempts)
    table.insert(reply, fmt(deadline))
  end
end
if #reply == 1 then
  -- nothing ready: say when something will be (a delayed task due, or a deadline passing)
  local nextDelayed = redis.call('ZRANGE', delayed, 0, 0, 'WITHSCORES')[2]
  local nextDeadline = redis.call('ZRANGE', processing, 0, 0, 'WITHSCORES')[2]
  local wakeAt = math.min(tonumber(nextDelayed or 'inf'), tonumber(nextDeadline or 'inf'))
  if wakeAt ~= math.huge then reply[1] = math.max(1, wakeAt - now) end
end
return reply`,
);

// ARGV: id, lease. 1 when completed; 0 when the lease is no longer the caller's.
const COMPLETE = new LuaScript(
  'queue.complete',
  `${KEYS_HEAD}
local id = ARGV[1]
if redis.call('HGET', meta, id .. ':l') ~= ARGV[2] or redis.call('ZREM', processing, id) == 0 then return 0 end
redis.call('HDEL', tasks, id)
redis.call('HDEL', meta, id .. ':r', id .. ':m', id .. ':a', id .. ':l')
redis.call('HINCRBY', stats, 'completed', 1)
return 1`,
);

// ARGV: id, lease, backoff ms, error (JSON). 1 retried later, 2 dead-lettered, 0 lease lost.
const FAIL = new LuaScript(
  'queue.retryOrDeadLetter',
  `${KEYS_HEAD}
local id = ARGV[1]
if redis.call('HGET', meta, id .. ':l') ~= ARGV[2] or redis.call('ZREM', processing, id) == 0 then return 0 end
local attempts = redis.call('HINCRBY', meta, id .. ':a', 1)
if attempts >= tonumber(redis.call('HGET', meta, id .. ':m') or '1') then
  bury(id, attempts, ARGV[4])
  return 2
end
redis.call('ZADD', delayed, fmt(now + tonumber(ARGV[3])), id)
redis.call('HINCRBY', stats, 'retried', 1)
return 1`,
);

// ARGV: id, lease, visibility ms. The new deadline, or 0 when the lease is lost.
const EXTEND = new LuaScript(
  'queue.extend',
  `${KEYS_HEAD}
local id = ARGV[1]
if redis.call('HGET', meta, id .. ':l') ~= ARGV[2] or not redis.call('ZSCORE', processing, id) then return 0 end
local deadline = now + tonumber(ARGV[3])
redis.call('ZADD', processing, fmt(deadline), id)
return fmt(deadline)`,
);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function errorText(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

export class SimpleQueue {
  readonly name: string;
  readonly visibilityTimeout: number;
  readonly maxAttempts: number;
  private readonly keys: string[];
  private readonly key: (part: string) => string;
  private readonly backoffBase: number;
  private readonly backoffMax: number;
  // Blocking connections (for BLPOP on the signal list): one per waiter waiting at the same time, so
  // two Workers (or dequeues) on this queue do not wait one behind the other on a shared connection.
  private readonly idleBlockers: RedisClient[] = [];
  private readonly busyBlockers = new Set<RedisClient>();
  private closed = false;

  constructor(
    readonly redis: RedisClient,
    name: string,
    options: SimpleQueueOptions = {},
  ) {
    this.name = name;
    this.key = hashTagged(options.prefix ?? 'queue', name);
    this.keys = ['tasks', 'meta', 'pending', 'delayed', 'processing', 'dead', 'signal', 'stats'].map(
      this.key,
    );
    this.visibilityTimeout = options.visibilityTimeout ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.backoffBase = options.backoff?.base ?? 1000;
    this.backoffMax = options.backoff?.max ?? 60_000;
  }

  /** Add a task; resolves to its id. */
  async enqueue<P>(type: string, payload: P, options: EnqueueOptions = {}): Promise<string> {
    const [id] = await this.enqueueMany([{ type, payload, ...options }]);
    return id;
  }

  /** Add several tasks in one script call per 1000; resolves to their ids, in order. */
  async enqueueMany(
    tasks: readonly ({ type: string; payload: unknown } & EnqueueOptions)[],
  ): Promise<string[]> {
    const ids: string[] = [];
    for (let at = 0; at < tasks.length; at += 1000) {
      const args: (string | number)[] = [];
      let n = 0;
      for (const task of tasks.slice(at, at + 1000)) {
        const priority = task.priority ?? 0;
        if (!Number.isInteger(priority) || priority < 0 || priority > MAX_PRIORITY) {
          throw new RangeError(`priority must be an integer from 0 to ${MAX_PRIORITY}`);
        }
        const maxAttempts = task.maxAttempts ?? this.maxAttempts;
        if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
          throw new RangeError('maxAttempts must be at least 1');
        const id = randomUUID();
        // The script appends the server's time and the closing brace.
        const body = `${JSON.stringify({ id, type: task.type, payload: task.payload, priority, maxAttempts }).slice(0, -1)},"enqueuedAt":`;
        args.push(id, body, MAX_PRIORITY - priority, Math.max(0, Math.ceil(task.delay ?? 0)), maxAttempts);
        ids.push(id);
        n++;
      }
      await ENQUEUE.run(this.redis, this.keys, [n, ...args]);
    }
    return ids;
  }

  /**
   * Take the next task, waiting up to `timeout` ms for one (0: do not wait). The task stays invisible
   * to others for the visibility timeout: complete it, retry it, or extend it before then.
   */
  async dequeue<P = unknown>(timeout = 0): Promise<Task<P> | null> {
    const [task] = await this.dequeueMany<P>(1, timeout);
    return task ?? null;
  }

  /** Take up to `count` tasks, waiting up to `timeout` ms for at least one, or until `signal` aborts. */
  async dequeueMany<P = unknown>(count: number, timeout = 0, signal?: AbortSignal): Promise<Task<P>[]> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const reply = (await DEQUEUE.run(this.redis, this.keys, [
        count,
        this.visibilityTimeout,
        JSON.stringify(
          'visibility timeout: the worker did not finish (it died, hung or lost its connection)',
        ),
      ])) as (string | number)[];
      if (reply.length > 1) return this.parseTasks<P>(reply);
      const left = deadline - Date.now();
      if (left <= 0 || this.closed || signal?.aborted) return [];
      const nextWake = Number(reply[0]);
      await this.waitForSignal(nextWake > 0 ? Math.min(left, nextWake) : left, signal);
    }
  }

  private parseTasks<P>(reply: (string | number)[]): Task<P>[] {
    const out: Task<P>[] = [];
    for (let i = 1; i < reply.length; i += 5) {
      const body = JSON.parse(String(reply[i + 1])) as Omit<Task<P>, 'attempts' | 'lease' | 'deadline'>;
      out.push({
        ...body,
        attempts: Number(reply[i + 3]),
        lease: Number(reply[i + 2]),
        deadline: Number(reply[i + 4]),
      });
    }
    return out;
  }

  // Block on the signal list on a connection of our own (a blocking command would hold up every other
  // command on the caller's connection), not shared with another waiter (its BLPOP would wait for
  // ours to end). A wake-up only means "look again".
  private async waitForSignal(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms < 5) return sleep(ms);
    const blocker = this.idleBlockers.pop() ?? duplicateClient(this.redis);
    this.busyBlockers.add(blocker);
    let reusable = true;
    // Aborting drops the blocked connection (BLPOP cannot be cancelled); a new one is made when needed.
    const abort = () => {
      reusable = false;
      blocker.disconnect();
    };
    signal?.addEventListener('abort', abort, { once: true });
    try {
      await blocker.blpop(this.key('signal'), (Math.min(ms, 2 ** 31) / 1000).toFixed(3));
    } catch (err) {
      reusable = false;
      if (this.closed || signal?.aborted) return;
      throw new PatternError('queue.dequeue', err);
    } finally {
      signal?.removeEventListener('abort', abort);
      this.busyBlockers.delete(blocker);
      if (reusable && !this.closed) this.idleBlockers.push(blocker);
      else blocker.disconnect();
    }
  }

  /** The task is done: remove exactly this delivery. False when its lease was lost (it was taken back). */
  async complete(task: Pick<Task, 'id' | 'lease'>): Promise<boolean> {
    return (await COMPLETE.run(this.redis, this.keys, [task.id, task.lease])) === 1;
  }

  /**
   * The task failed: retry it after a backoff (exponential in its failures, with jitter), or move it to
   * the dead-letter list when it has no attempts left. 'lost' when its lease was no longer current.
   */
  async retryOrDeadLetter(
    task: Pick<Task, 'id' | 'lease' | 'attempts'>,
    error: unknown,
  ): Promise<'retried' | 'dead' | 'lost'> {
    const backoff = Math.min(this.backoffMax, this.backoffBase * 2 ** task.attempts);
    const jittered = Math.round(backoff * (1 + Math.random() * 0.1));
    const reply = await FAIL.run(this.redis, this.keys, [
      task.id,
      task.lease,
      jittered,
      JSON.stringify(errorText(error)),
    ]);
    return reply === 1 ? 'retried' : reply === 2 ? 'dead' : 'lost';
  }

  /** Push the task's visibility deadline `visibility` ms from now. False when its lease was lost. */
  async extend(
    task: Pick<Task, 'id' | 'lease'> & { deadline?: number },
    visibility = this.visibilityTimeout,
  ): Promise<boolean> {
    const reply = await EXTEND.run(this.redis, this.keys, [task.id, task.lease, visibility]);
    if (reply === 0) return false;
    task.deadline = Number(reply);
    return true;
  }

  async stats(): Promise<QueueStats> {
    const [pending, delayed, processing, dead, counters] = await withContext(
      'queue.stats',
      Promise.all([
        this.redis.zcard(this.key('pending')),
        this.redis.zcard(this.key('delayed')),
        this.redis.zcard(this.key('processing')),
        this.redis.llen(this.key('dead')),
        this.redis.hgetall(this.key('stats')),
      ]),
    );
    const n = (field: string) => Number(counters[field] ?? 0);
    return {
      pending,
      delayed,
      processing,
      dead,
      enqueued: n('enqueued'),
      completed: n('completed'),
      retried: n('retried'),
      deadLettered: n('deadLettered'),
      recovered: n('recovered'),
    };
  }

  /** Dead letters, newest first (LRANGE start..stop). */
  async deadLetters(start = 0, stop = 99): Promise<DeadLetter[]> {
    const items = await withContext('queue.deadLetters', this.redis.lrange(this.key('dead'), start, stop));
    return items.map((item) => JSON.parse(item) as DeadLetter);
  }

  /**
   * Close the queue's own blocking connections, ending any wait in progress (the caller's connection
   * stays open). Without it they keep the process alive.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const blocker of [...this.idleBlockers.splice(0), ...this.busyBlockers]) blocker.disconnect();
    this.busyBlockers.clear();
  }
}
