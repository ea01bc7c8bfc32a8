// Keyspace notifications, compared byte for byte with Redis: a second connection PSUBSCRIBEs to
// every keyspace and keyevent channel, the commands of a case run on the first, and the message
// frames the subscriber received (and the replies) must be the ones Redis sends, in the same order.

import { describe, expect, it } from 'vitest';
import type { RawClient } from '../support/raw.js';
import { type Cmd, type Target, toArgs, useTargets } from '../support/targets.js';

const both = useTargets();

/** What one target did with a case: the replies to the commands and the frames the subscriber got. */
interface Recorded {
  replies: string[];
  frames: string[];
}

interface CaseOptions {
  /** notify-keyspace-events while the commands run. */
  flags?: string;
  /** Run first, with notifications off. */
  setup?: Cmd[];
  /** The subscriber's protocol. */
  proto?: 2 | 3;
  /** Redis picks members at random (SPOP with a count): compare the events, not the replies. */
  randomReplies?: boolean;
  /** After each command, publish it to "step": a failure then shows which command raised what. */
  steps?: boolean;
}

const text = (b: Buffer) => b.toString('latin1');

/** Read frames from `sub` until the message PUBLISHed to "done" (which is not kept). */
async function framesUntilDone(sub: RawClient): Promise<string[]> {
  const frames: string[] = [];
  for (;;) {
    const f = text(await sub.readReply());
    if (/^[*>]3\r\n\$7\r\nmessage\r\n\$4\r\ndone\r\n/.test(f)) return frames;
    frames.push(f);
  }
}

async function subscriber(t: Target, proto: 2 | 3): Promise<RawClient> {
  const sub = await t.raw();
  if (proto === 3) await sub.call('HELLO', '3');
  await sub.call('PSUBSCRIBE', '__key*@*__:*');
  await sub.call('SUBSCRIBE', 'done');
  await sub.call('SUBSCRIBE', 'step');
  return sub;
}

/** Run `commands` on `t` with notifications on and record what happened. */
async function record(t: Target, commands: Cmd[], opts: CaseOptions): Promise<Recorded> {
  const c = await t.raw();
  await c.call('CONFIG', 'SET', 'notify-keyspace-events', '');
  for (const cmd of opts.setup ?? []) await c.call(...toArgs(cmd));
  const sub = await subscriber(t, opts.proto ?? 2);
  await c.call('CONFIG', 'SET', 'notify-keyspace-events', opts.flags ?? 'KEA');
  const replies: string[] = [];
  for (const cmd of commands) {
    replies.push(text(await c.call(...toArgs(cmd))));
    if (opts.steps) await c.call('PUBLISH', 'step', toArgs(cmd).join(' '));
  }
  await c.call('CONFIG', 'SET', 'notify-keyspace-events', '');
  await c.call('PUBLISH', 'done', 'x');
  return { replies, frames: await framesUntilDone(sub) };
}

/** The frames as readable lines for a failure message: "pmessage <channel> <message>". */
function readable(frames: string[]): string[] {
  return frames.map((f) =>
    f
      .split('\r\n')
      .filter((_, i) => i % 2 === 0 && i > 0)
      .join(' '),
  );
}

/** Run a case on both targets; the replies and frames must be identical. Returns respite's frames. */
async function same(commands: Cmd[], opts: CaseOptions = {}): Promise<string[]> {
  const runs: Recorded[] = [];
  for (const t of both.list) runs.push(await record(t, commands, opts));
  if (runs.length === 2) {
    const [mine, redis] = runs;
    expect(readable(mine.frames), 'events (respite vs redis)').toEqual(readable(redis.frames));
    expect(mine.frames, 'frames, byte for byte').toEqual(redis.frames);
    if (!opts.randomReplies) expect(mine.replies, 'replies').toEqual(redis.replies);
  }
  return runs[0].frames;
}

/** A table of cases: a name, the commands, and optionally setup and flags. */
type Case = [name: string, commands: Cmd[], opts?: CaseOptions];

function table(cases: Case[]): void {
  for (const [name, commands, opts] of cases) it(name, () => same(commands, opts));
}

const LIST = ['RPUSH l a b c'];
const HASH = ['HSET h f1 v1 f2 v2'];
const SET = ['SADD s a b c'];
const ZSET = ['ZADD z 1 a 2 b 3 c'];

