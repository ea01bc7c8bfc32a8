import { describe, expect, it } from 'vitest';
import type { RedisObject } from '../../server/store/keyspace.js';
import { prng } from '../support/prng.js';
import { type Cmd, useTargets } from '../support/targets.js';

const both = useTargets();

/**
 * Put a list at `key` on both targets, for the WRONGTYPE cases. Where respite has no list commands
 * yet, a stand-in list value is placed in its keyspace directly.
 */
async function putList(key: string): Promise<void> {
  await both.each(async (t) => {
    const c = await t.raw();
    const reply = (await c.call('RPUSH', key, 'x')).toString('latin1');
    if (reply.startsWith('-ERR unknown command') && t.respite) {
      const list: RedisObject = { type: 'list', clone: () => list };
      t.respite.server.dbs[0].set(key, list);
    }
  });
}

/** Every start/end pair in [lo, hi] for `cmd`, e.g. ['BITCOUNT', 'k'], followed by `tail`. */
function ranges(cmd: string[], lo: number, hi: number, tail: string[] = []): Cmd[] {
  const out: Cmd[] = [];
  for (let s = lo; s <= hi; s++) for (let e = lo; e <= hi; e++) out.push([...cmd, `${s}`, `${e}`, ...tail]);
  return out;
}

describe('SETBIT and GETBIT', () => {
  it('set and clear bits of a new key, replying the old bit', async () => {
    await both.same(
      ['SETBIT', 'k', '7', '1'],
      ['GET', 'k'],
      ['SETBIT', 'k', '7', '1'],
      ['SETBIT', 'k', '0', '1'],
      ['SETBIT', 'k', '20', '1'],
      ['GET', 'k'],
      ['SETBIT', 'k', '7', '0'],
      ['SETBIT', 'k', '7', '0'],
      ['GET', 'k'],
      ['GETBIT', 'k', '0'],
      ['GETBIT', 'k', '1'],
      ['GETBIT', 'k', '20'],
      ['GETBIT', 'k', '23'],
      ['GETBIT', 'k', '24'],
      ['GETBIT', 'k', '100000'],
      ['setbit', 'k', '1', '1'],
      ['getbit', 'k', '1'],
    );
  });

  it('clearing a bit past the end still grows the string with zeros', async () => {
    await both.same(['SETBIT', 'k', '30', '0'], ['GET', 'k'], ['SETBIT', 'k', '3', '0'], ['GET', 'k']);
  });

  it('edit an existing plain string, binary bytes included', async () => {
    await both.same(
      ['SET', 'k', '\x00\xff\x80'],
      ['GETBIT', 'k', '0'],
      ['GETBIT', 'k', '8'],
      ['GETBIT', 'k', '16'],
      ['GETBIT', 'k', '17'],
      ['SETBIT', 'k', '8', '0'],
      ['SETBIT', 'k', '23', '1'],
      ['SETBIT', 'k', '39', '1'],
      ['GET', 'k'],
    );
  });

  it('integer-looking and empty strings', async () => {
    await both.same(
      ['SET', 'n', '12'],
      ['GETBIT', 'n', '2'],
      ['GETBIT', 'n', '3'],
      ['SETBIT', 'n', '6', '1'],
      ['GET', 'n'],
      ['SET', 'e', ''],
      ['GETBIT', 'e', '0'],
      ['SETBIT', 'e', '0', '0'],
      ['GET', 'e'],
    );
  });

  it('GETBIT on a missing key is 0, and does not create it', async () => {
    await both.same(['GETBIT', 'nope', '0'], ['GETBIT', 'nope', '4294967295'], ['GET', 'nope']);
  });

  it('bad offsets, checked before the value and before the key type', async () => {
    const bad = [
      '-1',
      'x',
      '',
      '1.5',
      '+1',
      '01',
      ' 1',
      '4294967296',
      '9223372036854775807',
      '9223372036854775808',
    ];
    await both.same(
      ...bad.map((o) => ['SETBIT', 'k', o, '1']),
      ...bad.map((o) => ['GETBIT', 'k', o]),
      ['SETBIT', 'k', '-1', '2'],
      ['GET', 'k'],
    );
  });

  it('bad bit values', async () => {
    await both.same(
      ...['2', '-1', 'x', '', '01', '+1', ' 1', '1 ', '10', '9223372036854775808'].map((v) => [
        'SETBIT',
        'k',
        '0',
        v,
      ]),
      ['GET', 'k'],
    );
  });

  it('the largest offset is below proto-max-bulk-len bytes (512MB: 2^32 bits)', async () => {
    // 4294967295 itself would allocate 512MB: only the refusal just past it is tried here.
    await both.same(
      ['SETBIT', 'k', '4294967296', '1'],
      ['GETBIT', 'k', '4294967296'],
      ['GETBIT', 'k', '4294967295'],
    );
  });

  it('a large offset zero-pads the string', async () => {
    const replies = await both.same(
      ['SETBIT', 'big', '8388607', '1'],
      ['GETBIT', 'big', '8388607'],
      ['GETBIT', 'big', '8388606'],
      ['BITCOUNT', 'big'],
      ['BITPOS', 'big', '1'],
      ['SETBIT', 'big', '3', '1'],
      ['BITPOS', 'big', '1', '1'],
      ['BITPOS', 'big', '0', '-1'],
      ['GET', 'big'],
    );
    expect(replies[3]).toBe(':1\r\n');
  });

  it('wrong type and arity', async () => {
    await putList('l');
    await both.same(
      ['SETBIT', 'l', '0', '1'],
      ['GETBIT', 'l', '0'],
      ['SETBIT', 'l', 'x', '1'],
      ['SETBIT', 'l', '0', '5'],
      ['GETBIT', 'l', 'x'],
      ['SETBIT', 'k', '0'],
      ['SETBIT', 'k', '0', '1', '1'],
      ['GETBIT', 'k'],
      ['GETBIT', 'k', '0', '1'],
    );
  });

  it('SETBIT keeps the TTL', async () => {
    await both.same(
      ['SET', 'k', 'a'],
      ['EXPIRE', 'k', '100'],
      ['SETBIT', 'k', '100', '1'],
      ['TTL', 'k'],
      ['SETBIT', 'k', '1', '1'],
      ['TTL', 'k'],
    );
  });

  it('the value becomes a raw string, even when nothing changes', async () => {
    await both.same(
      ['SET', 'k', 'a'],
      ['OBJECT', 'ENCODING', 'k'],
      ['SETBIT', 'k', '0', '0'],
      ['OBJECT', 'ENCODING', 'k'],
      ['SETBIT', 'new', '0', '0'],
      ['OBJECT', 'ENCODING', 'new'],
    );
  });
});

