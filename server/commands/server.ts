// Server commands: COMMAND, INFO, CONFIG, DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, LASTSAVE, SAVE,
// BGSAVE, SHUTDOWN, ROLE, WAIT, DEBUG and MONITOR.
//
// COMMAND INFO/DOCS/COUNT/LIST/GETKEYS are generated from the command table (table.ts), the same
// entries dispatch reads, so what COMMAND reports is what the server does.

import os from 'node:os';
import { signalKeyReady } from '../blocking.js';
import type { Client } from '../client.js';
import { type ConfigSetError, PARAM_NAMES } from '../config.js';
import { datasetDigest, valueDigest } from '../digest.js';
import * as E from '../errors.js';
import { compileGlob } from '../glob.js';
import { latencyPercentile } from '../latency.js';
import { parseInt64 } from '../numbers.js';
import type { ReplyWriter } from '../protocol/writer.js';
import { scriptBusyError } from '../scripting/busy.js';
import type { RespiteServer } from '../server.js';
import { invalidateOnFlush } from '../tracking.js';
import { REDIS_VERSION } from '../version.js';
import { replyHelp } from './connection.js';
import { scriptsInfo } from './scripting.js';
import { streamsMayBeGone } from './streams.js';
import { COMMANDS, type Command, commandKeys, lookupCommand } from './table.js';
import { touchAllWatchedKeysInDb } from './transactions.js';
import { type CommandFlag, type CommandGroup, type CommandSpec, command } from './types.js';

// ---- COMMAND ------------------------------------------------------------------------------------

/** The flags COMMAND INFO shows, in the order Redis prints them (may_replicate and protected are hidden). */
const SHOWN_FLAGS: readonly CommandFlag[] = [
  'write',
  'readonly',
  'denyoom',
  'admin',
  'pubsub',
  'noscript',
  'blocking',
  'loading',
  'stale',
  'skip_monitor',
  'skip_slowlog',
  'fast',
  'no_auth',
  'no_mandatory_keys',
  'no_async_loading',
  'no_multi',
  'movablekeys',
  'allow_busy',
];

/** ACL categories in the order Redis prints them. */
export const ACL_CATEGORIES = [
  'keyspace',
  'read',
  'write',
  'set',
  'sortedset',
  'list',
  'hash',
  'string',
  'bitmap',
  'hyperloglog',
  'geo',
  'stream',
  'pubsub',
  'admin',
  'fast',
  'slow',
  'blocking',
  'dangerous',
  'connection',
  'transaction',
  'scripting',
] as const;

/** The ACL category each command group implies (server and cluster commands have none). */
const GROUP_CATEGORY: Partial<Record<CommandGroup, string>> = {
  generic: 'keyspace',
  string: 'string',
  bitmap: 'bitmap',
  list: 'list',
  hash: 'hash',
  set: 'set',
  'sorted-set': 'sortedset',
  pubsub: 'pubsub',
  transactions: 'transaction',
  scripting: 'scripting',
  stream: 'stream',
  hyperloglog: 'hyperloglog',
  geo: 'geo',
  connection: 'connection',
};

const categoryCache = new WeakMap<Command, readonly string[]>();

/**
 * A command's ACL categories, derived as Redis derives them: the group's category (not for a
 * container, whose subcommands carry it), the spec's extra `acl` entries, and the implied ones:
 * write → @write; readonly → @read (not for scripting); admin → @admin and @dangerous; pubsub →
 * @pubsub; fast → @fast, else @slow; blocking → @blocking. An `acl` entry "-name" removes a
 * category the group implies (WAIT is in the generic group but not in @keyspace).
 */
export function aclCategories(cmd: Command): readonly string[] {
  const cached = categoryCache.get(cmd);
  if (cached) return cached;
  const cats = new Set<string>();
  const group = GROUP_CATEGORY[cmd.group];
  if (group && !cmd.subcommands) cats.add(group);
  for (const extra of cmd.acl ?? []) {
    if (extra.startsWith('-')) cats.delete(extra.slice(1));
    else cats.add(extra.replace(/^@/, ''));
  }
  const flags = cmd.flags;
  if (flags.includes('write')) cats.add('write');
  if (flags.includes('readonly') && !cats.has('scripting')) cats.add('read');
  if (flags.includes('admin')) cats.add('admin').add('dangerous');
  if (flags.includes('pubsub')) cats.add('pubsub');
  if (flags.includes('fast')) cats.add('fast');
  if (flags.includes('blocking')) cats.add('blocking');
  if (!cats.has('fast')) cats.add('slow');
  const ordered = ACL_CATEGORIES.filter((c) => cats.has(c));
  categoryCache.set(cmd, ordered);
  return ordered;
}

/**
 * The commands COMMAND shows. RESPITE, respite's own admin command, is left out unless the server
 * enabled it, so that COMMAND, COUNT, LIST and DOCS read as Redis's do.
 */
function shownCommands(c: Client): Command[] {
  const all = [...COMMANDS.values()];
  return c.server.adminCommand ? all : all.filter((cmd) => !isAdmin(cmd));
}

function isAdmin(cmd: Command): boolean {
  return (cmd.parent ?? cmd).name === 'respite';
}

/** A command or subcommand by "name" or "container|sub", as Redis's lookupCommandBySds. */
export function commandByFullname(c: Client, name: string): Command | undefined {
  const parts = name.toLowerCase().split('|');
  if (parts.length > 2) return undefined;
  const cmd = COMMANDS.get(parts[0]);
  if (cmd && isAdmin(cmd) && !c.server.adminCommand) return undefined;
  if (!cmd || parts.length === 1) return cmd;
  return cmd.subs?.get(parts[1]);
}

/** Key-spec flags, derived: what the table says about a command's access to its keys. */
function keyFlags(cmd: Command): readonly string[] {
  if (cmd.keySpecFlags) return cmd.keySpecFlags;
  if (cmd.flags.includes('write')) return ['RW', 'update'];
  if (cmd.flags.includes('readonly')) return ['RO', 'access'];
  return [];
}

/**
 * The key specs of COMMAND INFO. The table has key positions, not Redis's per-key access flags, so a
 * command with fixed positions gets one range spec with flags derived from write/readonly; a
 * command with movable keys gets none.
 */
