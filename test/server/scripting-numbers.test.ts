// Numbers printed by Lua inside scripts (tostring, concatenation, string.format, numbers given to
// redis.call), which go through the C library's formatting in the engine, against Redis's.

import { describe, it } from 'vitest';
import { useTargets } from '../support/targets.js';

const both = useTargets();

const NUMBERS = [
  '0',
  '-0.5',
  '1234.5678',
  '1000000000',
  '10000000000',
  '123456789012',
  '1764150000123',
  '176415000000000',
  '1764100000000000',
  '8796093022208005',
  '9007199254740993',
  '1e17',
  '-1e17',
  '1.5e300',
  '123456789.125',
  '1/0',
  '-1/0',
];

describe('numbers formatted in scripts', () => {
  it('tostring, concatenation and string.format (%.0f %.3f %g %.17g %e) print as in Redis', async () => {
    for (const n of NUMBERS) {
      await both.same([
        'EVAL',
        `local n = ${n}
return {tostring(n), '' .. n, string.format('%.0f|%.3f|%g|%.17g|%e|%5.1f', n, n, n, n, n, n)}`,
        '0',
      ]);
    }
  });

  // Redis formats these itself with %.17g (0.10000000000000001, 176415000000000); the engine's own
  // redis.call would use Lua's %.14g, and respite patches it (server/scripting/wasm-patch.ts).
  it('numbers given to redis.call arrive as Redis prints them (%.17g)', async () => {
    for (const n of [
      ...NUMBERS,
      '0.1',
      '1/3',
      '-2/3',
      '2^53',
      '-0.0',
      '0/0',
      '-(0/0)',
      '1e-300',
      '123.456e-7',
    ]) {
      await both.same([
        'EVAL',
        `redis.call('SET', KEYS[1], ${n}) return {redis.call('GET', KEYS[1]), tostring(${n})}`,
        '1',
        'k',
      ]);
    }
  });

  it('redis.pcall, functions and MULTI take numbers the same way, and tostring stays %.14g after', async () => {
    await both.same(
      [
        'EVAL',
        "redis.pcall('SET', KEYS[1], 1/3) return {redis.call('GET', KEYS[1]), tostring(1/3)}",
        '1',
        'k',
      ],
      [
        'FUNCTION',
        'LOAD',
        "#!lua name=nums\nredis.register_function('f', function(k) return redis.call('INCRBYFLOAT', k[1], 0.1) end)",
      ],
      ['FCALL', 'f', '1', 'x'],
      ['FCALL', 'f', '1', 'x'],
      ['MULTI'],
      ['EVAL', "return redis.call('INCRBYFLOAT', KEYS[1], 2/3)", '1', 'y'],
      ['EXEC'],
    );
  });

  it('a priority score as BullMQ computes it (priority * 2^32 + counter) keeps its order', async () => {
    const script = `for i = 1, 3 do redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) * 0x100000000 + i, 'job' .. i) end
return redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')`;
    await both.same(['EVAL', script, '1', 'prio', '2097151']);
  });

  it('a number argument that fails (a table after it) leaves tostring as Lua prints it', async () => {
    await both.same([
      'EVAL',
      "local ok = pcall(redis.call, 'SET', KEYS[1], 0.1, {}) return {tostring(ok), tostring(0.1), 0.1 .. ''}",
      '1',
      'k',
    ]);
  });

  // string.format's integer conversions take a C long, 64 bits in Redis and 32 in the engine; respite
  // writes the conversions 32 bits do not hold itself (server/scripting/engine.ts). Its errors carry
  // the script's line, except after a tail call (`return string.format(...)`), a known difference.
  it('string.format %d %i %o %u %x %X of numbers past 32 bits, flags, widths, and its errors', async () => {
    const scripts = [
      "local x = string.format('%d', 2^31) return x",
      "local x = string.format('%d|%i', -2^31-1, 2^53+2) return x",
      "local x = string.format('%d', 1764161234567) return x",
      "local x = string.format('%d', 1764161234567.9) return x",
      "local x = string.format('%d', -1764161234567.9) return x",
      "local x = string.format('[%20d][%-20d][%020d][%+d][% d][%.15d][%5.3d]', 2^40, 2^40, -2^40, 2^40, 2^40, 2^40, 2^41) return x",
      "local x = string.format('%x|%X|%#x|%#X|%o|%#o|%u', 2^40, 2^40+255, 2^40, 2^40, 2^40, 2^40, 2^40) return x",
      "local x = string.format('%x|%u|%o|%X', -1, -1, -1, -2^40) return x",
      "local x = string.format('%u', -5) return x",
      "local x = string.format('%d', 2^63) return x",
      "local x = string.format('%d', -2^63) return x",
      "local x = string.format('%d', 2^64) return x",
      "local x = string.format('%u|%x', 2^63, 2^63 + 2^12) return x",
      "local x = string.format('%u', 2^64) return x",
      "local x = string.format('%d', 0/0) return x",
      "local x = string.format('%u', 0/0) return x",
      "local x = string.format('%d', '12345678901234') return x",
      "local x = string.format('%s=%d (%5.1f%%)', 'n', 2^33, 12.345) return x",
      "local x = string.format('%d %d %d', 1, 2^40, 3) return x",
      "local x = ('%d'):format(2^40) return x",
      "local x = string.format('%d', 2147483647.5) return x",
      "local x = string.format('%x', 4294967295) return x",
      "local x = string.format('%x', 4294967296) return x",
      "local x = string.format('%d', 'x') return x",
      "local x = string.format('%y', 2^40) return x",
      "local x = string.format('%d') return x",
      "local x = string.format('%d %s', 2^40) return x",
      "local x = string.format('%123d', 2^40) return x",
      "local x = string.format('%------d', 2^40) return x",
      'local x = string.format() return x',
      'local x = string.format(2^40) return x',
      "local x = string.format('%') return x",
      "local x = string.format('100%') return x",
      "local x = string.format('%5s|%-5s|%q', 'a', 'b', 'c\"d') return x",
      "local x = string.format('%d', {}) return x",
    ];
    for (const script of scripts) await both.same(['EVAL', script, '0']);
    await both.same([
      'EVAL',
      "local a = 1\nlocal b = string.format('%d', 2^40)\nlocal c = string.format('%d', {})",
      '0',
    ]);
  });
});
