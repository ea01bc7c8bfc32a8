// One suite, two targets: respite (in this process) and a real redis-server.
//
//     const both = useTargets();
//
//     it('INCR on a missing key', async () => {
//       await both.same(['INCR', 'n'], ['GET', 'n']);    // identical reply bytes, or the test fails
//     });
//
//     it('expires', async () => {
//       await both.each(async (t) => {                    // the same assertions against each target
//         ...; await t.pass(1100); ...
//       });
//     });
//
// Before each test both targets are flushed. `same` is the differential check: it sends the same
// commands to both and compares the raw replies byte for byte. Where Redis itself is nondeterministic
// a test passes a named relaxation from `relax` (never an ad-hoc one).

import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { ServerOptions } from '../../server/config.js';
import { type RunningServer, startServer } from '../../server/server.js';
import { RawClient, replyEnd } from './raw.js';
import { type RealRedis, realRedisAvailable, startRealRedis } from './redis-server.js';

export type Cmd = readonly string[] | string;

export interface Target {
  readonly kind: 'respite' | 'redis';
  readonly host: string;
  readonly port: number;
  /** The in-process server, on the respite target only. */
  readonly respite: RunningServer | null;
  /** A new raw connection, closed after the test. */
  raw(): Promise<RawClient>;
  /** A new ioredis client, closed after the test. */
  ioredis(options?: RedisOptions): Redis;
  /**
   * Let `ms` milliseconds of server time pass. respite's clock is advanced (no waiting); a real
   * Redis's clock cannot be, so there the test really waits: keep such durations short.
   */
  pass(ms: number): Promise<void>;
}

export interface CompareOptions {
  /** Speak RESP3 (HELLO 3 first) on the connection. */
  proto?: 2 | 3;
  /** A named relaxation from `relax`, applied to both replies before comparing. */
  normalize?: (reply: string, command: readonly string[]) => string;
}

export interface Targets {
  readonly list: Target[];
  readonly respite: Target;
  /** Run `body` against each target in turn; a failure names the target. */
  each(body: (t: Target) => Promise<void>): Promise<void>;
  /** Send the commands to both targets on one connection each; replies must be identical bytes. */
  same(...commands: Cmd[]): Promise<string[]>;
  /** `same` with options (RESP3, a relaxation). */
  compare(options: CompareOptions, ...commands: Cmd[]): Promise<string[]>;
}

export function toArgs(cmd: Cmd): string[] {
  return typeof cmd === 'string' ? cmd.split(' ').filter((s) => s.length > 0) : [...cmd];
}

/** Split a reply into its top-level elements (for relaxations over arrays). */
function elements(reply: string): { header: string; items: string[] } | null {
  if (!'*~%'.includes(reply[0])) return null;
  const buf = Buffer.from(reply, 'latin1');
  const cr = buf.indexOf('\r\n');
  const header = reply.slice(0, cr + 2);
  const items: string[] = [];
  let at = cr + 2;
  while (at < buf.length) {
    const end = replyEnd(buf, at);
    items.push(buf.latin1Slice(at, end));
    at = end;
  }
  return { header, items };
}

/** The bytes of a bulk string reply, or null for anything else. */
function bulkText(reply: string): string | null {
  const m = /^\$(\d+)\r\n/.exec(reply);
  return m ? reply.slice(m[0].length, m[0].length + Number(m[1])) : null;
}

/**
 * The relaxations: each names a way in which Redis itself is nondeterministic. Use only these.
 */