describe('BITCOUNT', () => {
  it('the whole string, binary bytes, empty and missing', async () => {
    await both.same(
      ['SET', 'k', 'foobar'],
      ['BITCOUNT', 'k'],
      ['SET', 'b', '\x00\xff\x01\x80\xfe'],
      ['BITCOUNT', 'b'],
      ['SET', 'e', ''],
      ['BITCOUNT', 'e'],
      ['BITCOUNT', 'e', '0', '-1'],
      ['BITCOUNT', 'e', '0', '-1', 'BIT'],
      ['BITCOUNT', 'nope'],
      ['bitcount', 'k', '1', '1'],
    );
  });

  it('every byte range of a 5-byte string', async () => {
    await both.same(['SET', 'k', '\x01\x03\xf0\xff\x80'], ...ranges(['BITCOUNT', 'k'], -7, 7));
    await both.same(...ranges(['BITCOUNT', 'k'], -7, 7, ['BYTE']));
  });

  it('every bit range of a 3-byte string', async () => {
    await both.same(['SET', 'k', '\xa5\x0f\xf1'], ...ranges(['BITCOUNT', 'k'], -26, 26, ['BIT']));
  });

  it('units in any case; a bad unit is a syntax error', async () => {
    await both.same(
      ['SET', 'k', '\xff\x0f'],
      ['BITCOUNT', 'k', '0', '-1', 'bit'],
      ['BITCOUNT', 'k', '0', '-1', 'Byte'],
      ['BITCOUNT', 'k', '0', '-1', 'bits'],
      ['BITCOUNT', 'k', '0', '-1', ''],
    );
  });

  it('bad ranges and argument counts', async () => {
    await both.same(
      ['SET', 'k', 'abc'],
      ['BITCOUNT', 'k', '0'],
      ['BITCOUNT', 'k', 'x', '1'],
      ['BITCOUNT', 'k', '0', 'x'],
      ['BITCOUNT', 'k', '0', '1.5'],
      ['BITCOUNT', 'k', '0', '1', 'BIT', 'x'],
      ['BITCOUNT', 'k', '0', '9223372036854775808'],
      ['BITCOUNT'],
    );
  });

  it('huge and inverted ranges', async () => {
    await both.same(
      ['SET', 'k', 'abcdef'],
      ['BITCOUNT', 'k', '-9223372036854775808', '9223372036854775807'],
      ['BITCOUNT', 'k', '9223372036854775807', '-9223372036854775808'],
      ['BITCOUNT', 'k', '-9223372036854775807', '-9223372036854775808'],
      ['BITCOUNT', 'k', '-9223372036854775808', '-9223372036854775807'],
      ['BITCOUNT', 'k', '-9223372036854775808', '9223372036854775807', 'BIT'],
      ['BITCOUNT', 'k', '100', '200'],
      ['BITCOUNT', 'k', '-100', '-50'],
      ['BITCOUNT', 'k', '-1', '-2'],
      // Redis 7.0 answers this inverted negative range before it looks at the unit.
      ['BITCOUNT', 'k', '-1', '-2', 'FOO'],
      ['BITCOUNT', 'k', '-2', '-1', 'FOO'],
    );
  });

  it('a missing key counts 0 even with bad arguments (Redis 7.0 looks the key up first)', async () => {
    await both.same(
      ['BITCOUNT', 'nope', '0'],
      ['BITCOUNT', 'nope', 'x', 'y'],
      ['BITCOUNT', 'nope', '0', '1', 'FOO'],
      ['BITCOUNT', 'nope', '0', '1', 'BIT', 'x'],
    );
  });

  it('wrong type comes before argument errors', async () => {
    await putList('l');
    await both.same(['BITCOUNT', 'l'], ['BITCOUNT', 'l', 'x'], ['BITCOUNT', 'l', 'x', 'y', 'z']);
  });

  it('a value edited in place', async () => {
    await both.same(
      ['SETBIT', 'k', '3', '1'],
      ['SETBIT', 'k', '17', '1'],
      ['BITCOUNT', 'k'],
      ['BITCOUNT', 'k', '1', '2'],
      ['BITCOUNT', 'k', '4', '17', 'BIT'],
    );
  });
});

