// Streams: StreamProducer appends JSON events; StreamConsumer reads them in a consumer group, at least
// once, with recovery from consumers that died and a dead-letter stream for entries that keep failing.
//
// Delivery. XREADGROUP hands each new entry to one consumer of the group and records it as pending
// for that consumer; the consumer acknowledges (XACK) after its handler succeeds. An entry whose
// handler fails stays pending, as does every entry of a consumer that died mid-batch. Every
// `claimIntervalMs` a consumer runs XAUTOCLAIM over the entries pending for longer than `minIdleMs`
// (whoever holds them, itself included), which takes them over and counts one more delivery; an
// entry claimed more than `maxDeliveries` times in all is not run again but moved to the dead-letter
// stream (XADD there and XACK here in one MULTI, so it is never in both or neither).
// A consumer restarted under its old name first reads back what it still held (XREADGROUP from 0),
// under the same delivery limit, before it claims or reads anything new.
//
// Keys. The stream and its dead letters share the hash tag `{prefix:name}` (`{stream:orders}:entries`,
// `{stream:orders}:dead`), so the MULTI works on a Cluster.
//
// Connections. XREADGROUP BLOCK holds its connection, so each consumer reads on its own duplicate of
// the connection it was given and writes (XACK, XAUTOCLAIM, ...) on that one. stop() lets the current
// handler finish, then ends the wait of a blocked read at once with CLIENT UNBLOCK (on a Cluster, where
// the read's node is not known here, the read ends within `blockMs`).

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Cluster, Redis } from 'ioredis';
import { hashTagged, type RedisClient } from './keys.js';
import { withContext } from './script.js';

export interface StreamKeysOptions {
  /** Key prefix (default 'stream'). */
  prefix?: string;
}

/** The keys of stream `name`: its entries and its dead letters. */
export function streamKeys(name: string, options: StreamKeysOptions = {}): { stream: string; dead: string } {
  const keys = hashTagged(options.prefix ?? 'stream', name);
  return { stream: keys('entries'), dead: keys('dead') };
}

export interface ProducerOptions extends StreamKeysOptions {
  /** Trim the stream to about this many entries on each add (MAXLEN ~), unless add() says otherwise. */
  maxLen?: number;
}

export interface AddOptions {
  /** Trim to about this many entries (MAXLEN ~ n); `exact` trims to exactly n (slower). */
  maxLen?: number;
  exact?: boolean;
  /** An explicit entry id (default '*', the server's time). */
  id?: string;
}

type Flat = string[];
type RawEntry = [id: string, fields: Flat | null];

export class StreamProducer<T = unknown> {
  readonly key: string;
  private readonly maxLen: number | undefined;

  constructor(
    private readonly redis: RedisClient,
    readonly name: string,
    options: ProducerOptions = {},
  ) {
    this.key = streamKeys(name, options).stream;
    this.maxLen = options.maxLen;
  }

  /** Append `event`; resolves to its entry id. */
  async add(event: T, options: AddOptions = {}): Promise<string> {
    return withContext(
      `StreamProducer.add(${this.name})`,
      this.redis.call('XADD', ...this.xaddArgs(event, options)) as Promise<string>,
    );
  }

  /** Append several events in one round trip (a pipeline; each is its own XADD). */
  async addMany(events: readonly T[], options: AddOptions = {}): Promise<string[]> {
    const pipeline = this.redis.pipeline();
    for (const event of events) pipeline.call('XADD', ...this.xaddArgs(event, options));
    const results = (await withContext(`StreamProducer.addMany(${this.name})`, pipeline.exec())) ?? [];
    return results.map(([err, id]) => {
      if (err) throw new Error(`StreamProducer.addMany(${this.name}): ${err.message}`, { cause: err });
      return id as string;
    });
  }

  /** The number of entries in the stream. */
  length(): Promise<number> {
    return withContext(`StreamProducer.length(${this.name})`, this.redis.xlen(this.key));
  }