function writeKeySpecs(out: ReplyWriter, cmd: Command): void {
  if (cmd.firstKey === 0 || cmd.getKeys) return out.set(0);
  out.set(1);
  out.map(3);
  out.bulk('flags');
  const flags = keyFlags(cmd);
  out.set(flags.length);
  for (const f of flags) out.simple(f);
  out.bulk('begin_search');
  out.map(2);
  out.bulk('type');
  out.bulk('index');
  out.bulk('spec');
  out.map(1);
  out.bulk('index');
  out.integer(cmd.firstKey);
  out.bulk('find_keys');
  out.map(2);
  out.bulk('type');
  out.bulk('range');
  out.bulk('spec');
  out.map(3);
  out.bulk('lastkey');
  out.integer(cmd.lastKey < 0 ? cmd.lastKey : cmd.lastKey - cmd.firstKey);
  out.bulk('keystep');
  out.integer(cmd.step);
  out.bulk('limit');
  out.integer(0);
}

/** One COMMAND INFO entry: name, arity, flags, first/last/step, ACL categories, tips, key specs, subcommands. */
function writeCommandInfo(out: ReplyWriter, cmd: Command | undefined): void {
  if (!cmd) return out.nullBulk();
  out.array(10);
  out.bulk(cmd.fullname);
  out.integer(cmd.arity);
  const flags = SHOWN_FLAGS.filter(
    (f) => cmd.flags.includes(f) || (f === 'movablekeys' && cmd.getKeys !== undefined),
  );
  out.set(flags.length);
  for (const f of flags) out.simple(f);
  out.integer(cmd.firstKey);
  out.integer(cmd.lastKey);
  out.integer(cmd.step);
  const cats = aclCategories(cmd);
  out.set(cats.length);
  for (const cat of cats) out.simple(`@${cat}`);
  out.set(0); // tips: not in the table
  writeKeySpecs(out, cmd);
  if (!cmd.subs) return out.set(0);
  out.array(cmd.subs.size);
  for (const sub of cmd.subs.values()) writeCommandInfo(out, sub);
}

/** One COMMAND DOCS entry: summary, since, group, complexity, and the subcommands' docs. */
function writeCommandDocs(out: ReplyWriter, cmd: Command): void {
  out.map(3 + (cmd.complexity ? 1 : 0) + (cmd.subs ? 1 : 0));
  out.bulk('summary');
  out.bulkText(cmd.summary);
  out.bulk('since');
  out.bulk(cmd.since);
  out.bulk('group');
  out.bulk(cmd.group);
  if (cmd.complexity) {
    out.bulk('complexity');
    out.bulkText(cmd.complexity);
  }
  if (cmd.subs) {
    out.bulk('subcommands');
    out.map(cmd.subs.size);
    for (const sub of cmd.subs.values()) {
      out.bulk(sub.fullname);
      writeCommandDocs(out, sub);
    }
  }
}

// COMMAND
function commandAll(c: Client): void {
  const cmds = shownCommands(c);
  c.out.array(cmds.length);
  for (const cmd of cmds) writeCommandInfo(c.out, cmd);
}

// COMMAND COUNT
function commandCount(c: Client): void {
  c.out.integer(shownCommands(c).length);
}

// COMMAND INFO [command-name [command-name ...]]
function commandInfo(c: Client, argv: string[]): void {
  if (argv.length === 2) return commandAll(c);
  c.out.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) writeCommandInfo(c.out, commandByFullname(c, argv[i]));
}

// COMMAND DOCS [command-name [command-name ...]]
function commandDocs(c: Client, argv: string[]): void {
  const cmds =
    argv.length === 2
      ? shownCommands(c)
      : argv
          .slice(2)
          .map((name) => commandByFullname(c, name))
          .filter((cmd) => cmd !== undefined);
  c.out.map(cmds.length);
  for (const cmd of cmds) {
    c.out.bulk(cmd.fullname);
    writeCommandDocs(c.out, cmd);
  }
}

/** The key positions of a full command line, or the error COMMAND GETKEYS gives for it. */
function keysOf(args: string[]): { cmd: Command; keys: number[] } | { error: string } {
  const cmd = lookupCommand(args);
  if (!cmd) return { error: E.ERR_GETKEYS_INVALID_COMMAND };
  if ((cmd.firstKey === 0 && !cmd.getKeys) || cmd.keySpecFlags?.includes('not_key'))
    return { error: E.ERR_GETKEYS_NO_KEYS };
  if ((cmd.arity > 0 && cmd.arity !== args.length) || args.length < -cmd.arity)
    return { error: E.ERR_GETKEYS_ARITY };
  const keys = commandKeys(cmd, args);
  if (keys.length === 0 && !cmd.flags.includes('no_mandatory_keys'))
    return { error: E.ERR_GETKEYS_INVALID_ARGS };
  return { cmd, keys };
}

// COMMAND GETKEYS command [arg [arg ...]]
function commandGetKeys(c: Client, argv: string[]): void {
  const args = argv.slice(2);
  const found = keysOf(args);
  if ('error' in found) return c.out.error(found.error);
  c.out.array(found.keys.length);
  for (const i of found.keys) c.out.bulk(args[i]);
}

// COMMAND GETKEYSANDFLAGS command [arg [arg ...]]
function commandGetKeysAndFlags(c: Client, argv: string[]): void {
  const args = argv.slice(2);
  const found = keysOf(args);
  if ('error' in found) return c.out.error(found.error);
  const flags = keyFlags(found.cmd);
  c.out.array(found.keys.length);
  for (const i of found.keys) {
    c.out.array(2);
    c.out.bulk(args[i]);
    c.out.set(flags.length);
    for (const f of flags) c.out.simple(f);
  }
}

// COMMAND LIST [FILTERBY MODULE module-name | ACLCAT category | PATTERN pattern]
function commandList(c: Client, argv: string[]): void {
  let keep: (cmd: Command) => boolean = () => true;
  for (let i = 2; i < argv.length; i += 3) {
    if (argv[i].toLowerCase() !== 'filterby' || argv.length - 1 - i !== 2) return c.out.error(E.ERR_SYNTAX);
    const type = argv[i + 1].toLowerCase();
    const arg = argv[i + 2];
    if (type === 'module') {
      keep = () => false; // respite has no modules
    } else if (type === 'aclcat') {
      const cat = arg.toLowerCase();
      keep = (cmd) => aclCategories(cmd).includes(cat);
    } else if (type === 'pattern') {
      const match = compileGlob(arg, true);
      keep = (cmd) => match(cmd.fullname);
    } else {
      return c.out.error(E.ERR_SYNTAX);
    }
  }
  const names: string[] = [];
  for (const cmd of shownCommands(c)) {
    if (keep(cmd)) names.push(cmd.fullname);
    for (const sub of cmd.subs?.values() ?? []) if (keep(sub)) names.push(sub.fullname);
  }
  c.out.bulkArray(names);
}