describe('values larger than the 64KB pieces they are read in', () => {
  it('BITCOUNT and BITOP over plain and edited strings, at unaligned ranges', async () => {
    const r = prng(99);
    const big = Array.from({ length: 150_001 }, () => String.fromCharCode(Math.floor(r() * 256))).join('');
    await both.same(
      ['SET', 'plain', big],
      ['SETBIT', 'raw', '1000001', '1'],
      ['BITFIELD', 'raw', 'SET', 'i64', '#3', '-3', 'SET', 'u32', '500000', '123456789'],
      ['BITOP', 'OR', 'raw', 'raw', 'plain'],
      ['SETBIT', 'raw', '1300000', '1'],
      ['BITCOUNT', 'plain'],
      ['BITCOUNT', 'raw'],
      ['BITCOUNT', 'plain', '1', '-2'],
      ['BITCOUNT', 'raw', '3', '140001'],
      ['BITCOUNT', 'raw', '65535', '65537'],
      ['BITCOUNT', 'raw', '13', '1000003', 'BIT'],
      ['BITPOS', 'raw', '0', '70000'],
      ...['AND', 'OR', 'XOR'].flatMap((op) => [
        ['BITOP', op, 'd', 'plain', 'raw'],
        ['BITCOUNT', 'd'],
        ['GET', 'd'],
        ['BITOP', op, 'd', 'raw', 'plain', 'nope'],
        ['GET', 'd'],
      ]),
      ['BITOP', 'NOT', 'd', 'raw'],
      ['GET', 'd'],
      ['BITOP', 'NOT', 'd', 'plain'],
      ['GET', 'd'],
    );
  });
});

