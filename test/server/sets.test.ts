// The set family against both targets: SADD, SREM, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD, SPOP,
// SRANDMEMBER, SMOVE, SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE, SSCAN.
//
// An intset is listed in ascending order by Redis, so replies about one are compared exactly; a hash
// table's order is Redis's own, so those replies are compared with relax.unordered.

import { describe, expect, it } from 'vitest';
import { type Cmd, relax, type Target, useTargets } from '../support/targets.js';

const both = useTargets();

/** One command on a fresh raw connection to `t`, as a latin1 string. */
async function call(t: Target, ...args: string[]): Promise<string> {
  const c = await t.raw();
  return (await c.call(...args)).toString('latin1');
}

/** The bulk strings of a flat array or set reply. */
function bulks(reply: string): string[] {
  const out: string[] = [];
  const re = /\$(\d+)\r\n/g;
  const buf = Buffer.from(reply, 'latin1');
  let at = reply.indexOf('\r\n') + 2;
  while (at < buf.length) {
    re.lastIndex = at;
    const m = re.exec(reply);
    if (!m || m.index !== at) break;
    const start = at + m[0].length;
    out.push(reply.slice(start, start + Number(m[1])));
    at = start + Number(m[1]) + 2;
  }
  return out;
}

const unordered = { normalize: relax.unordered };
const ints = (from: number, n: number) => Array.from({ length: n }, (_, i) => String(from + i));

describe('SADD, SREM, SCARD, SISMEMBER, SMISMEMBER, SMEMBERS', () => {
  it('an intset: members listed in ascending numeric order', async () => {
    await both.same(
      'SADD s 5 -3 100 0 7',
      'SADD s 5 8',
      'SCARD s',
      'SMEMBERS s',
      'OBJECT ENCODING s',
      'SISMEMBER s 5',
      'SISMEMBER s 6',
      'SISMEMBER s 05',
      'SMISMEMBER s 5 6 -3 x',
      'SREM s 5 6 -3',
      'SMEMBERS s',
      'SCARD s',
      'TYPE s',
    );
  });

  it('int64 bounds stay in the intset; non-canonical integers convert it', async () => {
    await both.same(
      [
        'SADD',
        's',
        '9223372036854775807',
        '-9223372036854775808',
        '0',
        '9007199254740993',
        '9007199254740992',
      ],
      'SMEMBERS s',
      'OBJECT ENCODING s',
      'SADD t 1 2',
      'SADD t 9223372036854775808',
      'OBJECT ENCODING t',
      'SADD u 1 +2',
      'OBJECT ENCODING u',
      'SADD v 1 -0',
      'OBJECT ENCODING v',
      'SADD w 1 01',
      'OBJECT ENCODING w',
      'SADD x 1 " 2"',
      'OBJECT ENCODING x',
      'SADD y 1 1.0',
      'OBJECT ENCODING y',
    );
  });

  it('a first non-integer member makes a hash table; it never converts back', async () => {
    await both.compare(
      unordered,
      'SADD s a 1 2',
      'OBJECT ENCODING s',
      'SREM s a',
      'OBJECT ENCODING s',
      'SMEMBERS s',
      'SADD t 1 2 a',
      'OBJECT ENCODING t',
      'SREM t a',
      'OBJECT ENCODING t',
    );
  });

  it('set-max-intset-entries: over it converts, at it stays', async () => {
    await both.same(['SADD', 's', ...ints(0, 512)], 'OBJECT ENCODING s', 'SADD s 512', 'OBJECT ENCODING s');
    await both.same(['SADD', 't', ...ints(0, 513)], 'OBJECT ENCODING t', 'SREM t 0 1 2', 'OBJECT ENCODING t');
    await both.same(
      'CONFIG SET set-max-intset-entries 3',
      'SADD u 1 2 3',
      'OBJECT ENCODING u',
      'SADD u 4',
      'OBJECT ENCODING u',
      'CONFIG SET set-max-intset-entries 0',
      'SADD v 1',
      'OBJECT ENCODING v',
      'CONFIG SET set-max-intset-entries 512',
    );
  });

  it('binary members and the empty string', async () => {
    await both.compare(
      unordered,
      ['SADD', 's', '', '\x00', '\xff\xfe', 'a\r\nb', '\x00\x00'],
      'SCARD s',
      'SMEMBERS s',
      ['SISMEMBER', 's', ''],
      ['SISMEMBER', 's', '\x00'],
      ['SMISMEMBER', 's', '\xff\xfe', '\xff', 'a\r\nb'],
      ['SREM', 's', '', '\x00'],
      'SMEMBERS s',
    );
  });

  it('a hash-table set lists all its members (in Redis own order)', async () => {
    const members = Array.from({ length: 300 }, (_, i) => `m${i}`);
    await both.compare(unordered, ['SADD', 's', ...members], 'SMEMBERS s', 'SCARD s', 'OBJECT ENCODING s');
  });

  it('missing keys', async () => {
    await both.same(
      'SCARD no',
      'SISMEMBER no a',
      'SMISMEMBER no a b',
      'SMEMBERS no',
      'SREM no a',
      'EXISTS no',
    );
  });

  it('SREM of the last members deletes the key', async () => {
    await both.same('SADD s a b', 'EXPIRE s 100', 'SREM s a b c', 'EXISTS s', 'SADD s a', 'TTL s');
  });

  it('SADD keeps the TTL of an existing set', async () => {
    await both.same('SADD s a', 'EXPIRE s 100', 'SADD s b', 'TTL s', 'SADD s b', 'TTL s');
  });

  it('WRONGTYPE on a string key; arity', async () => {
    await both.same(
      'SET str x',
      'SADD str a',
      'SREM str a',
      'SCARD str',
      'SISMEMBER str a',
      'SMISMEMBER str a',
      'SMEMBERS str',
      'GET str',
      'SADD s',
      'SREM s',
      'SCARD',
      'SCARD s t',
      'SISMEMBER s',
      'SISMEMBER s a b',
      'SMISMEMBER s',
      'SMEMBERS',
      'SMEMBERS s t',
    );
  });

  it('RESP3: SMEMBERS is a set, SMISMEMBER an array', async () => {
    await both.compare(
      { proto: 3 },
      'SADD s 3 1 2',
      'SMEMBERS s',
      'SMEMBERS no',
      'SMISMEMBER s 1 9',
      'SMISMEMBER no 1',
      'SISMEMBER s 1',
      'SCARD s',
    );
    await both.compare({ proto: 3, normalize: relax.unordered }, 'SADD h a b c', 'SMEMBERS h');
  });
});

