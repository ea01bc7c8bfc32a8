// Pub/Sub commands: SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE and their UNSUBSCRIBEs, PUBLISH, SPUBLISH and
// PUBSUB. Delivery and the subscription tables are in ../pubsub.ts.
//
// Each (un)subscription is confirmed by its own frame, [kind, channel, count], a push in RESP3;
// RESP2 clients with subscriptions are held to the subscribe commands, PING, QUIT and RESET by
// dispatch.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { compileGlob } from '../glob.js';
import {
  publish as deliver,
  ownPush,
  publishShard,
  type SubscriptionKind,
  subscribe as subscribeTo,
  unsubscribe as unsubscribeFrom,
} from '../pubsub.js';
import { replyHelp } from './connection.js';
import { type CommandSpec, command } from './types.js';

/** Each kind's confirmation words and the count its frames carry. */
const KINDS = {
  channel: { sub: 'subscribe', unsub: 'unsubscribe' },
  pattern: { sub: 'psubscribe', unsub: 'punsubscribe' },
  shard: { sub: 'ssubscribe', unsub: 'sunsubscribe' },
} as const;

/** Channels and patterns count together; shard channels on their own (Redis's subscriptionCount). */
function countFor(c: Client, kind: SubscriptionKind): number {
  return kind === 'shard' ? c.subs.shard.size : c.subs.count;
}

/** One confirmation frame; `name` null for an UNSUBSCRIBE of nothing. */
function confirm(c: Client, word: string, name: string | null, count: number): void {
  ownPush(c, (out) => {
    out.push(3);
    out.bulk(word);
    out.bulkOrNull(name);
    out.integer(count);
  });
}

function subscribeAll(c: Client, argv: string[], kind: SubscriptionKind): void {
  for (let i = 1; i < argv.length; i++) {
    subscribeTo(c, kind, argv[i]);
    confirm(c, KINDS[kind].sub, argv[i], countFor(c, kind));
  }
}

/** The named ones, or with no names every one the client has (and a null frame if none). */
function unsubscribeAll(c: Client, argv: string[], kind: SubscriptionKind): void {
  const word = KINDS[kind].unsub;
  if (argv.length > 1) {
    for (let i = 1; i < argv.length; i++) {
      unsubscribeFrom(c, kind, argv[i]);
      confirm(c, word, argv[i], countFor(c, kind));
    }
    return;
  }
  const own = kind === 'channel' ? c.subs.channels : kind === 'pattern' ? c.subs.patterns : c.subs.shard;
  if (own.size === 0) return confirm(c, word, null, countFor(c, kind));
  for (const name of [...own]) {
    unsubscribeFrom(c, kind, name);
    confirm(c, word, name, countFor(c, kind));
  }
}

// SUBSCRIBE channel [channel ...]
function subscribe(c: Client, argv: string[]): void {
  subscribeAll(c, argv, 'channel');
}

// UNSUBSCRIBE [channel [channel ...]]
function unsubscribe(c: Client, argv: string[]): void {
  unsubscribeAll(c, argv, 'channel');
}

// PSUBSCRIBE pattern [pattern ...]
function psubscribe(c: Client, argv: string[]): void {
  subscribeAll(c, argv, 'pattern');
}

// PUNSUBSCRIBE [pattern [pattern ...]]
function punsubscribe(c: Client, argv: string[]): void {
  unsubscribeAll(c, argv, 'pattern');
}

// SSUBSCRIBE shardchannel [shardchannel ...]
// Unlike SUBSCRIBE, refused inside MULTI/EXEC too, as Redis does.
function ssubscribe(c: Client, argv: string[]): void {
  if (c.denyBlocking) return c.out.error(E.ERR_SUBSCRIBE_DENY_BLOCKING('SSUBSCRIBE'));
  subscribeAll(c, argv, 'shard');
}

// SUNSUBSCRIBE [shardchannel [shardchannel ...]]
function sunsubscribe(c: Client, argv: string[]): void {
  unsubscribeAll(c, argv, 'shard');
}

// PUBLISH channel message
function publish(c: Client, argv: string[]): void {
  c.out.integer(deliver(c.server, argv[1], argv[2]));
}

// SPUBLISH shardchannel message
function spublish(c: Client, argv: string[]): void {
  c.out.integer(publishShard(c.server, argv[1], argv[2]));
}

/** PUBSUB CHANNELS and SHARDCHANNELS: the active channels, those matching `pattern` if given. */
function channelList(c: Client, argv: string[], channels: Map<string, unknown>): void {
  if (argv.length > 3) return c.out.error(E.ERR_SUBCOMMAND_SYNTAX(argv[1], 'PUBSUB'));
  const match = argv.length === 3 ? compileGlob(argv[2]) : null;
  const names: string[] = [];
  for (const name of channels.keys()) if (match === null || match(name)) names.push(name);
  c.out.bulkArray(names);
}

/** PUBSUB NUMSUB and SHARDNUMSUB: each channel and its number of subscribers. */
function numsub(c: Client, argv: string[], channels: Map<string, Set<Client>>): void {
  c.out.array((argv.length - 2) * 2);
  for (let i = 2; i < argv.length; i++) {
    c.out.bulk(argv[i]);
    c.out.integer(channels.get(argv[i])?.size ?? 0);
  }
}

// PUBSUB CHANNELS [pattern]
function pubsubChannels(c: Client, argv: string[]): void {
  channelList(c, argv, c.server.pubsub.channels);
}

