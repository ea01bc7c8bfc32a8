// Configuration parameters: what CONFIG GET and CONFIG SET see, and what the server reads.
//
// The table below is Redis 7.0's (config.c's static_configs): every parameter CONFIG GET * lists,
// with its default, its aliases, whether CONFIG SET may change it, and how a new value is checked
// and written back. Values are kept as the strings CONFIG GET prints: a parameter's `parse` turns
// what CONFIG SET received into that canonical form ("1mb" becomes "1048576", "KEA" becomes "AKE")
// or says why it cannot. `server.config.get(name)` returns the canonical string and typed accessors
// parse it. Most parameters only exist so clients that read them at connect time find what Redis
// would say (BullMQ reads maxmemory-policy, redis-cli reads databases); respite acts on a few.

export interface ConfigParam {
  name: string;
  /** CONFIG GET's value for the default. */
  default: string;
  /** Other names for it (Redis keeps the old "slave" and "ziplist" names). */
  aliases?: readonly string[];
  /** Settable only at startup, not with CONFIG SET ("can't set immutable config"). */
  immutable?: boolean;
  /** Refused by CONFIG SET unless enable-protected-configs allows it (dir, dbfilename). */
  protected?: boolean;
  /**
   * The canonical value for `value`, or why it is refused (the text after "argument 'x' - ").
   * `current` is the value now, for parameters a SET only partly changes. Absent: any string.
   */
  parse?: (value: string, current: string) => string | { error: string };
  /**
   * How CONFIG GET prints the stored value, for a parameter that keeps more than Redis prints
   * (notify-keyspace-events stores n beside A, though Redis prints "A" alone). Absent: as stored.
   */
  show?: (stored: string) => string;
}

export interface ServerOptions {
  port?: number;
  host?: string;
  databases?: number;
  requirepass?: string;
  /** Other parameters by name, as CONFIG SET would take them. */
  config?: Record<string, string>;
}

// ---- value kinds ---------------------------------------------------------------------------------

const INT_MAX = 2147483647n;
const INT_MIN = -2147483648n;
const UINT_MAX = 4294967295n;
const LONG_MAX = 9223372036854775807n;
const ULLONG_MAX = 18446744073709551615n;

type Parse = NonNullable<ConfigParam['parse']>;

/** yes/no, in any case. */
const yesNo: Parse = (value) => {
  const v = value.toLowerCase();
  return v === 'yes' || v === 'no' ? v : { error: "argument must be 'yes' or 'no'" };
};

/** Redis's string2ll: an optional '-', digits without leading zeros, within int64. */
function string2ll(s: string): bigint | null {
  if (!/^(?:0|-?[1-9][0-9]*)$/.test(s)) return null;
  const n = BigInt(s);
  return n < -LONG_MAX - 1n || n > LONG_MAX ? null : n;
}

/**
 * Redis's memtoull: digits and an optional unit (b, k, kb, m, mb, g, gb, any case). Like strtoull, a
 * number too large saturates, and the product wraps at 64 bits, as in C.
 */
export function memtoull(value: string): bigint | null {
  const m = /^([0-9]*)(.*)$/s.exec(value)!;
  const units: Record<string, bigint> = {
    '': 1n,
    b: 1n,
    k: 1000n,
    kb: 1024n,
    m: 1000n ** 2n,
    mb: 1024n ** 2n,
    g: 1000n ** 3n,
    gb: 1024n ** 3n,
  };
  const mul = units[m[2].toLowerCase()];
  if (mul === undefined || m[1].length >= 128) return null;
  // strtoull reads no digits as 0 without an error, so "" and "kb" are 0.
  let n = BigInt(m[1] || '0');
  if (n > ULLONG_MAX) n = ULLONG_MAX;
  return BigInt.asUintN(64, n * mul);
}

/** Parse a memory size such as "100mb" as Redis does; null when it is not one. */
export function parseMemory(value: string): number | null {
  const n = memtoull(value);
  return n === null ? null : Number(n);
}

interface NumericKind {
  min: bigint;
  max: bigint;
  /** C's unsigned types (unsigned int, unsigned long long, size_t) check bounds as unsigned. */
  unsigned?: boolean;
  /** Accepts memory units, and prints as an unsigned number. */
  memory?: boolean;
  /** Also accepts "N%", kept as -N. */
  percent?: boolean;
  octal?: boolean;
}