describe('SMOVE', () => {
  it('moves a member, creating and deleting keys', async () => {
    await both.same(
      'SADD a 1 2',
      'SMOVE a b 1',
      'SMEMBERS a',
      'SMEMBERS b',
      'OBJECT ENCODING b',
      'SMOVE a b 9',
      'SMOVE a b 2',
      'EXISTS a',
      'SMEMBERS b',
      'SMOVE b b 1',
      'SMOVE b b 9',
      'SMOVE no b 1',
      'SMOVE b c x',
      'OBJECT ENCODING c',
      'SADD d 5',
      'SMOVE c d x',
      'OBJECT ENCODING d',
      'SMOVE b d 1',
      'SCARD d',
    );
  });

  it('a member already in the destination', async () => {
    await both.same('SADD a x y', 'SADD b x', 'SMOVE a b x', 'SMEMBERS a', 'SCARD b');
  });

  it('touches a watched destination only when the member was added to it', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      const other = await t.raw();
      await c.call('SADD', 'src', 'a', 'b');
      await c.call('SADD', 'dst', 'a');
      await c.call('WATCH', 'dst');
      await c.call('MULTI');
      await c.call('SADD', 'dst', 'c');
      expect(await other.callText('SMOVE', 'src', 'dst', 'a')).toBe(':1\r\n');
      expect(await c.callText('EXEC')).toBe('*1\r\n:1\r\n');
      await c.call('WATCH', 'dst');
      await c.call('MULTI');
      expect(await other.callText('SMOVE', 'src', 'dst', 'b')).toBe(':1\r\n');
      expect(await c.callText('EXEC')).toBe('*-1\r\n');
    });
  });

  it('WRONGTYPE: a missing source answers 0 first; either key of the wrong type', async () => {
    await both.same(
      'SET str v',
      'SADD s 1 2',
      'SMOVE no str 1',
      'SMOVE str s 1',
      'SMOVE s str 1',
      'SMOVE s str 9',
      'SMEMBERS s',
      'SMOVE str str 1',
      'SMOVE s t',
      'SMOVE s t 1 2',
    );
  });
});

