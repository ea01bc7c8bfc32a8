import { describe, expect, it } from 'vitest';
import { blockedClients, send, waitBlocked } from '../support/blocked.js';
import type { RawClient } from '../support/raw.js';
import { type Cmd, useTargets } from '../support/targets.js';

const both = useTargets();

const I64_MAX = '9223372036854775807';
const I64_MIN = '-9223372036854775808';

/** Every start/end pair in [lo, hi] for `cmd`, e.g. ['LRANGE', 'l']. */
function ranges(cmd: string[], lo: number, hi: number): Cmd[] {
  const out: Cmd[] = [];
  for (let s = lo; s <= hi; s++) for (let e = lo; e <= hi; e++) out.push([...cmd, `${s}`, `${e}`]);
  return out;
}

async function text(c: RawClient): Promise<string> {
  return (await c.readReply()).toString('latin1');
}

describe('LPUSH, RPUSH, LPUSHX, RPUSHX', () => {
  it('push at both ends and reply the new length', async () => {
    await both.same(
      'LPUSH l a',
      'LPUSH l b c d',
      'RPUSH l e f',
      'LRANGE l 0 -1',
      'RPUSH r x',
      'LRANGE r 0 -1',
      'LLEN l',
      'TYPE l',
      'OBJECT ENCODING l',
    );
  });

  it('store binary bytes and empty strings', async () => {
    await both.same(
      ['RPUSH', 'bin', '\x00\xff\r\n', '', '\x80'],
      ['LPUSH', '\x00key', 'v'],
      ['LRANGE', 'bin', '0', '-1'],
      ['LRANGE', '\x00key', '0', '-1'],
      ['LINDEX', 'bin', '1'],
      ['LPOS', 'bin', '\x80'],
    );
  });

  it('the X forms push only onto an existing list', async () => {
    await both.same(
      'LPUSHX l a',
      'RPUSHX l a b',
      'EXISTS l',
      'RPUSH l x',
      'LPUSHX l a b',
      'RPUSHX l y z',
      'LRANGE l 0 -1',
    );
  });

  it('WRONGTYPE and arity', async () => {
    await both.same(
      'SET s v',
      'LPUSH s a',
      'RPUSH s a',
      'LPUSHX s a',
      'RPUSHX s a',
      'LPUSH l',
      'RPUSHX l',
      'LPUSH',
      'GET s',
    );
  });

  it('a push drops no TTL, and COPY copies a list', async () => {
    await both.same(
      'RPUSH l a',
      'EXPIRE l 100',
      'RPUSH l b',
      'TTL l',
      'COPY l l2',
      'RPUSH l2 c',
      'LRANGE l 0 -1',
      'LRANGE l2 0 -1',
      'TTL l2',
    );
  });

  it('a long list pushed and popped at both ends keeps its order', async () => {
    const cmds: Cmd[] = [];
    for (let i = 0; i < 300; i++) cmds.push(['RPUSH', 'l', `r${i}`], ['LPUSH', 'l', `l${i}`]);
    cmds.push('LLEN l', 'LRANGE l 0 -1', 'LINDEX l 150', 'LINDEX l -7', 'LRANGE l 290 310');
    for (let i = 0; i < 250; i++) cmds.push(i % 3 === 0 ? 'RPOP l' : 'LPOP l');
    cmds.push('LRANGE l 0 -1', 'LPOP l 1000', 'EXISTS l');
    await both.same(...cmds);
  });
});

describe('LPOP and RPOP', () => {
  it('pop one element, or nil', async () => {
    await both.same('RPUSH l a b c', 'LPOP l', 'RPOP l', 'LPOP l', 'EXISTS l', 'LPOP l', 'RPOP l');
  });

  it('with a count: an array, empty for 0, a null array for a missing key', async () => {
    await both.same(
      'RPUSH l a b c d e',
      'LPOP l 2',
      'RPOP l 2',
      'LPOP l 0',
      'RPOP l 0',
      'LPOP l 10',
      'EXISTS l',
      'LPOP l 2',
      'RPOP l 0',
      'LPOP missing 0',
    );
  });

  it('count errors, WRONGTYPE, and too many arguments', async () => {
    await both.same(
      'RPUSH l a',
      'LPOP l -1',
      'RPOP l x',
      `LPOP l ${I64_MIN}`,
      'LPOP l 99999999999999999999',
      `LPOP l ${I64_MAX}`,
      'RPUSH l a',
      'LPOP l 1 2',
      'RPOP l 1 2',
      'SET s v',
      'LPOP s',
      'RPOP s 2',
      'LPOP s 0',
      'LPOP s -1',
      'LPOP missing -1',
    );
  });

  it('RESP3: nulls for a missing key', async () => {
    await both.compare(
      { proto: 3 },
      'LPOP missing',
      'LPOP missing 2',
      'RPOP missing 0',
      'RPUSH l a',
      'RPOP l 5',
    );
  });
});

