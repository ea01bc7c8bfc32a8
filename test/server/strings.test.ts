import { describe, expect, it } from 'vitest';
import type { RedisObject } from '../../server/store/keyspace.js';
import { prng } from '../support/prng.js';
import { type Cmd, type Target, useTargets } from '../support/targets.js';

const both = useTargets();

/** One command on a fresh raw connection to `t`, as a latin1 string. */
async function call(t: Target, ...args: string[]): Promise<string> {
  const c = await t.raw();
  return (await c.call(...args)).toString('latin1');
}

/**
 * Put a list at `key` on both targets, for the WRONGTYPE cases. Where respite has no list commands
 * yet, a stand-in list value is placed in its keyspace directly.
 */
async function putList(key: string): Promise<void> {
  await both.each(async (t) => {
    const reply = await call(t, 'RPUSH', key, 'x');
    if (reply.startsWith('-ERR unknown command') && t.respite) {
      const list: RedisObject = { type: 'list', clone: () => list };
      t.respite.server.dbs[0].set(key, list);
    }
  });
}

/** Every start/end pair in [lo, hi] for `cmd`, e.g. ['GETRANGE', 'k']. */
function ranges(cmd: string[], lo: number, hi: number): Cmd[] {
  const out: Cmd[] = [];
  for (let s = lo; s <= hi; s++) for (let e = lo; e <= hi; e++) out.push([...cmd, `${s}`, `${e}`]);
  return out;
}

const I64_MAX = '9223372036854775807';
const I64_MIN = '-9223372036854775808';

