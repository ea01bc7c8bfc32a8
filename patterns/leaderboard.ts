// Leaderboards on sorted sets: an all-time board plus optional boards per period (daily, weekly,
// monthly or any fixed length) that expire on their own, and boards combined from others.
//
// Ranks are 1-based positions in Redis's own order: by score, and between equal scores by member, so
// two players tied on points have different ranks exactly as ZREVRANK / ZRANK number them (reversed
// byte order of the names on a high-score-first board). A rank is never computed on the client.
//
// Every board of one leaderboard lives under the hash tag `{prefix:name}` (`{leaderboard:game}:all`,
// `{leaderboard:game}:daily:2024-06-01`, ...), so one MULTI updates the all-time and the period boards
// together, and ZUNIONSTORE can combine them, on a Cluster too. `around` reads a rank and the range
// around it in one Lua script, so the neighbourhood is consistent.

import { hashTagged, type RedisClient } from './keys.js';
import { LuaScript, withContext } from './script.js';

/** A period: a calendar one (UTC), or any fixed length in milliseconds since the epoch. */
export type Period = 'daily' | 'weekly' | 'monthly' | { name: string; ms: number };

export interface LeaderboardOptions {
  /** Key prefix (default 'leaderboard'). */
  prefix?: string;
  /** 'desc' (default): the highest score is first. 'asc': the lowest is (times, golf). */
  order?: 'desc' | 'asc';
  /** Boards that every write also updates, one per current period. */
  periods?: readonly Period[];
  /** How long a period's board is kept after the period ends (default: one more period). */
  retentionMs?: number;
  /** The clock that picks the current period (default Date.now). */
  now?: () => number;
}

export interface LeaderboardEntry {
  player: string;
  score: number;
  /** 1-based position on the board. */
  rank: number;
}

const AROUND = new LuaScript(
  'Leaderboard.around',
  `-- KEYS[1] board; ARGV: player, n, 'desc' | 'asc'
local desc = ARGV[3] == 'desc'
local r = redis.call(desc and 'ZREVRANK' or 'ZRANK', KEYS[1], ARGV[1])
if not r then return false end
local n = tonumber(ARGV[2])
local first = r - n
if first < 0 then first = 0 end
if desc then
  return {first, redis.call('ZRANGE', KEYS[1], first, r + n, 'REV', 'WITHSCORES')}
end
return {first, redis.call('ZRANGE', KEYS[1], first, r + n, 'WITHSCORES')}`,
);

type Multi = ReturnType<RedisClient['multi']>;

const DAY = 86_400_000;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The id of the period containing `ms`, and when it ends (ms since the epoch). */
export function periodOf(period: Period, ms: number): { id: string; end: number; length: number } {
  if (typeof period === 'object') {
    if (!(period.ms > 0)) throw new RangeError(`Leaderboard: period ${period.name} needs a positive length`);
    const index = Math.floor(ms / period.ms);
    return { id: `${period.name}:${index}`, end: (index + 1) * period.ms, length: period.ms };
  }
  const day = Math.floor(ms / DAY) * DAY;
  switch (period) {
    case 'daily':
      return { id: `daily:${isoDay(day)}`, end: day + DAY, length: DAY };
    case 'weekly': {
      // ISO weeks start on Monday; 1970-01-01 was a Thursday.
      const monday = day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
      return { id: `weekly:${isoDay(monday)}`, end: monday + 7 * DAY, length: 7 * DAY };
    }
    case 'monthly': {
      const d = new Date(ms);
      const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      return { id: `monthly:${isoDay(start).slice(0, 7)}`, end, length: end - start };
    }
  }
}

/** WITHSCORES as RESP2 gives it (member, score, ...) or as RESP3 does ([member, score], ...). */
type Flat = (string | [string, string | number])[];

function entries(reply: Flat, firstRank: number): LeaderboardEntry[] {
  const out: LeaderboardEntry[] = [];
  if (Array.isArray(reply[0])) {
    reply.forEach((pair, i) => {
      const [player, score] = pair as [string, string | number];
      out.push({ player, score: Number(score), rank: firstRank + i });
    });
    return out;
  }
  for (let i = 0; i < reply.length; i += 2) {
    out.push({ player: reply[i] as string, score: Number(reply[i + 1]), rank: firstRank + i / 2 });
  }
  return out;
}

/** One sorted set read as a board: the all-time board, a period's, or a combined one. */
export class Board {
  constructor(
    protected readonly redis: RedisClient,
    /** The sorted set's key. */
    readonly key: string,
    /** The hash tag head shared by every board of the leaderboard. */
    readonly group: string,
    protected readonly order: 'desc' | 'asc',
  ) {}

  /** The first `n` entries. */
  top(n = 10): Promise<LeaderboardEntry[]> {
    return this.range(0, n - 1, `top(${n})`);
  }

  /** Page `page` (1-based) of `size` entries. */
  page(page: number, size = 10): Promise<LeaderboardEntry[]> {
    if (!Number.isInteger(page) || page < 1)
      throw new RangeError(`Leaderboard.page: page must be 1 or more, got ${page}`);
    const first = (page - 1) * size;
    return this.range(first, first + size - 1, `page(${page}, ${size})`);
  }

  /** The 1-based rank of `player`, or null if absent. */
  async rank(player: string): Promise<number | null> {
    const work =
      this.order === 'desc' ? this.redis.zrevrank(this.key, player) : this.redis.zrank(this.key, player);
    const r = await withContext(`Leaderboard.rank(${this.key})`, work);
    return r === null ? null : r + 1;
  }

  async score(player: string): Promise<number | null> {
    const s = await withContext(`Leaderboard.score(${this.key})`, this.redis.zscore(this.key, player));
    return s === null ? null : Number(s);
  }