describe('notify-keyspace-events', () => {
  it('CONFIG SET takes every flag and CONFIG GET prints it as Redis does', async () => {
    const values = [
      '',
      'A',
      'K',
      'E',
      'KE',
      'EK',
      'KEA',
      'AKE',
      'An',
      'nA',
      'AKEnm',
      'Am',
      'mK',
      'g$lshzxetd',
      'g$lshzxetdn',
      'g$lshzxetdnKEm',
      'dtexzhsl$g',
      'nmEK',
      'x',
      'xE',
      'Ex',
      'e',
      't',
      'd',
      'n',
      'm',
      'gg',
      'AA',
      'AAgx',
      'glx',
    ];
    const commands: Cmd[] = [];
    for (const v of values) {
      commands.push(['CONFIG', 'SET', 'notify-keyspace-events', v]);
      commands.push(['CONFIG', 'GET', 'notify-keyspace-events']);
    }
    await both.same(...commands, ['CONFIG', 'SET', 'notify-keyspace-events', '']);
  });

  it('every single class character, alone and with K and E', async () => {
    const commands: Cmd[] = [];
    for (const f of 'g$lshzxetdnKEmA') {
      for (const v of [f, `K${f}`, `${f}E`, `KE${f}`]) {
        commands.push(['CONFIG', 'SET', 'notify-keyspace-events', v]);
        commands.push(['CONFIG', 'GET', 'notify-keyspace-events']);
      }
    }
    await both.same(...commands, ['CONFIG', 'SET', 'notify-keyspace-events', '']);
  });

  it('refuses unknown characters with Redis error, leaving the value as it was', async () => {
    await both.same(
      ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'b'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'KEAb'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'a'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'A A'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'k'],
      ['CONFIG', 'SET', 'notify-keyspace-events', '\x00'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'KE\xff'],
      ['CONFIG', 'GET', 'notify-keyspace-events'],
      ['CONFIG', 'SET', 'notify-keyspace-events', ''],
    );
  });

  it('the classes select the events: each class alone, with K, E or both', async () => {
    const commands: Cmd[] = [
      'SET k v',
      'APPEND k w',
      'EXPIRE k 100',
      'LPUSH l a',
      'SADD s a',
      'HSET h f v',
      'ZADD z 1 a',
      'GET missing',
      'DEL k l s h z',
    ];
    for (const flags of [
      'K',
      'E',
      'KE',
      'Kg',
      'E$',
      'KEl',
      'Es',
      'Kh',
      'KEz',
      'Em',
      'En',
      'KEn',
      'KEm',
      'KEA',
    ]) {
      await same(commands, { flags });
    }
  });

  it('nothing is published with classes but neither K nor E, or with K and E but no class', async () => {
    for (const flags of ['A', 'g$lshzxetdnm', 'KE']) {
      expect(await same(['SET k v', 'DEL k', 'GET k', 'LPUSH l a'], { flags })).toEqual([]);
    }
  });

  it('A with n raises new events, though CONFIG GET prints only A', async () => {
    await same(['SET k v', 'SET k w', 'LPUSH l a'], { flags: 'AnKE' });
  });

  it('delivers to RESP3 subscribers as push frames', async () => {
    await same(['SET k v', 'LPUSH l a b', 'DEL k l', 'GET k'], { flags: 'KEAmn', proto: 3 });
  });

  it('binary keys, empty keys and database numbers in channel names', async () => {
    await same(
      [
        ['SET', '', 'v'],
        ['SET', 'a\x00b\xff\r\n', 'v'],
        ['DEL', 'a\x00b\xff\r\n'],
        'SELECT 9',
        'SET k v',
        'DEL k',
        'SELECT 0',
      ],
      {
        flags: 'KEAn',
      },
    );
  });
});

// ---- families ------------------------------------------------------------------------------------

describe('generic key commands', () => {
  table([
    [
      'DEL and UNLINK: one event per key deleted',
      ['DEL a b c', 'UNLINK c d'],
      { setup: ['MSET a 1 b 2 d 4'] },
    ],
    ['DEL of nothing raises nothing', ['DEL x y']],
    [
      'RENAME: rename_from then rename_to',
      ['RENAME a b', 'RENAME b c'],
      { setup: ['MSET a 1 c 3'], flags: 'KEAn' },
    ],
    ['RENAME of a key to itself', ['RENAME a a', 'RENAMENX a a'], { setup: ['SET a 1'] }],
    ['RENAME keeps the TTL', ['RENAME a b', 'TTL b'], { setup: ['SET a 1 EX 100'] }],
    ['RENAMENX', ['RENAMENX a b', 'RENAMENX a c'], { setup: ['MSET a 1 b 2'], flags: 'KEAn' }],
    ['RENAME errors raise nothing', ['RENAME nokey x', 'RENAMENX nokey x']],
    [
      'COPY: copy_to on the destination',
      ['COPY a b', 'COPY a b', 'COPY a b REPLACE', 'COPY a b DB 3'],
      {
        setup: ['SET a 1'],
        flags: 'KEAn',
      },
    ],
    [
      'COPY of a collection, and of a missing key',
      ['COPY l l2', 'COPY nokey x'],
      { setup: LIST, flags: 'KEAn' },
    ],
    [
      'MOVE: move_from in the source database, move_to in the target',
      ['MOVE a 1', 'MOVE a 1', 'MOVE b 1'],
      {
        setup: ['MSET a 1 b 2', 'SELECT 1', 'SET b x', 'SELECT 0'],
        flags: 'KEAn',
      },
    ],
    [
      'EXPIRE family: expire',
      ['EXPIRE a 100', 'PEXPIRE a 100000', 'EXPIREAT a 99999999999', 'PEXPIREAT a 99999999999000'],
      {
        setup: ['SET a 1'],
      },
    ],
    [
      'EXPIRE with conditions that fail raises nothing',
      ['EXPIRE a 100 XX', 'EXPIRE a 100 NX', 'EXPIRE a 50 GT', 'EXPIRE a 200 LT', 'EXPIRE nokey 10'],
      {
        setup: ['SET a 1'],
      },
    ],
    [
      'EXPIRE in the past deletes: del',
      ['EXPIRE a -1', 'PEXPIRE b 0', 'EXPIREAT c 1', 'PEXPIREAT d 1000'],
      {
        setup: ['MSET a 1 b 2 c 3 d 4'],
      },
    ],
    [
      'PERSIST: only when there was a TTL',
      ['PERSIST a', 'PERSIST a', 'PERSIST b', 'PERSIST nokey'],
      {
        setup: ['SET a 1 EX 100', 'SET b 2'],
      },
    ],
    [
      'reads: EXISTS, TYPE, TTL, TOUCH, OBJECT',
      [
        'EXISTS a nokey',
        'TYPE nokey',
        'TTL nokey',
        'PTTL a',
        'EXPIRETIME nokey',
        'TOUCH nokey a',
        'OBJECT ENCODING nokey',
        'OBJECT FREQ nokey',
      ],
      {
        setup: ['SET a 1'],
        flags: 'KEAm',
      },
    ],
    [
      'KEYS, SCAN, RANDOMKEY, DBSIZE raise nothing',
      ['KEYS *', 'SCAN 0', 'RANDOMKEY', 'DBSIZE'],
      { setup: ['SET a 1'], flags: 'KEAmn' },
    ],
    [
      'FLUSHDB, FLUSHALL and SWAPDB raise nothing',
      ['SWAPDB 0 1', 'SWAPDB 0 1', 'FLUSHDB', 'SET b 2', 'FLUSHALL'],
      { setup: ['SET a 1'], flags: 'KEAmn' },
    ],
  ]);
});