describe('GET and SET', () => {
  it('store and read values, binary bytes and empty strings included', async () => {
    await both.same(
      ['GET', 'k'],
      ['SET', 'k', 'v'],
      ['GET', 'k'],
      ['SET', 'k', 'other'],
      ['GET', 'k'],
      ['SET', 'k', ''],
      ['GET', 'k'],
      ['SET', 'bin', '\x00\xff\r\n\x80'],
      ['GET', 'bin'],
      ['SET', 'k', 'x'.repeat(5000)],
      ['GET', 'k'],
      ['set', 'k', '12345'],
      ['get', 'k'],
      ['OBJECT', 'ENCODING', 'k'],
    );
  });

  it('arity', async () => {
    await both.same(['GET'], ['GET', 'a', 'b'], ['SET', 'k'], ['SET']);
  });

  it('a key holding another type: GET is WRONGTYPE, SET replaces it', async () => {
    await putList('l');
    await both.same(['GET', 'l'], ['SET', 'l', 'v'], ['GET', 'l']);
  });

  it('NX and XX', async () => {
    await both.same(
      ['SET', 'k', 'v', 'XX'],
      ['GET', 'k'],
      ['SET', 'k', 'v', 'NX'],
      ['SET', 'k', 'w', 'NX'],
      ['GET', 'k'],
      ['SET', 'k', 'w', 'XX'],
      ['GET', 'k'],
      ['SET', 'k', 'x', 'nx', 'NX'],
      ['SET', 'k', 'x', 'xx', 'Xx'],
      ['SET', 'k', 'x', 'NX', 'XX'],
      ['SET', 'k', 'x', 'XX', 'NX'],
      ['GET', 'k'],
    );
  });

  it('NX and XX on a key of another type: it exists', async () => {
    await putList('l');
    await both.same(['SET', 'l', 'v', 'NX'], ['SET', 'l', 'v', 'XX'], ['GET', 'l']);
  });

  it('GET replies the old value, also with NX and XX', async () => {
    await both.same(
      ['SET', 'k', 'v1', 'GET'],
      ['SET', 'k', 'v2', 'GET'],
      ['SET', 'k', 'v3', 'NX', 'GET'],
      ['GET', 'k'],
      ['SET', 'k', 'v4', 'XX', 'GET'],
      ['SET', 'missing', 'v', 'XX', 'GET'],
      ['GET', 'missing'],
      ['SET', 'new', 'v', 'NX', 'GET'],
      ['GET', 'new'],
      ['SET', 'k', 'v5', 'GET', 'get'],
      ['GET', 'k'],
    );
  });

  it('GET on a key of another type is WRONGTYPE and sets nothing', async () => {
    await putList('l');
    await both.same(['SET', 'l', 'v', 'GET'], ['SET', 'l', 'v', 'NX', 'GET'], ['TYPE', 'l']);
  });

  it('syntax errors', async () => {
    await both.same(
      ['SET', 'k', 'v', 'EX'],
      ['SET', 'k', 'v', 'PX'],
      ['SET', 'k', 'v', 'EXAT'],
      ['SET', 'k', 'v', 'PXAT'],
      ['SET', 'k', 'v', 'FOO'],
      ['SET', 'k', 'v', 'NX', 'FOO'],
      ['SET', 'k', 'v', 'PERSIST'],
      ['SET', 'k', 'v', 'EX', '10', 'PX', '100'],
      ['SET', 'k', 'v', 'PX', '100', 'EX', '10'],
      ['SET', 'k', 'v', 'EX', '10', 'EXAT', '100'],
      ['SET', 'k', 'v', 'EXAT', '100', 'PXAT', '100'],
      ['SET', 'k', 'v', 'PXAT', '100', 'PX', '100'],
      ['SET', 'k', 'v', 'KEEPTTL', 'EX', '10'],
      ['SET', 'k', 'v', 'EX', '10', 'KEEPTTL'],
      ['SET', 'k', 'v', 'PXAT', '10', 'KEEPTTL'],
      ['SET', 'k', 'v', 'EX', '10', 'NX', 'XX'],
      ['SET', 'k', 'v', 'EXX', '10'],
      ['SET', 'k', 'v', 'E'],
      ['SET', 'k', 'v', ''],
      ['GET', 'k'],
    );
  });

  it('a syntax error comes before an invalid expire time, which comes before WRONGTYPE', async () => {
    await putList('l');
    await both.same(
      ['SET', 'l', 'v', 'EX', '0', 'FOO'],
      ['SET', 'l', 'v', 'GET', 'EX', '0'],
      ['SET', 'l', 'v', 'GET', 'EX', 'x'],
      ['SET', 'l', 'v', 'GET', 'EX', '10'],
    );
  });

  it('an option word ends at a NUL byte, as a C string does', async () => {
    await both.same(
      ['SET', 'k', 'v', 'NX\x00junk'],
      ['SET', 'k', 'w', 'NX\x00'],
      ['SET', 'k', 'w', 'KEEPTTL\x00x'],
      ['SET', 'k', 'w', 'EX\x00', '100'],
      ['TTL', 'k'],
      ['SET', 'k', 'w', '\x00NX'],
      ['GET', 'k'],
    );
  });

  it('invalid expire times', async () => {
    await both.same(
      ['SET', 'k', 'v', 'EX', '0'],
      ['SET', 'k', 'v', 'EX', '-1'],
      ['SET', 'k', 'v', 'PX', '0'],
      ['SET', 'k', 'v', 'PX', '-100'],
      ['SET', 'k', 'v', 'EXAT', '0'],
      ['SET', 'k', 'v', 'PXAT', '-5'],
      ['SET', 'k', 'v', 'EX', I64_MIN],
      // Seconds that overflow once multiplied by 1000, or once now is added.
      ['SET', 'k', 'v', 'EX', I64_MAX],
      ['SET', 'k', 'v', 'EX', '9223372036854776'],
      ['SET', 'k', 'v', 'EX', '9223372036854775'],
      ['SET', 'k', 'v', 'EX', '9223372036854000'],
      ['SET', 'k', 'v', 'PX', I64_MAX],
      ['SET', 'k', 'v', 'PX', '9223372036854000000'],
      ['SET', 'k', 'v', 'EXAT', '9223372036854776'],
      ['GET', 'k'],
    );
  });

  it('expire times that are not integers', async () => {
    await both.same(
      ['SET', 'k', 'v', 'EX', 'ten'],
      ['SET', 'k', 'v', 'EX', '1.5'],
      ['SET', 'k', 'v', 'EX', ' 10'],
      ['SET', 'k', 'v', 'EX', '10 '],
      ['SET', 'k', 'v', 'EX', '010'],
      ['SET', 'k', 'v', 'EX', '+10'],
      ['SET', 'k', 'v', 'EX', ''],
      ['SET', 'k', 'v', 'PX', '9223372036854775808'],
      ['SET', 'k', 'v', 'PXAT', '99999999999999999999'],
      ['GET', 'k'],
    );
  });

  it('the largest absolute times are accepted', async () => {
    await both.same(
      ['SET', 'a', 'v', 'EXAT', '9223372036854775'],
      ['GET', 'a'],
      ['SET', 'b', 'v', 'PXAT', I64_MAX],
      ['GET', 'b'],
    );
  });

  it('EX, PX, EXAT, PXAT set the TTL; a plain SET drops it; KEEPTTL keeps it', async () => {
    await both.same(
      ['SET', 'k', 'v', 'EX', '100'],
      ['TTL', 'k'],
      ['SET', 'k', 'v'],
      ['TTL', 'k'],
      ['SET', 'k', 'v', 'PX', '200000'],
      ['TTL', 'k'],
      ['SET', 'k', 'w', 'KEEPTTL'],
      ['TTL', 'k'],
      ['GET', 'k'],
      ['SET', 'k', 'v', 'EXAT', '4000000000'],
      ['EXPIRETIME', 'k'],
      ['SET', 'k', 'v', 'PXAT', '4000000000123'],
      ['PEXPIRETIME', 'k'],
      ['SET', 'k', 'v', 'KEEPTTL', 'XX', 'GET'],
      ['PEXPIRETIME', 'k'],
      ['SET', 'k', 'v', 'EX', '10', 'EX', '20'],
      ['TTL', 'k'],
      ['SET', 'k', 'v', 'xx', 'px', '30000'],
      ['TTL', 'k'],
      ['SET', 'k', 'v', 'KEEPTTL', 'KEEPTTL'],
      ['TTL', 'k'],
      ['SET', 'k', 'v', 'NX', 'EX', '100'],
      ['TTL', 'k'],
    );
  });

  it('an absolute time in the past leaves a key that is never readable', async () => {
    await both.same(
      ['SET', 'k', 'v', 'EXAT', '1'],
      ['GET', 'k'],
      ['EXISTS', 'k'],
      ['SET', 'k', 'v', 'PXAT', '1000'],
      ['GET', 'k'],
      ['SET', 'k', 'v', 'PXAT', '1', 'GET'],
      ['SET', 'k', 'v'],
      ['SET', 'k', 'w', 'EXAT', '1', 'GET'],
      ['GET', 'k'],
    );
  });

  it('keys expire after EX and PX', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      const get = async (key: string) => (await c.call('GET', key)).toString('latin1');
      expect((await c.call('SET', 'p', 'v', 'PX', '100')).toString()).toBe('+OK\r\n');
      expect((await c.call('SET', 'e', 'v', 'EX', '1')).toString()).toBe('+OK\r\n');
      expect((await c.call('SET', 'k', 'v', 'PX', '100')).toString()).toBe('+OK\r\n');
      expect((await c.call('SET', 'k', 'w', 'KEEPTTL')).toString()).toBe('+OK\r\n');
      expect((await c.call('SET', 'keep', 'v', 'PX', '100')).toString()).toBe('+OK\r\n');
      expect((await c.call('SET', 'keep', 'w')).toString()).toBe('+OK\r\n');
      expect(await get('p')).toBe('$1\r\nv\r\n');
      await t.pass(200);
      expect(await get('p')).toBe('$-1\r\n');
      expect(await get('k')).toBe('$-1\r\n');
      expect(await get('e')).toBe('$1\r\nv\r\n');
      expect(await get('keep')).toBe('$1\r\nw\r\n');
      await t.pass(900);
      expect(await get('e')).toBe('$-1\r\n');
    });
  });
});