// PUBSUB NUMSUB [channel [channel ...]]
function pubsubNumsub(c: Client, argv: string[]): void {
  numsub(c, argv, c.server.pubsub.channels);
}

// PUBSUB NUMPAT
function pubsubNumpat(c: Client): void {
  c.out.integer(c.server.pubsub.patterns.size);
}

// PUBSUB SHARDCHANNELS [pattern]
function pubsubShardChannels(c: Client, argv: string[]): void {
  channelList(c, argv, c.server.pubsub.shardChannels);
}

// PUBSUB SHARDNUMSUB [shardchannel [shardchannel ...]]
function pubsubShardNumsub(c: Client, argv: string[]): void {
  numsub(c, argv, c.server.pubsub.shardChannels);
}

const PUBSUB_HELP = [
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
];

// PUBSUB HELP
function pubsubHelp(c: Client, argv: string[]): void {
  replyHelp(c, argv[0], PUBSUB_HELP);
}

/** The subscribe family's flags: none may run in a script. */
const SUBSCRIBING = ['pubsub', 'noscript', 'loading', 'stale'] as const;
const INSPECTING = ['pubsub', 'loading', 'stale'] as const;

/** A PUBSUB subcommand's entry. */
function pubsubSub(
  name: string,
  arity: number,
  handler: CommandSpec['handler'],
  summary: string,
  complexity: string,
  since = '2.8.0',
): CommandSpec {
  return command({ name, arity, flags: INSPECTING, group: 'pubsub', since, summary, complexity, handler });
}

export const commands: CommandSpec[] = [
  command({
    name: 'subscribe',
    arity: -2,
    flags: SUBSCRIBING,
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Listen for messages published to the given channels',
    complexity: 'O(N) where N is the number of channels to subscribe to.',
    handler: subscribe,
  }),
  command({
    name: 'unsubscribe',
    arity: -1,
    flags: SUBSCRIBING,
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Stop listening for messages posted to the given channels',
    complexity: 'O(N) where N is the number of clients already subscribed to a channel.',
    handler: unsubscribe,
  }),
  command({
    name: 'psubscribe',
    arity: -2,
    flags: SUBSCRIBING,
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Listen for messages published to channels matching the given patterns',
    complexity: 'O(N) where N is the number of patterns the client is already subscribed to.',
    handler: psubscribe,
  }),
  command({
    name: 'punsubscribe',
    arity: -1,
    flags: SUBSCRIBING,
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Stop listening for messages posted to channels matching the given patterns',
    complexity:
      'O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).',
    handler: punsubscribe,
  }),
  command({
    name: 'publish',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'],
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Post a message to a channel',
    complexity:
      'O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).',
    handler: publish,
  }),
  // The shard commands name their channels where keys go (Redis's key specs, flagged not_key), so
  // a cluster can route them; they are not keys (tracking and COMMAND GETKEYS skip them).
  command({
    name: 'ssubscribe',
    arity: -2,
    flags: SUBSCRIBING,
    firstKey: 1,
    lastKey: -1,
    step: 1,
    keySpecFlags: ['not_key'],
    group: 'pubsub',
    since: '7.0.0',
    summary: 'Listen for messages published to the given shard channels',
    complexity: 'O(N) where N is the number of shard channels to subscribe to.',
    handler: ssubscribe,
  }),
  command({
    name: 'sunsubscribe',
    arity: -1,
    flags: SUBSCRIBING,
    firstKey: 1,
    lastKey: -1,
    step: 1,
    keySpecFlags: ['not_key'],
    group: 'pubsub',
    since: '7.0.0',
    summary: 'Stop listening for messages posted to the given shard channels',
    complexity: 'O(N) where N is the number of clients already subscribed to a shard channel.',
    handler: sunsubscribe,
  }),
  command({
    name: 'spublish',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    keySpecFlags: ['not_key'],
    group: 'pubsub',
    since: '7.0.0',
    summary: 'Post a message to a shard channel',
    complexity: 'O(N) where N is the number of clients subscribed to the receiving shard channel.',
    handler: spublish,
  }),
  command({
    name: 'pubsub',
    arity: -2,
    flags: [],
    group: 'pubsub',
    since: '2.8.0',
    summary: 'A container for Pub/Sub commands',
    complexity: 'Depends on subcommand.',
    subcommands: [
      pubsubSub(
        'channels',
        -2,
        pubsubChannels,
        'List active channels',
        'O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)',
      ),
      pubsubSub(
        'numsub',
        -2,
        pubsubNumsub,
        'Get the count of subscribers for channels',
        'O(N) for the NUMSUB subcommand, where N is the number of requested channels',
      ),
      pubsubSub('numpat', 2, pubsubNumpat, 'Get the count of unique patterns pattern subscriptions', 'O(1)'),
      pubsubSub(
        'shardchannels',
        -2,
        pubsubShardChannels,
        'List active shard channels',
        'O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).',
        '7.0.0',
      ),
      pubsubSub(
        'shardnumsub',
        -2,
        pubsubShardNumsub,
        'Get the count of subscribers for shard channels',
        'O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels',
        '7.0.0',
      ),
      command({
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        group: 'pubsub',
        acl: ['-pubsub'], // Redis files it under the group but not in @pubsub: it has no pubsub flag
        since: '6.2.0',
        summary: 'Show helpful text about the different subcommands',
        complexity: 'O(1)',
        handler: pubsubHelp,
      }),
    ],
  }),
];