const COMMAND_HELP = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
];

// COMMAND HELP
function commandHelp(c: Client, argv: string[]): void {
  replyHelp(c, argv[0], COMMAND_HELP);
}

// ---- INFO ---------------------------------------------------------------------------------------

/** What INFO remembers between calls, per server: peaks and the last sample of the counters. */
interface InfoState {
  memoryPeak: number;
  replId: string;
  saves: number;
  lastSample: { at: number; commands: number; netIn: number; netOut: number } | null;
  rates: { ops: number; inKbps: number; outKbps: number };
}

const infoStates = new WeakMap<RespiteServer, InfoState>();

function infoState(server: RespiteServer): InfoState {
  let s = infoStates.get(server);
  if (!s) {
    const hex = () => Array.from({ length: 40 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]);
    s = {
      memoryPeak: 0,
      replId: hex().join(''),
      saves: 0,
      lastSample: null,
      rates: { ops: 0, inKbps: 0, outKbps: 0 },
    };
    infoStates.set(server, s);
  }
  return s;
}

/**
 * Instantaneous rates as Redis shows them, from the counters' change since the previous INFO
 * (Redis samples every 100 ms; respite samples when asked, over at least 100 ms).
 */
function sampleRates(server: RespiteServer, state: InfoState): void {
  const now = server.clock.nowPrecise();
  const counters = {
    at: now,
    commands: server.stats.commands,
    netIn: server.stats.netInputBytes,
    netOut: server.stats.netOutputBytes,
  };
  const last = state.lastSample;
  if (last && now - last.at < 100) return;
  if (last) {
    const secs = (now - last.at) / 1000;
    state.rates = {
      ops: Math.round((counters.commands - last.commands) / secs),
      inKbps: (counters.netIn - last.netIn) / secs / 1024,
      outKbps: (counters.netOut - last.netOut) / secs / 1024,
    };
  }
  state.lastSample = counters;
}

/** Redis's bytesToHuman: B, K, M, G, T, P with two decimals. */
export function bytesToHuman(n: number): string {
  if (n < 1024) return `${n}B`;
  const units = ['K', 'M', 'G', 'T', 'P'];
  for (let i = 0; i < units.length; i++) {
    const scale = 1024 ** (i + 2);
    if (n < scale) return `${(n / 1024 ** (i + 1)).toFixed(2)}${units[i]}`;
  }
  return `${n}B`;
}

/** Microseconds as Redis prints rusage times: seconds.micros with six digits. */
function secondsMicros(us: number): string {
  return `${Math.floor(us / 1e6)}.${String(Math.floor(us % 1e6)).padStart(6, '0')}`;
}

type Fields = (string | number)[][];

function section(title: string, fields: Fields): string {
  let text = `# ${title}\r\n`;
  for (const [name, value] of fields) text += `${name}:${value}\r\n`;
  return text;
}

function serverSection(server: RespiteServer): string {
  const now = server.clock.now();
  const uptime = Math.floor((now - server.startedAt) / 1000);
  const hz = server.config.get('hz');
  return section('Server', [
    ['redis_version', REDIS_VERSION],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', '0'],
    ['redis_mode', 'standalone'],
    ['os', `${os.type()} ${os.release()} ${os.machine()}`],
    ['arch_bits', /64/.test(process.arch) ? 64 : 32],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', process.platform === 'linux' ? 'epoll' : 'kqueue'],
    ['atomicvar_api', 'c11-builtin'],
    ['gcc_version', '0.0.0'],
    ['process_id', process.pid],
    ['process_supervised', 'no'],
    ['run_id', server.runId],
    ['tcp_port', server.config.get('port')],
    ['server_time_usec', server.clock.nowMicros()],
    ['uptime_in_seconds', uptime],
    ['uptime_in_days', Math.floor(uptime / 86400)],
    ['hz', hz],
    ['configured_hz', hz],
    ['lru_clock', Math.floor(now / 1000) & 0xffffff],
    ['executable', process.argv[1] ?? process.execPath],
    ['config_file', ''],
    ['io_threads_active', 0],
  ]);
}

function clientsSection(server: RespiteServer): string {
  let maxInput = 0;
  let blocked = 0;
  let withTimeout = 0;
  for (const client of server.clients.values()) {
    maxInput = Math.max(maxInput, client.parser.pending);
    if (client.blocked) {
      blocked++;
      if (client.blocked.timer) withTimeout++;
    } else if (client.postponed) {
      blocked++; // CLIENT PAUSE holds it as a blocked client, without a timeout
    }
  }
  return section('Clients', [
    ['connected_clients', server.clients.size],
    ['cluster_connections', 0],
    ['maxclients', server.config.get('maxclients')],
    ['client_recent_max_input_buffer', maxInput],
    ['client_recent_max_output_buffer', 0],
    ['blocked_clients', blocked],
    ['tracking_clients', server.tracking.clients],
    ['clients_in_timeout_table', withTimeout],
  ]);
}