describe('SETNX, SETEX, PSETEX', () => {
  it('SETNX sets only a missing key', async () => {
    await putList('l');
    await both.same(
      ['SETNX', 'k', 'v'],
      ['SETNX', 'k', 'w'],
      ['GET', 'k'],
      ['SETNX', 'l', 'w'],
      ['SET', 't', 'v', 'EX', '100'],
      ['SETNX', 't', 'w'],
      ['TTL', 't'],
      ['SETNX', 'k'],
      ['SETNX', 'k', 'v', 'w'],
    );
  });

  it('SETEX and PSETEX set a value with a TTL', async () => {
    await putList('l');
    await both.same(
      ['SETEX', 'k', '100', 'v'],
      ['GET', 'k'],
      ['TTL', 'k'],
      ['PSETEX', 'k', '200000', 'w'],
      ['GET', 'k'],
      ['TTL', 'k'],
      ['SETEX', 'l', '100', 'v'],
      ['GET', 'l'],
      ['SETEX', 'k', '100'],
      ['PSETEX', 'k', '100', 'v', 'x'],
    );
  });

  it('SETEX and PSETEX errors name their command', async () => {
    await both.same(
      ['SETEX', 'k', '0', 'v'],
      ['SETEX', 'k', '-10', 'v'],
      ['SETEX', 'k', I64_MAX, 'v'],
      ['SETEX', 'k', '9223372036854775', 'v'],
      ['SETEX', 'k', 'x', 'v'],
      ['SETEX', 'k', '1.5', 'v'],
      ['PSETEX', 'k', '0', 'v'],
      ['PSETEX', 'k', '-1', 'v'],
      ['PSETEX', 'k', I64_MAX, 'v'],
      ['PSETEX', 'k', 'x', 'v'],
      ['GET', 'k'],
    );
  });

  it('SETEX and PSETEX keys expire', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('PSETEX', 'p', '100', 'v');
      await c.call('SETEX', 's', '1', 'v');
      expect((await c.call('GET', 'p')).toString()).toBe('$1\r\nv\r\n');
      await t.pass(200);
      expect((await c.call('GET', 'p')).toString()).toBe('$-1\r\n');
      expect((await c.call('GET', 's')).toString()).toBe('$1\r\nv\r\n');
      await t.pass(900);
      expect((await c.call('GET', 's')).toString()).toBe('$-1\r\n');
    });
  });
});

