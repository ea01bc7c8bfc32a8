// Pub/Sub delivery (Redis's pubsub.c): who subscribes to what, and getting a message to them.
//
// The server keeps, per kind of subscription, a map from channel (or pattern) to the clients that
// subscribe to it, in subscription order; each client keeps the set of its own channels and patterns
// (Client.subs). The two sides always change together, through subscribe/unsubscribe here.
//
//   PUBLISH ch msg ──> channel subscribers of "ch", in the order they subscribed
//                 └──> for each pattern matching "ch": its subscribers
//
// A message is encoded once per protocol and copied into each receiver's reply buffer, which is
// flushed on the next tick; delivery never blocks the publisher. A receiver that has stopped reading
// is dropped when its pending output passes client-output-buffer-limit (see checkOutputLimit).

import type { Client } from './client.js';
import { compileGlob, type GlobMatcher } from './glob.js';
import { ReplyWriter } from './protocol/writer.js';
import type { RespiteServer } from './server.js';

/** The three kinds of subscription: channels, patterns, and (cluster) shard channels. */
export type SubscriptionKind = 'channel' | 'pattern' | 'shard';

/** A pattern's compiled matcher and its subscribers. */
interface PatternSubscribers {
  readonly match: GlobMatcher;
  readonly clients: Set<Client>;
}

/** The server's side of the subscriptions. */
export class PubSubRegistry {
  readonly channels = new Map<string, Set<Client>>();
  readonly patterns = new Map<string, PatternSubscribers>();
  readonly shardChannels = new Map<string, Set<Client>>();
}

/** A client's own subscriptions, in the order it made them. */
export class ClientSubscriptions {
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly shard = new Set<string>();

  /** SUBSCRIBE's and friends' count: channels plus patterns (shard channels are counted apart). */
  get count(): number {
    return this.channels.size + this.patterns.size;
  }

  get any(): boolean {
    return this.channels.size + this.patterns.size + this.shard.size !== 0;
  }
}

// ---- encoding ------------------------------------------------------------------------------------

function bulk(s: string): string {
  return `$${s.length}\r\n${s}\r\n`;
}

/** One message frame: RESP2 an array, RESP3 a push. Byte strings in, bytes out. */
function frame(proto: 2 | 3, parts: readonly string[]): Buffer {
  let s = `${proto === 2 ? '*' : '>'}${parts.length}\r\n`;
  for (const p of parts) s += bulk(p);
  return Buffer.from(s, 'latin1');
}

/** Each protocol's frame of one message, built the first time a receiver needs it. */
class Frames {
  private resp2: Buffer | null = null;
  private resp3: Buffer | null = null;
  constructor(private readonly parts: readonly string[]) {}
  for(proto: 2 | 3): Buffer {
    if (proto === 2) return (this.resp2 ??= frame(2, this.parts));
    return (this.resp3 ??= frame(3, this.parts));
  }
}

/** Send a push frame to a client (and flush it soon): the one way messages reach a receiver. */
export function sendPush(receiver: Client, bytes: Buffer): void {
  if (receiver.closed) return;
  if (silenced(receiver)) (receiver.heldPushes ??= []).push(bytes);
  else receiver.out.encoded(bytes);
  receiver.scheduleFlush();
  checkOutputLimit(receiver);
}

/**
 * Whether `c` is running a command whose replies CLIENT REPLY OFF/SKIP will drop: pushes to it are
 * held apart then, since Redis sends them all the same (dispatch writes them after).
 */
function silenced(c: Client): boolean {
  return (c.replyMode === 'off' || c.replyMode === 'skip') && c.server.tracking.current === c;
}

/** Write a frame to `c`'s own reply (subscribe confirmations) as a push: see `silenced`. */
export function ownPush(c: Client, write: (out: ReplyWriter) => void): void {
  if (!silenced(c)) return write(c.out);
  const held = new ReplyWriter();
  held.proto = c.out.proto;
  write(held);
  (c.heldPushes ??= []).push(held.take());
}

// ---- publishing ----------------------------------------------------------------------------------

/**
 * Deliver `message` to the subscribers of `channel` and of every pattern matching it, as PUBLISH
 * does; returns how many received it (a client subscribed through two patterns counts twice).
 */
export function publish(server: RespiteServer, channel: string, message: string): number {
  const registry = server.pubsub;
  let receivers = 0;
  const subscribers = registry.channels.get(channel);
  if (subscribers !== undefined) {
    const frames = new Frames(['message', channel, message]);
    for (const client of subscribers) {
      sendPush(client, frames.for(client.protocol));
      receivers++;
    }
  }
  if (registry.patterns.size !== 0) {
    for (const [pattern, { match, clients }] of registry.patterns) {
      if (!match(channel)) continue;
      const frames = new Frames(['pmessage', pattern, channel, message]);
      for (const client of clients) {
        sendPush(client, frames.for(client.protocol));
        receivers++;
      }
    }
  }
  return receivers;
}