describe('SPOP and SRANDMEMBER', () => {
  it('without a count: one member, or nil', async () => {
    await both.same('SPOP no', 'SRANDMEMBER no');
    await both.compare({ proto: 3 }, 'SPOP no', 'SRANDMEMBER no');
    await both.compare(
      { normalize: relax.randomMembers(['a', 'b', 'c']) },
      'SADD s a b c',
      'SRANDMEMBER s',
      'SPOP s',
      'SCARD s',
    );
    await both.same('SADD one x', 'SPOP one', 'EXISTS one', 'SADD one y', 'SRANDMEMBER one');
  });

  it('SPOP removes what it returns', async () => {
    const members = [...ints(0, 20), ...Array.from({ length: 20 }, (_, i) => `m${i}`)];
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('SADD', 's', ...members);
      const popped = [(await c.call('SPOP', 's')).toString('latin1')].map((r) => r.split('\r\n')[1]);
      for (const n of ['1', '5', '25'])
        popped.push(...bulks((await c.call('SPOP', 's', n)).toString('latin1')));
      const left = bulks((await c.call('SMEMBERS', 's')).toString('latin1'));
      expect(popped).toHaveLength(32);
      expect(new Set(popped).size).toBe(32);
      expect([...popped, ...left].sort()).toEqual([...members].sort());
      expect(left).toHaveLength(8);
      const rest = bulks((await c.call('SPOP', 's', '100')).toString('latin1'));
      expect(rest.sort()).toEqual(left.sort());
      expect((await c.call('EXISTS', 's')).toString()).toBe(':0\r\n');
    });
  });

  it('SPOP with a count: shape, members, the whole set when it asks for as many', async () => {
    const set = ints(1, 10);
    await both.compare(
      { normalize: relax.randomMembers(set, { distinct: true }) },
      ['SADD', 's', ...set],
      'SPOP s 3',
      'SPOP s 1',
      'SCARD s',
      'SPOP s 0',
      'SCARD s',
    );
    // Asking for at least the whole set returns it in the set's order (ascending for an intset).
    await both.same(
      'SADD t 3 1 2',
      'SPOP t 3',
      'EXISTS t',
      'SADD t 3 1 2',
      'SPOP t 100',
      'SPOP t 2',
      'SPOP no 2',
      'SPOP no 0',
    );
    await both.compare(unordered, 'SADD h a b c', 'SPOP h 5', 'EXISTS h');
    await both.compare({ proto: 3 }, 'SADD t 2 1', 'SPOP t 2', 'SPOP no 2', 'SADD t 1', 'SPOP t 0');
    await both.compare(
      { proto: 3, normalize: relax.randomMembers(set, { distinct: true }) },
      ['SADD', 's', ...set],
      'SPOP s 2',
    );
  });

  it('SPOP count errors', async () => {
    await both.same(
      'SADD s 1',
      'SET str x',
      'SPOP s -1',
      'SPOP s x',
      'SPOP s 1.5',
      'SPOP s 1 2',
      'SPOP no -1',
      'SPOP str',
      'SPOP str 1',
      'SPOP str -1',
      'SPOP str 1 2',
      'SPOP',
      'SCARD s',
    );
  });

  it('SRANDMEMBER with a count: distinct when positive, repeats when negative', async () => {
    const set = ['a', 'b', 'c', 'd', 'e', 'f', '1', '2'];
    await both.compare(
      { normalize: relax.randomMembers(set, { distinct: true }) },
      ['SADD', 's', ...set],
      'SRANDMEMBER s 1',
      'SRANDMEMBER s 3',
      'SRANDMEMBER s 7',
      'SRANDMEMBER s 8',
      'SRANDMEMBER s 100',
      'SRANDMEMBER s 0',
      'SCARD s',
    );
    await both.compare(
      { normalize: relax.randomMembers(set) },
      ['SADD', 's', ...set],
      'SRANDMEMBER s -1',
      'SRANDMEMBER s -5',
      'SRANDMEMBER s -20',
    );
    await both.each(async (t) => {
      const reply = bulks(await call(t, 'SRANDMEMBER', 's', '-200'));
      expect(reply).toHaveLength(200);
      // 200 picks from 8 with repeats: every member comes up, surely.
      expect(new Set(reply).size).toBe(8);
    });
  });

  it('SRANDMEMBER: the whole intset, ascending, for a count at least its size; RESP3 array', async () => {
    await both.same(
      'SADD s 3 1 2',
      'SRANDMEMBER s 3',
      'SRANDMEMBER s 9223372036854775807',
      'SRANDMEMBER no 3',
      'SRANDMEMBER no -3',
    );
    await both.compare(
      { proto: 3 },
      'SADD s 3 1 2',
      'SRANDMEMBER s 3',
      'SRANDMEMBER no 3',
      'SRANDMEMBER s 0',
    );
    await both.compare(
      { proto: 3, normalize: relax.randomMembers(['1', '2', '3']) },
      'SADD s 3 1 2',
      'SRANDMEMBER s -4',
      'SRANDMEMBER s 2',
    );
  });

  it('SRANDMEMBER count errors', async () => {
    await both.same(
      'SADD s 1',
      'SET str x',
      'SRANDMEMBER s x',
      'SRANDMEMBER s -9223372036854775808',
      'SRANDMEMBER s 9223372036854775808',
      'SRANDMEMBER s 1 2',
      'SRANDMEMBER no x',
      'SRANDMEMBER str',
      'SRANDMEMBER str 1',
      'SRANDMEMBER str x',
      'SRANDMEMBER',
    );
  });
});