describe('BITPOS', () => {
  const values = ['\xff\xf0\x00', '\x00\x00\x00', '\xff\xff\xff', '\x00\xff', '\x0f', '\x80\x00\x01'];

  it('whole strings', async () => {
    for (const v of values) {
      await both.same(['SET', 'k', v], ['BITPOS', 'k', '0'], ['BITPOS', 'k', '1']);
    }
  });

  it('a start only: a clear bit past the end is found just after the string', async () => {
    for (const v of values) {
      const cmds: Cmd[] = [['SET', 'k', v]];
      for (let s = -5; s <= 5; s++) cmds.push(['BITPOS', 'k', '0', `${s}`], ['BITPOS', 'k', '1', `${s}`]);
      await both.same(...cmds);
    }
  });

  it('byte ranges: with an explicit end, no clear bit is -1', async () => {
    for (const v of values) {
      await both.same(
        ['SET', 'k', v],
        ...ranges(['BITPOS', 'k', '0'], -4, 4),
        ...ranges(['BITPOS', 'k', '1'], -4, 4),
        ...ranges(['BITPOS', 'k', '1'], -1, 1, ['BYTE']),
      );
    }
  });

  it('bit ranges', async () => {
    for (const v of ['\xff\xf0\x00', '\x00\x00\x00', '\xff\xff\xff', '\x80\x00\x01', '\x5a\xa5\x3c']) {
      await both.same(
        ['SET', 'k', v],
        ...ranges(['BITPOS', 'k', '0'], -25, 25, ['BIT']),
        ...ranges(['BITPOS', 'k', '1'], -25, 25, ['bit']),
      );
    }
  });

  it('long runs of skipped bytes', async () => {
    await both.same(
      ['SET', 'ones', `${'\xff'.repeat(1000)}\x7f${'\xff'.repeat(50)}`],
      ['BITPOS', 'ones', '0'],
      ['BITPOS', 'ones', '0', '3'],
      ['BITPOS', 'ones', '0', '1001'],
      ['BITPOS', 'ones', '0', '1001', '-1'],
      ['BITPOS', 'ones', '0', '9', '8003', 'BIT'],
      ['BITPOS', 'ones', '0', '9', '8000', 'BIT'],
      ['BITPOS', 'ones', '1', '9', '8000', 'BIT'],
      ['SET', 'zeros', `${'\x00'.repeat(1000)}\x02${'\x00'.repeat(50)}`],
      ['BITPOS', 'zeros', '1'],
      ['BITPOS', 'zeros', '1', '1001'],
      ['BITPOS', 'zeros', '1', '3', '8006', 'BIT'],
      ['BITPOS', 'zeros', '1', '3', '8005', 'BIT'],
      ['BITPOS', 'zeros', '0', '-1'],
    );
  });

  it('empty and missing strings', async () => {
    await both.same(
      ['SET', 'e', ''],
      ['BITPOS', 'e', '0'],
      ['BITPOS', 'e', '1'],
      ['BITPOS', 'e', '0', '0'],
      ['BITPOS', 'e', '0', '0', '-1', 'BIT'],
      ['BITPOS', 'nope', '0'],
      ['BITPOS', 'nope', '1'],
      ['BITPOS', 'nope', '0', '5', '10', 'BIT'],
      // A missing key answers before the range is read.
      ['BITPOS', 'nope', '0', 'x'],
      ['BITPOS', 'nope', '1', '0', '1', 'FOO'],
      ['BITPOS', 'nope', '1', '0', '1', 'BIT', 'x'],
    );
  });

  it('bad bit arguments, checked before the key', async () => {
    await putList('l');
    await both.same(
      ...['2', '-1', 'x', '', '01', '+1', '9223372036854775808'].flatMap((b) => [
        ['BITPOS', 'nope', b],
        ['BITPOS', 'l', b],
      ]),
      ['BITPOS', 'l', '1'],
      ['BITPOS', 'l', '1', 'x'],
    );
  });

  it('bad ranges, units and argument counts', async () => {
    await both.same(
      ['SET', 'k', '\x0f\xff'],
      ['BITPOS', 'k', '1', 'x'],
      ['BITPOS', 'k', '1', '0', 'x'],
      ['BITPOS', 'k', '1', 'x', '1', 'FOO'],
      ['BITPOS', 'k', '1', '0', 'x', 'FOO'],
      ['BITPOS', 'k', '1', '0', 'x', 'BIT'],
      ['BITPOS', 'k', '1', '0', '1', 'byte'],
      ['BITPOS', 'k', '1', '0', '1', 'BIT', 'x'],
      ['BITPOS', 'k', '1', '-9223372036854775808', '9223372036854775807'],
      ['BITPOS', 'k', '0', '-9223372036854775808', '9223372036854775807', 'BIT'],
      ['BITPOS', 'k', '1', '9223372036854775807'],
      ['BITPOS', 'k'],
    );
  });
});