function memorySection(server: RespiteServer, state: InfoState): string {
  const mem = process.memoryUsage();
  const used = mem.heapUsed + mem.external;
  state.memoryPeak = Math.max(state.memoryPeak, used);
  const peak = state.memoryPeak;
  const maxmemory = Number(server.config.get('maxmemory'));
  const total = os.totalmem();
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b).toFixed(2);
  const scripts = scriptsInfo(server);
  return section('Memory', [
    ['used_memory', used],
    ['used_memory_human', bytesToHuman(used)],
    ['used_memory_rss', mem.rss],
    ['used_memory_rss_human', bytesToHuman(mem.rss)],
    ['used_memory_peak', peak],
    ['used_memory_peak_human', bytesToHuman(peak)],
    ['used_memory_peak_perc', `${((used / peak) * 100).toFixed(2)}%`],
    ['used_memory_overhead', 0],
    ['used_memory_startup', 0],
    ['used_memory_dataset', used],
    ['used_memory_dataset_perc', '100.00%'],
    ['allocator_allocated', mem.heapUsed],
    ['allocator_active', mem.heapTotal],
    ['allocator_resident', mem.rss],
    ['total_system_memory', total],
    ['total_system_memory_human', bytesToHuman(total)],
    // The Lua engine's own memory is not measured (0); the scripts' and functions' counts are exact,
    // and the cached scripts' memory is Redis's accounting of them.
    ['used_memory_lua', 0],
    ['used_memory_vm_eval', 0],
    ['used_memory_lua_human', '0B'],
    ['used_memory_scripts_eval', scripts.scriptsEvalBytes],
    ['number_of_cached_scripts', scripts.cachedScripts],
    ['number_of_functions', scripts.functions],
    ['number_of_libraries', scripts.libraries],
    ['used_memory_vm_functions', 0],
    ['used_memory_vm_total', 0],
    ['used_memory_vm_total_human', '0B'],
    ['used_memory_functions', 0],
    ['used_memory_scripts', scripts.scriptsEvalBytes],
    ['used_memory_scripts_human', bytesToHuman(scripts.scriptsEvalBytes)],
    ['maxmemory', maxmemory],
    ['maxmemory_human', bytesToHuman(maxmemory)],
    ['maxmemory_policy', server.config.get('maxmemory-policy')],
    ['allocator_frag_ratio', ratio(mem.heapTotal, mem.heapUsed)],
    ['allocator_frag_bytes', mem.heapTotal - mem.heapUsed],
    ['allocator_rss_ratio', ratio(mem.rss, mem.heapTotal)],
    ['allocator_rss_bytes', mem.rss - mem.heapTotal],
    ['rss_overhead_ratio', '1.00'],
    ['rss_overhead_bytes', 0],
    ['mem_fragmentation_ratio', ratio(mem.rss, used)],
    ['mem_fragmentation_bytes', mem.rss - used],
    ['mem_not_counted_for_evict', 0],
    ['mem_replication_backlog', 0],
    ['mem_total_replication_buffers', 0],
    ['mem_clients_slaves', 0],
    ['mem_clients_normal', 0],
    ['mem_cluster_links', 0],
    ['mem_aof_buffer', 0],
    ['mem_allocator', `node-${process.versions.v8}`],
    ['active_defrag_running', 0],
    ['lazyfree_pending_objects', 0],
    ['lazyfreed_objects', 0],
  ]);
}

function persistenceSection(server: RespiteServer, state: InfoState): string {
  return section('Persistence', [
    ['loading', 0],
    ['async_loading', 0],
    ['current_cow_peak', 0],
    ['current_cow_size', 0],
    ['current_cow_size_age', 0],
    ['current_fork_perc', '0.00'],
    ['current_save_keys_processed', 0],
    ['current_save_keys_total', 0],
    ['rdb_changes_since_last_save', server.dirty],
    ['rdb_bgsave_in_progress', 0],
    ['rdb_last_save_time', Math.floor(server.lastSave / 1000)],
    ['rdb_last_bgsave_status', 'ok'],
    ['rdb_last_bgsave_time_sec', state.saves > 0 ? 0 : -1],
    ['rdb_current_bgsave_time_sec', -1],
    ['rdb_saves', state.saves],
    ['rdb_last_cow_size', 0],
    ['rdb_last_load_keys_expired', 0],
    ['rdb_last_load_keys_loaded', 0],
    ['aof_enabled', 0],
    ['aof_rewrite_in_progress', 0],
    ['aof_rewrite_scheduled', 0],
    ['aof_last_rewrite_time_sec', -1],
    ['aof_current_rewrite_time_sec', -1],
    ['aof_last_bgrewrite_status', 'ok'],
    ['aof_rewrites', 0],
    ['aof_rewrites_consecutive_failures', 0],
    ['aof_last_write_status', 'ok'],
    ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
  ]);
}

function statsSection(server: RespiteServer, state: InfoState): string {
  const s = server.stats;
  sampleRates(server, state);
  return section('Stats', [
    ['total_connections_received', s.connections],
    ['total_commands_processed', s.commands],
    ['instantaneous_ops_per_sec', state.rates.ops],
    ['total_net_input_bytes', s.netInputBytes],
    ['total_net_output_bytes', s.netOutputBytes],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', 0],
    ['instantaneous_input_kbps', state.rates.inKbps.toFixed(2)],
    ['instantaneous_output_kbps', state.rates.outKbps.toFixed(2)],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', s.rejectedConnections],
    ['sync_full', 0],
    ['sync_partial_ok', 0],
    ['sync_partial_err', 0],
    ['expired_keys', s.expiredKeys],
    ['expired_stale_perc', '0.00'],
    ['expired_time_cap_reached_count', 0],
    ['expire_cycle_cpu_milliseconds', 0],
    ['evicted_keys', 0],
    ['evicted_clients', 0],
    ['total_eviction_exceeded_time', 0],
    ['current_eviction_exceeded_time', 0],
    ['keyspace_hits', s.keyspaceHits],
    ['keyspace_misses', s.keyspaceMisses],
    ['pubsub_channels', server.pubsub.channels.size],
    ['pubsub_patterns', server.pubsub.patterns.size],
    ['pubsubshard_channels', server.pubsub.shardChannels.size],
    ['latest_fork_usec', 0],
    ['total_forks', 0],
    ['migrate_cached_sockets', 0],
    ['slave_expires_tracked_keys', 0],
    ['active_defrag_hits', 0],
    ['active_defrag_misses', 0],
    ['active_defrag_key_hits', 0],
    ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0],
    ['current_active_defrag_time', 0],
    ['tracking_total_keys', server.tracking.keys.size],
    ['tracking_total_items', server.tracking.items],
    ['tracking_total_prefixes', server.tracking.prefixes.size],
    ['unexpected_error_replies', 0],
    ['total_error_replies', s.errorReplies],
    ['dump_payload_sanitizations', 0],
    ['total_reads_processed', 0],
    ['total_writes_processed', 0],
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
    ['reply_buffer_shrinks', 0],
    ['reply_buffer_expands', 0],
  ]);
}

function replicationSection(server: RespiteServer, state: InfoState): string {
  return section('Replication', [
    ['role', 'master'],
    ['connected_slaves', 0],
    ['master_failover_state', 'no-failover'],
    ['master_replid', state.replId],
    ['master_replid2', '0'.repeat(40)],
    ['master_repl_offset', 0],
    ['second_repl_offset', -1],
    ['repl_backlog_active', 0],
    ['repl_backlog_size', server.config.get('repl-backlog-size')],
    ['repl_backlog_first_byte_offset', 0],
    ['repl_backlog_histlen', 0],
  ]);
}

