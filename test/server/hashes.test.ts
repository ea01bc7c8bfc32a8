import { describe, expect, it } from 'vitest';
import { type Cmd, relax, type Target, useTargets } from '../support/targets.js';

const both = useTargets();

const I64_MAX = '9223372036854775807';
const I64_MIN = '-9223372036854775808';

/** One command on a fresh raw connection to `t`, as a latin1 string. */
async function call(t: Target, ...args: string[]): Promise<string> {
  const c = await t.raw();
  return (await c.call(...args)).toString('latin1');
}

/** HSET commands that fill `key` with fields f0..f(n-1), values v0..v(n-1), in batches. */
function fill(key: string, n: number, from = 0): Cmd[] {
  const out: Cmd[] = [];
  for (let i = from; i < n; i += 100) {
    const args = ['HSET', key];
    for (let j = i; j < Math.min(n, i + 100); j++) args.push(`f${j}`, `v${j}`);
    out.push(args);
  }
  return out;
}

/** The same, as a record, for relax.hashPick. */
function filled(n: number): Record<string, string> {
  const h: Record<string, string> = {};
  for (let i = 0; i < n; i++) h[`f${i}`] = `v${i}`;
  return h;
}

describe('HSET, HMSET, HSETNX, HGET', () => {
  it('set and read fields, counting new ones; binary and empty fields and values', async () => {
    await both.same(
      ['HGET', 'h', 'f'],
      ['HSET', 'h', 'f', 'v'],
      ['HGET', 'h', 'f'],
      ['HSET', 'h', 'f', 'v2', 'g', 'w', 'f', 'v3'],
      ['HGET', 'h', 'f'],
      ['HGET', 'h', 'nosuch'],
      ['HSET', 'h', '', ''],
      ['HGET', 'h', ''],
      ['HSET', 'h', '\x00\xff\r\n', '\x80\x00'],
      ['HGET', 'h', '\x00\xff\r\n'],
      ['HGET', 'h', '\x00\xff'],
      ['HMSET', 'h', 'a', '1', 'b', '2'],
      ['HMSET', 'm', 'a', '1'],
      ['HGETALL', 'h'],
      ['HGETALL', 'm'],
      ['TYPE', 'h'],
      ['OBJECT', 'ENCODING', 'h'],
    );
  });

  it('HSETNX sets only a missing field and creates the key', async () => {
    await both.same(
      ['HSETNX', 'h', 'f', 'v'],
      ['HSETNX', 'h', 'f', 'other'],
      ['HGET', 'h', 'f'],
      ['HSETNX', 'h', 'g', ''],
      ['HGETALL', 'h'],
    );
  });

  it('arity: pairs must be whole; the arity error comes before WRONGTYPE', async () => {
    await both.same(
      ['SET', 's', 'x'],
      ['HSET', 'h', 'f'],
      ['HSET', 'h', 'f', 'v', 'g'],
      ['HMSET', 'h', 'f', 'v', 'g'],
      ['hmset', 'h', 'f'],
      ['HSET', 's', 'f'],
      ['HSET', 's', 'f', 'v', 'g'],
      ['EXISTS', 'h'],
      ['HSETNX', 'h', 'f'],
      ['HSETNX', 'h', 'f', 'v', 'x'],
      ['HGET', 'h'],
      ['HGET', 'h', 'f', 'g'],
    );
  });

  it('WRONGTYPE against a string key, for every command', async () => {
    await both.same(
      ['SET', 's', 'x'],
      ['HSET', 's', 'f', 'v'],
      ['HMSET', 's', 'f', 'v'],
      ['HSETNX', 's', 'f', 'v'],
      ['HGET', 's', 'f'],
      ['HMGET', 's', 'f'],
      ['HGETALL', 's'],
      ['HDEL', 's', 'f'],
      ['HEXISTS', 's', 'f'],
      ['HLEN', 's'],
      ['HKEYS', 's'],
      ['HVALS', 's'],
      ['HSTRLEN', 's', 'f'],
      ['HINCRBY', 's', 'f', '1'],
      ['HINCRBYFLOAT', 's', 'f', '1'],
      ['HRANDFIELD', 's'],
      ['HRANDFIELD', 's', '0'],
      ['HRANDFIELD', 's', '-3', 'WITHVALUES'],
      ['HSCAN', 's', '0'],
      ['HSCAN', 's', '0', 'COUNT', '0'],
      ['GET', 's'],
    );
  });

  it('a hash is WRONGTYPE for string commands', async () => {
    await both.same(
      ['HSET', 'h', 'f', 'v'],
      ['GET', 'h'],
      ['INCR', 'h'],
      ['APPEND', 'h', 'x'],
      ['TYPE', 'h'],
    );
  });
});