describe('BITOP', () => {
  it('AND, OR, XOR over strings of different lengths and missing keys', async () => {
    await both.same(
      ['SET', 'a', '\xff\x0f\xaa'],
      ['SET', 'b', '\xf0\x33'],
      ['SET', 'c', '\x01'],
      ['BITOP', 'AND', 'd', 'a', 'b'],
      ['GET', 'd'],
      ['BITOP', 'OR', 'd', 'a', 'b', 'c'],
      ['GET', 'd'],
      ['BITOP', 'XOR', 'd', 'a', 'b', 'c'],
      ['GET', 'd'],
      ['BITOP', 'AND', 'd', 'a', 'nope'],
      ['GET', 'd'],
      ['BITOP', 'OR', 'd', 'nope', 'c', 'a'],
      ['GET', 'd'],
      ['BITOP', 'XOR', 'd', 'a', 'a'],
      ['GET', 'd'],
      ['BITOP', 'and', 'd', 'a'],
      ['GET', 'd'],
      ['bitop', 'Or', 'd', 'b'],
      ['GET', 'd'],
    );
  });

  it('NOT', async () => {
    await both.same(
      ['SET', 'a', '\xff\x0f\x00abc'],
      ['BITOP', 'NOT', 'd', 'a'],
      ['GET', 'd'],
      ['BITOP', 'not', 'a', 'a'],
      ['GET', 'a'],
      ['BITOP', 'NOT', 'd', 'a', 'a'],
      ['BITOP', 'NOT', 'd', 'nope', 'a'],
    );
  });

  it('an empty result deletes the destination', async () => {
    await both.same(
      ['SET', 'd', 'x'],
      ['SET', 'e', ''],
      ['BITOP', 'OR', 'd', 'nope', 'e'],
      ['GET', 'd'],
      ['SET', 'd', 'x'],
      ['BITOP', 'NOT', 'd', 'nope'],
      ['GET', 'd'],
      ['BITOP', 'AND', 'nope2', 'nope'],
      ['GET', 'nope2'],
    );
  });

  it('longer sources, through the word-at-a-time paths of Redis', async () => {
    const r = prng(7);
    const bytes = (n: number) =>
      Array.from({ length: n }, () => String.fromCharCode(Math.floor(r() * 256))).join('');
    await both.same(
      ['SET', 'a', bytes(100)],
      ['SET', 'b', bytes(77)],
      ['SET', 'c', bytes(130)],
      ...['AND', 'OR', 'XOR'].flatMap((op) => [
        ['BITOP', op, 'd', 'a', 'b', 'c'],
        ['GET', 'd'],
        ['BITOP', op, 'd', 'c', 'a'],
        ['GET', 'd'],
      ]),
      ['BITOP', 'NOT', 'd', 'c'],
      ['GET', 'd'],
    );
  });

  it('a destination of another type is replaced; its TTL is dropped', async () => {
    await putList('d');
    await both.same(
      ['SET', 'a', 'abc'],
      ['BITOP', 'OR', 'd', 'a'],
      ['GET', 'd'],
      ['SET', 't', 'x'],
      ['EXPIRE', 't', '100'],
      ['BITOP', 'OR', 't', 'a'],
      ['TTL', 't'],
      ['OBJECT', 'ENCODING', 't'],
    );
  });

  it('sources edited in place', async () => {
    await both.same(
      ['SETBIT', 'a', '9', '1'],
      ['SETBIT', 'b', '0', '1'],
      ['BITOP', 'OR', 'd', 'a', 'b'],
      ['GET', 'd'],
      ['SETBIT', 'd', '30', '1'],
      ['GET', 'd'],
      ['BITOP', 'AND', 'a', 'a', 'd'],
      ['GET', 'a'],
    );
  });

  it('errors: unknown operation, NOT arity, wrong source type, arity', async () => {
    await putList('l');
    await both.same(
      ['SET', 'a', 'abc'],
      ['BITOP', 'NAND', 'd', 'a'],
      ['BITOP', 'ANDX', 'd', 'a'],
      ['BITOP', '', 'd', 'a'],
      ['BITOP', 'NOT', 'd', 'a', 'b', 'c'],
      ['BITOP', 'OR', 'd', 'a', 'l'],
      ['BITOP', 'OR', 'd', 'nope', 'l'],
      ['BITOP', 'NOT', 'd', 'l'],
      ['GET', 'd'],
      ['BITOP', 'OR', 'd'],
      ['BITOP', 'OR'],
      ['BITOP', 'FOO', 'd'],
    );
  });
});