function cpuSection(): string {
  const cpu = process.cpuUsage();
  return section('CPU', [
    ['used_cpu_sys', secondsMicros(cpu.system)],
    ['used_cpu_user', secondsMicros(cpu.user)],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
    // Node runs commands on its main thread, so the main thread's time is the process's.
    ['used_cpu_sys_main_thread', secondsMicros(cpu.system)],
    ['used_cpu_user_main_thread', secondsMicros(cpu.user)],
  ]);
}

function commandStatsSection(server: RespiteServer): string {
  const fields: Fields = [];
  for (const [cmd, s] of server.allCommandStats()) {
    if (s.calls === 0 && s.failedCalls === 0 && s.rejectedCalls === 0) continue;
    const usec = Math.round(s.usec);
    // Redis divides as C floats: (float)usec / calls.
    const perCall = s.calls === 0 ? 0 : Math.fround(Math.fround(usec) / Math.fround(s.calls));
    fields.push([
      `cmdstat_${cmd.fullname.replace(/[#:\r\n]/g, '_')}`,
      `calls=${s.calls},usec=${usec},usec_per_call=${perCall.toFixed(2)},rejected_calls=${s.rejectedCalls},failed_calls=${s.failedCalls}`,
    ]);
  }
  return section('Commandstats', fields);
}

/** Each command's latency percentiles (latency-tracking-info-percentiles), in microseconds. */
function latencyStatsSection(server: RespiteServer): string {
  const fields: Fields = [];
  if (!server.latencyTracking) return section('Latencystats', fields);
  const names = server.config
    .get('latency-tracking-info-percentiles')
    .split(' ')
    .filter((p) => p !== '');
  for (const [cmd, s] of server.allCommandStats()) {
    if (s.histogram === null) continue;
    const values = names.map(
      (p) => `p${p}=${(latencyPercentile(s.histogram!, Number(p)) / 1000).toFixed(3)}`,
    );
    fields.push([`latency_percentiles_usec_${cmd.fullname.replace(/[#:\r\n]/g, '_')}`, values.join(',')]);
  }
  return section('Latencystats', fields);
}

/** Keys with a TTL looked at to estimate avg_ttl (Redis estimates it from its expiry sampling too). */
const AVG_TTL_SAMPLE = 1000;

function keyspaceSection(server: RespiteServer): string {
  const now = server.clock.now();
  const fields: Fields = [];
  for (const db of server.dbs) {
    if (db.map.size === 0 && db.expires.size === 0) continue;
    let sum = 0;
    let n = 0;
    for (const at of db.expires.values()) {
      if (n === AVG_TTL_SAMPLE) break;
      if (at > now) {
        sum += at - now;
        n++;
      }
    }
    fields.push([
      `db${db.id}`,
      `keys=${db.map.size},expires=${db.expires.size},avg_ttl=${n ? Math.round(sum / n) : 0}`,
    ]);
  }
  return section('Keyspace', fields);
}

const DEFAULT_SECTIONS = [
  'server',
  'clients',
  'memory',
  'persistence',
  'stats',
  'replication',
  'cpu',
  'module_list',
  'errorstats',
  'cluster',
  'keyspace',
];

/** The text of INFO for the requested sections ("default", "all", "everything", or names). */
export function infoText(server: RespiteServer, requested: readonly string[]): string {
  const wanted = new Set<string>();
  let all = false;
  if (requested.length === 0) for (const s of DEFAULT_SECTIONS) wanted.add(s);
  for (const r of requested) {
    const name = r.toLowerCase();
    if (name === 'default') for (const s of DEFAULT_SECTIONS) wanted.add(s);
    else if (name === 'all' || name === 'everything') all = true;
    else wanted.add(name);
  }
  const state = infoState(server);
  const has = (name: string) => all || wanted.has(name);
  const parts: string[] = [];
  if (has('server')) parts.push(serverSection(server));
  if (has('clients')) parts.push(clientsSection(server));
  if (has('memory')) parts.push(memorySection(server, state));
  if (has('persistence')) parts.push(persistenceSection(server, state));
  if (has('stats')) parts.push(statsSection(server, state));
  if (has('replication')) parts.push(replicationSection(server, state));
  if (has('cpu')) parts.push(cpuSection());
  if (has('module_list') || has('modules')) parts.push(section('Modules', []));
  if (has('commandstats')) parts.push(commandStatsSection(server));
  if (has('errorstats')) {
    const fields: [string, string][] = [];
    // Redis keeps them in a radix tree, so they print sorted by code.
    const codes = [...server.errorStats.keys()].sort();
    for (const code of codes) fields.push([`errorstat_${code}`, `count=${server.errorStats.get(code)}`]);
    parts.push(section('Errorstats', fields));
  }
  if (has('latencystats')) parts.push(latencyStatsSection(server));
  if (has('cluster')) parts.push(section('Cluster', [['cluster_enabled', 0]]));
  if (has('keyspace')) parts.push(keyspaceSection(server));
  return parts.join('\r\n');
}

// INFO [section [section ...]]
function info(c: Client, argv: string[]): void {
  c.out.verbatim(infoText(c.server, argv.slice(1)));
}

// ---- CONFIG -------------------------------------------------------------------------------------

// CONFIG GET parameter [parameter ...]
function configGet(c: Client, argv: string[]): void {
  const config = c.server.config;
  // Redis answers each parameter once, under the first name that asked for it.
  const found = new Map<string, string>();
  for (let i = 2; i < argv.length; i++) {
    const pattern = argv[i];
    if (!/[[*?]/.test(pattern)) {
      const p = config.lookup(pattern);
      if (p && !found.has(pattern.toLowerCase())) found.set(pattern.toLowerCase(), pattern);
      continue;
    }
    const match = compileGlob(pattern, true);
    for (const name of PARAM_NAMES) {
      if (!found.has(name) && match(name)) found.set(name, name);
    }
  }
  c.out.map(found.size);
  for (const name of found.values()) {
    c.out.bulk(name);
    c.out.bulk(config.get(name));
  }
}

function configSetError(error: ConfigSetError): string {
  return error.kind === 'unknown'
    ? E.ERR_CONFIG_UNKNOWN(error.name)
    : E.ERR_CONFIG_SET_FAILED(error.name, error.message);
}

// CONFIG SET parameter value [parameter value ...]
function configSet(c: Client, argv: string[]): void {
  if (argv.length % 2 !== 0) return c.out.error(E.ERR_SYNTAX);
  const pairs: [string, string][] = [];
  for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i], argv[i + 1]]);
  const error = c.server.config.setMany(pairs);
  if (error) return c.out.error(configSetError(error));
  c.out.ok();
}