describe('reading: HMGET, HEXISTS, HLEN, HSTRLEN, HKEYS, HVALS, HGETALL', () => {
  const setup: Cmd[] = [
    ['HSET', 'h', 'b', '2', 'a', '1', 'c', '', '\x00', '\xff\xfe'],
    ['HSET', 'n', 'i', '-12345'],
  ];
  const reads: Cmd[] = [
    ['HMGET', 'h', 'a', 'nosuch', 'b', '\x00', 'a'],
    ['HMGET', 'missing', 'a', 'b'],
    ['HEXISTS', 'h', 'a'],
    ['HEXISTS', 'h', 'A'],
    ['HEXISTS', 'missing', 'a'],
    ['HLEN', 'h'],
    ['HLEN', 'missing'],
    ['HSTRLEN', 'h', 'a'],
    ['HSTRLEN', 'h', 'c'],
    ['HSTRLEN', 'h', '\x00'],
    ['HSTRLEN', 'h', 'nosuch'],
    ['HSTRLEN', 'n', 'i'],
    ['HSTRLEN', 'missing', 'a'],
    ['HKEYS', 'h'],
    ['HKEYS', 'missing'],
    ['HVALS', 'h'],
    ['HVALS', 'missing'],
    ['HGETALL', 'h'],
    ['HGETALL', 'missing'],
    ['HGET', 'missing', 'a'],
  ];

  it('in RESP2', async () => {
    await both.same(...setup, ...reads);
  });

  it('in RESP3: HGETALL is a map, an empty one for a missing key; nulls are _', async () => {
    await both.compare({ proto: 3 }, ...setup, ...reads);
  });

  it('arity errors', async () => {
    await both.same(
      ['HMGET', 'h'],
      ['HEXISTS', 'h'],
      ['HLEN'],
      ['HLEN', 'h', 'x'],
      ['HSTRLEN', 'h'],
      ['HKEYS', 'h', 'x'],
      ['HVALS'],
      ['HGETALL', 'h', 'x'],
      ['HDEL', 'h'],
      ['HINCRBY', 'h', 'f'],
      ['HINCRBYFLOAT', 'h', 'f', '1', '2'],
      ['HRANDFIELD'],
      ['HSCAN', 'h'],
    );
  });
});

describe('HDEL', () => {
  it('deletes fields, counts each once, and deletes the key with the last field', async () => {
    await both.same(
      ['HDEL', 'missing', 'a'],
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
      ['HDEL', 'h', 'a', 'a', 'nosuch'],
      ['HGETALL', 'h'],
      ['HDEL', 'h', 'b', 'c', 'b'],
      ['EXISTS', 'h'],
      ['TYPE', 'h'],
      ['HSET', 'h', '\x00', 'x'],
      ['HDEL', 'h', '\x00'],
      ['EXISTS', 'h'],
    );
  });

  it('keeps the TTL of a hash it changes', async () => {
    await both.same(
      ['HSET', 'h', 'a', '1', 'b', '2'],
      ['EXPIRE', 'h', '100'],
      ['HDEL', 'h', 'a'],
      ['HSET', 'h', 'c', '3'],
      ['TTL', 'h'],
    );
  });
});