describe('BITFIELD', () => {
  it('GET of every width at aligned and unaligned offsets', async () => {
    await both.same(['SET', 'k', '\x81\x7f\xfe\x01\x80\xaa\x55\xff\x00\xc3\x3c']);
    const cmds: Cmd[] = [];
    for (const bits of [1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 48, 53, 54, 63, 64]) {
      for (const offset of [0, 1, 5, 7, 8, 13, 20]) {
        cmds.push(['BITFIELD', 'k', 'GET', `i${bits}`, `${offset}`]);
        if (bits < 64) cmds.push(['BITFIELD', 'k', 'GET', `u${bits}`, `${offset}`]);
      }
    }
    await both.same(...cmds);
  });

  it('GET past the end and on a missing key reads zeros', async () => {
    await both.same(
      ['SET', 'k', '\xff\xff'],
      ['BITFIELD', 'k', 'GET', 'u8', '12', 'GET', 'i16', '4', 'GET', 'i64', '8', 'GET', 'u4', '100'],
      ['BITFIELD', 'nope', 'GET', 'i64', '0', 'GET', 'u1', '1000'],
      ['GET', 'nope'],
      ['BITFIELD', 'k'],
      ['BITFIELD', 'nope'],
    );
  });

  it('SET replies the old value and INCRBY the new one', async () => {
    await both.same(
      [
        'BITFIELD',
        'k',
        'SET',
        'u8',
        '0',
        '200',
        'GET',
        'u8',
        '0',
        'INCRBY',
        'u8',
        '0',
        '10',
        'GET',
        'i8',
        '0',
      ],
      ['GET', 'k'],
      ['BITFIELD', 'k', 'SET', 'i5', '3', '-7', 'INCRBY', 'i5', '3', '2', 'SET', 'u3', '13', '5'],
      ['GET', 'k'],
      ['BITFIELD', 'k', 'INCRBY', 'u2', '100', '1', 'GET', 'u2', '100', 'GET', 'u2', '102'],
      ['GET', 'k'],
    );
  });

  it('#N offsets count fields of the type width', async () => {
    await both.same(
      [
        'BITFIELD',
        'k',
        'SET',
        'u8',
        '#0',
        '65',
        'SET',
        'u8',
        '#1',
        '66',
        'SET',
        'i4',
        '#5',
        '3',
        'GET',
        'u8',
        '#1',
      ],
      ['GET', 'k'],
      ['BITFIELD', 'k', 'GET', 'u16', '#1', 'GET', 'i5', '#2'],
    );
  });

  it('OVERFLOW WRAP, SAT and FAIL, signed and unsigned', async () => {
    const cmds: Cmd[] = [];
    for (const ow of ['WRAP', 'SAT', 'FAIL', 'wrap', 'Sat', 'fail']) {
      for (const type of ['u1', 'u2', 'u8', 'i1', 'i2', 'i8', 'i32', 'u32', 'u63', 'i64', 'i63']) {
        for (const incr of ['1', '-1', '100', '-100', '9223372036854775807', '-9223372036854775808']) {
          cmds.push(['BITFIELD', 'k', 'OVERFLOW', ow, 'INCRBY', type, '3', incr]);
        }
        // The values near -2^63 reach Redis's 64-bit wraparound of the signed limits (SAT stores the max).
        const values = ['0', '-1', '255', '256', '-129', '9223372036854775807', '-9223372036854775808'];
        values.push('-9223372036854775807', '-9223372036854775806', '-4611686018427387905');
        for (const value of values) {
          cmds.push(['BITFIELD', 'k', 'OVERFLOW', ow, 'SET', type, '3', value, 'GET', type, '3']);
        }
      }
    }
    await both.same(...cmds, ['GET', 'k']);
  });

  it('i64 and u63 arithmetic is exact at the limits', async () => {
    await both.same(
      ['BITFIELD', 'k', 'SET', 'i64', '0', '9223372036854775807', 'GET', 'i64', '0'],
      ['BITFIELD', 'k', 'INCRBY', 'i64', '0', '1'],
      ['BITFIELD', 'k', 'INCRBY', 'i64', '0', '-1'],
      ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '0', '-9223372036854775808'],
      ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '0', '-1'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'i64', '0', '9223372036854775807'],
      ['BITFIELD', 'k', 'INCRBY', 'i64', '0', '9223372036854775807'],
      ['BITFIELD', 'k', 'SET', 'i64', '5', '-9007199254740993', 'GET', 'i64', '5', 'GET', 'u63', '6'],
      ['BITFIELD', 'k', 'SET', 'u63', '1', '9223372036854775807', 'INCRBY', 'u63', '1', '1'],
      [
        'BITFIELD',
        'k',
        'SET',
        'u63',
        '1',
        '9223372036854775806',
        'OVERFLOW',
        'SAT',
        'INCRBY',
        'u63',
        '1',
        '7',
      ],
      ['BITFIELD', 'k', 'INCRBY', 'u63', '1', '-9223372036854775808'],
      ['GET', 'k'],
    );
  });

  it('FAIL replies nil and writes nothing, but a new key is still created', async () => {
    await both.same(
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '10', 'SET', 'i8', '16', '200'],
      ['GET', 'k'],
      [
        'BITFIELD',
        'k',
        'OVERFLOW',
        'FAIL',
        'INCRBY',
        'u2',
        '0',
        '3',
        'INCRBY',
        'u2',
        '0',
        '1',
        'GET',
        'u2',
        '0',
      ],
      ['GET', 'k'],
    );
  });

  it('OVERFLOW applies to the operations after it', async () => {
    await both.same(
      [
        'BITFIELD',
        'k',
        'INCRBY',
        'u4',
        '0',
        '20',
        'OVERFLOW',
        'SAT',
        'INCRBY',
        'u4',
        '4',
        '20',
        'OVERFLOW',
        'FAIL',
        'INCRBY',
        'u4',
        '8',
        '20',
        'OVERFLOW',
        'WRAP',
        'INCRBY',
        'u4',
        '12',
        '20',
        'OVERFLOW',
        'SAT',
      ],
      ['GET', 'k'],
    );
  });

  it('nil in RESP3', async () => {
    const replies = await both.compare(
      { proto: 3 },
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'SET', 'u2', '0', '10', 'GET', 'u2', '0'],
      ['BITFIELD_RO', 'k', 'GET', 'u2', '0'],
    );
    expect(replies[0]).toBe('*2\r\n_\r\n:0\r\n');
  });

  it('edits plain strings and keeps the TTL', async () => {
    await both.same(
      ['SET', 'k', 'hello\x00\xff'],
      ['EXPIRE', 'k', '100'],
      ['BITFIELD', 'k', 'INCRBY', 'u8', '#0', '1', 'SET', 'i16', '#3', '-2', 'GET', 'u8', '#1'],
      ['GET', 'k'],
      ['TTL', 'k'],
      ['OBJECT', 'ENCODING', 'k'],
      ['SET', 'n', '42'],
      ['BITFIELD', 'n', 'GET', 'u8', '0', 'GET', 'u16', '0'],
      ['OBJECT', 'ENCODING', 'n'],
    );
  });

  it('bad types', async () => {
    const bad = [
      'u64',
      'i65',
      'i0',
      'u0',
      'I8',
      'U8',
      'x8',
      'i',
      'u',
      'i08',
      '',
      '8',
      'i-1',
      'i+8',
      'i8 ',
      'i1000000000000000000000',
    ];
    await both.same(
      ...bad.map((t) => ['BITFIELD', 'k', 'GET', t, '0']),
      ...bad.map((t) => ['BITFIELD', 'k', 'SET', t, '0', '1']),
      ['GET', 'k'],
    );
  });

  it('a NUL byte ends the type width, as in Redis (strlen)', async () => {
    await both.same(
      ['BITFIELD', 'k', 'SET', 'u8\x00junk', '0', '65', 'GET', 'i8\x00', '0'],
      ['BITFIELD', 'k', 'GET', '\x00', '0'],
      ['GET', 'k'],
    );
  });

  it('bad offsets', async () => {
    const bad = [
      '-1',
      '#-1',
      '#',
      '#x',
      'x',
      '',
      '1.0',
      '+1',
      '# 1',
      '##1',
      '#01',
      '4294967296',
      '#536870912',
      '#9223372036854775807',
      '9223372036854775808',
    ];
    await both.same(
      ...bad.map((o) => ['BITFIELD', 'k', 'GET', 'u8', o]),
      ...bad.map((o) => ['BITFIELD', 'k', 'INCRBY', 'i8', o, '1']),
      ['BITFIELD', 'k', 'GET', 'u8', '4294967295'],
      ['BITFIELD', 'k', 'GET', 'u8', '#536870911'],
      ['BITFIELD', 'k', 'GET', 'u16', '#268435455'],
      // A product past 2^63 wraps around in Redis: 2^58 fields of 64 bits is offset 2^64, i.e. 0.
      ['BITFIELD', 'k', 'GET', 'i64', '#288230376151711744'],
      ['BITFIELD', 'k', 'GET', 'i64', '#288230376151711745'],
      ['BITFIELD', 'k', 'GET', 'u32', '#-576460752303423488'],
      ['GET', 'k'],
    );
  });

  it('bad values, OVERFLOW types and syntax', async () => {
    await both.same(
      ['BITFIELD', 'k', 'SET', 'u8', '0', 'x'],
      ['BITFIELD', 'k', 'SET', 'u8', '0', '1.5'],
      ['BITFIELD', 'k', 'INCRBY', 'u8', '0', ''],
      ['BITFIELD', 'k', 'INCRBY', 'u8', '0', '9223372036854775808'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FOO', 'GET', 'u8', '0'],
      ['BITFIELD', 'k', 'OVERFLOW'],
      ['BITFIELD', 'k', 'GET', 'u8', '0', 'OVERFLOW'],
      ['BITFIELD', 'k', 'GET', 'u8'],
      ['BITFIELD', 'k', 'SET', 'u8', '0'],
      ['BITFIELD', 'k', 'INCRBY', 'u8', '0'],
      ['BITFIELD', 'k', 'FOO', 'u8', '0'],
      ['BITFIELD', 'k', 'GET', 'u8', '0', 'BAR'],
      ['BITFIELD', 'k', 'SET', 'u8', '0', '1', 'GET', 'x8', '0'],
      ['BITFIELD', 'k', 'get', 'u8', '0', 'Set', 'u8', '0', '1', 'incrBY', 'u8', '0', '1'],
      ['GET', 'k'],
      ['BITFIELD'],
    );
  });

  it('wrong type: for reads and for writes, after argument errors', async () => {
    await putList('l');
    await both.same(
      ['BITFIELD', 'l', 'GET', 'u8', '0'],
      ['BITFIELD', 'l', 'SET', 'u8', '0', '1'],
      ['BITFIELD', 'l'],
      ['BITFIELD', 'l', 'GET', 'x8', '0'],
      ['BITFIELD', 'l', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '1000'],
    );
  });

  it('random operations agree with Redis', async () => {
    const r = prng(42);
    const cmds: Cmd[] = [['SET', 'k', 'seed\x00\xff\x80 value']];
    for (let n = 0; n < 600; n++) {
      const args = ['BITFIELD', 'k'];
      const ops = 1 + Math.floor(r() * 4);
      for (let i = 0; i < ops; i++) {
        const signed = r() < 0.5;
        const bits = 1 + Math.floor(r() * (signed ? 64 : 63));
        const offset = r() < 0.2 ? `#${Math.floor(r() * 20)}` : `${Math.floor(r() * 200)}`;
        const what = r();
        if (what < 0.15) args.push('OVERFLOW', ['WRAP', 'SAT', 'FAIL'][Math.floor(r() * 3)]);
        const type = `${signed ? 'i' : 'u'}${bits}`;
        const big = BigInt(Math.floor(r() * 2 ** 52)) * BigInt(Math.floor(r() * 4096)) - 2n ** 63n / 2n;
        // Small operands, operands around 2^52 (where respite leaves number arithmetic), and large ones.
        const near = BigInt(Math.floor((r() - 0.5) * 64)) + (r() < 0.5 ? 1n : -1n) * 2n ** 52n;
        const pick = r();
        const value = pick < 0.5 ? `${Math.floor((r() - 0.5) * 600)}` : pick < 0.7 ? `${near}` : `${big}`;
        if (what < 0.4) args.push('GET', type, offset);
        else if (what < 0.7) args.push('SET', type, offset, value);
        else args.push('INCRBY', type, offset, value);
      }
      cmds.push(args, ['GET', 'k']);
    }
    await both.same(...cmds);
  });
});

