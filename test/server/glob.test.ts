// The glob matcher: Redis's stringmatchlen, checked case by case and against a real Redis through
// KEYS (every KEYS call matches one pattern against every key in the database).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, globMatch } from '../../server/glob.js';
import type { RawClient } from '../support/raw.js';
import { relax, useTargets } from '../support/targets.js';

const both = useTargets();

describe('globMatch', () => {
  const cases: [pattern: string, subject: string, matches: boolean][] = [
    ['', '', true],
    ['', 'a', false],
    ['*', '', false], // an empty subject matches only the empty pattern
    ['**', '', false],
    ['*', 'a', true],
    ['**', 'abc', true],
    ['a*', 'a', true],
    ['a**', 'a', true],
    ['a*b', 'ab', true],
    ['a*b', 'axxb', true],
    ['a*b', 'axxbc', false],
    ['a*b*c', 'abxbxc', true],
    ['*a*a*a*a*a*a*a*a*b', 'a'.repeat(40), false],
    ['?', '', false],
    ['?', 'a', true],
    ['??', 'a', false],
    ['a?c', 'abc', true],
    ['[abc]', 'b', true],
    ['[abc]', 'd', false],
    ['[^abc]', 'd', true],
    ['[^abc]', 'a', false],
    ['[a-c]', 'b', true],
    ['[c-a]', 'b', true], // a reversed range
    ['[a-c]', 'd', false],
    ['[a-]', ']', true], // the range "]".."a", unterminated
    ['[a-]', '^', true],
    ['[a-]', '-', false],
    ['[a-]', 'b', false],
    ['[a-', 'a', true], // too short for a range: "a" or "-"
    ['[a-', '-', true],
    ['[', 'a', false], // an empty set
    ['[', '[', false],
    ['[^', 'x', true], // a negated empty set
    ['[]', ']', false],
    ['[]]', ']', false],
    ['[^]', 'x', true],
    ['[ab', 'b', true],
    ['[ab', 'ab', false],
    ['[ab*', 'b', true], // "*" inside the unterminated set is a member
    ['[ab*', '*', true],
    ['[ab*', 'bx', false],
    ['\\*', '*', true],
    ['\\*', 'a', false],
    ['*\\*', 'abc*', true],
    ['*\\*', 'abc', false],
    ['\\', '\\', true], // a trailing backslash is itself
    ['a\\', 'a\\', true],
    ['\\\\', '\\', true],
    ['[\\]]', ']', true],
    ['[\\', '\\', true],
    ['[\\]', ']', true],
    ['[\\-a]', '-', true],
    ['[\\-a]', 'b', false],
    ['[a-\\]', '_', true], // the range "\\".."a"
    ['[a-\xff]', '\x00', true], // bounds compare as signed chars: -1..97
    ['[a-\xff]', 'b', false],
    ['[a-\xff]', '\x80', false],
    ['[\x80-\xff]', '\x90', true],
    ['[\x80-\xff]', 'a', false],
    ['x\x00*', 'x\x00y', true],
    ['[Z-a]', '_', true],
    ['user:*', 'user:', true],
    ['user:*', 'user', false],
  ];
  it.each(cases)('%j against %j is %s', (pattern, subject, matches) => {
    expect(globMatch(pattern, subject)).toBe(matches);
  });

  const nocase: [pattern: string, subject: string, matches: boolean][] = [
    ['A*', 'abc', true],
    ['abc', 'ABC', true],
    ['[A-C]', 'b', true],
    ['[a-c]', 'B', true],
    ['[^A]', 'a', false],
    ['[\\A]', 'a', false], // an escaped byte in a set compares exactly
    ['[\\A]', 'A', true],
    ['\\A', 'a', true],
    ['[Z-a]', '_', false], // lowered after ordering: "z".."a" is empty
    ['[Z-a]', 'z', false],
    ['[a-Z]', '_', false], // ordered to "Z".."a", then lowered: empty as well
    ['[a-Z]', 'Z', false],
  ];
  it.each(nocase)('nocase: %j against %j is %s', (pattern, subject, matches) => {
    expect(globMatch(pattern, subject, true)).toBe(matches);
  });

  it('is linear in the subject for many stars', () => {
    const match = compileGlob(`${'*a'.repeat(50)}*b`);
    const start = performance.now();
    expect(match('a'.repeat(100_000))).toBe(false);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

/** Keys that exercise every special byte. */
const KEYS = [
  '',
  'a',
  'b',
  'c',
  'A',
  'Z',
  '_',
  '`',
  'ab',
  'abc',
  'abc*',
  'a*',
  '*',
  '**',
  '?',
  '[',
  ']',
  '[]',
  '\\',
  '\\\\',
  '\\*',
  '^',
  '-',
  'a-',
  'a]',
  ']a',
  '[a',
  'x\x00y',
  '\x00',
  '\xff',
  '\x80',
  'a\xff',
  'hello',
  'hallo',
  'hllo',
  'heeeello',
  'user:1',
  'user:10',
  'user:2:name',
];

const PATTERNS = [
  '*',
  '**',
  '***',
  '',
  '?',
  '??',
  '*?',
  'a*',
  '*a',
  '*a*',
  'a*c',
  'h?llo',
  'h*llo',
  'h[ae]llo',
  'h[^e]llo',
  'h[a-b]llo',
  'user:*',
  'user:?',
  'user:*:*',
  '[',
  '[[]',
  '[]',
  '[]]',
  '[^]',
  '[^',
  ']',
  '[a',
  '[ab',
  '[ab*',
  '[a-]',
  '[a-',
  '[-a]',
  '[z-a]',
  '[a-z]',
  '[A-a]',
  '[a-A]',
  '[\\]]',
  '[\\',
  '[\\]',
  '[\\-a]',
  '[a-\\]',
  '\\',
  '\\\\',
  '\\*',
  '*\\*',
  '\\?',
  '\\[',
  '\\]',
  '*\\',
  'a\\',
  '[\x00-a]',
  '[a-\xff]',
  '[\x80-\xff]',
  '[\xff-\x80]',
  '*\xff',
  'x\x00*',
  '?\x00?',
  '[^a-z]*',
  '*[*]',
  '*[?]*',
];

describe('KEYS patterns against Redis', () => {
  it('matches the same keys for every tricky pattern', async () => {
    await both.compare(
      { normalize: relax.unordered },
      ...KEYS.map((k) => ['SET', k, 'v']),
      ...PATTERNS.map((p) => ['KEYS', p]),
    );
  });

  /**
   * Load random keys over `letters` into both targets, then check that KEYS agrees for random
   * patterns over the same letters.
   */
  async function agreeOnRandomPatterns(letters: string[], seed: number, runs: number): Promise<void> {
    const alphabet = fc.constantFrom(...letters);
    const text = (max: number) => fc.array(alphabet, { maxLength: max }).map((cs) => cs.join(''));
    const keys = [...new Set(fc.sample(text(6), { seed, numRuns: 300 }))];
    const clients: RawClient[] = [];
    for (const t of both.list) {
      const c = await t.raw();
      for (const k of keys) await c.call('SET', k, 'v');
      clients.push(c);
    }
    expect(clients.length, 'both targets').toBe(2);
    const keysOn = async (c: RawClient, pattern: string) =>
      relax.unordered((await c.call('KEYS', pattern)).toString('latin1'));
    await fc.assert(
      fc.asyncProperty(text(8), async (pattern) => {
        const [mine, redis] = [await keysOn(clients[0], pattern), await keysOn(clients[1], pattern)];
        expect(mine, JSON.stringify(pattern)).toBe(redis);
      }),
      { seed, numRuns: runs },
    );
  }

  it('random patterns and keys agree with Redis (fast-check, fixed seed)', async () => {
    const special = ['[', ']', '^', '-', '\\', '*', '?'];
    await agreeOnRandomPatterns(
      ['a', 'b', 'c', 'A', 'z', ...special, '\x00', '\xff', '\x80'],
      20240607,
      1500,
    );
  });

  it('random patterns of letters and stars agree with Redis (the literal-pieces path)', async () => {
    await agreeOnRandomPatterns(['a', 'b', 'c', '*'], 11, 800);
  });
});