describe('HINCRBY', () => {
  it('increments, creating the key and the field', async () => {
    await both.same(
      ['HINCRBY', 'h', 'n', '5'],
      ['HINCRBY', 'h', 'n', '-7'],
      ['HINCRBY', 'h', 'n', '0'],
      ['HGET', 'h', 'n'],
      ['HSET', 'h', 'm', '-0'],
      ['HINCRBY', 'h', 'm', '1'],
      ['HSET', 'h', 'big', I64_MAX],
      ['HINCRBY', 'h', 'big', '0'],
      ['HINCRBY', 'h', 'big', '-1'],
      ['HINCRBY', 'h', 'big', '1'],
      ['HINCRBY', 'h', 'big', '2'],
      ['HSET', 'h', 'small', I64_MIN],
      ['HINCRBY', 'h', 'small', '-1'],
      ['HINCRBY', 'h', 'small', I64_MAX],
      ['HINCRBY', 'h', 'x', I64_MIN],
      ['HINCRBY', 'h', 'x', '-1'],
      ['HGETALL', 'h'],
    );
  });

  it('errors: a bad increment before the key is looked at, a hash value that is not an integer', async () => {
    await both.same(
      ['HINCRBY', 'h', 'n', 'x'],
      ['HINCRBY', 'h', 'n', '1.5'],
      ['HINCRBY', 'h', 'n', '9223372036854775808'],
      ['HINCRBY', 'h', 'n', ' 1'],
      ['HINCRBY', 'h', 'n', '01'],
      ['HINCRBY', 'h', 'n', ''],
      ['EXISTS', 'h'],
      ['SET', 's', '1'],
      ['HINCRBY', 's', 'n', 'x'],
      ['HSET', 'h', 'a', 'abc', 'b', ' 1', 'c', '1.0', 'd', '', 'e', '9223372036854775808', 'f', '0x1'],
      ['HINCRBY', 'h', 'a', '1'],
      ['HINCRBY', 'h', 'b', '1'],
      ['HINCRBY', 'h', 'c', '1'],
      ['HINCRBY', 'h', 'd', '1'],
      ['HINCRBY', 'h', 'e', '1'],
      ['HINCRBY', 'h', 'f', '1'],
      ['HGETALL', 'h'],
    );
  });
});

