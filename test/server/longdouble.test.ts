// The long double emulation (server/longdouble.ts), checked through INCRBYFLOAT against real Redis,
// whose arithmetic is the x87 80-bit long double it emulates, and by a few direct unit checks.

import { describe, expect, it } from 'vitest';
import { addLongDouble, formatLongDouble, isFiniteLD, parseLongDouble } from '../../server/longdouble.js';
import { prng, type Rand } from '../support/prng.js';
import { type Cmd, useTargets } from '../support/targets.js';

const both = useTargets();

function int(rand: Rand, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

function digits(rand: Rand, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(int(rand, 0, 9));
  return s;
}

/** A random decimal in one of strtold's forms, with `maxExp` bounding the exponent. */
function decimal(rand: Rand, maxDigits: number, maxExp: number): string {
  const sign = rand() < 0.4 ? '-' : rand() < 0.1 ? '+' : '';
  const whole = digits(rand, int(rand, 0, maxDigits)) || '0';
  const frac = digits(rand, int(rand, 0, maxDigits));
  let text = frac.length > 0 ? `${whole}.${frac}` : whole;
  if (rand() < 0.1) text = `${whole}.`;
  if (rand() < 0.5) text += `${rand() < 0.5 ? 'e' : 'E'}${int(rand, -maxExp, maxExp)}`;
  return sign + text;
}

/** SET k `value`, then INCRBYFLOAT k `by`, for each pair. */
function increments(pairs: [string, string][]): Cmd[] {
  const cmds: Cmd[] = [];
  for (const [value, by] of pairs) cmds.push(['SET', 'k', value], ['INCRBYFLOAT', 'k', by]);
  return cmds;
}

/** Send the pairs to both targets; most must be sums, not errors, or the test proves little. */
async function compareSums(pairs: [string, string][], minSums = 0.9): Promise<void> {
  const replies = await both.same(...increments(pairs));
  const sums = replies.filter((r, i) => i % 2 === 1 && r.startsWith('$')).length;
  expect(sums / pairs.length).toBeGreaterThanOrEqual(minSums);
}

describe('INCRBYFLOAT as x87 long double arithmetic', () => {
  it('random decimals of everyday size', async () => {
    const rand = prng(1);
    const pairs: [string, string][] = [];
    for (let i = 0; i < 400; i++) pairs.push([decimal(rand, 8, 6), decimal(rand, 8, 6)]);
    await compareSums(pairs);
  });

  it('random decimals with many digits (beyond a double, beyond a long double)', async () => {
    const rand = prng(2);
    const pairs: [string, string][] = [];
    for (let i = 0; i < 300; i++) pairs.push([decimal(rand, 25, 20), decimal(rand, 25, 20)]);
    await compareSums(pairs);
  });

  it('large and small magnitudes', async () => {
    const rand = prng(3);
    const pairs: [string, string][] = [];
    for (let i = 0; i < 150; i++) pairs.push([decimal(rand, 20, 400), decimal(rand, 20, 400)]);
    for (let i = 0; i < 30; i++) pairs.push([decimal(rand, 20, 4900), decimal(rand, 20, 4900)]);
    pairs.push(
      ['0', '1e300'],
      ['0', '-1e300'],
      ['1e300', '1'],
      ['1e4932', '0'],
      ['1.18973149535723176502e4932', '0'],
      ['1.18973149535723176502e4932', '1e4900'],
      ['-1.18973149535723176502e4932', '-1e4913'],
      ['1.1897314953572317650e4932', '0'],
      ['1.19e4932', '0'],
      ['0', '3.6451995318824746025e-4951'],
      ['0', '1.8225997659412373012e-4951'],
      ['0', '1.8225997659412373013e-4951'],
      ['0', '3.3621031431120935063e-4932'],
      ['0', '1e-4951'],
      ['1e-4940', '-1e-4940'],
      ['0', '0.000000000000000005'],
      ['0', '0.000000000000000015'],
      ['0', '-0.000000000000000005'],
      ['0', '0.0000000000000000051'],
      ['0', '0.00000000000000001'],
    );
    await compareSums(pairs);
  });

  it('integers near the 64-bit significand: ties round to even', async () => {
    const pairs: [string, string][] = [];
    const big = [
      '9007199254740993',
      '18446744073709551615',
      '18446744073709551616',
      '18446744073709551617',
      '18446744073709551618',
      '18446744073709551619',
      '36893488147419103233',
      '36893488147419103234',
      '36893488147419103235',
      '36893488147419103237',
      '9223372036854775807',
      '-9223372036854775808',
      '-18446744073709551617',
    ];
    for (const v of big) pairs.push(['0', v], [v, '1'], [v, '-1'], [v, '0.5'], [v, v]);
    await compareSums(pairs);
  });

  it('values exactly halfway between two 17-digit prints: ties round to even', async () => {
    // m × 2^-18 times 10^17 always ends in .5: the printf rounding tie.
    const rand = prng(4);
    const pairs: [string, string][] = [];
    for (let i = 0; i < 100; i++) {
      const m = BigInt(int(rand, 0, 2 ** 30) * 2 + 1);
      const exact = (m * 5n ** 18n).toString().padStart(19, '0');
      const text = `${exact.slice(0, -18)}.${exact.slice(-18)}`;
      pairs.push(['0', rand() < 0.5 ? text : `-${text}`]);
    }
    await compareSums(pairs);
  });

  it('hex floats, infinities and the forms strtold accepts', async () => {
    await both.same(
      ...increments([
        ['0x10', '0x1p-3'],
        ['0X1.8P1', '0x.8'],
        ['0x1p-16400', '0'],
        ['0x1p16383', '0'],
        ['0xffffffffffffffff8', '0'],
        ['0xffffffffffffffff7', '0'],
        ['0x1p16384', '0'],
        ['0x1p-16446', '0'],
        ['0x1p-16445', '0'],
        ['0', 'inf'],
        ['0', '-INFINITY'],
        ['inf', '-inf'],
        ['.5', '5.'],
        ['+.5e-0', '-.5E+0'],
        ['1e+0003', '0'],
        ['0e999999999999', '0'],
        ['1e-999999999999', '0'],
        ['0.0', '-0.0'],
        ['-0', '-0'],
      ]),
    );
  });

  it('repeated increments accumulate in long double', async () => {
    const rand = prng(5);
    const cmds: Cmd[] = [];
    for (let i = 0; i < 200; i++) cmds.push(['INCRBYFLOAT', 'acc', decimal(rand, 4, 2)]);
    for (let i = 0; i < 100; i++) cmds.push(['INCRBYFLOAT', 'tenth', '0.1']);
    for (let i = 0; i < 50; i++) cmds.push(['INCRBYFLOAT', 'third', '0.3333333333333333333333']);
    await both.same(...cmds);
  });
});

describe('longdouble.ts directly', () => {
  const add = (a: string, b: string) =>
    formatLongDouble(addLongDouble(parseLongDouble(a)!, parseLongDouble(b)!));

  it('adds as Redis prints', () => {
    expect(add('0.1', '0.2')).toBe('0.3');
    expect(add('10.5', '0.1')).toBe('10.6');
    expect(add('1', '-1')).toBe('0');
    expect(add('-0.000000000000000001', '0')).toBe('0');
    expect(add('0', '1e300').startsWith('10000000000000000000089973240795591938705239442732')).toBe(true);
  });

  it('refuses what string2ld refuses', () => {
    for (const s of ['', ' 1', '1 ', 'nan', '1e5000', '1e-5000', '0x', '1e', 'x', '1'.repeat(5120)]) {
      expect(parseLongDouble(s), JSON.stringify(s)).toBeNull();
    }
  });

  it('infinities and NaN', () => {
    const inf = parseLongDouble('inf')!;
    const ninf = parseLongDouble('-inf')!;
    expect(isFiniteLD(inf)).toBe(false);
    expect(formatLongDouble(inf)).toBe('inf');
    expect(formatLongDouble(ninf)).toBe('-inf');
    expect(formatLongDouble(addLongDouble(inf, ninf))).toBe('nan');
    expect(isFiniteLD(addLongDouble(parseLongDouble('1e4932')!, parseLongDouble('1e4932')!))).toBe(false);
  });
});