// CONFIG RESETSTAT
function configResetStat(c: Client): void {
  c.server.resetStats();
  c.out.ok();
}

// CONFIG REWRITE
function configRewrite(c: Client): void {
  c.out.error(E.ERR_NO_CONFIG_FILE);
}

const CONFIG_HELP = [
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
];

// CONFIG HELP
function configHelp(c: Client, argv: string[]): void {
  replyHelp(c, argv[0], CONFIG_HELP);
}

// ---- keyspace-wide commands -------------------------------------------------------------------

// DBSIZE
function dbsize(c: Client): void {
  c.out.integer(c.db.size);
}

/** FLUSHDB and FLUSHALL take an optional ASYNC or SYNC; respite frees memory the same way either way. */
function flushModeOk(argv: string[]): boolean {
  if (argv.length === 1) return true;
  if (argv.length > 2) return false;
  const mode = argv[1].toLowerCase();
  return mode === 'async' || mode === 'sync';
}

// FLUSHDB [ASYNC | SYNC]
function flushdb(c: Client, argv: string[]): void {
  if (!flushModeOk(argv)) return c.out.error(E.ERR_SYNTAX);
  c.server.dirty += c.db.size;
  touchAllWatchedKeysInDb(c.server, c.db);
  invalidateOnFlush(c.server); // client-side caches drop everything (tracking.ts)
  c.db.flush();
  if (c.server.blockingQueues.size !== 0) streamsMayBeGone(c.server, c.db); // XREADGROUP: UNBLOCKED
  c.out.ok();
}

// FLUSHALL [ASYNC | SYNC]
function flushall(c: Client, argv: string[]): void {
  if (!flushModeOk(argv)) return c.out.error(E.ERR_SYNTAX);
  invalidateOnFlush(c.server); // client-side caches drop everything (tracking.ts)
  for (const db of c.server.dbs) {
    c.server.dirty += db.size;
    touchAllWatchedKeysInDb(c.server, db);
    db.flush();
    if (c.server.blockingQueues.size !== 0) streamsMayBeGone(c.server, db); // XREADGROUP: UNBLOCKED
  }
  // Redis counts FLUSHALL itself as a change even on empty databases, so it is always propagated.
  c.server.dirty++;
  c.out.ok();
}

/** getIntFromObjectOrReply: a 32-bit int, or null. */
function parseInt32(s: string): number | null {
  const n = parseInt64(s);
  return n === null || n < -2147483648 || n > 2147483647 ? null : n;
}

// SWAPDB index1 index2
function swapdb(c: Client, argv: string[]): void {
  const a = parseInt32(argv[1]);
  if (a === null) return c.out.error(E.ERR_INVALID_FIRST_DB);
  const b = parseInt32(argv[2]);
  if (b === null) return c.out.error(E.ERR_INVALID_SECOND_DB);
  const dbs = c.server.dbs;
  if (a < 0 || a >= dbs.length || b < 0 || b >= dbs.length) return c.out.error(E.ERR_DB_INDEX);
  if (a !== b) {
    touchAllWatchedKeysInDb(c.server, dbs[a], dbs[b]);
    touchAllWatchedKeysInDb(c.server, dbs[b], dbs[a]);
    dbs[a].swapWith(dbs[b]);
    // Clients blocked on keys the swap brought in can be served now, as Redis's scanDatabaseForReadyKeys.
    for (const db of [dbs[a], dbs[b]]) {
      for (const key of c.server.blockingQueues.get(db)?.keys() ?? []) {
        if (db.has(key)) signalKeyReady(c.server, db, key);
      }
      streamsMayBeGone(c.server, db); // and XREADGROUP waiters whose stream is gone (UNBLOCKED)
    }
  }
  c.server.dirty++;
  c.out.ok();
}

// TIME
function time(c: Client): void {
  const us = c.server.clock.nowMicros();
  c.out.array(2);
  c.out.bulk(String(Math.floor(us / 1e6)));
  c.out.bulk(String(us % 1e6));
}

// LASTSAVE
function lastsave(c: Client): void {
  c.out.integer(Math.floor(c.server.lastSave / 1000));
}

/** respite keeps no files: a save succeeds at once and only resets what a save resets. */
function saved(server: RespiteServer): void {
  server.dirty = 0;
  server.lastSave = server.clock.now();
  infoState(server).saves++;
}

// SAVE
function save(c: Client): void {
  saved(c.server);
  c.out.ok();
}

// BGSAVE [SCHEDULE]
function bgsave(c: Client, argv: string[]): void {
  if (argv.length > 2 || (argv.length === 2 && argv[1].toLowerCase() !== 'schedule'))
    return c.out.error(E.ERR_SYNTAX);
  saved(c.server);
  c.out.simple('Background saving started');
}

// BGREWRITEAOF
// Like BGSAVE: nothing to write, so the rewrite is done at once.
function bgrewriteaof(c: Client): void {
  c.out.simple('Background append only file rewriting started');
}

// SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]
// respite keeps no files and has no replicas to wait for, so a shutdown is never in progress: it
// happens at once. The client gets no reply; every connection closes, and so does the server
// (RunningServer.closed resolves; the `respite server` process exits).
function shutdown(c: Client, argv: string[]): void {
  let save = false;
  let nosave = false;
  let other = false; // NOW or FORCE
  let abort = false;
  for (let i = 1; i < argv.length; i++) {
    const option = argv[i].toLowerCase();
    if (option === 'nosave') nosave = true;
    else if (option === 'save') save = true;
    else if (option === 'now' || option === 'force') other = true;
    else if (option === 'abort') abort = true;
    else return c.out.error(E.ERR_SYNTAX);
  }
  if ((abort && (save || nosave || other)) || (save && nosave)) return c.out.error(E.ERR_SYNTAX);
  if (abort) return c.out.error(E.ERR_NO_SHUTDOWN);
  // Past busy-reply-threshold, a script still runs: only SHUTDOWN NOSAVE may stop the server then.
  const busy = nosave ? null : scriptBusyError(c.server);
  if (busy !== null) return c.out.error(busy);
  void c.server.close();
}