describe('HINCRBYFLOAT', () => {
  it('long double arithmetic and formatting, as INCRBYFLOAT', async () => {
    await both.same(
      ['HINCRBYFLOAT', 'h', 'f', '0.1'],
      ['HINCRBYFLOAT', 'h', 'f', '0.2'],
      ['HINCRBYFLOAT', 'h', 'f', '-0.3'],
      ['HINCRBYFLOAT', 'h', 'g', '1e3'],
      ['HINCRBYFLOAT', 'h', 'g', '-1000'],
      ['HINCRBYFLOAT', 'h', 'i', '5'],
      ['HSET', 'h', 'n', '10'],
      ['HINCRBYFLOAT', 'h', 'n', '0.5'],
      ['HINCRBYFLOAT', 'h', 'n', '0x10'],
      ['HINCRBYFLOAT', 'h', 'n', '1.5e-5'],
      ['HSET', 'h', 'x', '3.0e2'],
      ['HINCRBYFLOAT', 'h', 'x', '0'],
      ['HINCRBYFLOAT', 'h', 'z', '-1.17e-10'],
      ['HGETALL', 'h'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HINCRBYFLOAT', 'big', 'y', '1e300'],
      ['HGET', 'big', 'y'],
    );
  });

  it('errors: bad or infinite increments before the key is looked at, bad hash values, infinite sums', async () => {
    await both.same(
      ['HINCRBYFLOAT', 'h', 'f', 'x'],
      ['HINCRBYFLOAT', 'h', 'f', ''],
      ['HINCRBYFLOAT', 'h', 'f', ' 1'],
      ['HINCRBYFLOAT', 'h', 'f', 'nan'],
      ['HINCRBYFLOAT', 'h', 'f', 'inf'],
      ['HINCRBYFLOAT', 'h', 'f', '-infinity'],
      ['HINCRBYFLOAT', 'h', 'f', '1e5000'],
      ['EXISTS', 'h'],
      ['SET', 's', '1'],
      ['HINCRBYFLOAT', 's', 'f', 'inf'],
      ['HINCRBYFLOAT', 's', 'f', '1'],
      ['HSET', 'h', 'a', 'abc', 'b', ' 1', 'c', 'inf', 'd', '', 'e', '1e5000', 'f', '1.7e4932'],
      ['HINCRBYFLOAT', 'h', 'a', '1'],
      ['HINCRBYFLOAT', 'h', 'b', '1'],
      ['HINCRBYFLOAT', 'h', 'c', '1'],
      ['HINCRBYFLOAT', 'h', 'd', '1'],
      ['HINCRBYFLOAT', 'h', 'e', '1'],
      ['HSET', 'h', 'g', '1.1e4932'],
      ['HINCRBYFLOAT', 'h', 'g', '1.1e4932'],
      ['HGETALL', 'h'],
    );
  });
});

describe('encodings', () => {
  it('the default limits are the ones Redis 7.0 runs with', async () => {
    await both.same(
      ['CONFIG', 'GET', 'hash-max-listpack-entries'],
      ['CONFIG', 'GET', 'hash-max-listpack-value'],
    );
  });

  it('listpack up to hash-max-listpack-entries fields, hashtable beyond, for good', async () => {
    await both.each(async (t) => {
      const entries = Number((await call(t, 'CONFIG', 'GET', 'hash-max-listpack-entries')).split('\r\n')[4]);
      expect(entries).toBeGreaterThan(0);
    });
    const [reply] = await both.same(['CONFIG', 'GET', 'hash-max-listpack-entries']);
    const entries = Number(reply.split('\r\n')[4]);
    await both.same(
      ...fill('h', entries),
      ['HLEN', 'h'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HSET', 'h', 'f0', 'changed'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HGETALL', 'h'],
      ['HKEYS', 'h'],
      ['HVALS', 'h'],
      ['HRANDFIELD', 'h', `${entries}`, 'WITHVALUES'],
      ['HSET', 'h', 'one-more', 'x'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HDEL', 'h', 'one-more', 'f1', 'f2'],
      ['HLEN', 'h'],
      ['OBJECT', 'ENCODING', 'h'],
    );
    // The same boundary through HSETNX, HINCRBY and HINCRBYFLOAT.
    for (const [cmd, arg] of [
      ['HSETNX', 'x'],
      ['HINCRBY', '1'],
      ['HINCRBYFLOAT', '1.5'],
    ]) {
      await both.same(
        ['DEL', 'h'],
        ...fill('h', entries),
        [cmd, 'h', 'f0', arg],
        ['OBJECT', 'ENCODING', 'h'],
        [cmd, 'h', 'new', arg],
        ['OBJECT', 'ENCODING', 'h'],
      );
    }
  });

  it('a hashtable lists its fields in some order: compared unordered, pairs kept together', async () => {
    await both.same(...fill('h', 600), ['OBJECT', 'ENCODING', 'h'], ['HLEN', 'h']);
    await both.compare(
      { normalize: relax.unorderedPairs },
      ['HGETALL', 'h'],
      ['HRANDFIELD', 'h', '600', 'WITHVALUES'],
    );
    await both.compare({ proto: 3, normalize: relax.unorderedPairs }, ['HGETALL', 'h']);
    await both.compare({ proto: 3, normalize: relax.unordered }, ['HRANDFIELD', 'h', '1000', 'WITHVALUES']);
    await both.compare(
      { normalize: relax.unordered },
      ['HKEYS', 'h'],
      ['HVALS', 'h'],
      ['HRANDFIELD', 'h', '600'],
    );
  });

  it('a field or value over hash-max-listpack-value bytes converts; at the limit it does not', async () => {
    const at = 'x'.repeat(64);
    const over = 'y'.repeat(65);
    await both.same(
      ['HSET', 'a', at, at],
      ['OBJECT', 'ENCODING', 'a'],
      ['HSET', 'b', 'f', over],
      ['OBJECT', 'ENCODING', 'b'],
      ['HSET', 'c', over, 'v'],
      ['OBJECT', 'ENCODING', 'c'],
      ['HSET', 'd', 'f', 'v'],
      ['HSETNX', 'd', 'f', over], // not set: no conversion
      ['OBJECT', 'ENCODING', 'd'],
      ['HSETNX', 'd', over, 'v'],
      ['OBJECT', 'ENCODING', 'd'],
      ['HSET', 'e', 'f', 'v'],
      ['HINCRBY', 'e', over, '1'],
      ['OBJECT', 'ENCODING', 'e'],
      ['HSET', 'g', 'f', '1e60'],
      ['HINCRBYFLOAT', 'g', 'f', '1'], // a 61-byte result stays
      ['OBJECT', 'ENCODING', 'g'],
      ['HINCRBYFLOAT', 'g', 'f', '1e60'],
      ['HGET', 'g', 'f'],
      ['OBJECT', 'ENCODING', 'g'],
      ['HSET', 'i', 'f', over],
      ['HSET', 'i', 'f', 'short'],
      ['HDEL', 'b', 'f'],
      ['EXISTS', 'b'],
      ['OBJECT', 'ENCODING', 'i'],
      ['HSET', 'j', 'f', 'v', 'g', over, 'h', 'w'],
      ['OBJECT', 'ENCODING', 'j'],
      ['HGETALL', 'a'],
    );
  });

  it('follows CONFIG SET of the limits, and COPY keeps the encoding', async () => {
    await both.same(
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '2'],
      ['CONFIG', 'SET', 'hash-max-listpack-value', '3'],
      ['HSET', 'a', 'f1', 'v', 'f2', 'v'],
      ['OBJECT', 'ENCODING', 'a'],
      ['HSET', 'a', 'f3', 'v'],
      ['OBJECT', 'ENCODING', 'a'],
      ['HSET', 'b', 'abc', 'abc'],
      ['OBJECT', 'ENCODING', 'b'],
      ['HSET', 'b', 'abc', 'abcd'],
      ['OBJECT', 'ENCODING', 'b'],
      ['HSET', 'c', 'x', 'y'],
      ['COPY', 'a', 'a2'],
      ['COPY', 'c', 'c2'],
      ['OBJECT', 'ENCODING', 'a2'],
      ['OBJECT', 'ENCODING', 'c2'],
      ['HSET', 'c2', 'z', 'z'],
      ['HGETALL', 'c'],
      ['HGETALL', 'c2'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '0'],
      ['HSET', 'd', 'f', 'v'],
      ['OBJECT', 'ENCODING', 'd'],
      ['CONFIG', 'SET', 'hash-max-ziplist-entries', '512'],
      ['CONFIG', 'SET', 'hash-max-ziplist-value', '64'],
    );
    // A pattern lists parameters in the order of Redis's config dict, which a random hash seed decides.
    await both.compare(
      { normalize: relax.unorderedPairs },
      ['CONFIG', 'GET', 'hash-max-listpack-*'],
      ['CONFIG', 'GET', 'hash-max-ziplist-entries'],
    );
  });
});

describe('HRANDFIELD', () => {
  it('count and option errors, in Redis order (before the key is looked at)', async () => {
    await both.same(
      ['HSET', 'h', 'a', '1'],
      ['HRANDFIELD', 'h', 'x'],
      ['HRANDFIELD', 'h', '1.0'],
      ['HRANDFIELD', 'h', I64_MIN],
      ['HRANDFIELD', 'missing', I64_MIN],
      ['HRANDFIELD', 'h', '1', 'foo'],
      ['HRANDFIELD', 'h', '1', 'WITHVALUES', 'x'],
      ['HRANDFIELD', 'h', 'x', 'foo'],
      ['HRANDFIELD', 'h', I64_MAX, 'WITHVALUES'],
      ['HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '4611686018427387903', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '4611686018427387903', 'withvalues'],
      ['HRANDFIELD', 'h', I64_MAX],
      ['SET', 's', 'x'],
      ['HRANDFIELD', 's', 'x'],
      ['HRANDFIELD', 's', '1', 'foo'],
    );
  });

  it('missing keys, zero counts, whole-hash replies (deterministic) in RESP2 and RESP3', async () => {
    const cmds: Cmd[] = [
      ['HRANDFIELD', 'missing'],
      ['HRANDFIELD', 'missing', '0'],
      ['HRANDFIELD', 'missing', '3'],
      ['HRANDFIELD', 'missing', '-3', 'WITHVALUES'],
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
      ['HRANDFIELD', 'h', '0'],
      ['HRANDFIELD', 'h', '0', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '3'],
      ['HRANDFIELD', 'h', '100'],
      ['HRANDFIELD', 'h', '3', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '100', 'withvalues'],
      ['HSET', 'one', 'only', 'v'],
      ['HRANDFIELD', 'one'],
      ['HRANDFIELD', 'one', '1'],
      ['HRANDFIELD', 'one', '-3'],
      ['HRANDFIELD', 'one', '-2', 'WITHVALUES'],
      ['HRANDFIELD', 'one', '1', 'WITHVALUES'],
    ];
    await both.same(...cmds);
    await both.compare({ proto: 3 }, ...cmds);
  });

  it("random picks: the reply shape is Redis's and every pick is a field (with its value) of the hash", async () => {
    const hash = { a: '1', b: '2', c: '3', d: '4', '\x00\xff': '\r\n', e: '' };
    const setup = ['HSET', 'h', ...Object.entries(hash).flat()];
    await both.same(setup);
    const big = filled(300);
    await both.same(...fill('big', 300), ['OBJECT', 'ENCODING', 'big']);
    for (const proto of [2, 3] as const) {
      for (let round = 0; round < 5; round++) {
        await both.compare(
          { proto, normalize: relax.hashPick(hash) },
          ['HRANDFIELD', 'h'],
          ['HRANDFIELD', 'h', '1'],
          ['HRANDFIELD', 'h', '2'],
          ['HRANDFIELD', 'h', '5'],
          ['HRANDFIELD', 'h', '-1'],
          ['HRANDFIELD', 'h', '-20'],
          ['HRANDFIELD', 'h', '1', 'WITHVALUES'],
          ['HRANDFIELD', 'h', '4', 'WITHVALUES'],
          ['HRANDFIELD', 'h', '-15', 'WITHVALUES'],
        );
        await both.compare(
          { proto, normalize: relax.hashPick(big) },
          ['HRANDFIELD', 'big'],
          ['HRANDFIELD', 'big', '10'],
          ['HRANDFIELD', 'big', '299', 'WITHVALUES'],
          ['HRANDFIELD', 'big', '-40', 'WITHVALUES'],
          ['HRANDFIELD', 'big', '150'],
        );
      }
    }
  });

  it('the relaxation still catches a field not in the hash, a wrong value and a repeated pick', () => {
    const pick = relax.hashPick({ a: '1', b: '2' });
    expect(pick('$1\r\na\r\n', ['HRANDFIELD', 'h'])).toBe('$<pick>');
    expect(pick('$1\r\nz\r\n', ['HRANDFIELD', 'h'])).toBe('$1\r\nz\r\n');
    const ok = pick('*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n', [
      'HRANDFIELD',
      'h',
      '2',
      'WITHVALUES',
    ]);
    const wrongValue = pick('*4\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n2\r\n', [
      'HRANDFIELD',
      'h',
      '2',
      'WITHVALUES',
    ]);
    expect(wrongValue).not.toBe(ok);
    const twice = pick('*2\r\n$1\r\na\r\n$1\r\na\r\n', ['HRANDFIELD', 'h', '2']);
    const repeatAllowed = pick('*2\r\n$1\r\na\r\n$1\r\na\r\n', ['HRANDFIELD', 'h', '-2']);
    expect(twice).not.toBe(pick('*2\r\n$1\r\na\r\n$1\r\nb\r\n', ['HRANDFIELD', 'h', '2']));
    expect(repeatAllowed).toBe(pick('*2\r\n$1\r\na\r\n$1\r\nb\r\n', ['HRANDFIELD', 'h', '-2']));
  });

  it('positive counts give distinct fields, negative counts exactly |count| picks', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('HSET', 'h', ...Object.entries(filled(50)).flat());
      for (let i = 0; i < 20; i++) {
        const fields = (await c.call('HRANDFIELD', 'h', '30')).toString('latin1').match(/f\d+/g)!;
        expect(new Set(fields).size).toBe(30);
        const picks = (await c.call('HRANDFIELD', 'h', '-200')).toString('latin1').match(/f\d+/g)!;
        expect(picks.length).toBe(200);
      }
    });
  });
});

