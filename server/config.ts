// Configuration parameters: what CONFIG GET and CONFIG SET see, and what the server reads.
//
// Values are kept as the strings CONFIG GET prints; `server.config.get(name)` returns that string and
// typed accessors parse it. Parameters clients read at connect time (BullMQ reads maxmemory-policy,
// redis-cli reads databases, ...) are here with Redis 7.0's defaults even when respite does not act
// on them.

export interface ConfigParam {
  name: string;
  /** CONFIG GET's value for the default. */
  default: string;
  /** Other names accepted for it (Redis keeps a few old names). */
  aliases?: readonly string[];
  /** Settable only at startup, not with CONFIG SET. */
  immutable?: boolean;
  /** Returns the canonical value to store, or an error message (without "ERR"). */
  validate?: (value: string) => string | { error: string };
}

export interface ServerOptions {
  port?: number;
  host?: string;
  databases?: number;
  requirepass?: string;
  /** Other parameters by name, as CONFIG SET would take them. */
  config?: Record<string, string>;
}

const yesNo = (value: string) => {
  const v = value.toLowerCase();
  return v === 'yes' || v === 'no' ? v : { error: "argument must be 'yes' or 'no'" };
};

const integer = (min: number, max: number) => (value: string) => {
  if (!/^-?\d+$/.test(value)) return { error: "argument couldn't be parsed into an integer" };
  const n = Number(value);
  if (n < min || n > max) return { error: `argument must be between ${min} and ${max} inclusive` };
  return String(n);
};

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1000,
  kb: 1024,
  m: 1000 ** 2,
  mb: 1024 ** 2,
  g: 1000 ** 3,
  gb: 1024 ** 3,
};

/** Parse a memory size such as "100mb" as Redis's memtoull does; null when it is not one. */
export function parseMemory(value: string): number | null {
  const m = /^(\d+)([a-z]*)$/i.exec(value);
  if (!m) return null;
  const unit = UNITS[m[2].toLowerCase()];
  return unit === undefined ? null : Number(m[1]) * unit;
}

const memory = (value: string) => {
  const n = parseMemory(value);
  return n === null ? { error: 'argument must be a memory value' } : String(n);
};

export const PARAMS: readonly ConfigParam[] = [
  { name: 'bind', default: '127.0.0.1', immutable: true },
  { name: 'port', default: '6379', immutable: true },
  { name: 'databases', default: '16', immutable: true },
  { name: 'requirepass', default: '' },
  { name: 'proto-max-bulk-len', default: '536870912', validate: memory },
  { name: 'maxmemory', default: '0', validate: memory },
  {
    name: 'maxmemory-policy',
    default: 'noeviction',
    validate: (v) =>
      [
        'volatile-lru',
        'volatile-lfu',
        'volatile-random',
        'volatile-ttl',
        'allkeys-lru',
        'allkeys-lfu',
        'allkeys-random',
        'noeviction',
      ].includes(v.toLowerCase())
        ? v.toLowerCase()
        : {
            error:
              'argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction',
          },
  },
  { name: 'maxmemory-samples', default: '5', validate: integer(1, 2147483647) },
  { name: 'maxclients', default: '10000', validate: integer(1, 2147483647) },
  { name: 'timeout', default: '0', validate: integer(0, 2147483647) },
  { name: 'tcp-keepalive', default: '300', validate: integer(0, 2147483647) },
  { name: 'notify-keyspace-events', default: '' },
  { name: 'save', default: '3600 1 300 100 60 10000' },
  { name: 'appendonly', default: 'no', validate: yesNo },
  { name: 'appendfsync', default: 'everysec' },
  { name: 'dir', default: process.cwd() },
  { name: 'dbfilename', default: 'dump.rdb' },
  { name: 'hz', default: '10', validate: integer(0, 2147483647) },
  { name: 'lua-time-limit', default: '5000', aliases: ['busy-reply-threshold'] },
  { name: 'loglevel', default: 'notice' },
  { name: 'enable-debug-command', default: 'no', immutable: true },
  { name: 'protected-mode', default: 'yes', validate: yesNo },
  { name: 'slowlog-log-slower-than', default: '10000' },
  { name: 'slowlog-max-len', default: '128' },
  { name: 'cluster-enabled', default: 'no', immutable: true },
  {
    name: 'hash-max-listpack-entries',
    default: '128',
    aliases: ['hash-max-ziplist-entries'],
    validate: integer(0, 2 ** 53),
  },
  {
    name: 'hash-max-listpack-value',
    default: '64',
    aliases: ['hash-max-ziplist-value'],
    validate: integer(0, 2 ** 53),
  },
  {
    name: 'list-max-listpack-size',
    default: '-2',
    aliases: ['list-max-ziplist-size'],
    validate: integer(-5, 2147483647),
  },
  { name: 'set-max-intset-entries', default: '512', validate: integer(0, 2 ** 53) },
  {
    name: 'zset-max-listpack-entries',
    default: '128',
    aliases: ['zset-max-ziplist-entries'],
    validate: integer(0, 2 ** 53),
  },
  {
    name: 'zset-max-listpack-value',
    default: '64',
    aliases: ['zset-max-ziplist-value'],
    validate: integer(0, 2 ** 53),
  },
  {
    name: 'client-output-buffer-limit',
    default: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
  },
];

export const PARAMS_BY_NAME = new Map<string, ConfigParam>();
for (const p of PARAMS) {
  PARAMS_BY_NAME.set(p.name, p);
  for (const a of p.aliases ?? []) PARAMS_BY_NAME.set(a, p);
}

export class Config {
  private values = new Map<string, string>();

  constructor(options: ServerOptions = {}) {
    for (const p of PARAMS) this.values.set(p.name, p.default);
    if (options.host !== undefined) this.values.set('bind', options.host);
    if (options.databases !== undefined) this.values.set('databases', String(options.databases));
    if (options.requirepass !== undefined) this.values.set('requirepass', options.requirepass);
    for (const [name, value] of Object.entries(options.config ?? {})) {
      const error = this.set(name, value, true);
      if (error) throw new Error(`config ${name}: ${error}`);
    }
  }

  /** The value of a parameter as CONFIG GET prints it. */
  get(name: string): string {
    const p = PARAMS_BY_NAME.get(name);
    return this.values.get(p ? p.name : name) ?? '';
  }

  getInt(name: string): number {
    return Number(this.get(name));
  }

  /** Set a parameter; returns an error message (the part after "argument"), or null. */
  set(name: string, value: string, atStartup = false): string | null {
    const p = PARAMS_BY_NAME.get(name.toLowerCase());
    if (!p) return 'unknown parameter';
    if (p.immutable && !atStartup) return "can't set immutable config";
    const checked = p.validate ? p.validate(value) : value;
    if (typeof checked !== 'string') return checked.error;
    this.values.set(p.name, checked);
    return null;
  }

  /** Every canonical parameter name and value. */
  entries(): IterableIterator<[string, string]> {
    return this.values.entries();
  }
}