// LOLWUT [VERSION version] [argument ...]
// Redis draws art for versions 5 and 6 (Schotter, skyscrapers) from C's rand(); for its own version
// it prints just the version line, and so does respite, whatever the version asked for.
function lolwut(c: Client, argv: string[]): void {
  if (argv.length >= 3 && argv[1].toLowerCase() === 'version' && parseInt64(argv[2]) === null) {
    return c.out.error(E.ERR_NOT_INTEGER);
  }
  c.out.verbatim(`Redis ver. ${REDIS_VERSION}\n`);
}

// ROLE
// respite is always a master without replicas (replication offset 0).
function role(c: Client): void {
  c.out.array(3);
  c.out.bulk('master');
  c.out.integer(0);
  c.out.array(0);
}

// WAIT numreplicas timeout
function wait(c: Client, argv: string[]): void {
  if (parseInt64(argv[1]) === null) return c.out.error(E.ERR_NOT_INTEGER);
  const timeout = parseInt64(argv[2]);
  if (timeout === null) return c.out.error(E.ERR_TIMEOUT_NOT_INTEGER);
  if (timeout < 0) return c.out.error(E.ERR_NOT_POSITIVE_TIMEOUT);
  // No replica will ever acknowledge: Redis would wait out the timeout and then say 0.
  c.out.integer(0);
}

// ---- DEBUG --------------------------------------------------------------------------------------

