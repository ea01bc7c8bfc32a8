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

  // Up to 14 significant digits. Beyond, Redis 7.0 sends ld2string's %.17g form (176415000000000,
  // 0.10000000000000001) and the engine's redis.call Lua's %.14g (1.76415e+14, 0.1): a known
  // difference. A Lua wrapper around redis.call could format them, but would cost the script's line in
  // errors of `return redis.call(...)` (Lua 5.1 drops the caller's frame on a tail call to a Lua
  // function); the fix belongs in the engine's redis.call.
  it('numbers given to redis.call arrive as Redis prints them (up to 14 digits)', async () => {
    for (const n of NUMBERS.slice(0, 7)) {
      await both.same([
        'EVAL',
        `redis.call('SET', KEYS[1], ${n}) return redis.call('GET', KEYS[1])`,
        '1',
        'k',
      ]);
    }
  });
});