describe('GETSET, GETDEL, GETEX', () => {
  it('GETSET replies the old value, sets the new one and drops the TTL', async () => {
    await putList('l');
    await both.same(
      ['GETSET', 'k', 'v'],
      ['GET', 'k'],
      ['SET', 'k', 'old', 'EX', '100'],
      ['GETSET', 'k', 'new'],
      ['GET', 'k'],
      ['TTL', 'k'],
      ['GETSET', 'l', 'v'],
      ['TYPE', 'l'],
      ['GETSET', 'k'],
    );
  });

  it('GETDEL replies the value and deletes the key', async () => {
    await putList('l');
    await both.same(
      ['GETDEL', 'k'],
      ['SET', 'k', 'v'],
      ['GETDEL', 'k'],
      ['EXISTS', 'k'],
      ['SET', 'e', ''],
      ['GETDEL', 'e'],
      ['EXISTS', 'e'],
      ['APPEND', 'r', 'ab'],
      ['APPEND', 'r', 'cd'],
      ['GETDEL', 'r'],
      ['EXISTS', 'r'],
      ['GETDEL', 'l'],
      ['EXISTS', 'l'],
      ['GETDEL'],
      ['GETDEL', 'a', 'b'],
    );
  });

  it('GETEX without options is GET', async () => {
    await putList('l');
    await both.same(
      ['GETEX', 'k'],
      ['SET', 'k', 'v', 'EX', '100'],
      ['GETEX', 'k'],
      ['TTL', 'k'],
      ['GETEX', 'l'],
      ['GETEX'],
    );
  });

  it('GETEX sets or removes the TTL', async () => {
    await both.same(
      ['SET', 'k', 'v'],
      ['GETEX', 'k', 'EX', '100'],
      ['TTL', 'k'],
      ['GETEX', 'k', 'PX', '200000'],
      ['TTL', 'k'],
      ['GETEX', 'k', 'EXAT', '4000000000'],
      ['EXPIRETIME', 'k'],
      ['GETEX', 'k', 'PXAT', '4000000000123'],
      ['PEXPIRETIME', 'k'],
      ['GETEX', 'k', 'PERSIST'],
      ['TTL', 'k'],
      ['GETEX', 'k', 'persist', 'PERSIST'],
      ['TTL', 'k'],
      ['GETEX', 'k', 'ex', '10', 'EX', '20'],
      ['TTL', 'k'],
      ['GETEX', 'missing', 'EX', '100'],
      ['EXISTS', 'missing'],
    );
  });

  it('GETEX with an absolute time in the past replies the value and deletes the key', async () => {
    await both.same(
      ['SET', 'k', 'v'],
      ['GETEX', 'k', 'EXAT', '1'],
      ['EXISTS', 'k'],
      ['SET', 'k', 'w', 'EX', '100'],
      ['GETEX', 'k', 'PXAT', '1'],
      ['EXISTS', 'k'],
    );
  });

  it('GETEX errors, in Redis order: syntax, then the key, then the expire time', async () => {
    await putList('l');
    await both.same(
      ['SET', 'k', 'v'],
      ['GETEX', 'k', 'NX'],
      ['GETEX', 'k', 'XX'],
      ['GETEX', 'k', 'GET'],
      ['GETEX', 'k', 'KEEPTTL'],
      ['GETEX', 'k', 'EX'],
      ['GETEX', 'k', 'FOO'],
      ['GETEX', 'k', 'EX', '10', 'PERSIST'],
      ['GETEX', 'k', 'PERSIST', 'EX', '10'],
      ['GETEX', 'k', 'EX', '10', 'PX', '10'],
      ['GETEX', 'k', 'EXAT', '10', 'PXAT', '10'],
      ['GETEX', 'missing', 'FOO'],
      ['GETEX', 'k', 'EX', '0'],
      ['GETEX', 'k', 'PX', '-1'],
      ['GETEX', 'k', 'EXAT', '0'],
      ['GETEX', 'k', 'EX', I64_MAX],
      ['GETEX', 'k', 'PX', I64_MAX],
      ['GETEX', 'k', 'EX', 'x'],
      ['GETEX', 'missing', 'EX', '0'],
      ['GETEX', 'missing', 'EX', 'x'],
      ['GETEX', 'l', 'EX', '0'],
      ['GETEX', 'l', 'EX', 'x'],
      ['TTL', 'k'],
    );
  });

  it('GETEX PX expires the key', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('SET', 'k', 'v');
      expect((await c.call('GETEX', 'k', 'PX', '100')).toString()).toBe('$1\r\nv\r\n');
      await t.pass(200);
      expect((await c.call('GET', 'k')).toString()).toBe('$-1\r\n');
    });
  });

  it('RESP3 nulls; INCRBYFLOAT stays a bulk string', async () => {
    await both.compare(
      { proto: 3 },
      ['GETSET', 'a', 'v'],
      ['GETDEL', 'b'],
      ['GETEX', 'c'],
      ['SET', 'd', 'v', 'GET'],
      ['SET', 'd', 'v', 'NX'],
      ['INCRBYFLOAT', 'f', '1.5'],
      ['GETRANGE', 'missing', '0', '-1'],
    );
  });
});

describe('MGET, MSET, MSETNX', () => {
  it('MGET replies nil for missing keys and keys of other types', async () => {
    await putList('l');
    await both.same(
      ['SET', 'a', '1'],
      ['APPEND', 'r', 'x'],
      ['APPEND', 'r', 'y'],
      ['MGET', 'a', 'missing', 'l', 'r', 'a'],
      ['MGET', 'missing'],
      ['MGET'],
    );
    await both.compare({ proto: 3 }, ['MGET', 'a', 'missing', 'l']);
  });

  it('MSET sets every pair, the last of a repeated key wins, TTLs are dropped', async () => {
    await putList('l');
    await both.same(
      ['SET', 't', 'v', 'EX', '100'],
      ['MSET', 'a', '1', 'b', '2', 't', '3', 'l', '4', 'a', '5'],
      ['MGET', 'a', 'b', 't', 'l'],
      ['TTL', 't'],
      ['MSET', 'a'],
      ['MSET', 'a', '1', 'b'],
      ['MSET'],
      ['MGET', 'a', 'b'],
    );
  });

  it('MSETNX sets all or nothing', async () => {
    await putList('l');
    await both.same(
      ['MSETNX', 'a', '1', 'b', '2'],
      ['MGET', 'a', 'b'],
      ['MSETNX', 'c', '3', 'a', '9'],
      ['MGET', 'a', 'c'],
      ['EXISTS', 'c'],
      ['MSETNX', 'd', '1', 'd', '2'],
      ['GET', 'd'],
      ['MSETNX', 'e', '1', 'l', '2'],
      ['EXISTS', 'e'],
      ['MSETNX', 'a'],
      ['MSETNX', 'x', '1', 'y'],
      ['EXISTS', 'x'],
    );
  });
});