describe('SINTER, SINTERCARD, SINTERSTORE', () => {
  it('intersections of intsets come ascending', async () => {
    await both.same(
      'SADD a 1 2 3 4 5 6',
      'SADD b 6 4 2 0',
      'SADD c 2 4 6 8 10 12 14',
      'SINTER a b',
      'SINTER a b c',
      'SINTER a',
      'SINTER a a',
      'SINTER a no',
      'SINTER no a',
      'SINTERCARD 2 a b',
      'SINTERCARD 3 a b c',
      'SINTERCARD 3 a b c LIMIT 1',
      'SINTERCARD 3 a b c LIMIT 0',
      'SINTERCARD 3 a b c limit 100',
      'SINTERCARD 2 a no',
      'SINTERCARD 1 no',
      'SINTERCARD 1 a LIMIT 2 LIMIT 4',
    );
  });

  it('hash tables and mixed encodings', async () => {
    await both.compare(
      unordered,
      'SADD a x y z 1 2',
      'SADD b y z 2 w',
      'SADD c 1 2 3',
      'SINTER a b',
      'SINTER a c',
      'SINTER b c',
      'SINTERCARD 2 a b',
      ['SADD', 'big', ...ints(0, 600)],
      'SINTER big c',
      'SINTER c big',
    );
  });

  it('SINTERSTORE: result encoding, replaces any type, deletes when empty', async () => {
    await both.same(
      'SADD a x 1 2 3',
      'SADD b 1 2 3 y',
      'SINTERSTORE d a b',
      'SMEMBERS d',
      'OBJECT ENCODING d',
      'SET str v',
      'EXPIRE str 100',
      'SINTERSTORE str a b',
      'TYPE str',
      'TTL str',
      'SINTERSTORE str a no',
      'EXISTS str',
      'SINTERSTORE e a',
      'OBJECT ENCODING e',
      'SADD f q',
      'SINTERSTORE f f a',
      'EXISTS f',
      'SINTERSTORE a a b',
      'SMEMBERS a',
    );
  });

  it('WRONGTYPE for any key, even after a missing one; errors', async () => {
    await both.same(
      'SET str v',
      'SADD s 1',
      'SINTER s str',
      'SINTER no str',
      'SINTER str no',
      'SINTERSTORE d no str',
      'SINTERSTORE str s',
      'GET str',
      'SINTERCARD 2 no str',
      'SINTERCARD 2 s str',
      'SINTERCARD 0 s',
      'SINTERCARD -1 s',
      'SINTERCARD x s',
      'SINTERCARD 2 s',
      'SINTERCARD 1 s LIMIT',
      'SINTERCARD 1 s LIMIT -1',
      'SINTERCARD 1 s LIMIT x',
      'SINTERCARD 1 s FOO 1',
      'SINTERCARD 1 s LIMIT 1 extra',
      'SINTERCARD 1 str LIMIT x',
      'SINTERCARD 1',
      'SINTER',
      'SINTERSTORE d',
    );
  });

  it('RESP3: SINTER is a set', async () => {
    await both.compare(
      { proto: 3 },
      'SADD a 1 2',
      'SADD b 2 3',
      'SINTER a b',
      'SINTER a no',
      'SINTERCARD 2 a b',
    );
  });

  it('COMMAND GETKEYS for SINTERCARD (movable keys)', async () => {
    await both.same(
      'COMMAND GETKEYS SINTERCARD 2 a b LIMIT 3',
      'COMMAND GETKEYS SINTERCARD 1 a b',
      'COMMAND GETKEYS SINTERCARD 3 a b',
      'COMMAND GETKEYS SINTERCARD 0 a',
      'COMMAND GETKEYS SINTERCARD 2x a b',
      'COMMAND GETKEYS SINTERSTORE d a b',
      'COMMAND GETKEYS SMOVE a b m',
    );
  });
});