describe('LLEN, LRANGE, LINDEX', () => {
  it('LLEN', async () => {
    await both.same('LLEN l', 'RPUSH l a b', 'LLEN l', 'SET s v', 'LLEN s', 'LLEN', 'LLEN a b');
  });

  it('LRANGE over every small range, negative and out of bounds', async () => {
    await both.same('RPUSH l a b c d', ...ranges(['LRANGE', 'l'], -6, 6));
  });

  it('LRANGE edge cases', async () => {
    await both.same(
      'LRANGE missing 0 -1',
      'RPUSH l a b c',
      `LRANGE l ${I64_MIN} ${I64_MAX}`,
      `LRANGE l ${I64_MAX} ${I64_MIN}`,
      'LRANGE l x 1',
      'LRANGE l 0 y',
      'LRANGE missing x 1',
      'LRANGE l 0 99999999999999999999',
      'LRANGE l 1.0 2',
      'SET s v',
      'LRANGE s 0 -1',
      'LRANGE s x 1',
      'LRANGE l 0',
    );
  });

  it('LINDEX', async () => {
    await both.same(
      'LINDEX missing 0',
      'LINDEX missing x',
      'RPUSH l a b c',
      'LINDEX l 0',
      'LINDEX l 2',
      'LINDEX l 3',
      'LINDEX l -1',
      'LINDEX l -3',
      'LINDEX l -4',
      `LINDEX l ${I64_MIN}`,
      `LINDEX l ${I64_MAX}`,
      'LINDEX l x',
      'SET s v',
      'LINDEX s 0',
      'LINDEX s x',
    );
  });

  it('RESP3', async () => {
    await both.compare(
      { proto: 3 },
      'RPUSH l a b',
      'LRANGE l 0 -1',
      'LRANGE l 5 6',
      'LINDEX l 9',
      'LINDEX l 1',
    );
  });
});