export const relax = {
  /**
   * SLOWLOG GET entries: id, time and duration, and the client's port. Ids count every entry since
   * the server started (other tests' too); times and durations are each server's own clock's.
   */
  slowlog(reply: string): string {
    return reply
      .replace(/\*6\r\n:\d+\r\n:\d+\r\n:\d+\r\n/g, '*6\r\n:<id>\r\n:<time>\r\n:<usec>\r\n')
      .replace(/\$\d+\r\n127\.0\.0\.1:\d+\r\n/g, '$<addr>\r\n');
  },
  /**
   * Latency monitor samples of a real sleep: the second it happened (any 10-digit number) and its
   * milliseconds, which a busy machine stretches (`ms`, the sleep: up to 100 ms more is the same).
   */
  latencySamples(ms: number): (reply: string) => string {
    return (reply) =>
      reply.replace(/\b\d{10}\b/g, '<time>').replace(/\b\d+(?= ?ms\b|\r\n)/g, (n) => {
        const v = Number(n);
        return v >= ms && v <= ms + 100 ? '<ms>' : n;
      });
  },
  /** Element order of an array or set reply (SMEMBERS, KEYS, HGETALL of a hashtable encoding). */
  unordered(reply: string): string {
    const e = elements(reply);
    return e ? e.header + [...e.items].sort().join('') : reply;
  },
  /** SCAN-family replies: the cursor's value and the order of the elements. */
  scanReply(reply: string): string {
    const e = elements(reply);
    if (e?.items.length !== 2) return reply;
    const cursor = e.items[0] === '$1\r\n0\r\n' ? 'done' : 'more';
    return `${cursor}|${relax.unordered(e.items[1])}`;
  },
  /**
   * The entry order of a map (RESP3 %) or of a flat field, value, ... array (RESP2): HGETALL of a
   * hashtable-encoded hash. Pairs stay together while sorted, so a value moved to another field shows.
   */
  unorderedPairs(reply: string): string {
    const e = elements(reply);
    if (!e || e.items.length % 2 !== 0) return reply;
    const pairs: string[] = [];
    for (let i = 0; i < e.items.length; i += 2) pairs.push(e.items[i] + e.items[i + 1]);
    return e.header + pairs.sort().join('');
  },
  /**
   * HRANDFIELD's picks from `hash` (its fields and values as they are on both servers): the reply's
   * shape is kept (null, bulk, array lengths, RESP3 pairs) and each picked field, or field-value pair,
   * becomes "<pick>" if the hash has it. A field that is not in the hash, a value that is not its
   * field's, or the same field twice when the count asked for distinct ones stays visible.
   */
  hashPick(hash: Record<string, string>): (reply: string, command: readonly string[]) => string {
    const has = (field: string) => Object.hasOwn(hash, field);
    return (reply, command) => {
      const field = bulkText(reply);
      if (field !== null) return has(field) ? '$<pick>' : reply;
      const e = elements(reply);
      if (!e) return reply;
      const withValues = command.length > 3;
      const distinct = !command[2]?.startsWith('-');
      const seen = new Set<string>();
      const pick = (f: string | null, v: string | null | undefined, raw: string) => {
        if (f === null || !has(f) || (v !== undefined && hash[f] !== v)) return `<not in hash: ${raw}>`;
        if (distinct && seen.has(f)) return `<again: ${raw}>`;
        seen.add(f);
        return '<pick>';
      };
      const out: string[] = [];
      if (withValues && e.items[0]?.startsWith('*')) {
        for (const item of e.items) {
          const pair = elements(item);
          out.push(
            pair?.items.length === 2 ? pick(bulkText(pair.items[0]), bulkText(pair.items[1]), item) : item,
          );
        }
      } else if (withValues) {
        for (let i = 0; i < e.items.length; i += 2) {
          out.push(
            pick(bulkText(e.items[i]), bulkText(e.items[i + 1] ?? ''), e.items[i] + (e.items[i + 1] ?? '')),
          );
        }
      } else {
        for (const item of e.items) out.push(pick(bulkText(item), undefined, item));
      }
      return e.header + out.join('|');
    };
  },
  /**
   * ZRANDMEMBER's picks from a sorted set of `scores` (member to score as Redis prints it): as
   * hashPick, with RESP3's double scores read as the bulk strings RESP2 has.
   */
  zsetPick(scores: Record<string, string>): (reply: string, command: readonly string[]) => string {
    const pick = relax.hashPick(scores);
    const asBulk = (item: string) =>
      item[0] === ',' ? `$${item.length - 3}\r\n${item.slice(1, -2)}\r\n` : item;
    return (reply, command) => {
      const e = elements(reply);
      if (!e) return pick(reply, command);
      const items = e.items.map((item) => {
        const pair = item[0] === '*' ? elements(item) : null;
        return pair ? pair.header + pair.items.map(asBulk).join('') : asBulk(item);
      });
      return pick(e.header + items.join(''), command);
    };
  },
  /**
   * A time to live or an expiry time (TTL, PTTL, EXPIRETIME, PEXPIRETIME): the two servers read their
   * clocks at different moments, so only -1 (no expiry) and -2 (no key) are compared exactly.
   */
  ttl(reply: string): string {
    return /^:\d+\r\n$/.test(reply) ? ':<some time>\r\n' : reply;
  },
  /** EXEC's reply: each queued command's own relaxation (or none) applied to its element. */
  transaction(perCommand: readonly ((reply: string) => string)[]): (reply: string) => string {
    return (reply) => {
      const e = elements(reply);
      if (e === null || e.items.length !== perCommand.length) return reply;
      return e.header + e.items.map((item, i) => perCommand[i](item)).join('');
    };
  },
  /** Which key or member a random pick returned (RANDOMKEY, SPOP, SRANDMEMBER): only its type. */
  randomPick(reply: string): string {
    return reply[0] === '$' && reply !== '$-1\r\n' ? '$<some element>' : reply;
  },
  /**
   * Random members of a known collection (SPOP, SRANDMEMBER with a count): which members, and their
   * order, are Redis's random choice, so only the reply's type, its length and that every element is
   * one of `members` are compared. With `distinct` a repeated element is marked (SPOP and a positive
   * SRANDMEMBER count never repeat); a non-member is kept as it is, so it shows in the diff.
   */
  randomMembers(
    members: readonly string[],
    options: { distinct?: boolean } = {},
  ): (reply: string, command: readonly string[]) => string {
    const known = new Set(members);
    const one = (item: string): string => {
      if (item[0] !== '$' || item === '$-1\r\n') return item;
      const value = item.slice(item.indexOf('\r\n') + 2, -2);
      return known.has(value) ? '$<member>' : item;
    };
    return (reply) => {
      const e = elements(reply);
      if (!e) return one(reply);
      const repeated = new Set(e.items).size !== e.items.length;
      return e.header + e.items.map(one).sort().join('') + (options.distinct && repeated ? '<repeated>' : '');
    };
  },
  /**
   * INFO's text: times, memory, counters and ids are each server's own, so only the section headers
   * and the field names, in their order, are compared (and the reply's type: bulk or verbatim).
   */
  infoFields(reply: string): string {
    const text = reply.slice(reply.indexOf('\r\n') + 2, -2).replace(/^txt:/, '');
    return reply[0] + text.replace(/^([^#:\r\n]+):.*$/gm, '$1:');
  },
  /** CLIENT LIST and CLIENT INFO lines: field names in order, without the values (ids, addresses, ages). */
  clientFields(reply: string): string {
    const text = reply.slice(reply.indexOf('\r\n') + 2, -2).replace(/^txt:/, '');
    return reply[0] + text.replace(/([^ =\n]+)=[^ \n]*/g, '$1=');
  },
  /**
   * The order in which UNSUBSCRIBE or SUNSUBSCRIBE with no arguments goes through a client's channels
   * (Redis walks a hash table seeded at random per process; PUBSUB CHANNELS uses relax.unordered).
   * The channel names of the confirmation frames in a text (a reply, or a session log of them) are
   * sorted among themselves; the frames' counts stay where they are, so a wrong count still shows.
   */
  unsubscribeOrder(text: string): string {
    const frame = /(s?unsubscribe(?:\\r\\n|\r\n)\$\d+(?:\\r\\n|\r\n))(.*?)((?:\\r\\n|\r\n):)/g;
    const names = [...text.matchAll(frame)].map((m) => m[2]).sort();
    let i = 0;
    return text.replace(frame, (_m, head: string, _name: string, tail: string) => {
      const name = names[i++];
      return `${head.replace(/\$\d+/, () => `$${name.length}`)}${name}${tail}`;
    });
  },
  /** HELLO's id field (in a reply, or a session log of one): each server numbers its connections. */
  helloId(text: string): string {
    return text.replace(/(\$2(?:\\r\\n|\r\n)id(?:\\r\\n|\r\n)):\d+/g, '$1:<id>');
  },
  /** TIME: two bulk strings of digits, seconds and microseconds. */
  time(reply: string): string {
    return /^\*2\r\n\$\d+\r\n\d+\r\n\$\d+\r\n\d+\r\n$/.test(reply) ? '*2 <seconds> <microseconds>' : reply;
  },
  /**
   * A MONITOR line: the time and the client's address are each server's own. A script's commands
   * show "lua" in place of an address, which is kept: it is the same on both.
   */
  monitorLine(reply: string): string {
    return reply.replace(
      /^\+\d+\.\d{6} \[(\d+) ([^\]]*)\]/,
      (_, db, client) => `+<time> [${db} ${client === 'lua' ? 'lua' : '<client>'}]`,
    );
  },
  /**
   * Stream consumer-group times, read from each server's own clock: XPENDING's idle times, XINFO
   * CONSUMERS' idle, XINFO STREAM FULL's seen-time and delivery times.
   */
  streamTimes(reply: string): string {
    return reply
      .replace(/(\$(?:9\r\nseen-time|4\r\nidle)\r\n):\d+/g, '$1:<time>')
      .replace(/(\*4\r\n\$\d+\r\n\d+-\d+\r\n\$\d+\r\n[^\r]*\r\n):\d+/g, '$1:<time>')
      .replace(/(\*3\r\n\$\d+\r\n\d+-\d+\r\n):\d+/g, '$1:<time>');
  },
};

export function useTargets(options: { respite?: ServerOptions; redisArgs?: string[] } = {}): Targets {
  const list: Target[] = [];
  let respite: RunningServer | null = null;
  let real: RealRedis | null = null;
  const toClose: { close(): void }[] = [];
  const ioClients: Redis[] = [];

  function makeTarget(
    kind: 'respite' | 'redis',
    host: string,
    port: number,
    server: RunningServer | null,
  ): Target {
    return {
      kind,
      host,
      port,
      respite: server,
      async raw() {
        const c = await RawClient.connect(port, host);
        toClose.push(c);
        return c;
      },
      ioredis(opts: RedisOptions = {}) {
        const c = new Redis({ host, port, lazyConnect: false, maxRetriesPerRequest: 1, ...opts });
        ioClients.push(c);
        return c;
      },
      async pass(ms: number) {
        if (server) {
          server.clock.advance(ms);
          return;
        }
        // A timer can fire up to a millisecond early: libuv measures it from the event loop's cached
        // time, which is older than now. Real Redis reads the real clock, so wait out the rest.
        const end = performance.now() + ms;
        await new Promise((r) => setTimeout(r, ms));
        while (performance.now() < end) await new Promise((r) => setTimeout(r, 1));
      },
    };
  }

  beforeAll(async () => {
    respite = await startServer({
      ...options.respite,
      config: { 'enable-debug-command': 'yes', ...options.respite?.config },
    });
    list.push(makeTarget('respite', respite.host, respite.port, respite));
    if (realRedisAvailable()) {
      real = await startRealRedis(options.redisArgs);
      list.push(makeTarget('redis', real.host, real.port, null));
    }
  });

  afterAll(async () => {
    await respite?.close();
    await real?.stop();
  });

  // The password each target requires, if any: respite's from its options, Redis's from its arguments.
  const requirepass = options.redisArgs?.indexOf('--requirepass') ?? -1;
  const passwords = {
    respite: options.respite?.requirepass || options.respite?.config?.requirepass || '',
    redis: requirepass >= 0 ? (options.redisArgs?.[requirepass + 1] ?? '') : '',
  };

  beforeEach(async () => {
    for (const t of list) {
      const c = await RawClient.connect(t.port, t.host);
      if (passwords[t.kind] !== '') await c.call('AUTH', passwords[t.kind]);
      await c.call('FLUSHALL');
      c.close();
    }
    if (respite?.clock.frozen) respite.clock.resume();
  });

  afterEach(async () => {
    for (const c of toClose.splice(0)) c.close();
    await Promise.all(ioClients.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
  });

  async function compare(opts: CompareOptions, ...commands: Cmd[]): Promise<string[]> {
    const replies: string[][] = [];
    for (const t of list) {
      const c = await t.raw();
      if (opts.proto === 3) await c.call('HELLO', '3');
      const out: string[] = [];
      for (const cmd of commands) out.push((await c.call(...toArgs(cmd))).toString('latin1'));
      replies.push(out);
    }
    if (replies.length === 2) {
      commands.forEach((cmd, i) => {
        const args = toArgs(cmd);
        const norm = opts.normalize ?? ((r: string) => r);
        expect(norm(replies[0][i], args), `reply to ${JSON.stringify(args)} (respite vs redis)`).toBe(
          norm(replies[1][i], args),
        );
      });
    }
    return replies[0];
  }

  return {
    list,
    get respite() {
      return list[0];
    },
    async each(body) {
      for (const t of list) {
        try {
          await body(t);
        } catch (err) {
          if (err instanceof Error) err.message = `[target ${t.kind}] ${err.message}`;
          throw err;
        }
      }
    },
    same: (...commands) => compare({}, ...commands),
    compare,
  };
}