describe('strings', () => {
  table([
    ['SET, then SET over it', ['SET k v', 'SET k w', 'SET k x KEEPTTL'], { flags: 'KEAn' }],
    [
      'SET with an expiry: set then expire',
      ['SET k v EX 100', 'SET k v PX 100000', 'SET k v EXAT 99999999999', 'SET k v PXAT 99999999999000'],
      { flags: 'KEAn' },
    ],
    ['SET NX, XX: only when they set', ['SET k v XX', 'SET k v NX', 'SET k w NX', 'SET k w XX']],
    [
      'SET GET',
      ['SET k v GET', 'SET k w GET', 'SET l v GET', 'SET k x NX GET'],
      { setup: ['LPUSH l a'], flags: 'KEAmn' },
    ],
    ['SET errors raise nothing', ['SET k v EX 0', 'SET k v EX x', 'SET k v NX XX']],
    [
      'SETNX, SETEX, PSETEX, MSET, MSETNX',
      [
        'SETNX k v',
        'SETNX k v',
        'SETEX a 100 v',
        'PSETEX b 100000 v',
        'MSET a 1 c 2 a 3',
        'MSETNX x 1 y 2',
        'MSETNX x 1 z 2',
      ],
      { flags: 'KEAn' },
    ],
    [
      'GETSET, GETDEL',
      ['GETSET k v', 'GETSET k w', 'GETDEL k', 'GETDEL k', 'GETSET l x'],
      { setup: ['LPUSH l a'], flags: 'KEAmn' },
    ],
    [
      'GETEX: expire, persist, del, or nothing',
      [
        'GETEX k',
        'GETEX k EX 100',
        'GETEX k PERSIST',
        'GETEX k PERSIST',
        'GETEX k PX 100000',
        'GETEX k EXAT 1',
        'GETEX k',
      ],
      { setup: ['SET k v'], flags: 'KEAm' },
    ],
    ['APPEND', ['APPEND k a', 'APPEND k b', 'APPEND k ""'], { flags: 'KEAn' }],
    [
      'SETRANGE: not when nothing is written',
      ['SETRANGE k 0 ""', 'SETRANGE k 2 ab', 'SETRANGE k 0 x', 'SETRANGE k 10 ""', 'SETRANGE k -1 x'],
      { flags: 'KEAn' },
    ],
    [
      'INCR, DECR, INCRBY, DECRBY: incrby',
      ['INCR n', 'DECR n', 'INCRBY n 5', 'DECRBY n 3', 'INCR s', 'INCRBY n 9223372036854775807'],
      { setup: ['SET s x'], flags: 'KEAn' },
    ],
    [
      'INCRBYFLOAT',
      ['INCRBYFLOAT f 1.5', 'INCRBYFLOAT f 1e400', 'INCRBYFLOAT s 1'],
      { setup: ['SET s x'], flags: 'KEAn' },
    ],
    [
      'reads: GET, MGET, STRLEN, GETRANGE, SUBSTR, LCS',
      [
        'GET nokey',
        'GET a',
        'MGET a nokey l',
        'STRLEN nokey',
        'GETRANGE nokey 0 1',
        'SUBSTR nokey 0 1',
        'LCS a nokey',
        'GET l',
      ],
      {
        setup: ['SET a 1', 'LPUSH l x'],
        flags: 'KEAm',
      },
    ],
  ]);
});