describe('LSET, LINSERT, LREM, LTRIM', () => {
  it('LSET', async () => {
    await both.same(
      'LSET missing 0 x',
      'LSET missing x x',
      'RPUSH l a b c',
      'LSET l 0 A',
      'LSET l -1 C',
      'LSET l 3 x',
      'LSET l -4 x',
      'LSET l x x',
      ['LSET', 'l', '1', '\x00\xff'],
      'LRANGE l 0 -1',
      'SET s v',
      'LSET s 0 x',
      'LSET s x x',
      'LSET l 0',
    );
  });

  it('LINSERT', async () => {
    await both.same(
      'LINSERT missing BEFORE a x',
      'LINSERT missing middle a x',
      'RPUSH l a b c b',
      'LINSERT l BEFORE b x',
      'LINSERT l after b y',
      'LINSERT l AFTER c z',
      'LINSERT l before a w',
      'LINSERT l before nope v',
      'LINSERT l middle a v',
      ['LINSERT', 'l', 'BEFORE\x00junk', 'a', 'v0'],
      'LRANGE l 0 -1',
      'SET s v',
      'LINSERT s BEFORE a x',
      'LINSERT s middle a x',
      'LINSERT l before a',
    );
  });

  it('LINSERT in the middle of a long list', async () => {
    const cmds: Cmd[] = [];
    for (let i = 0; i < 100; i++) cmds.push(['RPUSH', 'l', `${i}`]);
    cmds.push('LINSERT l BEFORE 10 x', 'LINSERT l AFTER 80 y', 'LINSERT l BEFORE 50 z', 'LRANGE l 0 -1');
    await both.same(...cmds);
  });

  it('LREM from the head, from the tail, all', async () => {
    await both.same(
      'LREM missing 0 a',
      'RPUSH l a b a c a d a',
      'LREM l 2 a',
      'LRANGE l 0 -1',
      'RPUSH l2 a b a c a d a',
      'LREM l2 -2 a',
      'LRANGE l2 0 -1',
      'LREM l2 0 a',
      'LRANGE l2 0 -1',
      'LREM l2 1 nope',
      'LREM l2 0 b',
      'LREM l2 -5 c',
      'LREM l2 5 d',
      'EXISTS l2',
      'LREM l x a',
      'LREM missing x a',
      'SET s v',
      'LREM s 0 a',
      'LREM s x a',
    );
  });

  it('LTRIM over every small range', async () => {
    const cmds: Cmd[] = [];
    for (const [s, e] of [
      [0, 0],
      [0, -1],
      [1, 2],
      [-2, -1],
      [2, 1],
      [5, 10],
      [-10, 1],
      [-10, -9],
      [3, 3],
      [0, 100],
    ]) {
      cmds.push('DEL l', 'RPUSH l a b c d', `LTRIM l ${s} ${e}`, 'LRANGE l 0 -1', 'EXISTS l');
    }
    await both.same(...cmds);
  });

  it('LTRIM errors', async () => {
    await both.same(
      'LTRIM missing 0 1',
      'LTRIM missing x 1',
      'RPUSH l a b',
      'LTRIM l x 1',
      'LTRIM l 0 x',
      `LTRIM l ${I64_MIN} ${I64_MAX}`,
      'LRANGE l 0 -1',
      'SET s v',
      'LTRIM s 0 1',
      'LTRIM s x 1',
    );
  });
});

describe('LPOS', () => {
  it('finds elements with RANK, COUNT and MAXLEN', async () => {
    await both.same(
      'RPUSH l a b c 1 2 3 c c',
      'LPOS l c',
      'LPOS l nope',
      'LPOS l c RANK 2',
      'LPOS l c RANK -1',
      'LPOS l c RANK -3',
      'LPOS l c RANK 4',
      'LPOS l c COUNT 0',
      'LPOS l c COUNT 2',
      'LPOS l c COUNT 2 RANK 2',
      'LPOS l c COUNT 0 RANK -1',
      'LPOS l c COUNT 1 RANK -2',
      'LPOS l c MAXLEN 2',
      'LPOS l c MAXLEN 3',
      'LPOS l c COUNT 0 MAXLEN 7',
      'LPOS l c COUNT 0 MAXLEN 2 RANK -1',
      'LPOS l c count 5 rank 1 maxlen 0',
      'LPOS l nope COUNT 0',
      'LPOS l c RANK 1 RANK 2',
      `LPOS l c RANK ${I64_MAX}`,
      `LPOS l c RANK ${I64_MIN}`,
      `LPOS l a RANK ${I64_MIN}`,
      `LPOS l c COUNT ${I64_MAX}`,
    );
  });

  it('missing key, errors, WRONGTYPE', async () => {
    await both.same(
      'LPOS missing a',
      'LPOS missing a COUNT 0',
      'LPOS missing a COUNT 3 RANK -1',
      'RPUSH l a',
      'LPOS l a RANK 0',
      'LPOS l a RANK x',
      'LPOS l a COUNT -1',
      'LPOS l a COUNT x',
      'LPOS l a MAXLEN -1',
      'LPOS l a MAXLEN x',
      'LPOS l a RANK',
      'LPOS l a COUNT',
      'LPOS l a NOPE 1',
      'LPOS l a MAXLEN 1 extra',
      'LPOS missing a RANK 0',
      'SET s v',
      'LPOS s a',
      'LPOS s a RANK 0',
      'LPOS l',
    );
  });

  it('RESP3', async () => {
    await both.compare(
      { proto: 3 },
      'LPOS missing a',
      'LPOS missing a COUNT 1',
      'RPUSH l a',
      'LPOS l b',
      'LPOS l a COUNT 0',
    );
  });
});