  /** `player` with up to `n` entries above and `n` below; empty if the player is absent. */
  async around(player: string, n = 5): Promise<LeaderboardEntry[]> {
    const reply = (await AROUND.run(this.redis, [this.key], [player, n, this.order])) as
      | [number, Flat]
      | null;
    return reply ? entries(reply[1], reply[0] + 1) : [];
  }

  /** The number of players on the board. */
  count(): Promise<number> {
    return withContext(`Leaderboard.count(${this.key})`, this.redis.zcard(this.key));
  }

  private async range(first: number, last: number, what: string): Promise<LeaderboardEntry[]> {
    if (last < first) return [];
    const work =
      this.order === 'desc'
        ? this.redis.zrange(this.key, first, String(last), 'REV', 'WITHSCORES')
        : this.redis.zrange(this.key, first, String(last), 'WITHSCORES');
    return entries((await withContext(`Leaderboard.${what} (${this.key})`, work)) as Flat, first + 1);
  }
}

export interface CombineOptions {
  /** How the scores of a player on several boards combine (default SUM). */
  aggregate?: 'SUM' | 'MIN' | 'MAX';
  /** A multiplier per source board. */
  weights?: readonly number[];
  /** Expire the combined board after this long (default: it stays). */
  ttlMs?: number;
}

export class Leaderboard extends Board {
  private readonly keys: (part: string) => string;
  private readonly periods: readonly Period[];
  private readonly retentionMs: number | undefined;
  private readonly now: () => number;

  constructor(redis: RedisClient, name: string, options: LeaderboardOptions = {}) {
    const keys = hashTagged(options.prefix ?? 'leaderboard', name);
    super(redis, keys('all'), keys(''), options.order ?? 'desc');
    this.keys = keys;
    this.periods = options.periods ?? [];
    this.retentionMs = options.retentionMs;
    this.now = options.now ?? Date.now;
  }

  /**
   * Set `player`'s score on every board. With `best`, only a better score replaces the old one
   * (higher on a 'desc' board, lower on an 'asc' one: ZADD GT / LT).
   */
  async addScore(player: string, score: number, options: { best?: boolean } = {}): Promise<void> {
    const flag = this.order === 'desc' ? 'GT' : 'LT';
    await this.write(`addScore(${player})`, (tx, key) =>
      options.best ? tx.zadd(key, flag, score, player) : tx.zadd(key, score, player),
    );
  }

  /** Add `by` to `player`'s score on every board; resolves to the new all-time score. */
  async increment(player: string, by = 1): Promise<number> {
    const results = await this.write(`increment(${player})`, (tx, key) => tx.zincrby(key, by, player));
    return Number(results[0]);
  }

  /** Remove players from every current board; resolves to how many were on the all-time board. */
  async remove(...players: string[]): Promise<number> {
    if (players.length === 0) return 0;
    const results = await this.write('remove', (tx, key) => tx.zrem(key, ...players));
    return Number(results[0]);
  }

  /** The board of the period containing `at` (default now) of one of the configured periods. */
  period(period: Period, at: number | Date = this.now()): Board {
    return new Board(this.redis, this.keys(periodOf(period, +at).id), this.group, this.order);
  }

  /**
   * Combine boards of this leaderboard (the all-time one, periods, earlier combinations) into the
   * board `into` with ZUNIONSTORE: say the last seven daily boards into 'week-so-far'.
   */
  async combine(into: string, sources: readonly Board[], options: CombineOptions = {}): Promise<Board> {
    if (sources.length === 0) throw new RangeError('Leaderboard.combine: no source boards');
    for (const s of sources) {
      if (s.group !== this.group) {
        throw new RangeError(
          `Leaderboard.combine: ${s.key} belongs to another leaderboard (its hash tag differs, so on a Cluster it may live on another node)`,
        );
      }
    }
    const key = this.keys(`combined:${into}`);
    const args: (string | number)[] = [key, sources.length, ...sources.map((s) => s.key)];
    if (options.weights) args.push('WEIGHTS', ...options.weights);
    args.push('AGGREGATE', options.aggregate ?? 'SUM');
    const tx = this.redis.multi();
    tx.call('ZUNIONSTORE', ...args);
    if (options.ttlMs !== undefined) tx.pexpire(key, options.ttlMs);
    await this.exec(tx, `combine(${into})`);
    return new Board(this.redis, key, this.group, this.order);
  }

  /**
   * One MULTI: `queue` for the all-time board and each current period board, then each period board's
   * expiry (its end plus the retention; after the writes, as PEXPIREAT on a missing key does nothing).
   */
  private write(what: string, queue: (tx: Multi, key: string) => unknown): Promise<unknown[]> {
    const now = this.now();
    const tx = this.redis.multi();
    queue(tx, this.key);
    const expiries: [string, number][] = [];
    for (const p of this.periods) {
      const { id, end, length } = periodOf(p, now);
      queue(tx, this.keys(id));
      expiries.push([this.keys(id), end + (this.retentionMs ?? length)]);
    }
    for (const [key, at] of expiries) tx.pexpireat(key, at);
    return this.exec(tx, what);
  }

  private async exec(tx: Multi, what: string): Promise<unknown[]> {
    const results = await withContext(`Leaderboard.${what} (${this.key})`, tx.exec());
    if (!results) throw new Error(`Leaderboard.${what} (${this.key}): the transaction was aborted`);
    const out: unknown[] = [];
    for (const [err, value] of results) {
      if (err) throw new Error(`Leaderboard.${what} (${this.key}): ${err.message}`, { cause: err });
      out.push(value);
    }
    return out;
  }
}