describe('SUNION, SDIFF and their STORE forms', () => {
  it('intsets: ascending results', async () => {
    await both.same(
      'SADD a 5 1 3',
      'SADD b 2 3 4',
      'SUNION a b',
      'SUNION a no b',
      'SUNION no',
      'SDIFF a b',
      'SDIFF b a',
      'SDIFF a a',
      'SDIFF a no',
      'SDIFF no a',
      'SDIFF a b a',
    );
  });

  it('hash tables and mixed encodings', async () => {
    await both.compare(
      unordered,
      'SADD a x y 1',
      'SADD b 1 2 3',
      'SUNION a b',
      'SDIFF a b',
      'SDIFF b a',
      'SUNION b a',
    );
  });

  it('stored result encodings, as Redis builds them', async () => {
    await both.same(
      'SADD a x 1 2',
      'SADD b x',
      'SUNIONSTORE u b',
      'OBJECT ENCODING u',
      'SDIFFSTORE d a b',
      'SMEMBERS d',
      'OBJECT ENCODING d',
      ['SADD', 'big', ...ints(0, 600)],
      ['SADD', 'most', ...ints(0, 599)],
      // A large first set minus most of it: which algorithm Redis picks decides the encoding.
      'SDIFFSTORE d2 big most',
      'SMEMBERS d2',
      'OBJECT ENCODING d2',
      'SDIFFSTORE d3 big most most most',
      'OBJECT ENCODING d3',
      'SADD small 1 2 3',
      'SDIFFSTORE d4 small big',
      'EXISTS d4',
      'SUNIONSTORE u2 small small',
      'OBJECT ENCODING u2',
    );
  });

  it('STORE replaces any type, drops the TTL, deletes the key for an empty result', async () => {
    await both.same(
      'SADD a 1 2',
      'SET str v',
      'EXPIRE str 100',
      'SUNIONSTORE str a',
      'TYPE str',
      'TTL str',
      'SDIFFSTORE str a a',
      'EXISTS str',
      'SUNIONSTORE str no',
      'SDIFFSTORE a a no',
      'SMEMBERS a',
      'SUNIONSTORE a a a',
      'SMEMBERS a',
    );
  });

  it('WRONGTYPE for any key; arity', async () => {
    await both.same(
      'SET str v',
      'SADD s 1',
      'SUNION s str',
      'SUNION no str',
      'SDIFF no str',
      'SDIFF s str',
      'SUNIONSTORE d s str',
      'SDIFFSTORE d no str',
      'EXISTS d',
      'SUNION',
      'SDIFF',
      'SUNIONSTORE d',
      'SDIFFSTORE d',
    );
  });

  it('binary members', async () => {
    await both.compare(
      unordered,
      ['SADD', 'a', '\x00', '\xff', 'x'],
      ['SADD', 'b', '\xff', ''],
      'SUNION a b',
      'SDIFF a b',
      'SINTER a b',
    );
  });

  it('RESP3: sets', async () => {
    await both.compare(
      { proto: 3 },
      'SADD a 1 2',
      'SADD b 2 3',
      'SUNION a b',
      'SDIFF a b',
      'SDIFF no a',
      'SUNION no',
    );
  });
});