describe('LMOVE and RPOPLPUSH', () => {
  it('moves between lists at every pair of ends', async () => {
    const cmds: Cmd[] = ['RPUSH src a b c d e f g h'];
    for (const from of ['LEFT', 'RIGHT']) {
      for (const to of ['LEFT', 'RIGHT']) cmds.push(`LMOVE src dst ${from} ${to}`, 'LRANGE dst 0 -1');
    }
    cmds.push('LRANGE src 0 -1', 'RPOPLPUSH src dst', 'LRANGE src 0 -1', 'LRANGE dst 0 -1');
    await both.same(...cmds);
  });

  it('the same key rotates; an emptied source is deleted', async () => {
    await both.same(
      'RPUSH l a b c',
      'LMOVE l l LEFT RIGHT',
      'LRANGE l 0 -1',
      'RPOPLPUSH l l',
      'LRANGE l 0 -1',
      'LMOVE l l LEFT LEFT',
      'LRANGE l 0 -1',
      'RPUSH one x',
      'RPOPLPUSH one one',
      'LRANGE one 0 -1',
      'LMOVE one other right left',
      'EXISTS one',
      'LRANGE other 0 -1',
    );
  });

  it('missing source, WRONGTYPE, syntax', async () => {
    await both.same(
      'LMOVE missing dst LEFT LEFT',
      'RPOPLPUSH missing dst',
      'EXISTS dst',
      'SET s v',
      'RPUSH l a',
      'LMOVE s l LEFT LEFT',
      'LMOVE l s LEFT LEFT',
      'RPOPLPUSH l s',
      'LRANGE l 0 -1',
      'LMOVE missing s LEFT LEFT',
      'LMOVE l d MIDDLE LEFT',
      'LMOVE l d LEFT MIDDLE',
      'LMOVE missing d MIDDLE LEFT',
      'LMOVE s d up LEFT',
      'LMOVE l d left',
      'RPOPLPUSH l',
    );
  });

  it('RESP3', async () => {
    await both.compare(
      { proto: 3 },
      'LMOVE missing d LEFT LEFT',
      'RPOPLPUSH missing d',
      'RPUSH l a',
      'LMOVE l d LEFT LEFT',
    );
  });
});

describe('LMPOP', () => {
  it('pops from the first non-empty key', async () => {
    await both.same(
      'RPUSH b 1 2 3 4 5',
      'RPUSH c x',
      'LMPOP 3 a b c LEFT',
      'LMPOP 3 a b c RIGHT COUNT 2',
      'LMPOP 1 b left count 10',
      'EXISTS b',
      'LMPOP 3 a b c right',
      'LMPOP 3 a b c LEFT',
      'LMPOP 1 a LEFT COUNT 1',
    );
  });

  it('errors and WRONGTYPE', async () => {
    await both.same(
      'RPUSH l a b',
      'SET s v',
      'LMPOP 0 l LEFT',
      'LMPOP -1 l LEFT',
      'LMPOP x l LEFT',
      'LMPOP 2 l LEFT',
      'LMPOP 3 l LEFT',
      `LMPOP ${I64_MAX} l LEFT`,
      'LMPOP 1 l MIDDLE',
      'LMPOP 1 l LEFT COUNT 0',
      'LMPOP 1 l LEFT COUNT -1',
      'LMPOP 1 l LEFT COUNT x',
      'LMPOP 1 l LEFT COUNT',
      'LMPOP 1 l LEFT COUNT 1 COUNT 1',
      'LMPOP 1 l LEFT extra',
      'LMPOP 2 missing s LEFT',
      'LMPOP 2 l s LEFT',
      'LMPOP 2 s l LEFT',
      'LMPOP 1 l',
      'LRANGE l 0 -1',
    );
  });

  it('RESP3', async () => {
    await both.compare({ proto: 3 }, 'LMPOP 1 missing LEFT', 'RPUSH l a b', 'LMPOP 1 l RIGHT COUNT 5');
  });

  it('key positions (movablekeys)', async () => {
    await both.same(
      'COMMAND GETKEYS LMPOP 2 a b LEFT',
      'COMMAND GETKEYS LMPOP 1 a LEFT COUNT 2',
      'COMMAND GETKEYS LMPOP 0 a LEFT',
      'COMMAND GETKEYS LMPOP 3 a LEFT',
      'COMMAND GETKEYS BLMPOP 0 2 a b RIGHT',
      'COMMAND GETKEYS BLMPOP 0 0 a RIGHT',
      'COMMAND GETKEYS BLPOP a b c 0',
      'COMMAND GETKEYS BLMOVE a b LEFT LEFT 0',
      'COMMAND GETKEYS LMOVE a b LEFT LEFT',
      'COMMAND GETKEYS RPOPLPUSH a b',
    );
  });
});