/** A numeric parameter, checked and printed as Redis's numericConfigSet/numericConfigGet do. */
function numeric(kind: NumericKind): Parse {
  return (value) => {
    let n: bigint | null = null;
    if (kind.memory) {
      const m = memtoull(value);
      if (m !== null) n = BigInt.asIntN(64, m);
    }
    if (n === null && kind.percent && value.length > 1 && value.endsWith('%')) {
      const p = string2ll(value.slice(0, -1));
      if (p !== null && p >= 0n) n = -p;
    }
    if (n === null && kind.octal && /^\s*[-+]?[0-7]+$/.test(value)) n = BigInt(`0o${value.trim()}`);
    if (n === null && !kind.memory && !kind.percent && !kind.octal) n = string2ll(value);
    if (n === null) {
      if (kind.memory && kind.percent) return { error: 'argument must be a memory or percent value' };
      if (kind.memory) return { error: 'argument must be a memory value' };
      if (kind.octal) return { error: "argument couldn't be parsed as an octal number" };
      return { error: "argument couldn't be parsed into an integer" };
    }
    if (kind.unsigned) {
      const u = BigInt.asUintN(64, n);
      if (u < kind.min || u > kind.max) {
        const fmt = (b: bigint) => b.toString(kind.octal ? 8 : 10);
        return { error: `argument must be between ${fmt(kind.min)} and ${fmt(kind.max)} inclusive` };
      }
    } else if (kind.percent && n < 0n) {
      if (n < kind.min) return { error: `percentage argument must be less or equal to ${-kind.min}` };
    } else if (n < kind.min || n > kind.max) {
      return { error: `argument must be between ${kind.min} and ${kind.max} inclusive` };
    }
    if (kind.percent && n < 0n) return `${-n}%`;
    if (kind.memory) return BigInt.asUintN(64, n).toString();
    if (kind.octal) return n.toString(8);
    return n.toString();
  };
}

const int = (min: bigint, max: bigint) => numeric({ min, max });
const memory = (min: bigint, max: bigint, unsigned = false) => numeric({ min, max, memory: true, unsigned });
const sizeT = (min: bigint, max: bigint) => numeric({ min, max, unsigned: true });

/**
 * One of a fixed set of names (any case). With `flags`, several names separated by spaces whose
 * values combine, as Redis's bit-flag enums (shutdown-on-sigterm).
 */
function oneOf(names: readonly (readonly [string, number])[], flags = false): Parse {
  const error = `argument(s) must be one of the following: ${names.map(([n]) => n).join(', ')}`;
  return (value) => {
    const words = flags ? (value === '' ? [] : value.split(' ')) : [value];
    if (words.length === 0) return { error };
    let bits = 0;
    for (const w of words) {
      const found = names.filter(([n]) => n === w.toLowerCase());
      if (found.length === 0) return { error };
      for (const [, v] of found) bits |= v;
    }
    // The canonical name: the first with exactly this value, else the flags it is made of, in order.
    const exact = names.find(([, v]) => v === bits);
    if (exact) return exact[0];
    let rest = bits;
    const parts: string[] = [];
    for (const [n, v] of names) {
      if (v !== 0 && (rest & v) === v) {
        parts.push(n);
        rest &= ~v;
      }
    }
    return rest === 0 && parts.length > 0 ? parts.join(' ') : 'unknown';
  };
}

const enumOf = (...names: string[]) => oneOf(names.map((n, i) => [n, i] as const));

/** A string that must be a file name, not a path. */
const baseName =
  (what: string, kind = 'filename', allowEmpty = true): Parse =>
  (value) => {
    if (!allowEmpty && value === '') return { error: `${what} can't be empty` };
    if (value.includes('/')) return { error: `${what} can't be a path, just a ${kind}` };
    return value;
  };

/** Split a multi-argument value as Redis does (sdssplitlen on single spaces; "" is no arguments). */
function splitArgs(value: string): string[] {
  return value === '' ? [] : value.split(' ');
}

/** strtoll with the whole string consumed (leading blanks and a sign allowed, as C's strtoll). */
function strtollWhole(s: string): bigint | null {
  if (s === '') return 0n; // strtoll("") consumes nothing and leaves an empty rest: Redis accepts it
  return /^[ \t\n\v\f\r]*[-+]?[0-9]+$/.test(s) ? BigInt(s.trim()) : null;
}