describe('bitmaps', () => {
  table([
    [
      'SETBIT: only when a bit changes or the string grows',
      ['SETBIT b 7 1', 'SETBIT b 7 1', 'SETBIT b 7 0', 'SETBIT b 100 0', 'SETBIT b 100 0'],
      { flags: 'KEAn' },
    ],
    [
      'BITFIELD: setbit for each command with SET or INCRBY',
      [
        'BITFIELD b SET u8 0 1',
        'BITFIELD b GET u8 0',
        'BITFIELD b INCRBY u8 0 1 GET u8 0',
        'BITFIELD b OVERFLOW FAIL INCRBY u8 0 300',
        'BITFIELD b SET u8 0 2 SET u8 8 3',
        'BITFIELD_RO b GET u8 0',
      ],
      { flags: 'KEAn' },
    ],
    [
      'BITOP: set, or del for an empty result',
      ['BITOP AND d a b', 'BITOP OR d nokey1 nokey2', 'BITOP OR d nokey1', 'BITOP NOT e a'],
      { setup: ['SET a x', 'SET b y'], flags: 'KEAn' },
    ],
    [
      'reads: GETBIT, BITCOUNT, BITPOS',
      [
        'GETBIT nokey 0',
        'BITCOUNT nokey',
        'BITPOS nokey 1',
        'BITFIELD nokey GET u8 0',
        'BITFIELD_RO nokey GET u8 0',
      ],
      { flags: 'KEAm' },
    ],
  ]);
});

describe('lists', () => {
  table([
    [
      'LPUSH, RPUSH, LPUSHX, RPUSHX',
      ['LPUSH l a', 'RPUSH l b c', 'LPUSHX l x', 'RPUSHX l y', 'LPUSHX nokey x', 'RPUSHX nokey y'],
      { flags: 'KEAn' },
    ],
    [
      'LPOP, RPOP: del when emptied',
      ['LPOP l', 'RPOP l 5', 'LPOP l', 'RPOP nokey', 'LPOP l 0'],
      { setup: LIST, flags: 'KEAn' },
    ],
    ['LPOP with a count of zero', ['LPOP l 0', 'RPOP l 0'], { setup: LIST }],
    [
      'LSET, LINSERT',
      [
        'LSET l 0 x',
        'LSET l 10 x',
        'LINSERT l BEFORE b y',
        'LINSERT l AFTER nothere y',
        'LINSERT nokey BEFORE a b',
      ],
      { setup: LIST },
    ],
    ['LREM', ['LREM l 0 nothere', 'LREM l 1 a', 'LREM l 0 b', 'LREM l 0 c'], { setup: LIST }],
    [
      'LTRIM: always ltrim, and del when emptied',
      ['LTRIM l 0 -1', 'LTRIM l 0 0', 'LTRIM l 5 10', 'LTRIM nokey 0 1'],
      { setup: LIST },
    ],
    [
      'LMOVE, RPOPLPUSH: the push on the destination first, then the pop',
      [
        'LMOVE l m LEFT RIGHT',
        'RPOPLPUSH l m',
        'LMOVE l l LEFT LEFT',
        'LMOVE l m RIGHT LEFT',
        'LMOVE nokey m LEFT LEFT',
      ],
      { setup: LIST, flags: 'KEAn' },
    ],
    [
      'LMPOP',
      ['LMPOP 2 nokey l LEFT COUNT 2', 'LMPOP 1 l RIGHT COUNT 5', 'LMPOP 1 l RIGHT'],
      { setup: LIST, flags: 'KEAn' },
    ],
    [
      'blocking pops with data ready',
      [
        'BLPOP l 0',
        'BRPOP l 0',
        'BLMOVE l m LEFT LEFT 0',
        'BLMPOP 0 1 m RIGHT COUNT 3',
        'BRPOPLPUSH nokey m 0.01',
      ],
      { setup: LIST, flags: 'KEAn' },
    ],
    [
      'reads: LLEN, LRANGE, LINDEX, LPOS',
      ['LLEN nokey', 'LRANGE nokey 0 -1', 'LINDEX nokey 0', 'LPOS nokey a', 'LLEN l'],
      { setup: LIST, flags: 'KEAm' },
    ],
    [
      'WRONGTYPE raises nothing',
      ['LPUSH s a', 'LPOP s', 'LMOVE l s LEFT LEFT'],
      { setup: ['SET s x', ...LIST] },
    ],
  ]);
});

