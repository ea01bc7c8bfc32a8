// MEMORY against real Redis. USAGE is exact for what Redis lays out from the contents alone (strings,
// listpack hashes and sorted sets, intsets, lists of one node, streams); for hash tables and skip
// lists Redis itself depends on rehashing progress and random node heights, so those are compared
// within a margin (the named relaxation here).

import { describe, expect, it } from 'vitest';
import { type Cmd, useTargets } from '../support/targets.js';

const both = useTargets();

const x = (n: number) => 'x'.repeat(n);

describe('MEMORY USAGE', () => {
  it('strings: int, embstr and raw encodings, and keys of every sds header size', async () => {
    await both.same(
      'FLUSHALL',
      ['SET', 's', '12345'],
      ['SET', 'neg', '-9223372036854775808'],
      ['SET', 'empty', ''],
      ['SET', 'e44', x(44)],
      ['SET', 'r45', x(45)],
      ['SET', 'r300', x(300)],
      ['SET', 'r70000', x(70000)],
      ['SET', x(31), 'v'],
      ['SET', x(32), 'v'],
      ['SET', x(255), 'v'],
      ['SET', x(256), 'v'],
      ...['s', 'neg', 'empty', 'e44', 'r45', 'r300', 'r70000', x(31), x(32), x(255), x(256)].map(
        (k): Cmd => ['MEMORY', 'USAGE', k],
      ),
      ['MEMORY', 'USAGE', 'nokey'],
      ['SET', 'ttl', 'v', 'PX', '1'],
      ['MEMORY', 'USAGE', 'ttl'],
    );
  });

  it('listpack hashes and sorted sets, intsets, one-node lists: every listpack entry size', async () => {
    const ints = ['0', '127', '128', '-1', '4095', '-4096', '4096', '32767', '-32768', '32768'];
    const bigInts = ['8388607', '8388608', '2147483647', '2147483648', '-9223372036854775808', '01', '1.0'];
    await both.same(
      'FLUSHALL',
      // Values up to 64 bytes (hash-max-listpack-value): the hash stays a listpack.
      ['HSET', 'h', 'name', 'alice', 'age', '30', 'bio', x(63), 'long', x(64), 'longer', x(64)],
      ['HSET', 'hi', ...[...ints, ...bigInts].flatMap((v, i) => [`f${i}`, v])],
      ['ZADD', 'z', '1.5', 'a', '2', 'b', '-3', 'c', '100000', 'd', '-0', 'e', 'inf', 'f', '1e-300', 'g'],
      ['SADD', 'i16', '1', '2', '-32768'],
      ['SADD', 'i32', '1', '32768'],
      ['SADD', 'i64', '1', '2147483648'],
      ['RPUSH', 'l', ...ints, ...bigInts, 'hello', x(100), x(5000)],
      ...['h', 'hi', 'z', 'i16', 'i32', 'i64', 'l'].map((k): Cmd => ['MEMORY', 'USAGE', k]),
      ['HDEL', 'h', 'longer'],
      ['MEMORY', 'USAGE', 'h'],
      ['LPOP', 'l', '3'],
      ['MEMORY', 'USAGE', 'l'],
    );
  });

  it('streams: their nodes, the last one allocated ahead, and the radix tree', async () => {
    const commands: Cmd[] = ['FLUSHALL', ['XADD', 's', '1-1', 'f', 'v'], ['MEMORY', 'USAGE', 's']];
    for (let i = 0; i < 700; i++) commands.push(['XADD', 'big', `${i + 1}-0`, `field${i}`, `value${i}`]);
    commands.push(['MEMORY', 'USAGE', 'big'], ['MEMORY', 'USAGE', 'big', 'SAMPLES', '0']);
    commands.push(
      ['MEMORY', 'USAGE', 'big', 'SAMPLES', '2'],
      ['XDEL', 'big', '5-0'],
      ['MEMORY', 'USAGE', 'big'],
    );
    await both.same(...commands);
  });

  it('SAMPLES and the errors', async () => {
    await both.same(
      ['RPUSH', 'l', 'a'],
      ['MEMORY', 'USAGE', 'l', 'SAMPLES', '0'],
      ['MEMORY', 'USAGE', 'l', 'samples', '1', 'SAMPLES', '3'],
      ['MEMORY', 'USAGE', 'l', 'SAMPLES', '-1'],
      ['MEMORY', 'USAGE', 'l', 'SAMPLES', 'x'],
      ['MEMORY', 'USAGE', 'l', 'SAMPLES'],
      ['MEMORY', 'USAGE', 'l', 'FOO'],
      ['MEMORY', 'USAGE'],
      ['MEMORY', 'PURGE'],
      ['MEMORY', 'DOCTOR'],
      ['MEMORY', 'NOSUCH'],
    );
  });

  it('hash tables, skip lists and long lists: within 25% of Redis (rehashing and node heights vary there)', async () => {
    const members = Array.from({ length: 300 }, (_, i) => `member${i}`);
    const setup: Cmd[] = [
      'FLUSHALL',
      ['SADD', 'set', ...members],
      ['HSET', 'hash', ...members.flatMap((m) => [m, m])],
      ['ZADD', 'zset', ...members.flatMap((m, i) => [String(i), m])],
      ['RPUSH', 'list', ...Array.from({ length: 3000 }, (_, i) => `element-${i}`)],
    ];
    const sizes = await Promise.all(
      both.list.map(async (t) => {
        const c = await t.raw();
        for (const cmd of setup) await c.call(...(typeof cmd === 'string' ? [cmd] : cmd));
        const out: number[] = [];
        for (const key of ['set', 'hash', 'zset', 'list']) {
          out.push(
            Number((await c.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')).toString('latin1').slice(1, -2)),
          );
        }
        return out;
      }),
    );
    if (sizes.length < 2) return;
    sizes[0].forEach((ours, i) => {
      expect(ours / sizes[1][i], `key ${i}: respite ${ours}, Redis ${sizes[1][i]}`).toBeGreaterThan(0.75);
      expect(ours / sizes[1][i], `key ${i}: respite ${ours}, Redis ${sizes[1][i]}`).toBeLessThan(1.25);
    });
  });
});
