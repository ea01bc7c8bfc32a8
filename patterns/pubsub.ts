// Pub/Sub with JSON messages, many handlers per channel, and subscriptions that outlive the connection.
//
// Publishing goes through the connection the caller passes; subscribing needs a connection of its own
// (a subscribed connection accepts only (P)SUBSCRIBE, (P)UNSUBSCRIBE, PING), so the first subscribe
// opens one with `duplicate()`. ioredis re-sends SUBSCRIBE and PSUBSCRIBE for every channel and
// pattern it had when that connection comes back after a drop (autoResubscribe, forced on here), so
// handlers keep receiving after a reconnect; messages published while it was down are lost, as
// Pub/Sub is fire-and-forget (use streams.ts when every message matters).
//
// Each handler runs on its own: one that throws, or whose promise rejects, is reported through
// `onError` with its channel, and the others still receive the message. A message that is not JSON
// (published by another client) is reported the same way and reaches no handler.
//
// On a Cluster, PUBLISH is broadcast over the cluster bus, so a subscriber on any node receives it;
// the reply (receivers) counts only the clients of the node that got the PUBLISH.

import type { Cluster, Redis } from 'ioredis';
import type { RedisClient } from './keys.js';
import { withContext } from './script.js';

export interface PubSubMessage<T> {
  /** The channel without the prefix. */
  channel: string;
  /** The subscribed pattern (without the prefix) that matched, for psubscribe handlers. */
  pattern?: string;
  data: T;
}

export type MessageHandler<T> = (data: T, message: PubSubMessage<T>) => void | Promise<void>;

export interface PubSubErrorContext {
  /** handler: a handler threw; decode: a message was not JSON; overflow: an iterator dropped a message; connection: the subscriber connection failed. */
  kind: 'handler' | 'decode' | 'overflow' | 'connection';
  channel?: string;
  pattern?: string;
}

export interface PubSubOptions {
  /** Prepended to every channel and pattern (default ''); handlers see names without it. */
  prefix?: string;
  /** Where errors that have no caller to reach go (default: console.error). */
  onError?: (error: Error, context: PubSubErrorContext) => void;
}

export interface Subscription {
  /** Remove this subscription's handler; the channel is unsubscribed when no handler is left. */
  unsubscribe(): Promise<void>;
}

export interface IteratorOptions {
  /** Treat the names as glob patterns (PSUBSCRIBE). */
  pattern?: boolean;
  /** Messages kept while the loop is busy; past it the oldest is dropped and reported (default 10,000). */
  maxBuffered?: number;
}

type Kind = 'channel' | 'pattern';

/** A channel or pattern: its handlers, and Redis's answer to the (P)SUBSCRIBE that added it. */
interface Entry<T> {
  handlers: Set<MessageHandler<T>>;
  /** Settles when Redis confirmed (or refused) the subscription; every caller that joins it waits. */
  confirmed: Promise<void>;
}

/** Glob metacharacters in a prefix must match themselves in a PSUBSCRIBE pattern. */
function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}

function toList(names: string | readonly string[]): string[] {
  const list = typeof names === 'string' ? [names] : [...names];
  if (list.length === 0) throw new TypeError('PubSub: no channel or pattern given');
  return list;
}

export class PubSub<T = unknown> {
  private readonly prefix: string;
  private readonly onError: (error: Error, context: PubSubErrorContext) => void;
  private subscriber: Redis | Cluster | null = null;
  private readonly handlers: Record<Kind, Map<string, Entry<T>>> = {
    channel: new Map(),
    pattern: new Map(),
  };
  private readonly iterators = new Set<{ end(): void }>();
  private closed = false;

  constructor(
    private readonly redis: RedisClient,
    options: PubSubOptions = {},
  ) {
    this.prefix = options.prefix ?? '';
    this.onError =
      options.onError ??
      ((error, context) =>
        console.error(`PubSub (${context.kind} ${context.pattern ?? context.channel ?? ''}):`, error));
  }

  /** Publish `data` as JSON; resolves to the number of clients that received it (on this node). */
  async publish(channel: string, data: T): Promise<number> {
    const payload = JSON.stringify(data);
    if (payload === undefined)
      throw new TypeError(`PubSub.publish(${channel}): the message is not JSON-serializable`);
    return withContext(`PubSub.publish(${channel})`, this.redis.publish(this.prefix + channel, payload));
  }