  private xaddArgs(event: T, options: AddOptions): (string | number)[] {
    const json = JSON.stringify(event);
    if (json === undefined)
      throw new TypeError(`StreamProducer.add(${this.name}): the event is not JSON-serializable`);
    const args: (string | number)[] = [this.key];
    const maxLen = options.maxLen ?? this.maxLen;
    if (maxLen !== undefined) args.push('MAXLEN', options.exact ? '=' : '~', maxLen);
    args.push(options.id ?? '*', 'data', json);
    return args;
  }
}

export interface StreamEntry<T> {
  id: string;
  data: T;
  /** How many times the entry has been delivered to a consumer of the group, this time included. */
  deliveries: number;
  /** Acknowledge now (the run loop and the iterator do it after success on their own). */
  ack(): Promise<void>;
}

export type StreamHandler<T> = (data: T, entry: StreamEntry<T>) => void | Promise<void>;

export interface StreamErrorContext {
  /** handler: a handler failed (the entry stays pending); read: Redis or the connection failed. */
  kind: 'handler' | 'read' | 'dead-letter';
  id?: string;
}

export interface ConsumerOptions extends StreamKeysOptions {
  group: string;
  /** This consumer's name in the group (default host-pid-random). Reuse it after a restart to resume its pending entries. */
  consumer?: string;
  /** Where a new group starts: '0' the whole stream (default), '$' only entries added from now on. */
  startId?: string;
  /** Entries per read (default 10). */
  count?: number;
  /** How long one XREADGROUP waits for new entries (default 2,000 ms). */
  blockMs?: number;
  /** An entry pending this long is taken over from its consumer (default 60,000 ms). */
  minIdleMs?: number;
  /** How often to look for such entries (default minIdleMs / 2, at most every 30 s). */
  claimIntervalMs?: number;
  /** An entry delivered more often is dead-lettered instead of run (default 5). */
  maxDeliveries?: number;
  /** Where failures without a caller go (default console.error). */
  onError?: (error: Error, context: StreamErrorContext) => void;
}

export interface StreamDeadLetter {
  /** The dead-letter entry's own id. */
  id: string;
  /** The id the entry had in the stream. */
  originalId: string;
  /** The entry's JSON, as it was. */
  data: string;
  deliveries: number;
  group: string;
  consumer: string;
  reason: string;
}

function fieldsOf(flat: Flat | null): Map<string, string> {
  const m = new Map<string, string>();
  if (flat) for (let i = 0; i + 1 < flat.length; i += 2) m.set(flat[i], flat[i + 1]);
  return m;
}

/**
 * The entries of a one-stream XREAD(GROUP) reply in any shape ioredis gives: RESP2's
 * [[key, entries]], RESP3's map as a flat [key, entries] (ioredis 6's default), or as an object.
 */