describe('BITFIELD_RO', () => {
  it('GET only', async () => {
    await both.same(
      ['SET', 'k', '\x12\x34\x56'],
      ['BITFIELD_RO', 'k', 'GET', 'u8', '0', 'GET', 'i12', '#1', 'GET', 'u4', '20'],
      ['BITFIELD_RO', 'k'],
      ['BITFIELD_RO', 'nope', 'GET', 'i64', '0'],
      ['BITFIELD_RO', 'k', 'OVERFLOW', 'SAT', 'GET', 'u8', '0'],
      ['bitfield_ro', 'k', 'get', 'u8', '8'],
    );
  });

  it('SET and INCRBY are refused, after argument errors and before the key type', async () => {
    await putList('l');
    await both.same(
      ['SET', 'k', 'abc'],
      ['BITFIELD_RO', 'k', 'SET', 'u8', '0', '1'],
      ['BITFIELD_RO', 'k', 'GET', 'u8', '0', 'INCRBY', 'u8', '0', '1'],
      ['BITFIELD_RO', 'l', 'SET', 'u8', '0', '1'],
      ['BITFIELD_RO', 'nope', 'SET', 'u8', '0', '1'],
      ['BITFIELD_RO', 'k', 'SET', 'u8', '0', 'x'],
      ['BITFIELD_RO', 'k', 'SET', 'x8', '0', '1'],
      ['BITFIELD_RO', 'k', 'GET', 'u8'],
      ['BITFIELD_RO', 'l', 'GET', 'u8', '0'],
      ['GET', 'k'],
      ['GET', 'nope'],
      ['BITFIELD_RO'],
    );
  });
});