  /** Call `handler` with every message on `channels`; resolves once Redis confirmed the subscription. */
  subscribe(channels: string | readonly string[], handler: MessageHandler<T>): Promise<Subscription> {
    return this.add('channel', toList(channels), handler);
  }

  /** Call `handler` with every message on channels matching the glob `patterns`. */
  psubscribe(patterns: string | readonly string[], handler: MessageHandler<T>): Promise<Subscription> {
    return this.add('pattern', toList(patterns), handler);
  }

  /** Remove `handler` (or every handler) from `channels` (or from every channel). */
  unsubscribe(channels?: string | readonly string[], handler?: MessageHandler<T>): Promise<void> {
    return this.remove('channel', channels === undefined ? undefined : toList(channels), handler);
  }

  /** Remove `handler` (or every handler) from `patterns` (or from every pattern). */
  punsubscribe(patterns?: string | readonly string[], handler?: MessageHandler<T>): Promise<void> {
    return this.remove('pattern', patterns === undefined ? undefined : toList(patterns), handler);
  }

  /**
   * The messages of `names` as an async iterator, subscribed before it is returned:
   *
   *     for await (const { channel, data } of await pubsub.messages('orders')) { ... }
   *
   * Leaving the loop (break, return, throw) unsubscribes; close() ends the loop.
   */
  async messages(
    names: string | readonly string[],
    options: IteratorOptions = {},
  ): Promise<AsyncIterableIterator<PubSubMessage<T>>> {
    const maxBuffered = options.maxBuffered ?? 10_000;
    const buffered: PubSubMessage<T>[] = [];
    // next() calls not yet answered, oldest first: a caller may ask again before awaiting.
    const waiting: ((r: IteratorResult<PubSubMessage<T>>) => void)[] = [];
    let done = false;
    const handler: MessageHandler<T> = (_data, message) => {
      const resolve = waiting.shift();
      if (resolve) {
        resolve({ value: message, done: false });
        return;
      }
      buffered.push(message);
      if (buffered.length > maxBuffered) {
        const dropped = buffered.shift();
        this.onError(
          new Error(`PubSub iterator: more than ${maxBuffered} messages waiting; the oldest was dropped`),
          {
            kind: 'overflow',
            channel: dropped?.channel,
            pattern: dropped?.pattern,
          },
        );
      }
    };
    const kind: Kind = options.pattern ? 'pattern' : 'channel';
    const subscription = await this.add(kind, toList(names), handler);
    const ender = {
      end: () => {
        done = true;
        this.iterators.delete(ender);
        for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
      },
    };
    this.iterators.add(ender);
    const iterator: AsyncIterableIterator<PubSubMessage<T>> = {
      next: () => {
        const value = buffered.shift();
        if (value) return Promise.resolve({ value, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          waiting.push(resolve);
        });
      },
      return: async () => {
        ender.end();
        buffered.length = 0;
        if (!this.closed) await subscription.unsubscribe();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  /** Unsubscribe everything, end the iterators and close the subscriber connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const it of [...this.iterators]) it.end();
    this.handlers.channel.clear();
    this.handlers.pattern.clear();
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  /** The number of channels and patterns with at least one handler. */
  get subscriptionCount(): number {
    return this.handlers.channel.size + this.handlers.pattern.size;
  }

  private connection(): Redis | Cluster {
    if (this.closed) throw new Error('PubSub is closed');
    if (this.subscriber) return this.subscriber;
    // A Cluster's duplicate keeps its options (autoResubscribe is on by default there); overriding
    // redisOptions would replace them whole, password included.
    const sub: Redis | Cluster = this.redis.isCluster
      ? (this.redis as Cluster).duplicate()
      : (this.redis as Redis).duplicate({ autoResubscribe: true });
    sub.on('message', (channel: string, message: string) =>
      this.deliver('channel', channel, channel, message),
    );
    sub.on('pmessage', (pattern: string, channel: string, message: string) =>
      this.deliver('pattern', pattern, channel, message),
    );
    sub.on('error', (err: Error) => this.onError(err, { kind: 'connection' }));
    this.subscriber = sub;
    return sub;
  }

  private async add(kind: Kind, names: string[], handler: MessageHandler<T>): Promise<Subscription> {
    const sub = this.connection();
    const map = this.handlers[kind];
    const fresh: Entry<T>[] = [];
    const freshNames: string[] = [];
    // A name whose (P)SUBSCRIBE is still on its way is not subscribed yet: joining it means waiting
    // for Redis's answer too, and failing with it.
    const answers = new Set<Promise<void>>();
    for (const name of names) {
      let entry = map.get(name);
      if (!entry) {
        entry = { handlers: new Set(), confirmed: Promise.resolve() };
        map.set(name, entry);
        fresh.push(entry);
        freshNames.push(name);
      } else {
        answers.add(entry.confirmed);
      }
      entry.handlers.add(handler);
    }
    if (fresh.length > 0) {
      const what = `PubSub.${kind === 'channel' ? 'subscribe' : 'psubscribe'}(${freshNames.join(', ')})`;
      const confirmed = withContext(
        what,
        kind === 'channel'
          ? sub.subscribe(...freshNames.map((c) => this.prefix + c))
          : sub.psubscribe(...freshNames.map((p) => escapeGlob(this.prefix) + p)),
      ).then(
        () => undefined,
        (err: unknown) => {
          // Refused: no handler that joined these names has a subscription behind it (every caller
          // that added one is waiting for this answer and gets the error).
          freshNames.forEach((name, i) => {
            if (map.get(name) === fresh[i]) map.delete(name);
          });
          throw err;
        },
      );
      for (const entry of fresh) entry.confirmed = confirmed;
      answers.add(confirmed);
    }
    try {
      await Promise.all(answers);
    } catch (err) {
      // All or nothing: take the handler off the names that did subscribe as well.
      await this.remove(kind, names, handler).catch((cleanup: unknown) =>
        this.onError(cleanup instanceof Error ? cleanup : new Error(String(cleanup)), { kind: 'connection' }),
      );
      throw err;
    }
    return { unsubscribe: () => this.remove(kind, names, handler) };
  }

  private async remove(kind: Kind, names: string[] | undefined, handler?: MessageHandler<T>): Promise<void> {
    const map = this.handlers[kind];
    const emptied: string[] = [];
    for (const name of names ?? [...map.keys()]) {
      const set = map.get(name)?.handlers;
      if (!set) continue;
      if (handler) set.delete(handler);
      else set.clear();
      if (set.size === 0) {
        map.delete(name);
        emptied.push(name);
      }
    }
    const sub = this.subscriber;
    if (emptied.length === 0 || !sub) return;
    const what = `PubSub.${kind === 'channel' ? 'unsubscribe' : 'punsubscribe'}(${emptied.join(', ')})`;
    await withContext(
      what,
      kind === 'channel'
        ? sub.unsubscribe(...emptied.map((c) => this.prefix + c))
        : sub.punsubscribe(...emptied.map((p) => escapeGlob(this.prefix) + p)),
    );
  }

  private deliver(kind: Kind, subscribed: string, fullChannel: string, raw: string): void {
    const name =
      kind === 'channel'
        ? subscribed.slice(this.prefix.length)
        : subscribed.slice(escapeGlob(this.prefix).length);
    const set = this.handlers[kind].get(name)?.handlers;
    if (!set || set.size === 0) return;
    const channel = fullChannel.startsWith(this.prefix) ? fullChannel.slice(this.prefix.length) : fullChannel;
    const pattern = kind === 'pattern' ? name : undefined;
    let data: T;
    try {
      data = JSON.parse(raw) as T;
    } catch (err) {
      this.onError(
        new Error(`PubSub: a message on ${channel} is not JSON: ${(err as Error).message}`, { cause: err }),
        {
          kind: 'decode',
          channel,
          pattern,
        },
      );
      return;
    }
    const message: PubSubMessage<T> = pattern === undefined ? { channel, data } : { channel, pattern, data };
    // Copy: a handler may unsubscribe itself (or others) while the message is being delivered.
    for (const handler of [...set]) {
      const report = (err: unknown) =>
        this.onError(
          new Error(
            `PubSub: a handler for ${pattern ?? channel} failed: ${err instanceof Error ? err.message : String(err)}`,
            {
              cause: err,
            },
          ),
          { kind: 'handler', channel, pattern },
        );
      try {
        const result = handler(data, message);
        if (result && typeof (result as Promise<void>).then === 'function')
          (result as Promise<void>).catch(report);
      } catch (err) {
        report(err);
      }
    }
  }
}