describe('hashes', () => {
  table([
    [
      'HSET, HMSET, HSETNX',
      ['HSET h a 1', 'HSET h a 1', 'HSET h a 2 b 3', 'HMSET h c 4', 'HSETNX h a 5', 'HSETNX h d 6'],
      { flags: 'KEAn' },
    ],
    [
      'HDEL: del when emptied',
      ['HDEL h nothere', 'HDEL h f1', 'HDEL h f2 f3', 'HDEL nokey f'],
      { setup: HASH },
    ],
    [
      'HINCRBY, HINCRBYFLOAT',
      ['HINCRBY h n 1', 'HINCRBY h n 1', 'HINCRBYFLOAT h x 1.5', 'HINCRBY h f1 1', 'HINCRBYFLOAT h x 1e400'],
      { setup: HASH, flags: 'KEAn' },
    ],
    [
      'reads',
      [
        'HGET nokey f',
        'HMGET nokey f',
        'HGETALL nokey',
        'HEXISTS nokey f',
        'HLEN nokey',
        'HKEYS nokey',
        'HVALS nokey',
        'HSTRLEN nokey f',
        'HRANDFIELD nokey',
        'HSCAN nokey 0',
        'HGET h f1',
      ],
      {
        setup: HASH,
        flags: 'KEAm',
      },
    ],
  ]);
});

describe('sets', () => {
  table([
    [
      'SADD, SREM',
      ['SADD s a', 'SADD s a', 'SADD s b c', 'SREM s x', 'SREM s a', 'SREM s b c', 'SREM nokey a'],
      { flags: 'KEAn' },
    ],
    [
      'SMOVE: srem on the source, then sadd on the destination',
      ['SMOVE s t a', 'SMOVE s t x', 'SMOVE s t b', 'SMOVE s s c', 'SMOVE s t c', 'SMOVE nokey t a'],
      { setup: [...SET, 'SADD t b'], flags: 'KEAn' },
    ],
    [
      'SPOP',
      ['SPOP s 0', 'SPOP nokey', 'SPOP s 1', 'SPOP s', 'SPOP s 5'],
      { setup: ['SADD s a'], flags: 'KEAn' },
    ],
    [
      'SPOP with a count that takes all, and some',
      ['SPOP s 10', 'SADD t 1 2 3 4 5', 'SPOP t 2', 'SPOP t 4'],
      { setup: SET, flags: 'KEAn', randomReplies: true },
    ],
    [
      'SINTERSTORE, SUNIONSTORE, SDIFFSTORE',
      [
        'SINTERSTORE d s t',
        'SUNIONSTORE d s t',
        'SDIFFSTORE d s t',
        'SDIFFSTORE d s s',
        'SINTERSTORE d nokey s',
        'SINTERSTORE d nokey s',
        'SUNIONSTORE e nokey',
      ],
      {
        setup: [...SET, 'SADD t b x'],
        flags: 'KEAn',
      },
    ],
    [
      'reads',
      [
        'SMEMBERS nokey',
        'SISMEMBER nokey a',
        'SMISMEMBER nokey a',
        'SCARD nokey',
        'SRANDMEMBER nokey',
        'SINTER nokey s',
        'SINTERCARD 1 nokey',
        'SUNION nokey',
        'SDIFF nokey s',
        'SSCAN nokey 0',
      ],
      {
        setup: SET,
        flags: 'KEAm',
      },
    ],
  ]);
});

describe('sorted sets', () => {
  table([
    [
      'ZADD, ZINCRBY: zadd, zincr',
      [
        'ZADD z 1 a',
        'ZADD z 1 a',
        'ZADD z 2 a',
        'ZADD z CH 3 a',
        'ZADD z INCR 1 a',
        'ZINCRBY z 1 b',
        'ZADD z NX 5 a',
        'ZADD z XX 1 c',
        'ZADD z GT 1 a',
        'ZADD z INCR NX 1 a',
      ],
      { flags: 'KEAn' },
    ],
    ['ZADD that changes nothing on a new key', ['ZADD z XX 1 a', 'ZADD z NX INCR 1 a'], { flags: 'KEAn' }],
    [
      'ZREM, ZREMRANGEBY*',
      [
        'ZREM z x',
        'ZREM z a',
        'ZREMRANGEBYSCORE z 10 20',
        'ZREMRANGEBYSCORE z 2 2',
        'ZREMRANGEBYRANK z 5 6',
        'ZADD z 0 x 0 y',
        'ZREMRANGEBYLEX z [x [x',
        'ZREMRANGEBYRANK z 0 -1',
        'ZREM nokey a',
      ],
      { setup: ZSET },
    ],
    [
      'ZPOPMIN, ZPOPMAX, ZMPOP',
      ['ZPOPMIN z', 'ZPOPMAX z 0', 'ZPOPMAX z', 'ZMPOP 2 nokey z MIN COUNT 5', 'ZPOPMIN nokey'],
      { setup: ZSET },
    ],
    [
      'BZPOPMIN, BZPOPMAX, BZMPOP with data ready',
      ['BZPOPMIN z 0', 'BZPOPMAX z 0', 'BZMPOP 0 1 z MIN', 'BZPOPMIN nokey 0.01'],
      { setup: ZSET },
    ],
    [
      'ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE, ZRANGESTORE',
      [
        'ZUNIONSTORE d 2 z y',
        'ZINTERSTORE d 2 z y',
        'ZDIFFSTORE d 2 z z',
        'ZDIFFSTORE d 2 z y',
        'ZRANGESTORE d z 0 0',
        'ZRANGESTORE d z 5 6',
        'ZRANGESTORE d z 5 6',
        'ZINTERSTORE d 2 nokey z',
      ],
      {
        setup: [...ZSET, 'ZADD y 5 b'],
        flags: 'KEAn',
      },
    ],
    [
      'reads',
      [
        'ZSCORE nokey a',
        'ZMSCORE nokey a',
        'ZCARD nokey',
        'ZCOUNT nokey 0 1',
        'ZLEXCOUNT nokey - +',
        'ZRANK nokey a',
        'ZREVRANK nokey a',
        'ZRANGE nokey 0 -1',
        'ZREVRANGE nokey 0 -1',
        'ZRANGEBYSCORE nokey 0 1',
        'ZREVRANGEBYSCORE nokey 1 0',
        'ZRANGEBYLEX nokey - +',
        'ZREVRANGEBYLEX nokey + -',
        'ZRANDMEMBER nokey',
        'ZUNION 1 nokey',
        'ZINTER 2 nokey z',
        'ZDIFF 1 nokey',
        'ZINTERCARD 1 nokey',
        'ZSCAN nokey 0',
      ],
      {
        setup: ZSET,
        flags: 'KEAm',
      },
    ],
  ]);
});