describe('APPEND and STRLEN', () => {
  it('APPEND creates and extends, replying the new length', async () => {
    await both.same(
      ['APPEND', 'k', 'Hello'],
      ['OBJECT', 'ENCODING', 'k'],
      ['APPEND', 'k', ' World'],
      ['OBJECT', 'ENCODING', 'k'],
      ['GET', 'k'],
      ['APPEND', 'k', ''],
      ['APPEND', 'k', '\x00\xff'],
      ['GET', 'k'],
      ['STRLEN', 'k'],
      ['APPEND', 'n', '12'],
      ['OBJECT', 'ENCODING', 'n'],
      ['APPEND', 'e', ''],
      ['EXISTS', 'e'],
      ['GET', 'e'],
      ['SET', 'i', '100'],
      ['APPEND', 'i', '0'],
      ['GET', 'i'],
      ['INCR', 'i'],
    );
  });

  it('many appends build the whole value', async () => {
    const cmds: Cmd[] = [];
    for (let i = 0; i < 300; i++) cmds.push(['APPEND', 'k', `${i},`.repeat(i % 7)]);
    cmds.push(['GET', 'k'], ['STRLEN', 'k'], ['GETRANGE', 'k', '100', '200']);
    await both.same(...cmds);
  });

  it('APPEND keeps the TTL; WRONGTYPE; arity', async () => {
    await putList('l');
    await both.same(
      ['SET', 'k', 'a', 'EX', '100'],
      ['APPEND', 'k', 'b'],
      ['APPEND', 'k', 'c'],
      ['TTL', 'k'],
      ['GET', 'k'],
      ['APPEND', 'l', 'x'],
      ['APPEND', 'k'],
      ['APPEND', 'k', 'a', 'b'],
    );
  });

  it('STRLEN', async () => {
    await putList('l');
    await both.same(
      ['STRLEN', 'missing'],
      ['SET', 'k', ''],
      ['STRLEN', 'k'],
      ['SET', 'k', '\x00\xff\xfe'],
      ['STRLEN', 'k'],
      ['SET', 'k', '-12345'],
      ['STRLEN', 'k'],
      ['STRLEN', 'l'],
      ['STRLEN'],
    );
  });
});

describe('GETRANGE and SUBSTR', () => {
  it('every range of a short value, both commands, both value forms', async () => {
    await both.same(['SET', 'k', 'Hello'], ...ranges(['GETRANGE', 'k'], -7, 7));
    await both.same(['SETRANGE', 'r', '0', 'World'], ...ranges(['SUBSTR', 'r'], -7, 7));
  });

  it('empty and missing values', async () => {
    await both.same(
      ['GETRANGE', 'missing', '0', '-1'],
      ['SET', 'e', ''],
      ['GETRANGE', 'e', '0', '-1'],
      ['GETRANGE', 'e', '0', '0'],
      ['GETRANGE', 'e', '-1', '0'],
      ['SUBSTR', 'e', '0', '10'],
    );
  });

  it('extreme indexes', async () => {
    await both.same(
      ['SET', 'k', 'abcdef'],
      ['GETRANGE', 'k', '0', I64_MAX],
      ['GETRANGE', 'k', I64_MIN, I64_MAX],
      ['GETRANGE', 'k', I64_MIN, '-1'],
      ['GETRANGE', 'k', '-9223372036854775807', I64_MIN],
      ['GETRANGE', 'k', I64_MIN, '-9223372036854775807'],
      ['GETRANGE', 'k', '-9007199254740993', '-9007199254740992'],
      ['GETRANGE', 'k', '-9007199254740992', '-9007199254740993'],
      ['GETRANGE', 'k', I64_MAX, I64_MAX],
      ['GETRANGE', 'k', '2', '4294967296'],
      ['GETRANGE', 'k', '-4294967296', '2'],
    );
  });

  it('errors: arguments first, then the type', async () => {
    await putList('l');
    await both.same(
      ['SET', 'k', 'abc'],
      ['GETRANGE', 'k', 'x', '1'],
      ['GETRANGE', 'k', '1', 'x'],
      ['GETRANGE', 'k', '1.0', '2'],
      ['GETRANGE', 'k', ' 1', '2'],
      ['GETRANGE', 'k', '0', '9223372036854775808'],
      ['GETRANGE', 'missing', 'x', '1'],
      ['GETRANGE', 'l', 'x', '1'],
      ['GETRANGE', 'l', '0', '1'],
      ['SUBSTR', 'l', '0', '1'],
      ['GETRANGE', 'k', '0'],
      ['SUBSTR', 'k', '0', '1', '2'],
    );
  });
});

describe('SETRANGE', () => {
  it('overwrites, extends and pads with zeros', async () => {
    await both.same(
      ['SET', 'k', 'Hello World'],
      ['SETRANGE', 'k', '6', 'Redis'],
      ['GET', 'k'],
      ['SETRANGE', 'k', '8', 'dis and more'],
      ['GET', 'k'],
      ['SETRANGE', 'k', '25', '!'],
      ['GET', 'k'],
      ['OBJECT', 'ENCODING', 'k'],
      ['SETRANGE', 'new', '3', '\xff\x00'],
      ['GET', 'new'],
      ['OBJECT', 'ENCODING', 'new'],
      ['SET', 'n', '12345'],
      ['SETRANGE', 'n', '1', '9'],
      ['GET', 'n'],
      ['INCR', 'n'],
      ['SETRANGE', 'z', '0', 'abc'],
      ['GET', 'z'],
    );
  });

  it('an empty value changes nothing and creates nothing', async () => {
    await both.same(
      ['SETRANGE', 'missing', '5', ''],
      ['EXISTS', 'missing'],
      ['SETRANGE', 'missing', I64_MAX, ''],
      ['SET', 'k', 'abc'],
      ['SETRANGE', 'k', '10', ''],
      ['SETRANGE', 'k', '600000000', ''],
      ['GET', 'k'],
      ['OBJECT', 'ENCODING', 'k'],
    );
  });

  it('keeps the TTL', async () => {
    await both.same(
      ['SET', 'k', 'abc', 'EX', '100'],
      ['SETRANGE', 'k', '1', 'x'],
      ['TTL', 'k'],
      ['GET', 'k'],
    );
  });

  it('errors', async () => {
    await putList('l');
    await both.same(
      ['SETRANGE', 'k', '-1', 'x'],
      ['SETRANGE', 'k', I64_MIN, 'x'],
      ['SETRANGE', 'k', 'x', 'x'],
      ['SETRANGE', 'k', '1.5', 'x'],
      ['SETRANGE', 'k', '9223372036854775808', 'x'],
      ['SETRANGE', 'l', '0', 'x'],
      ['SETRANGE', 'l', '0', ''],
      ['SETRANGE', 'l', '-1', 'x'],
      ['SETRANGE', 'l', 'x', 'x'],
      ['EXISTS', 'k'],
      ['SETRANGE', 'k', '1'],
    );
  });

  it('the result may not exceed proto-max-bulk-len (512MB)', async () => {
    await both.same(
      ['SETRANGE', 'k', '536870912', 'x'],
      ['SETRANGE', 'k', '536870911', 'xy'],
      ['SETRANGE', 'k', I64_MAX, 'x'],
      ['EXISTS', 'k'],
      ['SET', 'k', 'abc'],
      ['SETRANGE', 'k', '536870912', 'x'],
      ['GET', 'k'],
    );
  });
});