/** SPUBLISH: shard channels have no patterns. */
export function publishShard(server: RespiteServer, channel: string, message: string): number {
  const subscribers = server.pubsub.shardChannels.get(channel);
  if (subscribers === undefined) return 0;
  const frames = new Frames(['smessage', channel, message]);
  for (const client of subscribers) sendPush(client, frames.for(client.protocol));
  return subscribers.size;
}

// ---- subscribing ---------------------------------------------------------------------------------

/** Subscribe `c` to a channel, pattern or shard channel; false if it already was. */
export function subscribe(c: Client, kind: SubscriptionKind, name: string): boolean {
  const registry = c.server.pubsub;
  if (kind === 'pattern') {
    if (c.subs.patterns.has(name)) return false;
    c.subs.patterns.add(name);
    let entry = registry.patterns.get(name);
    if (entry === undefined) {
      entry = { match: compileGlob(name), clients: new Set() };
      registry.patterns.set(name, entry);
    }
    entry.clients.add(c);
    return true;
  }
  const own = kind === 'channel' ? c.subs.channels : c.subs.shard;
  if (own.has(name)) return false;
  own.add(name);
  const map = kind === 'channel' ? registry.channels : registry.shardChannels;
  let clients = map.get(name);
  if (clients === undefined) {
    clients = new Set();
    map.set(name, clients);
  }
  clients.add(c);
  return true;
}

/** Unsubscribe `c`; false if it was not subscribed. */
export function unsubscribe(c: Client, kind: SubscriptionKind, name: string): boolean {
  const registry = c.server.pubsub;
  if (kind === 'pattern') {
    if (!c.subs.patterns.delete(name)) return false;
    const entry = registry.patterns.get(name);
    if (entry !== undefined) {
      entry.clients.delete(c);
      if (entry.clients.size === 0) registry.patterns.delete(name);
    }
    return true;
  }
  const own = kind === 'channel' ? c.subs.channels : c.subs.shard;
  if (!own.delete(name)) return false;
  const map = kind === 'channel' ? registry.channels : registry.shardChannels;
  const clients = map.get(name);
  if (clients !== undefined) {
    clients.delete(c);
    if (clients.size === 0) map.delete(name);
  }
  return true;
}

/** Drop every subscription of `c` without replying (connection closed, RESET). */
export function dropSubscriptions(c: Client): void {
  if (!c.subs.any) return;
  for (const name of [...c.subs.channels]) unsubscribe(c, 'channel', name);
  for (const name of [...c.subs.patterns]) unsubscribe(c, 'pattern', name);
  for (const name of [...c.subs.shard]) unsubscribe(c, 'shard', name);
}

// ---- slow receivers ------------------------------------------------------------------------------

/** The pubsub class of client-output-buffer-limit, in bytes and seconds (0: no limit). */
interface OutputLimits {
  hard: number;
  soft: number;
  softSeconds: number;
}

/** The last parsed setting: the value changes rarely, and is read on every message delivered. */
let limitsText = '';
let limits: OutputLimits = { hard: 0, soft: 0, softSeconds: 0 };

function pubsubLimits(server: RespiteServer): OutputLimits {
  const text = server.config.get('client-output-buffer-limit');
  if (text !== limitsText) {
    // The config keeps the canonical form: "normal h s sec slave h s sec pubsub h s sec".
    const words = text.split(' ');
    const at = words.indexOf('pubsub');
    limits = { hard: Number(words[at + 1]), soft: Number(words[at + 2]), softSeconds: Number(words[at + 3]) };
    limitsText = text;
  }
  return limits;
}

/**
 * client-output-buffer-limit for the pubsub class (a client with subscriptions): one whose pending
 * output (replies not yet handed to the socket plus what the socket has not yet sent) reaches the
 * hard limit is closed at once; one at or above the soft limit is closed once it has stayed there
 * for more than the soft seconds, counted in whole seconds of the server clock. As in Redis, the
 * check runs whenever output is added to the client, and once more when the soft seconds are up;
 * other clients are not affected.
 */
export function checkOutputLimit(c: Client): void {
  if (c.socket === null || c.closed || !c.subs.any) return;
  const { hard, soft, softSeconds } = pubsubLimits(c.server);
  if (hard === 0 && soft === 0) return;
  const pending = c.out.length + c.socket.writableLength;
  let over = hard !== 0 && pending >= hard;
  if (!over && soft !== 0 && pending >= soft) {
    const now = Math.floor(c.server.clock.now() / 1000);
    if (c.softLimitSince === 0) {
      c.softLimitSince = now;
      // Redis's clientsCron checks every client about once a second, so a subscriber that receives
      // nothing more is still closed: look again when the soft seconds will have passed.
      c.server.clock.at((now + softSeconds + 1) * 1000, () => checkOutputLimit(c));
    } else {
      over = now - c.softLimitSince > softSeconds;
    }
  } else {
    c.softLimitSince = 0;
  }
  if (!over) return;
  // Redis frees such a client without writing anything more to it.
  c.out.truncate(0);
  c.closed = true;
  c.socket.destroy();
  c.server.removeClient(c);
}