describe('WATCH', () => {
  it('a list change by another client aborts EXEC; a command that changes nothing does not', async () => {
    const changes: [string[], boolean][] = [
      [['LPOP', 'l'], true],
      [['LPOP', 'l', '0'], false],
      [['RPUSH', 'l', 'x'], true],
      [['LSET', 'l', '0', 'z'], true],
      [['LINSERT', 'l', 'BEFORE', 'nope', 'x'], false],
      [['LINSERT', 'l', 'BEFORE', 'a', 'x'], true],
      [['LREM', 'l', '0', 'nope'], false],
      [['LREM', 'l', '0', 'a'], true],
      [['LTRIM', 'l', '0', '-1'], true],
      [['LPUSHX', 'other', 'x'], false],
      [['LMOVE', 'l', 'l', 'LEFT', 'RIGHT'], true],
      [['LPOS', 'l', 'a'], false],
    ];
    await both.each(async (t) => {
      const watcher = await t.raw();
      const other = await t.raw();
      for (const [cmd, aborts] of changes) {
        await other.call('DEL', 'l');
        await other.call('RPUSH', 'l', 'a', 'b');
        await watcher.call('WATCH', 'l');
        await other.call(...cmd);
        await watcher.call('MULTI');
        await watcher.call('PING');
        const reply = await watcher.callText('EXEC');
        expect(reply, `${t.kind} ${cmd.join(' ')}`).toBe(aborts ? '*-1\r\n' : '*1\r\n+PONG\r\n');
      }
    });
  });
});

describe('command table', () => {
  it('arity, flags, key positions and ACL categories as Redis 7.0', async () => {
    const names = [
      'lpush',
      'rpush',
      'lpushx',
      'rpushx',
      'lpop',
      'rpop',
      'llen',
      'lrange',
      'lindex',
      'lset',
      'linsert',
      'lrem',
      'ltrim',
      'lpos',
      'lmove',
      'rpoplpush',
      'lmpop',
      'blpop',
      'brpop',
      'blmove',
      'brpoplpush',
      'blmpop',
    ];
    const infos: Record<string, unknown[]> = {};
    await both.each(async (t) => {
      const r = t.ioredis();
      const reply = (await r.call('COMMAND', 'INFO', ...names)) as unknown[][];
      // name, arity, flags, first, last, step, ACL categories: the key specs are beyond the table.
      infos[t.kind] = reply.map((entry) => entry.slice(0, 7));
    });
    if (infos.redis) expect(infos.respite).toEqual(infos.redis);
  });

  it('COMMAND DOCS summaries', async () => {
    await both.each(async (t) => {
      const r = t.ioredis();
      const docs = (await r.call('COMMAND', 'DOCS', 'lpos', 'lmpop')) as unknown[];
      expect(docs[0]).toBe('lpos');
      expect(JSON.stringify(docs)).toContain('Return the index of matching elements on a list');
    });
  });
});