describe('proto-max-bulk-len set at run time', () => {
  it('applies to the next SETRANGE, APPEND and LCS', async () => {
    try {
      await both.same(
        ['CONFIG', 'SET', 'proto-max-bulk-len', '1mb'],
        ['SETRANGE', 'k', `${1024 * 1024}`, 'x'],
        ['SETRANGE', 'k', `${1024 * 1024 - 1}`, 'x'],
        ['APPEND', 'k', 'y'],
        ['STRLEN', 'k'],
        ['SET', 'a', 'x'.repeat(600)],
        ['LCS', 'a', 'a', 'LEN'],
      );
    } finally {
      await both.same(['CONFIG', 'SET', 'proto-max-bulk-len', '512mb']);
    }
  });
});

describe('a smaller proto-max-bulk-len', () => {
  const small = useTargets({
    respite: { config: { 'proto-max-bulk-len': '1mb' } },
    redisArgs: ['--proto-max-bulk-len', '1mb'],
  });
  const MB = 1024 * 1024;

  it('bounds SETRANGE and APPEND', async () => {
    await small.same(
      ['SETRANGE', 'k', `${MB}`, 'x'],
      ['SETRANGE', 'k', `${MB - 1}`, 'xy'],
      ['EXISTS', 'k'],
      ['SETRANGE', 'k', `${MB - 1}`, 'x'],
      ['STRLEN', 'k'],
      ['APPEND', 'k', 'x'],
      ['APPEND', 'k', ''],
      ['SET', 'a', 'x'.repeat(MB - 2)],
      ['APPEND', 'a', 'y'],
      ['APPEND', 'a', 'y'],
      ['APPEND', 'a', 'y'],
      ['STRLEN', 'a'],
      ['APPEND', 'new', 'x'.repeat(MB)],
      ['STRLEN', 'new'],
    );
  });

  it('bounds the LCS table', async () => {
    await small.same(
      ['SET', 'a', 'ab'.repeat(300)],
      ['SET', 'b', 'ba'.repeat(300)],
      ['LCS', 'a', 'b', 'LEN'],
      ['SET', 'a', 'ab'.repeat(200)],
      ['SET', 'b', 'ba'.repeat(200)],
      ['LCS', 'a', 'b', 'LEN'],
      ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '10'],
    );
  });
});

describe('INCR, DECR, INCRBY, DECRBY', () => {
  it('count from a missing key', async () => {
    await both.same(
      ['INCR', 'k'],
      ['INCR', 'k'],
      ['DECR', 'k'],
      ['INCRBY', 'k', '100'],
      ['DECRBY', 'k', '30'],
      ['INCRBY', 'k', '-200'],
      ['DECRBY', 'k', '-5'],
      ['INCRBY', 'k', '0'],
      ['GET', 'k'],
      ['DECR', 'd'],
      ['DECRBY', 'e', '7'],
      ['INCRBY', 'f', '-0'],
      ['incr', 'k'],
    );
  });

  it('values that are not 64-bit integers', async () => {
    const bad = [
      '',
      ' 1',
      '1 ',
      '01',
      '+1',
      '-0',
      '1.0',
      '1e3',
      'abc',
      '0x10',
      '1\x00',
      '9223372036854775808',
    ];
    const cmds: Cmd[] = [];
    for (const v of bad) cmds.push(['SET', 'k', v], ['INCR', 'k'], ['DECRBY', 'k', '1'], ['GET', 'k']);
    await both.same(...cmds);
  });

  it('increments that are not 64-bit integers', async () => {
    const bad = ['', ' 1', '1 ', '01', '+1', '-0', '1.0', 'x', '9223372036854775808', '-9223372036854775809'];
    const cmds: Cmd[] = [];
    for (const v of bad) cmds.push(['INCRBY', 'k', v], ['DECRBY', 'k', v]);
    cmds.push(['EXISTS', 'k']);
    await both.same(...cmds);
  });

  it('the int64 limits and overflow', async () => {
    await both.same(
      ['SET', 'k', '9223372036854775806'],
      ['INCR', 'k'],
      ['INCR', 'k'],
      ['GET', 'k'],
      ['INCRBY', 'k', '-1'],
      ['SET', 'k', '-9223372036854775807'],
      ['DECR', 'k'],
      ['DECR', 'k'],
      ['DECRBY', 'k', '1'],
      ['INCRBY', 'k', I64_MAX],
      ['INCRBY', 'k', I64_MAX],
      ['SET', 'k', '1'],
      ['INCRBY', 'k', I64_MAX],
      ['DECRBY', 'k', I64_MIN],
      ['SET', 'k', '-1'],
      ['INCRBY', 'k', I64_MIN],
      ['SET', 'k', '0'],
      ['INCRBY', 'k', I64_MIN],
      ['GET', 'k'],
      ['DECRBY', 'z', I64_MAX],
      ['DECRBY', 'z', '1'],
      ['DECRBY', 'z', '2'],
    );
  });

  it('exact beyond 2^53', async () => {
    await both.same(
      ['SET', 'k', '9007199254740991'],
      ['INCR', 'k'],
      ['INCR', 'k'],
      ['INCR', 'k'],
      ['INCRBY', 'k', '9007199254740993'],
      ['DECRBY', 'k', '18014398509481987'],
      ['DECR', 'k'],
      ['GET', 'k'],
      ['SET', 'k', '-9007199254740991'],
      ['DECRBY', 'k', '3'],
      ['INCRBY', 'k', '1234567890123456789'],
    );
  });

  it('keep the TTL, store a plain integer, refuse other types', async () => {
    await putList('l');
    await both.same(
      ['SET', 'k', '10', 'EX', '100'],
      ['INCR', 'k'],
      ['TTL', 'k'],
      ['APPEND', 'r', '1'],
      ['APPEND', 'r', '0'],
      ['OBJECT', 'ENCODING', 'r'],
      ['INCR', 'r'],
      ['OBJECT', 'ENCODING', 'r'],
      ['GET', 'r'],
      ['SETRANGE', 's', '0', '99'],
      ['INCRBY', 's', '2'],
      ['INCR', 'l'],
      ['DECR', 'l'],
      ['INCRBY', 'l', '1'],
      ['INCRBY', 'l', 'x'],
      ['DECRBY', 'l', I64_MIN],
      ['INCR'],
      ['INCRBY', 'k'],
      ['DECR', 'k', '1'],
    );
  });
});