describe('SORT', () => {
  table([
    [
      'SORT STORE: sortstore, or del for an empty result',
      ['SORT l STORE d', 'SORT l STORE d', 'SORT nokey STORE d', 'SORT nokey STORE d', 'SORT l'],
      { setup: ['RPUSH l 3 1 2'], flags: 'KEAnm' },
    ],
    [
      'SORT with BY and GET reads other keys',
      ['SORT l BY w_* GET o_*', 'SORT_RO l BY w_*'],
      { setup: ['RPUSH l 3 1 2', 'SET w_1 5'], flags: 'KEAm' },
    ],
  ]);
});

describe('blocked clients served by a write', () => {
  /** A second client blocks in `block`; then `commands` run. Returns the frames. */
  async function servedCase(block: string, commands: Cmd[], setup: Cmd[] = []): Promise<void> {
    const runs: { frames: string[]; replies: string[]; served: string }[] = [];
    for (const t of both.list) {
      const c = await t.raw();
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', '');
      for (const cmd of setup) await c.call(...toArgs(cmd));
      const sub = await subscriber(t, 2);
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEAn');
      const waiter = await t.raw();
      waiter.write(encode(toArgs(block)));
      await waitBlocked(t, c);
      const replies: string[] = [];
      for (const cmd of commands) replies.push(text(await c.call(...toArgs(cmd))));
      const served = text(await waiter.readReply());
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', '');
      await c.call('PUBLISH', 'done', 'x');
      runs.push({ frames: await framesUntilDone(sub), replies, served });
    }
    if (runs.length === 2) {
      expect(readable(runs[0].frames)).toEqual(readable(runs[1].frames));
      expect(runs[0]).toEqual(runs[1]);
    }
  }

  it('BLPOP served by LPUSH: lpush, then lpop and del', () => servedCase('BLPOP l 0', ['LPUSH l a']));
  it('BRPOP served by RPUSH of several', () => servedCase('BRPOP l 0', ['RPUSH l a b']));
  it('BLMOVE served: rpush on the destination, then lpop', () =>
    servedCase('BLMOVE l m LEFT RIGHT 0', ['LPUSH l a b']));
  it('BRPOPLPUSH served by an LMOVE into its key', () =>
    servedCase('BRPOPLPUSH l m 0', ['LMOVE src l LEFT LEFT'], ['RPUSH src x']));
  it('BLMPOP with a count served', () => servedCase('BLMPOP 0 1 l LEFT COUNT 5', ['RPUSH l a b c']));
  it('BZPOPMIN served by ZADD', () => servedCase('BZPOPMIN z 0', ['ZADD z 1 a 2 b']));
  it('BZMPOP served by ZADD, emptying the set', () =>
    servedCase('BZMPOP 0 1 z MAX COUNT 5', ['ZADD z 1 a 2 b']));
  it('BLPOP served inside EXEC after the transaction', () =>
    servedCase('BLPOP l 0', ['MULTI', 'LPUSH l a', 'SET k v', 'EXEC']));
});

function encode(args: string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const a of args) parts.push(`$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`);
  return Buffer.from(parts.join(''), 'latin1');
}