describe('HSCAN', () => {
  it('a listpack comes whole in one call with cursor 0, whatever the cursor and COUNT; MATCH filters fields', async () => {
    const cmds: Cmd[] = [
      ['HSCAN', 'missing', '0'],
      ['HSCAN', 'missing', '0', 'TYPE', 'string'],
      ['HSET', 'h', 'a1', 'x', 'b1', 'a1', 'a2', 'y', '\x00', '\xff', 'A3', 'z'],
      ['HSCAN', 'h', '0'],
      ['HSCAN', 'h', '0', 'COUNT', '1'],
      ['HSCAN', 'h', '12345'],
      ['HSCAN', 'h', '0', 'MATCH', 'a*'],
      ['HSCAN', 'h', '0', 'MATCH', 'a*', 'COUNT', '2', 'MATCH', '*1'],
      ['HSCAN', 'h', '0', 'match', '\x00'],
      ['HSCAN', 'h', '0', 'MATCH', '*'],
      ['HSCAN', 'h', '0', 'MATCH', 'nothing'],
    ];
    await both.same(...cmds);
    await both.compare({ proto: 3 }, ...cmds);
  });

  it('errors: cursor first, then the key, then the options', async () => {
    await both.same(
      ['HSCAN', 'missing', 'x'],
      ['HSCAN', 'missing', '-1'],
      ['HSCAN', 'missing', '0', 'COUNT', '0'],
      ['HSET', 'h', 'a', '1'],
      ['HSCAN', 'h', 'x'],
      ['HSCAN', 'h', '18446744073709551616'],
      ['HSCAN', 'h', '0', 'COUNT', '0'],
      ['HSCAN', 'h', '0', 'COUNT', '-1'],
      ['HSCAN', 'h', '0', 'COUNT', 'x'],
      ['HSCAN', 'h', '0', 'COUNT'],
      ['HSCAN', 'h', '0', 'MATCH'],
      ['HSCAN', 'h', '0', 'TYPE', 'hash'],
      ['HSCAN', 'h', '0', 'NOVALUES'],
      ['SET', 's', 'x'],
      ['HSCAN', 's', 'x'],
    );
  });

  it('a hashtable takes several calls; a full iteration returns every field once with its value', async () => {
    await both.same(...fill('h', 700), ['OBJECT', 'ENCODING', 'h']);
    await both.compare({ normalize: relax.scanReply }, ['HSCAN', 'h', '0', 'COUNT', '10000']);
    await both.each(async (t) => {
      const c = await t.raw();
      for (const [count, match] of [
        ['10', '*'],
        ['7', 'f1*'],
        ['1', 'f6*'],
      ]) {
        const seen = new Map<string, string>();
        let cursor = '0';
        let calls = 0;
        do {
          const reply = (await c.call('HSCAN', 'h', cursor, 'COUNT', count, 'MATCH', match)).toString(
            'latin1',
          );
          const parts = reply.split('\r\n');
          cursor = parts[2];
          const items = parts.slice(4).filter((_, i) => i % 2 === 1);
          for (let i = 0; i + 1 < items.length; i += 2) seen.set(items[i], items[i + 1]);
          calls++;
        } while (cursor !== '0');
        const expected = Object.entries(filled(700)).filter(
          ([f]) => match === '*' || f.startsWith(match.slice(0, -1)),
        );
        expect(seen.size).toBe(expected.length);
        for (const [f, v] of expected) expect(seen.get(f)).toBe(v);
        expect(calls).toBeGreaterThan(1);
      }
      // COUNT is about how many fields a call returns (Redis may return a few more from one bucket).
      for (const count of [1, 5, 20]) {
        const reply = (await c.call('HSCAN', 'h', '0', 'COUNT', `${count}`)).toString('latin1');
        const fields = reply.match(/\r\nf\d+\r\n/g)!.length;
        expect(fields).toBeGreaterThanOrEqual(count);
        expect(fields).toBeLessThanOrEqual(count + 3);
      }
    });
  });
});