describe('INCRBYFLOAT', () => {
  it('stores its result as Redis does: embstr even when it reads as an integer', async () => {
    await both.same(
      ['INCRBYFLOAT', 'f', '5'],
      ['OBJECT', 'ENCODING', 'f'],
      ['INCR', 'f'],
      ['OBJECT', 'ENCODING', 'f'],
      ['INCRBYFLOAT', 'f', '0.5'],
      ['APPEND', 'f', '1'],
      ['OBJECT', 'ENCODING', 'f'],
      ['INCRBYFLOAT', 'long', '1e40'],
      ['OBJECT', 'ENCODING', 'long'],
    );
  });

  it('long double arithmetic and formatting, as Redis', async () => {
    await both.same(
      ['SET', 'a', '0.1'],
      ['INCRBYFLOAT', 'a', '0.2'],
      ['SET', 'b', '10.5'],
      ['INCRBYFLOAT', 'b', '0.1'],
      ['INCRBYFLOAT', 'b', '0.1'],
      ['INCRBYFLOAT', 'c', '1e300'],
      ['INCRBYFLOAT', 'd', '3.0e3'],
      ['INCRBYFLOAT', 'd', '-3000'],
      ['INCRBYFLOAT', 'd', '-0.000000000000000001'],
      ['INCRBYFLOAT', 'e', '5.0e3'],
      ['INCRBYFLOAT', 'e', '2.0e2'],
      ['INCRBYFLOAT', 'f', '0.000003814697265625'],
      ['INCRBYFLOAT', 'g', '-1.5'],
      ['INCRBYFLOAT', 'g', '-0.0000000000000000049'],
      ['INCRBYFLOAT', 'h', '0x10'],
      ['INCRBYFLOAT', 'h', '0x1.8p1'],
      ['INCRBYFLOAT', 'i', '1e-4940'],
      ['INCRBYFLOAT', 'j', '1.7976931348623157e308'],
      ['INCRBYFLOAT', 'j', '1.7976931348623157e308'],
      ['INCRBYFLOAT', 'k', '.5'],
      ['INCRBYFLOAT', 'k', '5.'],
      ['INCRBYFLOAT', 'k', '+1E1'],
      ['INCRBYFLOAT', 'l', '1e4932'],
      ['GET', 'a'],
      ['GET', 'b'],
    );
  });

  it('reads integers, appended values and float texts', async () => {
    await both.same(
      ['SET', 'k', '10'],
      ['INCRBYFLOAT', 'k', '1'],
      ['SET', 'k', I64_MAX],
      ['INCRBYFLOAT', 'k', '1'],
      ['SET', 'k', '1.5e3'],
      ['INCRBYFLOAT', 'k', '1'],
      ['SET', 'k', '-0'],
      ['INCRBYFLOAT', 'k', '0'],
      ['APPEND', 'r', '1'],
      ['APPEND', 'r', '.5'],
      ['INCRBYFLOAT', 'r', '1'],
      ['OBJECT', 'ENCODING', 'r'],
      ['SET', 'k', 'inf'],
      ['INCRBYFLOAT', 'k', '1'],
      ['SET', 'k', '1e4932'],
      ['INCRBYFLOAT', 'k', '1e4932'],
      ['INCRBYFLOAT', 'k', '-1e4932'],
    );
  });

  it('errors', async () => {
    await putList('l');
    const badIncrements = [
      '',
      ' 1',
      '1 ',
      'abc',
      'nan',
      '-nan',
      '1e',
      '0x',
      '1e5000',
      '-1e5000',
      '1e-5000',
      '1.5.5',
      '1,5',
      '1\x00',
      '--1',
      'infinite',
    ];
    const cmds: Cmd[] = [['SET', 'k', '1']];
    for (const v of badIncrements) cmds.push(['INCRBYFLOAT', 'k', v]);
    cmds.push(
      ['INCRBYFLOAT', 'k', 'inf'],
      ['INCRBYFLOAT', 'k', '-Infinity'],
      ['INCRBYFLOAT', 'k', '1'.repeat(5119)],
      ['INCRBYFLOAT', 'k', '1'.repeat(5120)],
      ['GET', 'k'],
      ['SET', 'k', 'abc'],
      ['INCRBYFLOAT', 'k', '1'],
      ['INCRBYFLOAT', 'k', 'x'],
      ['SET', 'k', ''],
      ['INCRBYFLOAT', 'k', '1'],
      ['SET', 'k', ' 1'],
      ['INCRBYFLOAT', 'k', '1'],
      ['INCRBYFLOAT', 'l', '1'],
      ['INCRBYFLOAT', 'l', 'x'],
      ['INCRBYFLOAT', 'k'],
    );
    await both.same(...cmds);
  });

  it('keeps the TTL', async () => {
    await both.same(['SET', 'k', '1', 'EX', '100'], ['INCRBYFLOAT', 'k', '0.5'], ['TTL', 'k']);
  });
});