// save: pairs of "seconds changes"; "" turns snapshots off.
const saveParams: Parse = (value) => {
  const args = splitArgs(value);
  if (args.length === 1 && args[0] === '') args.length = 0;
  const error = { error: 'Invalid save parameters' };
  if (args.length % 2 !== 0) return error;
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const n = strtollWhole(args[i]);
    if (n === null || (i % 2 === 0 && n < 1n) || (i % 2 === 1 && n < 0n)) return error;
    out.push((i % 2 === 0 ? n : BigInt.asIntN(32, n)).toString());
  }
  return out.join(' ');
};

const CLIENT_CLASSES = ['normal', 'slave', 'pubsub'] as const;

// client-output-buffer-limit: groups of "class hard soft seconds"; classes not named keep their limits.
const outputBufferLimits: Parse = (value, current) => {
  const args = splitArgs(value);
  if (args.length % 4 !== 0) return { error: 'Wrong number of arguments in buffer limit configuration.' };
  const now = current.split(' ');
  const limits = new Map(CLIENT_CLASSES.map((c, i) => [c, now.slice(i * 4 + 1, i * 4 + 4)]));
  for (let i = 0; i < args.length; i += 4) {
    let cls = args[i].toLowerCase();
    if (cls === 'replica') cls = 'slave';
    if (!(CLIENT_CLASSES as readonly string[]).includes(cls))
      return { error: 'Invalid client class specified in buffer limit configuration.' };
    const hard = memtoull(args[i + 1]);
    const soft = memtoull(args[i + 2]);
    const seconds = /^[ \t\n\v\f\r]*[-+]?[0-9]*$/.test(args[i + 3]) ? BigInt(args[i + 3].trim() || '0') : -1n;
    if (hard === null || soft === null || seconds < 0n)
      return { error: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' };
    limits.set(cls as (typeof CLIENT_CLASSES)[number], [String(hard), String(soft), String(seconds)]);
  }
  return CLIENT_CLASSES.map((c) => `${c} ${limits.get(c)!.join(' ')}`).join(' ');
};

const oomScoreAdjValues: Parse = (value) => {
  const args = splitArgs(value);
  if (args.length !== 3) return { error: 'wrong number of arguments' };
  const out: string[] = [];
  for (const a of args) {
    const n = strtollWhole(a);
    if (n === null || n < -2000n || n > 2000n)
      return { error: 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.' };
    out.push(n.toString());
  }
  return out.join(' ');
};

// notify-keyspace-events: the classes, printed back in Redis's order with "A" for all of g$lshzxetd.
// Redis keeps the flags as an integer and prints them with keyspaceEventsFlagsToString, which writes
// "A" and then drops n (not part of A) even when it is set; so the value is stored with every class
// spelled out, and `show` prints it as Redis does.
const KEYSPACE_EVENT_BITS: Record<string, number> = {
  g: 1 << 2,
  $: 1 << 3,
  l: 1 << 4,
  s: 1 << 5,
  h: 1 << 6,
  z: 1 << 7,
  x: 1 << 8,
  e: 1 << 9,
  t: 1 << 10,
  d: 1 << 13,
  n: 1 << 14,
  K: 1 << 0,
  E: 1 << 1,
  m: 1 << 11,
};
const ALL_EVENTS = 'g$lshzxetd'.split('').reduce((bits, c) => bits | KEYSPACE_EVENT_BITS[c], 0);

/** The notify-keyspace-events flags (notify.ts's NOTIFY_* bits) of a value as set or stored. */
export function keyspaceEventFlags(value: string): number {
  let bits = 0;
  for (const c of value) bits |= c === 'A' ? ALL_EVENTS : (KEYSPACE_EVENT_BITS[c] ?? 0);
  return bits;
}

const keyspaceEvents: Parse = (value) => {
  // Redis reads the flags as a C string: a NUL ends them.
  const nul = value.indexOf('\0');
  if (nul >= 0) value = value.slice(0, nul);
  for (const c of value) {
    if (c !== 'A' && KEYSPACE_EVENT_BITS[c] === undefined)
      return { error: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'." };
  }
  const bits = keyspaceEventFlags(value);
  let out = '';
  for (const c of 'g$lshzxetdnKEm') if (bits & KEYSPACE_EVENT_BITS[c]) out += c;
  return out;
};

/** Redis's keyspaceEventsFlagsToString. */
const showKeyspaceEvents = (stored: string): string => {
  const bits = keyspaceEventFlags(stored);
  let out = '';
  if ((bits & ALL_EVENTS) === ALL_EVENTS) out = 'A';
  else for (const c of 'g$lshzxetdn') if (bits & KEYSPACE_EVENT_BITS[c]) out += c;
  for (const c of 'KEm') if (bits & KEYSPACE_EVENT_BITS[c]) out += c;
  return out;
};

// latency-tracking-info-percentiles: doubles within [0, 100], printed as %f without trailing zeros.
const percentiles: Parse = (value) => {
  const args = splitArgs(value);
  if (args.length === 1 && args[0] === '') args.length = 0;
  const out: string[] = [];
  for (const a of args) {
    const d = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(a) ? Number(a) : Number.NaN;
    if (Number.isNaN(d)) return { error: 'Invalid latency-tracking-info-percentiles parameters' };
    if (d > 100 || d < 0)
      return { error: 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]' };
    out.push(d.toFixed(6).replace(/\.?0+$/, ''));
  }
  return out.join(' ');
};

// proc-title-template: {variables} from a known set; the expansion must not be blank.
const procTitleTemplate: Parse = (value) => {
  const error = { error: 'template format is invalid or contains unknown variables' };
  const known = ['title', 'listen-addr', 'server-mode', 'config-file', 'port', 'tls-port', 'unixsocket'];
  let expanded = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '{' && value[i + 1] === '{') {
      expanded += '{';
      i++;
    } else if (ch === '}' && value[i + 1] === '}') {
      expanded += '}';
      i++;
    } else if (ch === '{') {
      const end = value.indexOf('}', i);
      if (end < 0 || !known.includes(value.slice(i + 1, end))) return error;
      expanded += value.slice(i + 1, end) === 'title' ? '' : 'x';
      i = end;
    } else if (ch === '}') {
      return error;
    } else {
      expanded += ch;
    }
  }
  return expanded.trim() === '' ? error : value;
};

const announcedHostname: Parse = (value) => {
  if (value.length >= 256) return { error: 'Hostnames must be less than 256 characters' };
  if (!/^[A-Za-z0-9.-]*$/.test(value))
    return { error: 'Hostnames may only contain alphanumeric characters, hyphens or dots' };
  return value;
};

const bindAddresses: Parse = (value) => {
  const args = splitArgs(value);
  if (args.length > 16) return { error: 'Too many bind addresses specified.' };
  return args.length === 1 && args[0] === '' ? '' : args.join(' ');
};

// Redis caps hz between 1 and 500 after accepting any non-negative int.
const hz: Parse = (value) => {
  const v = int(0n, INT_MAX)(value, '');
  if (typeof v !== 'string') return v;
  return String(Math.max(1, Math.min(500, Number(v))));
};

const replicaOf: Parse = (value) => {
  const args = splitArgs(value);
  if (args.length !== 2) return { error: 'wrong number of arguments' };
  if (args[0].toLowerCase() === 'no' && args[1].toLowerCase() === 'one') return '';
  const port = /^[-+]?\d+$/.test(args[1]) ? Number(args[1]) : -1;
  if (port < 0 || port > 65535) return { error: 'Invalid master port' };
  return `${args[0]} ${port}`;
};

const protectedAction = enumOf('no', 'yes', 'local');

// ---- the table -----------------------------------------------------------------------------------

type Extra = Omit<ConfigParam, 'name' | 'default' | 'parse'>;

function param(name: string, def: string, parse?: Parse, extra: Extra = {}): ConfigParam {
  return { name, default: def, parse, ...extra };
}

const fixed: Extra = { immutable: true };

export const PARAMS: readonly ConfigParam[] = [
  // yes/no
  param('rdbchecksum', 'yes', yesNo, fixed),
  param('daemonize', 'no', yesNo, fixed),
  param('io-threads-do-reads', 'no', yesNo, fixed),
  param('always-show-logo', 'no', yesNo, fixed),
  param('protected-mode', 'yes', yesNo),
  param('rdbcompression', 'yes', yesNo),
  param('rdb-del-sync-files', 'no', yesNo),
  param('activerehashing', 'yes', yesNo),
  param('stop-writes-on-bgsave-error', 'yes', yesNo),
  param('set-proc-title', 'yes', yesNo, fixed),
  param('dynamic-hz', 'yes', yesNo),
  param('lazyfree-lazy-eviction', 'no', yesNo),
  param('lazyfree-lazy-expire', 'no', yesNo),
  param('lazyfree-lazy-server-del', 'no', yesNo),
  param('lazyfree-lazy-user-del', 'no', yesNo),
  param('lazyfree-lazy-user-flush', 'no', yesNo),
  param('repl-disable-tcp-nodelay', 'no', yesNo),
  param('repl-diskless-sync', 'yes', yesNo),
  param('aof-rewrite-incremental-fsync', 'yes', yesNo),
  param('no-appendfsync-on-rewrite', 'no', yesNo),
  param('cluster-require-full-coverage', 'yes', yesNo),
  param('rdb-save-incremental-fsync', 'yes', yesNo),
  param('aof-load-truncated', 'yes', yesNo),
  param('aof-use-rdb-preamble', 'yes', yesNo),
  param('aof-timestamp-enabled', 'no', yesNo),
  param('cluster-replica-no-failover', 'no', yesNo, { aliases: ['cluster-slave-no-failover'] }),
  param('replica-lazy-flush', 'no', yesNo, { aliases: ['slave-lazy-flush'] }),
  param('replica-serve-stale-data', 'yes', yesNo, { aliases: ['slave-serve-stale-data'] }),
  param('replica-read-only', 'yes', yesNo, { aliases: ['slave-read-only'] }),
  param('replica-ignore-maxmemory', 'yes', yesNo, { aliases: ['slave-ignore-maxmemory'] }),
  param('jemalloc-bg-thread', 'yes', yesNo),
  param('activedefrag', 'no', yesNo),
  param('syslog-enabled', 'no', yesNo, fixed),
  param('cluster-enabled', 'no', yesNo, fixed),
  param('appendonly', 'no', yesNo),
  param('cluster-allow-reads-when-down', 'no', yesNo),
  param('cluster-allow-pubsubshard-when-down', 'yes', yesNo),
  param('crash-log-enabled', 'yes', yesNo),
  param('crash-memcheck-enabled', 'yes', yesNo),
  param('disable-thp', 'yes', yesNo, fixed),
  param('cluster-allow-replica-migration', 'yes', yesNo),
  param('replica-announced', 'yes', yesNo),
  param('latency-tracking', 'yes', yesNo),
  param('aof-disable-auto-gc', 'no', yesNo),
  param('replica-ignore-disk-write-errors', 'no', yesNo),

  // strings
  param('aclfile', '', undefined, fixed),
  param('unixsocket', '', undefined, fixed),
  param('pidfile', '', undefined, fixed),
  param('replica-announce-ip', '', undefined, { aliases: ['slave-announce-ip'] }),
  param('masteruser', ''),
  param('cluster-announce-ip', ''),
  param('cluster-config-file', 'nodes.conf', undefined, fixed),
  param('cluster-announce-hostname', '', announcedHostname),
  param('syslog-ident', 'redis', undefined, fixed),
  param('dbfilename', 'dump.rdb', baseName('dbfilename'), { protected: true }),
  param('appendfilename', 'appendonly.aof', baseName('appendfilename', 'filename', false), fixed),
  param('appenddirname', 'appendonlydir', baseName('appenddirname', 'dirname', false), fixed),
  param('server_cpulist', '', undefined, fixed),
  param('bio_cpulist', '', undefined, fixed),
  param('aof_rewrite_cpulist', '', undefined, fixed),
  param('bgsave_cpulist', '', undefined, fixed),
  param('ignore-warnings', ''),
  param('proc-title-template', '{title} {listen-addr} {server-mode}', procTitleTemplate),
  param('bind-source-addr', ''),
  param('logfile', '', undefined, fixed),
  param('masterauth', ''),
  param('requirepass', ''),

  // one of a set
  param('supervised', 'no', enumOf('upstart', 'systemd', 'auto', 'no'), fixed),
  param(
    'syslog-facility',
    'local0',
    enumOf('user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'),
    fixed,
  ),
  param('repl-diskless-load', 'disabled', enumOf('disabled', 'on-empty-db', 'swapdb')),
  param('loglevel', 'notice', enumOf('debug', 'verbose', 'notice', 'warning')),
  param(
    'maxmemory-policy',
    'noeviction',
    enumOf(
      'volatile-lru',
      'volatile-lfu',
      'volatile-random',
      'volatile-ttl',
      'allkeys-lru',
      'allkeys-lfu',
      'allkeys-random',
      'noeviction',
    ),
  ),
  param('appendfsync', 'everysec', enumOf('everysec', 'always', 'no')),
  param(
    'oom-score-adj',
    'no',
    oneOf([
      ['no', 0],
      ['yes', 1],
      ['relative', 1],
      ['absolute', 2],
    ]),
  ),
  param(
    'acl-pubsub-default',
    'resetchannels',
    oneOf([
      ['allchannels', 1],
      ['resetchannels', 0],
    ]),
  ),
  param('sanitize-dump-payload', 'no', enumOf('no', 'yes', 'clients')),
  param('enable-protected-configs', 'no', protectedAction, fixed),
  param('enable-debug-command', 'no', protectedAction, fixed),
  param('enable-module-command', 'no', protectedAction, fixed),
  param('cluster-preferred-endpoint-type', 'ip', enumOf('ip', 'hostname', 'unknown-endpoint')),
  param('propagation-error-behavior', 'ignore', enumOf('ignore', 'panic', 'panic-on-replicas')),
  ...['shutdown-on-sigint', 'shutdown-on-sigterm'].map((name) =>
    param(name, 'default', (value, current) => {
      const v = oneOf(
        [
          ['default', 0],
          ['save', 1],
          ['nosave', 2],
          ['now', 4],
          ['force', 8],
        ],
        true,
      )(value, current);
      if (typeof v === 'string' && v.includes('nosave') && /\bsave\b/.test(v))
        return { error: "shutdown options SAVE and NOSAVE can't be used simultaneously" };
      return v;
    }),
  ),

  // numbers
  param('databases', '16', int(1n, INT_MAX), fixed),
  param('port', '6379', int(0n, 65535n), fixed),
  param('io-threads', '1', int(1n, 128n), fixed),
  param('auto-aof-rewrite-percentage', '100', int(0n, INT_MAX)),
  param('cluster-replica-validity-factor', '10', int(0n, INT_MAX), {
    aliases: ['cluster-slave-validity-factor'],
  }),
  param('list-max-listpack-size', '-2', int(INT_MIN, INT_MAX), { aliases: ['list-max-ziplist-size'] }),
  param('tcp-keepalive', '300', int(0n, INT_MAX)),
  param('cluster-migration-barrier', '1', int(0n, INT_MAX)),
  param('active-defrag-cycle-min', '1', int(1n, 99n)),
  param('active-defrag-cycle-max', '25', int(1n, 99n)),
  param('active-defrag-threshold-lower', '10', int(0n, 1000n)),
  param('active-defrag-threshold-upper', '100', int(0n, 1000n)),
  param('lfu-log-factor', '10', int(0n, INT_MAX)),
  param('lfu-decay-time', '1', int(0n, INT_MAX)),
  param('replica-priority', '100', int(0n, INT_MAX), { aliases: ['slave-priority'] }),
  param('repl-diskless-sync-delay', '5', int(0n, INT_MAX)),
  param('maxmemory-samples', '5', int(1n, INT_MAX)),
  param('maxmemory-eviction-tenacity', '10', int(0n, 100n)),
  param('timeout', '0', int(0n, INT_MAX)),
  param('replica-announce-port', '0', int(0n, 65535n), { aliases: ['slave-announce-port'] }),
  param('tcp-backlog', '511', int(0n, INT_MAX), fixed),
  param('cluster-port', '0', int(0n, 65535n), fixed),
  param('cluster-announce-bus-port', '0', int(0n, 65535n)),
  param('cluster-announce-port', '0', int(0n, 65535n)),
  param('cluster-announce-tls-port', '0', int(0n, 65535n)),
  param('repl-timeout', '60', int(1n, INT_MAX)),
  param('repl-ping-replica-period', '10', int(1n, INT_MAX), { aliases: ['repl-ping-slave-period'] }),
  param('list-compress-depth', '0', int(0n, INT_MAX)),
  param('active-expire-effort', '1', int(1n, 10n)),
  param('hz', '10', hz),
  param('min-replicas-to-write', '0', int(0n, INT_MAX), { aliases: ['min-slaves-to-write'] }),
  param('min-replicas-max-lag', '10', int(0n, INT_MAX), { aliases: ['min-slaves-max-lag'] }),
  param('shutdown-timeout', '10', int(0n, INT_MAX)),
  param('repl-diskless-sync-max-replicas', '0', int(0n, INT_MAX)),
  param('maxclients', '10000', sizeT(1n, UINT_MAX)),
  param('unixsocketperm', '0', numeric({ min: 0n, max: 0o777n, unsigned: true, octal: true }), fixed),
  param('socket-mark-id', '0', sizeT(0n, UINT_MAX), fixed),
  param('active-defrag-max-scan-fields', '1000', int(1n, LONG_MAX)),
  param('slowlog-max-len', '128', int(0n, LONG_MAX)),
  param('acllog-max-len', '128', int(0n, LONG_MAX)),
  param('busy-reply-threshold', '5000', int(0n, LONG_MAX), { aliases: ['lua-time-limit'] }),
  param('cluster-node-timeout', '15000', int(0n, LONG_MAX)),
  param('slowlog-log-slower-than', '10000', int(-1n, LONG_MAX)),
  param('latency-monitor-threshold', '0', int(0n, LONG_MAX)),
  param('proto-max-bulk-len', '536870912', memory(1024n * 1024n, LONG_MAX)),
  param('stream-node-max-entries', '100', int(0n, LONG_MAX)),
  param('repl-backlog-size', '1048576', memory(1n, LONG_MAX)),
  param('maxmemory', '0', memory(0n, ULLONG_MAX, true)),
  param('cluster-link-sendbuf-limit', '0', memory(0n, ULLONG_MAX, true)),
  param('hash-max-listpack-entries', '512', sizeT(0n, LONG_MAX), { aliases: ['hash-max-ziplist-entries'] }),
  param('set-max-intset-entries', '512', sizeT(0n, LONG_MAX)),
  param('zset-max-listpack-entries', '128', sizeT(0n, LONG_MAX), { aliases: ['zset-max-ziplist-entries'] }),
  param('active-defrag-ignore-bytes', '104857600', memory(1n, LONG_MAX, true)),
  param('hash-max-listpack-value', '64', memory(0n, LONG_MAX, true), { aliases: ['hash-max-ziplist-value'] }),
  param('stream-node-max-bytes', '4096', memory(0n, LONG_MAX, true)),
  param('zset-max-listpack-value', '64', memory(0n, LONG_MAX, true), { aliases: ['zset-max-ziplist-value'] }),
  param('hll-sparse-max-bytes', '3000', memory(0n, LONG_MAX, true)),
  param('tracking-table-max-keys', '1000000', sizeT(0n, LONG_MAX)),
  param('client-query-buffer-limit', '1073741824', memory(1024n * 1024n, LONG_MAX, true)),
  param('maxmemory-clients', '0', numeric({ min: -100n, max: LONG_MAX, memory: true, percent: true })),
  param('repl-backlog-ttl', '3600', int(0n, LONG_MAX)),
  param('auto-aof-rewrite-min-size', '67108864', memory(0n, LONG_MAX)),

  // TLS (redis-server is usually built with it; clients only ever read these)
  param('tls-port', '0', int(0n, 65535n)),
  param('tls-session-cache-size', '20480', int(0n, INT_MAX)),
  param('tls-session-cache-timeout', '300', int(0n, INT_MAX)),
  param('tls-cluster', 'no', yesNo),
  param('tls-replication', 'no', yesNo),
  param('tls-auth-clients', 'yes', enumOf('no', 'yes', 'optional')),
  param('tls-prefer-server-ciphers', 'no', yesNo),
  param('tls-session-caching', 'yes', yesNo),
  ...[
    'tls-cert-file',
    'tls-key-file',
    'tls-key-file-pass',
    'tls-client-cert-file',
    'tls-client-key-file',
    'tls-client-key-file-pass',
    'tls-dh-params-file',
    'tls-ca-cert-file',
    'tls-ca-cert-dir',
    'tls-protocols',
    'tls-ciphers',
    'tls-ciphersuites',
  ].map((name) => param(name, '')),

  // the special ones
  // respite never changes the process's directory: an embedded server must not move its host's cwd.
  param('dir', process.cwd(), undefined, { protected: true }),
  param('save', '3600 1 300 100 60 10000', saveParams),
  param(
    'client-output-buffer-limit',
    'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
    outputBufferLimits,
  ),
  param('oom-score-adj-values', '0 200 800', oomScoreAdjValues),
  param('notify-keyspace-events', '', keyspaceEvents, { show: showKeyspaceEvents }),
  // respite cannot move its listener while running, so bind and port are fixed once started.
  param('bind', '127.0.0.1', bindAddresses, fixed),
  param('replicaof', '', replicaOf, { aliases: ['slaveof'], immutable: true }),
  param('latency-tracking-info-percentiles', '50 99 99.9', percentiles),
];

/** Parameters by every name they answer to, in lower case. */
export const PARAMS_BY_NAME = new Map<string, ConfigParam>();
for (const p of PARAMS) {
  PARAMS_BY_NAME.set(p.name, p);
  for (const a of p.aliases ?? []) PARAMS_BY_NAME.set(a, p);
}

/** Every name CONFIG GET patterns are matched against: canonical names and aliases. */
export const PARAM_NAMES: readonly string[] = [...PARAMS_BY_NAME.keys()];

/** Why CONFIG SET refused a list of changes. */
export type ConfigSetError =
  | { kind: 'unknown'; name: string }
  | { kind: 'failed'; name: string; message: string };

export class Config {
  private values = new Map<string, string>();
  /** getInt's answers by the name asked for; emptied whenever a value changes. */
  private readonly ints = new Map<string, number>();
  /** Called after a parameter changes (the server applies it: parsers' limits, the expiry timer). */
  onChange: ((name: string) => void) | null = null;

  constructor(options: ServerOptions = {}) {
    for (const p of PARAMS) this.values.set(p.name, p.default);
    if (options.host !== undefined) this.values.set('bind', options.host);
    if (options.port !== undefined) this.values.set('port', String(options.port));
    if (options.databases !== undefined) this.values.set('databases', String(options.databases));
    if (options.requirepass !== undefined) this.values.set('requirepass', options.requirepass);
    for (const [name, value] of Object.entries(options.config ?? {})) {
      const error = this.set(name, value, true);
      if (error) throw new Error(`config ${name}: ${error}`);
    }
  }

  /** The value of a parameter as CONFIG GET prints it ('' for an unknown name). */
  get(name: string): string {
    const p = PARAMS_BY_NAME.get(name) ?? PARAMS_BY_NAME.get(name.toLowerCase());
    if (!p) return '';
    const v = this.values.get(p.name) ?? '';
    return p.show ? p.show(v) : v;
  }

  /** The value as stored, which for a parameter with `show` may say more than CONFIG GET prints. */
  stored(name: string): string {
    return this.values.get(name) ?? '';
  }

  /** A numeric parameter. Collections read their size limits on every write, so these are cached. */
  getInt(name: string): number {
    let n = this.ints.get(name);
    if (n === undefined) {
      n = Number(this.get(name));
      this.ints.set(name, n);
    }
    return n;
  }

  /** Whether a yes/no parameter is yes. */
  getBool(name: string): boolean {
    return this.get(name) === 'yes';
  }

  /** The parameter `name` stands for, if any (names are case-insensitive). */
  lookup(name: string): ConfigParam | undefined {
    return PARAMS_BY_NAME.get(name.toLowerCase());
  }

  /**
   * Set one parameter; returns why it was refused, or null. At startup immutable parameters may be
   * set too (the embedding API and the command line).
   */
  set(name: string, value: string, atStartup = false): string | null {
    const error = this.setMany([[name, value]], atStartup);
    if (error === null) return null;
    return error.kind === 'unknown' ? 'unknown parameter' : error.message;
  }

  /**
   * CONFIG SET: all the changes or none, checked in Redis's order. First every name (unknown,
   * immutable, protected, repeated), then every value in turn; the first problem is the one reported.
   */
  setMany(pairs: readonly (readonly [string, string])[], atStartup = false): ConfigSetError | null {
    const params: ConfigParam[] = [];
    const names: string[] = [];
    for (const [name, _] of pairs) {
      const p = this.lookup(name);
      if (!p) return { kind: 'unknown', name };
      if (!atStartup && p.immutable) return { kind: 'failed', name, message: "can't set immutable config" };
      if (!atStartup && p.protected && this.get('enable-protected-configs') === 'no')
        return { kind: 'failed', name, message: "can't set protected config" };
      // Redis compares the entries the names resolve to, and an alias has an entry of its own.
      if (names.includes(name.toLowerCase())) return { kind: 'failed', name, message: 'duplicate parameter' };
      params.push(p);
      names.push(name.toLowerCase());
    }
    const next = new Map<string, string>();
    for (let i = 0; i < pairs.length; i++) {
      const p = params[i];
      const current = next.get(p.name) ?? this.values.get(p.name)!;
      const checked = p.parse ? p.parse(pairs[i][1], current) : pairs[i][1];
      if (typeof checked !== 'string') {
        const shown = names[i] === p.name ? p.name : names[i];
        return { kind: 'failed', name: shown, message: checked.error };
      }
      next.set(p.name, checked);
    }
    for (const [name, value] of next) {
      const changed = this.values.get(name) !== value;
      this.values.set(name, value);
      if (changed) {
        this.ints.clear();
        this.onChange?.(name);
      }
    }
    return null;
  }

  /** Every canonical parameter name and value. */
  entries(): IterableIterator<[string, string]> {
    return this.values.entries();
  }
}