/** Wait (really, briefly) until a client of `t` is blocked. */
async function waitBlocked(t: Target, admin: RawClient): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const info = text(await admin.call('INFO', 'clients'));
    if (Number(/blocked_clients:(\d+)/.exec(info)?.[1] ?? 0) >= 1) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${t.kind}: the client never blocked`);
}

describe('transactions', () => {
  table([
    [
      'MULTI/EXEC: the events of each queued command, in order',
      ['MULTI', 'SET k v', 'LPUSH l a b', 'EXPIRE k 100', 'LPOP l 2', 'DEL k', 'EXEC'],
      { flags: 'KEAn' },
    ],
    ['DISCARD raises nothing', ['MULTI', 'SET k v', 'DISCARD']],
    ['an EXEC aborted by WATCH raises nothing', ['WATCH k', 'SET k v', 'MULTI', 'SET k w', 'EXEC']],
    ['a failing command inside EXEC', ['MULTI', 'SET k v', 'LPUSH k a', 'INCR k', 'EXEC']],
  ]);
});

describe('expired', () => {
  it('lazy expiry: a read of a key past its TTL raises expired, then keymiss', async () => {
    const runs: Recorded[] = [];
    for (const t of both.list) {
      const c = await t.raw();
      await c.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', '');
      const sub = await subscriber(t, 2);
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEAm');
      const replies = [
        text(await c.call('SET', 'k', 'v', 'PX', '30')),
        text(await c.call('SET', 'w', 'v', 'PX', '30')),
      ];
      await t.pass(60);
      replies.push(text(await c.call('GET', 'k')));
      replies.push(text(await c.call('SET', 'w', 'x', 'NX')));
      await c.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', '');
      await c.call('PUBLISH', 'done', 'x');
      runs.push({ replies, frames: await framesUntilDone(sub) });
    }
    if (runs.length === 2) expect(runs[0]).toEqual(runs[1]);
    expect(readable(runs[0].frames)).toContain('pmessage __key*@*__:* __keyevent@0__:expired k');
  });

  it('active expiry raises expired without any access', async () => {
    const runs: Recorded[] = [];
    for (const t of both.list) {
      const c = await t.raw();
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', '');
      const sub = await subscriber(t, 2);
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', 'Ex');
      const replies = [text(await c.call('SET', 'k', 'v', 'PX', '20'))];
      // Redis's cycle runs 10 times a second; respite's runs when the clock moves.
      await t.pass(250);
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', '');
      await c.call('PUBLISH', 'done', 'x');
      runs.push({ replies, frames: await framesUntilDone(sub) });
    }
    if (runs.length === 2) expect(runs[0]).toEqual(runs[1]);
    expect(readable(runs[0].frames)).toEqual(['pmessage __key*@*__:* __keyevent@0__:expired k']);
  });
});

describe('notify-keyspace-events, every combination', () => {
  it('each subset of the classes, with and without A, reads back as Redis prints it', async () => {
    const chars = 'g$lshzxetdnKEm';
    const values: string[] = [];
    for (let bits = 0; bits < 1 << chars.length; bits++) {
      let v = '';
      for (let i = 0; i < chars.length; i++) if (bits & (1 << i)) v += chars[i];
      values.push(v);
      // Some with A in front or behind, and reversed, so that order and A's overlap are covered.
      if (bits % 7 === 0) values.push(`A${v}`, `${[...v].reverse().join('')}A`);
    }
    const outputs: string[][] = [];
    for (const t of both.list) {
      const c = await t.raw();
      const requests = values.map((v) =>
        Buffer.concat([
          encode(['CONFIG', 'SET', 'notify-keyspace-events', v]),
          encode(['CONFIG', 'GET', 'notify-keyspace-events']),
        ]),
      );
      c.write(Buffer.concat(requests));
      const out: string[] = [];
      for (let i = 0; i < values.length * 2; i++) out.push(text(await c.readReply()));
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', '');
      outputs.push(out);
    }
    if (outputs.length === 2) expect(outputs[0]).toEqual(outputs[1]);
  });
});

describe('expiry met by commands', () => {
  // The active cycle is off while these run, so that only the commands meet the expired keys.
  const OFF = 'DEBUG SET-ACTIVE-EXPIRE 0';
  const ON = 'DEBUG SET-ACTIVE-EXPIRE 1';
  table([
    [
      'SET with PXAT in the past stores, then the next read expires it',
      [OFF, 'SET k v PXAT 1', 'GET k', 'EXISTS k', ON],
      { flags: 'KEAnm' },
    ],
    [
      'DEL, RENAME, EXISTS and writes on a key past its TTL',
      ['DEL a', 'RENAME b x', 'EXISTS c', 'LPUSH d x', 'INCR e', ON],
      {
        setup: [
          OFF,
          'SET a 1 PXAT 1',
          'SET b 1 PXAT 1',
          'SET c 1 PXAT 1',
          'SET d 1 PXAT 1',
          'SET e 1 PXAT 1',
        ],
        flags: 'KEAnm',
      },
    ],
    [
      'KEYS leaves a key past its TTL; SCAN expires it',
      ['KEYS *', 'DBSIZE', 'SCAN 0', 'DBSIZE', ON],
      { setup: [OFF, 'SET a 1 PXAT 1'], flags: 'KEAnm' },
    ],
  ]);
});

describe('several databases', () => {
  table([
    [
      'events name the database of the key, inside MULTI too',
      ['SELECT 3', 'SET k v', 'MULTI', 'SELECT 5', 'LPUSH l a', 'MOVE l 6', 'EXEC', 'SELECT 0'],
      {
        flags: 'KEAn',
      },
    ],
    [
      'COPY with DB and REPLACE over an existing key',
      ['COPY a a DB 2 REPLACE', 'COPY a a DB 2 REPLACE'],
      {
        setup: ['SET a 1', 'SELECT 2', 'SET a 2', 'SELECT 0'],
        flags: 'KEAn',
      },
    ],
  ]);
});

describe('scripts', () => {
  table([
    [
      'EVAL: the events of the commands the script calls, in order',
      [
        [
          'EVAL',
          "redis.call('SET', KEYS[1], 'v'); redis.call('LPUSH', KEYS[2], 'a', 'b'); redis.call('LPOP', KEYS[2], 2); redis.call('GET', 'nokey'); return redis.call('DEL', KEYS[1])",
          '2',
          'k',
          'l',
        ],
      ],
      { flags: 'KEAnm' },
    ],
    [
      'a script that fails half way keeps the events of what it did',
      [['EVAL', "redis.call('SET', KEYS[1], 'v'); return redis.call('LPUSH', KEYS[1], 'a')", '1', 'k']],
    ],
    [
      'a blocking pop inside a script is not served later',
      [['EVAL', "return redis.call('BLPOP', KEYS[1], 0)", '1', 'l'], 'LPUSH l a'],
    ],
  ]);
});

describe('random command sequences', () => {
  /** A small seeded generator, so that a failure can be replayed. */
  function prng(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  // Commands over a few keys of every type, so that they meet each other's data (and WRONGTYPE).
  // Only commands whose replies and events are deterministic: no random picks, no hash-table order.
  const templates: ((k: () => string, v: () => string) => string[])[] = [
    (k, v) => ['SET', k(), v()],
    (k, v) => ['SET', k(), v(), 'NX'],
    (k, v) => ['SET', k(), v(), 'XX', 'GET'],
    (k, v) => ['SET', k(), v(), 'EX', '100'],
    (k) => ['GET', k()],
    (k) => ['GETDEL', k()],
    (k) => ['GETEX', k(), 'PERSIST'],
    (k, v) => ['APPEND', k(), v()],
    (k) => ['INCR', k()],
    (k) => ['INCRBYFLOAT', k(), '1.5'],
    (k, v) => ['SETRANGE', k(), '1', v()],
    (k) => ['SETBIT', k(), '3', '1'],
    (k) => ['DEL', k(), k()],
    (k) => ['EXISTS', k()],
    (k) => ['TYPE', k()],
    (k) => ['EXPIRE', k(), '50'],
    (k) => ['PERSIST', k()],
    (k) => ['RENAME', k(), k()],
    (k) => ['RENAMENX', k(), k()],
    (k) => ['COPY', k(), k(), 'REPLACE'],
    (k) => ['MOVE', k(), '1'],
    (k, v) => ['LPUSH', k(), v(), v()],
    (k, v) => ['RPUSHX', k(), v()],
    (k) => ['LPOP', k()],
    (k) => ['RPOP', k(), '2'],
    (k) => ['LMOVE', k(), k(), 'LEFT', 'RIGHT'],
    (k, v) => ['LREM', k(), '0', v()],
    (k) => ['LTRIM', k(), '1', '-1'],
    (k, v) => ['LSET', k(), '0', v()],
    (k) => ['LRANGE', k(), '0', '-1'],
    (k, v) => ['HSET', k(), v(), v()],
    (k, v) => ['HDEL', k(), v()],
    (k, v) => ['HINCRBY', k(), v(), '2'],
    (k, v) => ['HGET', k(), v()],
    (k) => ['SADD', k(), '1', '2'],
    (k) => ['SREM', k(), '1'],
    (k) => ['SMOVE', k(), k(), '2'],
    (k) => ['SINTERSTORE', k(), k(), k()],
    (k) => ['SUNIONSTORE', k(), k(), k()],
    (k) => ['SCARD', k()],
    (k, v) => ['ZADD', k(), '1', v()],
    (k, v) => ['ZINCRBY', k(), '2', v()],
    (k, v) => ['ZREM', k(), v()],
    (k) => ['ZPOPMIN', k()],
    (k) => ['ZREMRANGEBYSCORE', k(), '0', '1'],
    (k) => ['ZUNIONSTORE', k(), '2', k(), k()],
    (k) => ['ZRANGESTORE', k(), k(), '0', '-1'],
    (k) => ['ZRANGE', k(), '0', '-1', 'WITHSCORES'],
    (k) => ['SORT', k(), 'STORE', k()],
    (k) => ['BLPOP', k(), '0.01'],
  ];

  for (const seed of Array.from({ length: 16 }, (_, i) => i + 1)) {
    it(`seed ${seed}`, async () => {
      const rand = prng(seed);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
      const k = () => pick(['a', 'b', 'c', 'd']);
      const v = () => pick(['x', 'y', '1', '2']);
      const commands: Cmd[] = [];
      for (let i = 0; i < 60; i++) {
        const cmd = pick(templates)(k, v);
        // Some inside a transaction, to mix queued commands in.
        if (i % 20 === 10) commands.push('MULTI', cmd, pick(templates)(k, v), 'EXEC');
        else commands.push(cmd);
      }
      await same(commands, { flags: 'KEAnm', steps: true });
    });
  }
});