describe('blocking pops', () => {
  it('served at once when a list has data', async () => {
    await both.same(
      'RPUSH b 1 2 3',
      'RPUSH c x',
      'BLPOP a b c 0',
      'BRPOP a b c 0',
      'BLPOP a c b 1',
      'EXISTS c',
      'BLMOVE b d LEFT RIGHT 0',
      'BRPOPLPUSH d e 0',
      'BLMPOP 0 2 a e RIGHT COUNT 3',
      'RPUSH b 4 5',
      'BLMPOP 0.5 1 b LEFT',
      'LRANGE b 0 -1',
    );
  });

  it('errors before blocking: timeout, WRONGTYPE, syntax', async () => {
    // Timeouts past a long long of milliseconds wrap negative in Redis.
    await both.same(
      'BLPOP a 1e20',
      'BLPOP a inf',
      'BLPOP a 9.3e15',
      'BLPOP a 1e400',
      'BLPOP a -inf',
      'BLPOP a nan',
    );
    await both.same(
      'SET s v',
      'BLPOP a -1',
      'BLPOP a x',
      'BRPOP s 0',
      'BLPOP missing s 0',
      'BLPOP s -1',
      'BLMOVE s d LEFT LEFT 0',
      'BLMOVE a d MIDDLE LEFT 0',
      'BLMOVE a d MIDDLE LEFT x',
      'BLMOVE a d LEFT LEFT -1',
      'BRPOPLPUSH a d -1',
      'BRPOPLPUSH s d x',
      'RPUSH l a',
      'BLMOVE l s LEFT LEFT 0',
      'BRPOPLPUSH l s 0',
      'LRANGE l 0 -1',
      'BLMPOP x 1 a LEFT',
      'BLMPOP -1 1 a LEFT',
      'BLMPOP 0 0 a LEFT',
      'BLMPOP 0 1 a MIDDLE',
      'BLMPOP 0 1 a LEFT COUNT 0',
      'BLMPOP 0 1 s LEFT',
      'BLPOP a',
      'BLMPOP 0 1 a',
    );
  });

  it('time out with a null array', async () => {
    await both.each(async (t) => {
      const cases: [string[], string][] = [
        [['BLPOP', 'a', 'b', '0.05'], '*-1\r\n'],
        [['BRPOP', 'a', '0.05'], '*-1\r\n'],
        [['BLMOVE', 'a', 'b', 'LEFT', 'LEFT', '0.05'], '*-1\r\n'],
        [['BRPOPLPUSH', 'a', 'b', '0.05'], '*-1\r\n'],
        [['BLMPOP', '0.05', '2', 'a', 'b', 'LEFT'], '*-1\r\n'],
      ];
      for (const [cmd, reply] of cases) {
        const c = await t.raw();
        send(c, ...cmd);
        await waitBlocked(t, 1);
        await t.pass(60);
        expect(await text(c), `${t.kind} ${cmd.join(' ')}`).toBe(reply);
        // The connection goes on with its next command.
        expect(await c.callText('PING')).toBe('+PONG\r\n');
      }
    });
  });

  it('a RESP3 timeout is a null', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('HELLO', '3');
      send(c, 'BLPOP', 'a', '0.05');
      await waitBlocked(t, 1);
      await t.pass(60);
      expect(await text(c)).toBe('_\r\n');
    });
  });

  it('a push serves the waiting clients in the order they came', async () => {
    await both.each(async (t) => {
      const first = await t.raw();
      const second = await t.raw();
      const third = await t.raw();
      const pusher = await t.raw();
      send(first, 'BLPOP', 'k', 'other', '0');
      await waitBlocked(t, 1);
      send(second, 'BRPOP', 'other', 'k', '0');
      await waitBlocked(t, 2);
      send(third, 'BLMPOP', '0', '1', 'k', 'LEFT', 'COUNT', '5');
      await waitBlocked(t, 3);
      expect(await pusher.callText('RPUSH', 'k', 'a', 'b', 'c', 'd')).toBe(':4\r\n');
      expect(await text(first)).toBe('*2\r\n$1\r\nk\r\n$1\r\na\r\n');
      expect(await text(second)).toBe('*2\r\n$1\r\nk\r\n$1\r\nd\r\n');
      expect(await text(third)).toBe('*2\r\n$1\r\nk\r\n*2\r\n$1\r\nb\r\n$1\r\nc\r\n');
      expect(await pusher.callText('EXISTS', 'k')).toBe(':0\r\n');
    });
  });

  it('a client served on one key stops waiting on its others', async () => {
    await both.each(async (t) => {
      const waiter = await t.raw();
      const pusher = await t.raw();
      send(waiter, 'BLPOP', 'a', 'b', '0');
      await waitBlocked(t, 1);
      await pusher.call('RPUSH', 'b', 'x');
      expect(await text(waiter)).toBe('*2\r\n$1\r\nb\r\n$1\r\nx\r\n');
      await pusher.call('RPUSH', 'a', 'y');
      expect(await pusher.callText('LRANGE', 'a', '0', '-1')).toBe('*1\r\n$1\r\ny\r\n');
      expect(await blockedClients(t, pusher)).toBe(0);
    });
  });

  it('a list that expired while its transaction ran (DEBUG SLEEP) serves no waiter', async () => {
    await both.each(async (t) => {
      const waiter = await t.raw();
      const other = await t.raw();
      await other.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
      try {
        const id = (await waiter.callText('CLIENT', 'ID')).slice(1, -2);
        send(waiter, 'BRPOP', 'k', '0');
        await waitBlocked(t, 1);
        await other.call('MULTI');
        await other.call('RPUSH', 'k', 'hello');
        await other.call('PEXPIRE', 'k', '100');
        await other.call('DEBUG', 'SLEEP', '0.2');
        expect(await other.callText('EXEC')).toBe('*3\r\n:1\r\n:1\r\n+OK\r\n');
        expect(await blockedClients(t, other)).toBe(1);
        expect(await other.callText('CLIENT', 'UNBLOCK', id)).toBe(':1\r\n');
        expect(await text(waiter)).toBe('*-1\r\n');
        expect(await other.callText('EXISTS', 'k')).toBe(':0\r\n');
      } finally {
        await other.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
      }
    });
  });

  it('a list that arrives by RENAME, MOVE or COPY serves a waiter on its new name', async () => {
    await both.each(async (t) => {
      const waiter = await t.raw();
      const other = await t.raw();
      send(waiter, 'BLPOP', 'foo', '0');
      await waitBlocked(t, 1);
      await other.call('RPUSH', 'bob', 'abc', 'def');
      expect(await other.callText('RENAME', 'bob', 'foo')).toBe('+OK\r\n');
      expect(await text(waiter)).toBe('*2\r\n$3\r\nfoo\r\n$3\r\nabc\r\n');
      send(waiter, 'BRPOP', 'bar', '0');
      await waitBlocked(t, 1);
      expect(await other.callText('COPY', 'foo', 'bar')).toBe(':1\r\n');
      expect(await text(waiter)).toBe('*2\r\n$3\r\nbar\r\n$3\r\ndef\r\n');
      await other.call('DEL', 'foo');
      send(waiter, 'BLMPOP', '0', '1', 'foo', 'LEFT');
      await waitBlocked(t, 1);
      await other.call('SELECT', '1');
      await other.call('RPUSH', 'foo', 'x');
      expect(await other.callText('MOVE', 'foo', '0')).toBe(':1\r\n');
      expect(await text(waiter)).toBe('*2\r\n$3\r\nfoo\r\n*1\r\n$1\r\nx\r\n');
    });
  });

  it('LPUSHX, LMOVE and RPOPLPUSH serve waiters too; LINSERT and SET do not', async () => {
    await both.each(async (t) => {
      const waiter = await t.raw();
      const other = await t.raw();
      send(waiter, 'BRPOP', 'k', '0');
      await waitBlocked(t, 1);
      await other.call('SET', 'k', 'string');
      await other.call('DEL', 'k');
      await other.call('RPUSH', 'src', 'a', 'b');
      expect(await other.callText('LMOVE', 'src', 'k', 'LEFT', 'LEFT')).toBe('$1\r\na\r\n');
      expect(await text(waiter)).toBe('*2\r\n$1\r\nk\r\n$1\r\na\r\n');
      send(waiter, 'BLPOP', 'src2', '0');
      await waitBlocked(t, 1);
      await other.call('RPOPLPUSH', 'src', 'src2');
      expect(await text(waiter)).toBe('*2\r\n$4\r\nsrc2\r\n$1\r\nb\r\n');
      expect(await other.callText('EXISTS', 'src', 'src2', 'k')).toBe(':0\r\n');
    });
  });

  it('BLMOVE moves atomically, and a chain of BLMOVEs passes an element along', async () => {
    await both.each(async (t) => {
      const mover = await t.raw();
      const popper = await t.raw();
      const pusher = await t.raw();
      send(mover, 'BLMOVE', 'a', 'b', 'RIGHT', 'LEFT', '0');
      await waitBlocked(t, 1);
      send(popper, 'BLPOP', 'b', '0');
      await waitBlocked(t, 2);
      await pusher.call('LPUSH', 'a', 'x');
      expect(await text(mover)).toBe('$1\r\nx\r\n');
      expect(await text(popper)).toBe('*2\r\n$1\r\nb\r\n$1\r\nx\r\n');
      expect(await pusher.callText('EXISTS', 'a', 'b')).toBe(':0\r\n');
    });
  });

  it('a BLMOVE to a key of the wrong type gets WRONGTYPE and leaves the source', async () => {
    await both.each(async (t) => {
      const mover = await t.raw();
      const pusher = await t.raw();
      await pusher.call('SET', 'dst', 'v');
      send(mover, 'BLMOVE', 'src', 'dst', 'LEFT', 'LEFT', '0');
      await waitBlocked(t, 1);
      await pusher.call('RPUSH', 'src', 'x');
      expect(await text(mover)).toBe(
        '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n',
      );
      expect(await pusher.callText('LRANGE', 'src', '0', '-1')).toBe('*1\r\n$1\r\nx\r\n');
    });
  });

  it('waiters are served after a transaction, from what it left', async () => {
    await both.each(async (t) => {
      const waiter = await t.raw();
      const other = await t.raw();
      send(waiter, 'BLPOP', 'k', 'k', '0');
      await waitBlocked(t, 1);
      await other.call('MULTI');
      await other.call('RPUSH', 'k', 'a', 'b');
      await other.call('LPOP', 'k');
      expect(await other.callText('EXEC')).toBe('*2\r\n:2\r\n$1\r\na\r\n');
      expect(await text(waiter)).toBe('*2\r\n$1\r\nk\r\n$1\r\nb\r\n');
      // A push into another database serves no one here.
      send(waiter, 'BLPOP', 'k', '0');
      await waitBlocked(t, 1);
      await other.call('SELECT', '1');
      await other.call('RPUSH', 'k', 'elsewhere');
      await other.call('MULTI');
      await other.call('RPUSH', 'k', 'x');
      await other.call('DEL', 'k');
      await other.call('EXEC');
      await other.call('SELECT', '0');
      expect(await blockedClients(t, other)).toBe(1);
      await other.call('LPUSH', 'k', 'here');
      expect(await text(waiter)).toBe('*2\r\n$1\r\nk\r\n$4\r\nhere\r\n');
    });
  });

  it('a waiter that disconnects takes nothing; CLIENT UNBLOCK ends a wait', async () => {
    await both.each(async (t) => {
      const gone = await t.raw();
      const waiter = await t.raw();
      const other = await t.raw();
      send(gone, 'BLPOP', 'k', '0');
      await waitBlocked(t, 1);
      gone.close();
      for (let i = 0; i < 200 && (await blockedClients(t, other)) > 0; i++)
        await new Promise((r) => setTimeout(r, 5));
      await other.call('RPUSH', 'k', 'kept');
      expect(await other.callText('LRANGE', 'k', '0', '-1')).toBe('*1\r\n$4\r\nkept\r\n');
      const id = (await waiter.callText('CLIENT', 'ID')).slice(1, -2);
      send(waiter, 'BLMOVE', 'missing', 'd', 'LEFT', 'LEFT', '0');
      await waitBlocked(t, 1);
      expect(await other.callText('CLIENT', 'UNBLOCK', id)).toBe(':1\r\n');
      expect(await text(waiter)).toBe('*-1\r\n');
      send(waiter, 'BLMPOP', '0', '1', 'missing', 'LEFT');
      await waitBlocked(t, 1);
      expect(await other.callText('CLIENT', 'UNBLOCK', id, 'ERROR')).toBe(':1\r\n');
      expect(await text(waiter)).toBe('-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n');
    });
  });

  it('inside MULTI a blocking command answers at once', async () => {
    await both.same(
      'MULTI',
      'BLPOP a 0',
      'BRPOP a 0',
      'BLMOVE a b LEFT LEFT 0',
      'BRPOPLPUSH a b 0',
      'BLMPOP 0 1 a LEFT',
      'RPUSH a x y',
      'BLPOP a 0',
      'BLMOVE a b LEFT LEFT 0',
      'BLMPOP 0 1 a LEFT',
      'EXEC',
    );
    await both.compare(
      { proto: 3 },
      'MULTI',
      'BLPOP a 0',
      'BLMOVE a b LEFT LEFT 0',
      'BLMPOP 0 1 a LEFT',
      'EXEC',
    );
  });
});