describe('SSCAN', () => {
  it('an intset comes whole in one call, cursor 0, ascending', async () => {
    await both.same(
      ['SADD', 's', ...ints(0, 100).reverse()],
      'SSCAN s 0',
      'SSCAN s 0 COUNT 1',
      'SSCAN s 12345',
      'SSCAN s 0 MATCH 1*',
      'SSCAN s 0 MATCH *0 COUNT 5',
      'SSCAN s 0 match * count 2',
      'SSCAN no 0',
      'SSCAN no 0 COUNT 0',
    );
  });

  it('a hash table: a full iteration returns every member', async () => {
    const members = Array.from({ length: 200 }, (_, i) => `m${i}`);
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('SADD', 's', ...members);
      const seen = new Set<string>();
      let cursor = '0';
      let calls = 0;
      do {
        const reply = (await c.call('SSCAN', 's', cursor, 'COUNT', '7')).toString('latin1');
        // *2 $n cursor *k members...
        const m = /^\*2\r\n\$\d+\r\n(\d+)\r\n/.exec(reply)!;
        cursor = m[1];
        for (const member of bulks(reply.slice(m[0].length))) seen.add(member);
        calls++;
      } while (cursor !== '0' && calls < 1000);
      expect(cursor).toBe('0');
      expect([...seen].sort()).toEqual([...members].sort());
      expect(calls).toBeGreaterThan(5);
    });
  });

  it('MATCH over a hash table; a full scan with a big COUNT', async () => {
    await both.compare(
      { normalize: relax.scanReply },
      'SADD s a1 a2 b1 b2 x',
      'SSCAN s 0 COUNT 100',
      'SSCAN s 0 MATCH a* COUNT 100',
      'SSCAN s 0 MATCH z* COUNT 100',
    );
  });

  it('errors: cursor first, then the key, then the options', async () => {
    await both.same(
      'SADD s 1',
      'SET str v',
      'SSCAN s x',
      'SSCAN no x',
      'SSCAN str x',
      'SSCAN str 0',
      'SSCAN no 0 FOO',
      'SSCAN s 0 COUNT 0',
      'SSCAN s 0 COUNT -1',
      'SSCAN s 0 COUNT x',
      'SSCAN s 0 MATCH',
      'SSCAN s 0 TYPE string',
      'SSCAN s 0 FOO bar',
      'SSCAN s',
    );
  });

  it('RESP3', async () => {
    await both.compare({ proto: 3 }, 'SADD s 2 1', 'SSCAN s 0', 'SSCAN no 0');
  });
});

describe('the command table', () => {
  const names = [
    'sadd',
    'srem',
    'smembers',
    'sismember',
    'smismember',
    'scard',
    'spop',
    'srandmember',
    'smove',
    'sinter',
    'sintercard',
    'sinterstore',
    'sunion',
    'sunionstore',
    'sdiff',
    'sdiffstore',
    'sscan',
  ];

  it('arity, flags and key positions as Redis 7.0', async () => {
    // The first six fields of COMMAND INFO (name, arity, flags, first, last, step) are compared; key
    // specs and tips are the table's simplification.
    const head = (reply: string) => {
      const m =
        /^\*1\r\n\*\d+\r\n((?:\$\d+\r\n[^\r]*\r\n)(?::-?\d+\r\n)(?:\*\d+\r\n(?:\+[^\r]*\r\n)*)(?::-?\d+\r\n){3})/.exec(
          reply,
        );
      return m ? m[1] : reply;
    };
    const cmds: Cmd[] = names.map((n) => ['COMMAND', 'INFO', n]);
    await both.compare({ normalize: head }, ...cmds);
  });
});