function entriesOfRead(reply: unknown): RawEntry[] {
  if (!reply) return [];
  if (Array.isArray(reply)) {
    if (reply.length === 0) return [];
    return (typeof reply[0] === 'string' ? reply[1] : reply[0][1]) ?? [];
  }
  return (Object.values(reply as Record<string, RawEntry[]>)[0] as RawEntry[] | undefined) ?? [];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class StreamConsumer<T = unknown> {
  readonly key: string;
  readonly deadKey: string;
  readonly group: string;
  readonly consumer: string;
  private readonly startId: string;
  private readonly count: number;
  private readonly blockMs: number;
  private readonly minIdleMs: number;
  private readonly claimIntervalMs: number;
  private readonly maxDeliveries: number;
  private readonly onError: (error: Error, context: StreamErrorContext) => void;
  private reader: Redis | Cluster | null = null;
  private readerId: number | null = null;
  private groupReady = false;
  /** Whether this consumer's own pending entries (from a previous life under its name) were taken back. */
  private resumed = false;
  private resumeFrom = '0';
  private lastClaim = Number.NEGATIVE_INFINITY;
  private stopping = false;
  private running: Promise<void> | null = null;
  private reading = false;

  constructor(
    private readonly redis: RedisClient,
    readonly name: string,
    options: ConsumerOptions,
  ) {
    const keys = streamKeys(name, options);
    this.key = keys.stream;
    this.deadKey = keys.dead;
    this.group = options.group;
    this.consumer = options.consumer ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.startId = options.startId ?? '0';
    this.count = options.count ?? 10;
    this.blockMs = options.blockMs ?? 2000;
    this.minIdleMs = options.minIdleMs ?? 60_000;
    this.claimIntervalMs = options.claimIntervalMs ?? Math.min(this.minIdleMs / 2, 30_000);
    this.maxDeliveries = options.maxDeliveries ?? 5;
    this.onError =
      options.onError ??
      ((error, context) =>
        console.error(`StreamConsumer ${this.name} (${context.kind} ${context.id ?? ''}):`, error));
  }

  /** Create the group (and the stream, MKSTREAM) unless it exists: safe to call from every consumer. */
  async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.key, this.group, this.startId, 'MKSTREAM');
    } catch (err) {
      if (!(err instanceof Error && err.message.startsWith('BUSYGROUP'))) {
        throw new Error(
          `StreamConsumer.ensureGroup(${this.name}, ${this.group}): ${(err as Error).message}`,
          { cause: err },
        );
      }
    }
    this.groupReady = true;
  }

  /**
   * Run `handler` on entries until stop(): stale entries of dead consumers first (every
   * claimIntervalMs), then new ones. Resolves once stopped.
   */
  run(handler: StreamHandler<T>): Promise<void> {
    if (this.running) throw new Error(`StreamConsumer ${this.name}: already running`);
    this.stopping = false;
    this.running = (async () => {
      try {
        while (!this.stopping) {
          let entries: StreamEntry<T>[];
          try {
            entries = await this.next();
          } catch (err) {
            if (this.stopping) break;
            this.onError(err as Error, { kind: 'read' });
            await sleep(Math.min(this.blockMs, 1000));
            continue;
          }
          for (const entry of entries) {
            // Entries already read but not started when stop() came stay pending for another consumer.
            if (this.stopping) break;
            await this.handle(entry, handler);
          }
        }
      } finally {
        await this.closeReader();
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Finish the entry in progress, stop reading, and resolve when run() has returned. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.reading && this.readerId !== null && !this.redis.isCluster) {
      await (this.redis as Redis).client('UNBLOCK', this.readerId).catch(() => {});
    }
    await this.running;
    await this.closeReader();
  }

  /**
   * One batch: the entries taken over from consumers idle past minIdleMs (when a claim is due), or
   * else up to `count` new entries, waiting up to blockMs for them. Entries delivered too often are
   * dead-lettered here and not returned. Nothing is acknowledged: call entry.ack().
   */
  async next(): Promise<StreamEntry<T>[]> {
    if (!this.groupReady) await this.ensureGroup();
    while (!this.resumed) {
      // A consumer restarted under its old name first takes back what it held when it stopped. A
      // batch may come back empty because all of it was dead-lettered: the rest still comes first.
      const own = await this.ownPending();
      if (own === null) this.resumed = true;
      else if (own.length > 0) return own;
    }
    if (Date.now() - this.lastClaim >= this.claimIntervalMs) {
      this.lastClaim = Date.now();
      const claimed = await this.claimStale();
      if (claimed.length > 0) return claimed;
    }
    return this.readNew();
  }

  /**
   * The entries (of any consumer) pending for at least minIdleMs, now this consumer's (XAUTOCLAIM);
   * those delivered more than maxDeliveries times go to the dead-letter stream instead.
   */
  async claimStale(): Promise<StreamEntry<T>[]> {
    const what = `StreamConsumer.claimStale(${this.name})`;
    const out: StreamEntry<T>[] = [];
    let cursor = '0-0';
    do {
      const reply = (await withContext(
        what,
        this.redis.call(
          'XAUTOCLAIM',
          this.key,
          this.group,
          this.consumer,
          this.minIdleMs,
          cursor,
          'COUNT',
          this.count,
        ),
      )) as [string, RawEntry[], string[]?];
      cursor = reply[0];
      const raw = reply[1].filter((e): e is [string, Flat] => e !== null && e[1] !== null);
      if (raw.length === 0) continue;
      out.push(...(await this.redelivered(raw)));
      if (out.length >= this.count) break;
    } while (cursor !== '0-0');
    return out;
  }

  /**
   * The entries as an async iterator; each is acknowledged when the loop asks for the next one, or
   * earlier by entry.ack(). Leaving the loop acknowledges nothing more: the entry in hand stays
   * pending and is redelivered (at least once), so ack() before a break that means "done".
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<StreamEntry<T>, void, undefined> {
    this.stopping = false;
    try {
      while (!this.stopping) {
        for (const entry of await this.next()) {
          if (this.stopping) return;
          yield entry;
          await entry.ack();
        }
      }
    } finally {
      await this.closeReader();
    }
  }

  /** The newest dead letters, newest first. */
  async deadLetters(count = 100): Promise<StreamDeadLetter[]> {
    const raw = (await withContext(
      `StreamConsumer.deadLetters(${this.name})`,
      this.redis.call('XREVRANGE', this.deadKey, '+', '-', 'COUNT', count),
    )) as [string, Flat][];
    return raw.map(([id, flat]) => {
      const f = fieldsOf(flat);
      return {
        id,
        originalId: f.get('id') ?? '',
        data: f.get('data') ?? '',
        deliveries: Number(f.get('deliveries') ?? 0),
        group: f.get('group') ?? '',
        consumer: f.get('consumer') ?? '',
        reason: f.get('reason') ?? '',
      };
    });
  }

  /** The number of entries delivered to the group and not yet acknowledged. */
  async pendingCount(): Promise<number> {
    const reply = (await withContext(
      `StreamConsumer.pendingCount(${this.name})`,
      this.redis.xpending(this.key, this.group),
    )) as [number, ...unknown[]];
    return Number(reply[0]);
  }

  private async readNew(): Promise<StreamEntry<T>[]> {
    const reader = await this.readerConnection();
    this.reading = true;
    let reply: unknown;
    try {
      reply = await withContext(
        `StreamConsumer.read(${this.name})`,
        reader.call(
          'XREADGROUP',
          'GROUP',
          this.group,
          this.consumer,
          'COUNT',
          this.count,
          'BLOCK',
          this.blockMs,
          'STREAMS',
          this.key,
          '>',
        ),
      );
    } catch (err) {
      // The group went away (stream deleted): make it again on the next read.
      if ((err as Error).message.includes('NOGROUP')) this.groupReady = false;
      throw err;
    } finally {
      this.reading = false;
    }
    const out: StreamEntry<T>[] = [];
    for (const [id, fields] of entriesOfRead(reply)) {
      if (!fields) continue;
      const entry = this.entry(id, fields, 1);
      if (entry) out.push(entry);
    }
    return out;
  }

  /** Run the handler; XACK on success; report a failure and leave the entry pending. */
  private async handle(entry: StreamEntry<T>, handler: StreamHandler<T>): Promise<void> {
    try {
      await handler(entry.data, entry);
    } catch (err) {
      this.onError(
        new Error(
          `StreamConsumer ${this.name}: handler failed on ${entry.id} (delivery ${entry.deliveries}): ${(err as Error)?.message ?? err}`,
          {
            cause: err,
          },
        ),
        { kind: 'handler', id: entry.id },
      );
      return;
    }
    try {
      await entry.ack();
    } catch (err) {
      this.onError(err as Error, { kind: 'read', id: entry.id });
    }
  }

  /** The entry with its JSON decoded, or null after dead-lettering one whose data is not JSON. */
  private entry(id: string, flat: Flat, deliveries: number): StreamEntry<T> | null {
    const raw = fieldsOf(flat).get('data');
    let data: T;
    try {
      if (raw === undefined) throw new Error("no 'data' field");
      data = JSON.parse(raw) as T;
    } catch (err) {
      void this.deadLetter(id, flat, deliveries, `not a JSON event: ${(err as Error).message}`).catch((e) =>
        this.onError(e as Error, { kind: 'dead-letter', id }),
      );
      return null;
    }
    let acked = false;
    return {
      id,
      data,
      deliveries,
      ack: async () => {
        if (acked) return;
        await withContext(
          `StreamConsumer.ack(${this.name}, ${id})`,
          this.redis.xack(this.key, this.group, id),
        );
        acked = true;
      },
    };
  }

  /**
   * Up to `count` entries still pending for this consumer's name, read again (XREADGROUP from 0),
   * less those dead-lettered; null once none is left.
   */
  private async ownPending(): Promise<StreamEntry<T>[] | null> {
    const reply = await withContext(
      `StreamConsumer.read(${this.name})`,
      this.redis.call(
        'XREADGROUP',
        'GROUP',
        this.group,
        this.consumer,
        'COUNT',
        this.count,
        'STREAMS',
        this.key,
        this.resumeFrom,
      ),
    );
    const raw = entriesOfRead(reply);
    if (raw.length === 0) return null;
    this.resumeFrom = raw[raw.length - 1][0];
    // An id whose entry was trimmed away comes back without fields: nothing to run, so acknowledge it.
    for (const [id, fields] of raw)
      if (!fields)
        await withContext(
          `StreamConsumer.ack(${this.name}, ${id})`,
          this.redis.xack(this.key, this.group, id),
        );
    return this.redelivered(raw.filter((e): e is [string, Flat] => e[1] !== null));
  }

  /** Entries delivered again (claimed or resumed): dead-letter those over maxDeliveries, decode the rest. */
  private async redelivered(raw: [string, Flat][]): Promise<StreamEntry<T>[]> {
    if (raw.length === 0) return [];
    const out: StreamEntry<T>[] = [];
    const deliveries = await this.deliveryCounts(raw[0][0], raw[raw.length - 1][0]);
    for (const [id, fields] of raw) {
      const n = deliveries.get(id) ?? 1;
      if (n > this.maxDeliveries) {
        await this.deadLetter(id, fields, n, `delivered ${n} times (more than ${this.maxDeliveries})`);
      } else {
        const entry = this.entry(id, fields, n);
        if (entry) out.push(entry);
      }
    }
    return out;
  }

  /** Delivery counts of this consumer's pending entries between two ids. */
  private async deliveryCounts(first: string, last: string): Promise<Map<string, number>> {
    const rows = (await withContext(
      `StreamConsumer.claimStale(${this.name})`,
      this.redis.call('XPENDING', this.key, this.group, first, last, 1_000_000, this.consumer),
    )) as [string, string, number, number][];
    return new Map(rows.map(([id, , , n]) => [id, Number(n)]));
  }

  private async deadLetter(id: string, flat: Flat, deliveries: number, reason: string): Promise<void> {
    const tx = this.redis.multi();
    tx.xadd(
      this.deadKey,
      '*',
      'id',
      id,
      'data',
      fieldsOf(flat).get('data') ?? JSON.stringify(flat),
      'deliveries',
      String(deliveries),
      'group',
      this.group,
      'consumer',
      this.consumer,
      'reason',
      reason,
    );
    tx.xack(this.key, this.group, id);
    const results = await withContext(`StreamConsumer.deadLetter(${this.name}, ${id})`, tx.exec());
    for (const [err] of results ?? []) {
      if (err)
        throw new Error(`StreamConsumer.deadLetter(${this.name}, ${id}): ${err.message}`, { cause: err });
    }
  }

  private async readerConnection(): Promise<Redis | Cluster> {
    if (this.reader) return this.reader;
    const reader = this.redis.isCluster
      ? (this.redis as Cluster).duplicate()
      : (this.redis as Redis).duplicate();
    reader.on('error', () => {}); // failures reach the caller through the read that met them
    this.reader = reader;
    if (!reader.isCluster)
      this.readerId = Number(
        await withContext(`StreamConsumer ${this.name}: CLIENT ID`, (reader as Redis).client('ID')),
      );
    return reader;
  }

  private async closeReader(): Promise<void> {
    const reader = this.reader;
    this.reader = null;
    this.readerId = null;
    if (reader) await reader.quit().catch(() => reader.disconnect());
  }
}