describe('LCS', () => {
  it('the string, its length and its ranges', async () => {
    await both.same(
      ['MSET', 'key1', 'ohmytext', 'key2', 'mynewtext'],
      ['LCS', 'key1', 'key2'],
      ['LCS', 'key1', 'key2', 'LEN'],
      ['LCS', 'key1', 'key2', 'IDX'],
      ['LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '4'],
      ['LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'],
      ['LCS', 'key1', 'key2', 'WITHMATCHLEN', 'IDX'],
      ['LCS', 'key1', 'key2', 'idx', 'minmatchlen', '-3'],
      ['LCS', 'key1', 'key2', 'MINMATCHLEN', '2', 'MINMATCHLEN', '3', 'IDX'],
      ['LCS', 'key1', 'key2', 'LEN', 'LEN', 'WITHMATCHLEN'],
      ['LCS', 'key2', 'key1', 'IDX', 'WITHMATCHLEN'],
      ['LCS', 'key1', 'key1', 'IDX', 'WITHMATCHLEN'],
    );
  });

  it('RESP3: IDX replies a map', async () => {
    await both.compare(
      { proto: 3 },
      ['MSET', 'key1', 'ohmytext', 'key2', 'mynewtext'],
      ['LCS', 'key1', 'key2', 'IDX'],
      ['LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'],
      ['LCS', 'key1', 'missing', 'IDX'],
      ['LCS', 'key1', 'key2'],
      ['LCS', 'key1', 'key2', 'LEN'],
    );
  });

  it('missing keys, empty and binary values, appended values', async () => {
    await both.same(
      ['LCS', 'a', 'b'],
      ['LCS', 'a', 'b', 'LEN'],
      ['LCS', 'a', 'b', 'IDX'],
      ['SET', 'a', '\x00\xffab\x00'],
      ['LCS', 'a', 'b'],
      ['APPEND', 'b', 'x\x00'],
      ['APPEND', 'b', '\xffa\x00'],
      ['LCS', 'a', 'b'],
      ['LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN'],
      ['SET', 'e', ''],
      ['LCS', 'a', 'e', 'IDX'],
    );
  });

  it('errors', async () => {
    await putList('l');
    await both.same(
      ['SET', 'a', 'abc'],
      ['LCS', 'a', 'l'],
      ['LCS', 'l', 'a', 'FOO'],
      ['LCS', 'a', 'a', 'FOO'],
      ['LCS', 'a', 'a', 'MINMATCHLEN'],
      ['LCS', 'a', 'a', 'MINMATCHLEN', 'x'],
      ['LCS', 'a', 'a', 'MINMATCHLEN', 'x', 'FOO'],
      ['LCS', 'a', 'a', 'LEN', 'IDX'],
      ['LCS', 'a', 'a', 'IDX', 'LEN', 'FOO'],
      ['LCS', 'a', 'a', 'LEN\x00x'],
      ['LCS', 'a'],
    );
  });

  it('the table may not exceed proto-max-bulk-len', async () => {
    await both.same(
      ['SET', 'a', 'x'.repeat(12000)],
      ['SET', 'b', 'y'.repeat(12000)],
      ['LCS', 'a', 'b', 'LEN'],
      ['LCS', 'a', 'b', 'IDX'],
    );
  });

  it('random strings: the same subsequence and ranges as Redis', async () => {
    const rand = prng(7);
    const text = (n: number, alphabet: string) =>
      Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    const cmds: Cmd[] = [];
    for (let i = 0; i < 40; i++) {
      const alphabet = i % 2 === 0 ? 'ab' : 'abcdefg';
      cmds.push(
        ['MSET', 'a', text(Math.floor(rand() * 60), alphabet), 'b', text(Math.floor(rand() * 60), alphabet)],
        ['LCS', 'a', 'b'],
        ['LCS', 'a', 'b', 'LEN'],
        ['LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN'],
        ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '3'],
      );
    }
    await both.same(...cmds);
  });
});

describe('key positions', () => {
  it('COMMAND GETKEYS', async () => {
    await both.same(
      ['COMMAND', 'GETKEYS', 'MSET', 'a', '1', 'b', '2'],
      ['COMMAND', 'GETKEYS', 'MGET', 'a', 'b', 'c'],
      ['COMMAND', 'GETKEYS', 'LCS', 'a', 'b', 'IDX'],
      ['COMMAND', 'GETKEYS', 'SET', 'a', '1', 'EX', '10'],
      ['COMMAND', 'GETKEYS', 'MSETNX', 'a', '1', 'b'],
    );
  });
});