describe('proto-max-bulk-len bounds bit offsets', () => {
  const small = useTargets({
    respite: { config: { 'proto-max-bulk-len': '1mb' } },
    redisArgs: ['--proto-max-bulk-len', '1mb'],
  });

  it('an offset must address a byte below the limit', async () => {
    await small.same(
      ['SETBIT', 'k', '8388608', '1'],
      ['GETBIT', 'k', '8388608'],
      ['BITFIELD', 'k', 'GET', 'u8', '8388608'],
      ['BITFIELD', 'k', 'SET', 'u8', '#1048576', '1'],
      ['SETBIT', 'k', '8388607', '1'],
      ['BITFIELD', 'k', 'GET', 'u8', '8388600', 'GET', 'i16', '8388607'],
      ['BITCOUNT', 'k'],
    );
  });
});

describe('key positions', () => {
  it('COMMAND GETKEYS', async () => {
    await both.same(
      ['COMMAND', 'GETKEYS', 'BITOP', 'AND', 'd', 'a', 'b', 'c'],
      ['COMMAND', 'GETKEYS', 'BITOP', 'NOT', 'd', 'a'],
      ['COMMAND', 'GETKEYS', 'SETBIT', 'k', '0', '1'],
      ['COMMAND', 'GETKEYS', 'BITFIELD', 'k', 'GET', 'u8', '0'],
      ['COMMAND', 'GETKEYS', 'BITFIELD_RO', 'k', 'GET', 'u8', '0'],
      ['COMMAND', 'GETKEYS', 'BITCOUNT', 'k'],
    );
  });
});