describe('keyspace', () => {
  it('hashes expire, are copied, renamed and typed like any key', async () => {
    await both.same(
      ['HSET', 'h', 'a', '1'],
      ['TYPE', 'h'],
      ['RENAME', 'h', 'h2'],
      ['HGET', 'h2', 'a'],
      ['COPY', 'h2', 'h3'],
      ['HSET', 'h3', 'b', '2'],
      ['HLEN', 'h2'],
      ['HLEN', 'h3'],
      ['OBJECT', 'ENCODING', 'h3'],
      ['EXISTS', 'h2', 'h3'],
    );
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('HSET', 'e', 'f', 'v');
      await c.call('PEXPIRE', 'e', '50');
      await t.pass(80);
      expect((await c.call('HGET', 'e', 'f')).toString()).toBe('$-1\r\n');
      expect((await c.call('HLEN', 'e')).toString()).toBe(':0\r\n');
    });
  });

  it('a write to an existing hash counts once as a change (WATCH)', async () => {
    await both.each(async (t) => {
      const a = await t.raw();
      const b = await t.raw();
      await a.call('HSET', 'h', 'f', 'v');
      for (const write of [
        ['HSET', 'h', 'g', 'w'],
        ['HDEL', 'h', 'g'],
        ['HINCRBY', 'h', 'n', '1'],
        ['HINCRBYFLOAT', 'h', 'n', '1'],
        ['HSETNX', 'h', 'new', '1'],
      ]) {
        await a.call('WATCH', 'h');
        await b.call(...write);
        await a.call('MULTI');
        await a.call('PING');
        expect((await a.call('EXEC')).toString(), write.join(' ')).toBe('*-1\r\n');
      }
      // Commands that change nothing leave a watch alone.
      for (const noop of [
        ['HSETNX', 'h', 'f', 'x'],
        ['HDEL', 'h', 'nosuch'],
        ['HGET', 'h', 'f'],
      ]) {
        await a.call('WATCH', 'h');
        await b.call(...noop);
        await a.call('MULTI');
        await a.call('PING');
        expect((await a.call('EXEC')).toString(), noop.join(' ')).toBe('*1\r\n+PONG\r\n');
      }
    });
  });
});