/** C's atoi: optional blanks and sign, then digits; anything else ends the number (or makes it 0). */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([-+]?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

/** C's strtod on a prefix: DEBUG SLEEP takes "0.5" and quietly reads "x" as 0. */
function strtodPrefix(s: string): number {
  const m = /^[ \t\n\v\f\r]*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/.exec(s);
  return m ? Number(m[1]) : 0;
}

/** Block the whole server, as Redis's DEBUG SLEEP does; a frozen test clock just moves on instead. */
function sleepServer(c: Client, ms: number): void {
  if (!(ms > 0)) return;
  if (c.server.clock.frozen) return c.server.clock.advance(ms);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const DEBUG_HELP = [
  'CHANGE-REPL-ID',
  '    Change the replication IDs of the instance.',
  '    Dangerous: should be used only for testing the replication subsystem.',
  'DIGEST',
  '    Output a hex signature representing the current DB content.',
  'DIGEST-VALUE <key> [<key> ...]',
  '    Output a hex signature of the values of all the specified keys.',
  'ERROR <string>',
  '    Return a Redis protocol error with <string> as message. Useful for clients',
  '    unit tests to simulate Redis errors.',
  'LOG <message>',
  '    Write <message> to the server log.',
  'LOADAOF',
  '    Flush the AOF buffers on disk and reload the AOF in memory. respite keeps no files: the data',
  '    stays as it is.',
  'RELOAD [option ...]',
  '    Save the RDB on disk and reload it back to memory. respite keeps no files: the',
  '    data stays as it is.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
];

// DEBUG subcommand [argument ...]
function debug(c: Client, argv: string[]): void {
  const sub = argv[1].toLowerCase();
  const n = argv.length;
  if (sub === 'help' && n === 2) return replyHelp(c, argv[0], DEBUG_HELP);
  if (sub === 'sleep' && n === 3) {
    sleepServer(c, strtodPrefix(argv[2]) * 1000);
    return c.out.ok();
  }
  if (sub === 'set-active-expire' && n === 3) {
    c.server.activeExpireEnabled = atoi(argv[2]) !== 0;
    return c.out.ok();
  }
  if (sub === 'digest' && n === 2) return c.out.simple(datasetDigest(c.server.dbs));
  if (sub === 'digest-value') {
    c.out.array(n - 2);
    for (let i = 2; i < n; i++) c.out.simple(valueDigest(c.db, argv[i]));
    return;
  }
  if (sub === 'error' && n === 3) return c.out.error(argv[2]);
  if (sub === 'log' && n === 3) return c.out.ok();
  if (sub === 'reload' || (sub === 'loadaof' && n === 2) || (sub === 'change-repl-id' && n === 2)) {
    if (sub === 'change-repl-id') infoStates.delete(c.server);
    return c.out.ok();
  }
  c.out.error(E.ERR_SUBCOMMAND_SYNTAX(argv[1], 'DEBUG'));
}

// ---- MONITOR ------------------------------------------------------------------------------------

// MONITOR
function monitor(c: Client): void {
  if (c.server.monitors.has(c)) return; // Redis ignores a second MONITOR without a reply
  c.server.monitors.add(c);
  c.out.ok();
}

// ---- the table ----------------------------------------------------------------------------------

export const commands: CommandSpec[] = [
  command({
    name: 'command',
    arity: -1,
    flags: ['loading', 'stale'],
    group: 'server',
    acl: ['connection'],
    since: '2.8.13',
    summary: 'Get array of Redis command details',
    complexity: 'O(N) where N is the total number of Redis commands',
    handler: commandAll,
    subcommands: [
      command({
        name: 'count',
        arity: 2,
        flags: ['loading', 'stale'],
        group: 'server',
        acl: ['connection'],
        since: '2.8.13',
        summary: 'Get total number of Redis commands',
        complexity: 'O(1)',
        handler: commandCount,
      }),
      command({
        name: 'docs',
        arity: -2,
        flags: ['loading', 'stale'],
        group: 'server',
        acl: ['connection'],
        since: '7.0.0',
        summary: 'Get array of specific Redis command documentation',
        complexity: 'O(N) where N is the number of commands to look up',
        handler: commandDocs,
      }),
      command({
        name: 'getkeys',
        arity: -4,
        flags: ['loading', 'stale'],
        group: 'server',
        acl: ['connection'],
        since: '2.8.13',
        summary: 'Extract keys given a full Redis command',
        complexity: 'O(N) where N is the number of arguments to the command',
        handler: commandGetKeys,
      }),
      command({
        name: 'getkeysandflags',
        arity: -4,
        flags: ['loading', 'stale'],
        group: 'server',
        acl: ['connection'],
        since: '7.0.0',
        summary: 'Extract keys and access flags given a full Redis command',
        complexity: 'O(N) where N is the number of arguments to the command',
        handler: commandGetKeysAndFlags,
      }),
      command({
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        group: 'server',
        acl: ['connection'],
        since: '5.0.0',
        summary: 'Show helpful text about the different subcommands',
        complexity: 'O(1)',
        handler: commandHelp,
      }),
      command({
        name: 'info',
        arity: -2,
        flags: ['loading', 'stale'],
        group: 'server',
        acl: ['connection'],
        since: '2.8.13',
        summary: 'Get array of specific Redis command details, or all when no argument is given.',
        complexity: 'O(N) where N is the number of commands to look up',
        handler: commandInfo,
      }),
      command({
        name: 'list',
        arity: -2,
        flags: ['loading', 'stale'],
        group: 'server',
        acl: ['connection'],
        since: '7.0.0',
        summary: 'Get an array of Redis command names',
        complexity: 'O(N) where N is the total number of Redis commands',
        handler: commandList,
      }),
    ],
  }),
  command({
    name: 'info',
    arity: -1,
    flags: ['loading', 'stale'],
    group: 'server',
    acl: ['dangerous'],
    summary: 'Get information and statistics about the server',
    complexity: 'O(1)',
    handler: info,
  }),
  command({
    name: 'config',
    arity: -2,
    flags: [],
    group: 'server',
    since: '2.0.0',
    summary: 'A container for server configuration commands',
    complexity: 'Depends on subcommand.',
    subcommands: [
      command({
        name: 'get',
        arity: -3,
        flags: ['admin', 'noscript', 'loading', 'stale'],
        group: 'server',
        since: '2.0.0',
        summary: 'Get the values of configuration parameters',
        complexity: 'O(N) when N is the number of configuration parameters provided',
        handler: configGet,
      }),
      command({
        name: 'set',
        arity: -4,
        flags: ['admin', 'noscript', 'loading', 'stale'],
        group: 'server',
        since: '2.0.0',
        summary: 'Set configuration parameters to the given values',
        complexity: 'O(N) when N is the number of configuration parameters provided',
        handler: configSet,
      }),
      command({
        name: 'resetstat',
        arity: 2,
        flags: ['admin', 'noscript', 'loading', 'stale'],
        group: 'server',
        since: '2.0.0',
        summary: 'Reset the stats returned by INFO',
        complexity: 'O(1)',
        handler: configResetStat,
      }),
      command({
        name: 'rewrite',
        arity: 2,
        flags: ['admin', 'noscript', 'loading', 'stale'],
        group: 'server',
        since: '2.8.0',
        summary: 'Rewrite the configuration file with the in memory configuration',
        complexity: 'O(1)',
        handler: configRewrite,
      }),
      command({
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        group: 'server',
        since: '5.0.0',
        summary: 'Show helpful text about the different subcommands',
        complexity: 'O(1)',
        handler: configHelp,
      }),
    ],
  }),
  command({
    name: 'dbsize',
    arity: 1,
    flags: ['readonly', 'fast'],
    group: 'server',
    acl: ['keyspace'],
    summary: 'Return the number of keys in the selected database',
    complexity: 'O(1)',
    handler: dbsize,
  }),
  command({
    name: 'flushdb',
    arity: -1,
    flags: ['write'],
    group: 'server',
    acl: ['keyspace', 'dangerous'],
    summary: 'Remove all keys from the current database',
    complexity: 'O(N) where N is the number of keys in the selected database',
    handler: flushdb,
  }),
  command({
    name: 'flushall',
    arity: -1,
    flags: ['write'],
    group: 'server',
    acl: ['keyspace', 'dangerous'],
    summary: 'Remove all keys from all databases',
    complexity: 'O(N) where N is the total number of keys in all databases',
    handler: flushall,
  }),
  command({
    name: 'swapdb',
    arity: 3,
    flags: ['write', 'fast'],
    group: 'server',
    acl: ['keyspace', 'dangerous'],
    since: '4.0.0',
    summary: 'Swaps two Redis databases',
    complexity: 'O(N) where N is the count of clients watching or blocking on keys from both databases.',
    handler: swapdb,
  }),
  command({
    name: 'time',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    group: 'server',
    since: '2.6.0',
    summary: 'Return the current server time',
    complexity: 'O(1)',
    handler: time,
  }),
  command({
    name: 'lastsave',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    group: 'server',
    acl: ['admin', 'dangerous'],
    summary: 'Get the UNIX time stamp of the last successful save to disk',
    complexity: 'O(1)',
    handler: lastsave,
  }),
  command({
    name: 'save',
    arity: 1,
    flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'],
    group: 'server',
    summary: 'Synchronously save the dataset to disk',
    complexity: 'O(N) where N is the total number of keys in all databases',
    handler: save,
  }),
  command({
    name: 'bgsave',
    arity: -1,
    flags: ['admin', 'noscript', 'no_async_loading'],
    group: 'server',
    summary: 'Asynchronously save the dataset to disk',
    complexity: 'O(1)',
    handler: bgsave,
  }),
  command({
    name: 'bgrewriteaof',
    arity: 1,
    flags: ['admin', 'noscript', 'no_async_loading'],
    group: 'server',
    summary: 'Asynchronously rewrite the append-only file',
    complexity: 'O(1)',
    handler: bgrewriteaof,
  }),
  command({
    name: 'shutdown',
    arity: -1,
    flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'allow_busy'],
    group: 'server',
    summary: 'Synchronously save the dataset to disk and then shut down the server',
    complexity:
      'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)',
    handler: shutdown,
  }),
  command({
    name: 'lolwut',
    arity: -1,
    flags: ['readonly', 'fast'],
    group: 'server',
    since: '5.0.0',
    summary: 'Display some computer art and the Redis version',
    handler: lolwut,
  }),
  command({
    name: 'role',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast'],
    group: 'server',
    acl: ['admin', 'dangerous'],
    since: '2.8.12',
    summary: 'Return the role of the instance in the context of replication',
    complexity: 'O(1)',
    handler: role,
  }),
  command({
    name: 'wait',
    arity: 3,
    flags: ['noscript'],
    group: 'generic',
    acl: ['-keyspace', 'connection'],
    since: '3.0.0',
    summary:
      'Wait for the synchronous replication of all the write commands sent in the context of the current connection',
    complexity: 'O(1)',
    handler: wait,
  }),
  command({
    name: 'debug',
    arity: -2,
    flags: ['admin', 'noscript', 'loading', 'stale', 'protected'],
    group: 'server',
    summary: 'A container for debugging commands',
    complexity: 'Depends on subcommand.',
    handler: debug,
  }),
  command({
    name: 'monitor',
    arity: 1,
    flags: ['admin', 'noscript', 'loading', 'stale'],
    group: 'server',
    summary: 'Listen for all requests received by the server in real time',
    handler: monitor,
  }),
];
