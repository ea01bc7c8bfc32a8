// The engine's fast path for stored scripts, against both targets: EVALSHA reaches each script through
// a token passed beside ARGV (engine.ts), redis.call integers cross the boundary without a BigInt up to
// 47 bits (convert.ts), and short keys and arguments are copied by hand. Each must be invisible.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTargets } from '../support/targets.js';

const both = useTargets();

describe('stored scripts', () => {
  it('many scripts, each called by its SHA1, see their own KEYS and ARGV', async () => {
    const commands: string[][] = [];
    for (let i = 0; i < 20; i++) {
      const body = `return {${i}, #KEYS, #ARGV, KEYS[1], ARGV[#ARGV]}`;
      commands.push(['SCRIPT', 'LOAD', body], ['EVAL', body, '1', 'k', 'a', 'b']);
    }
    await both.same(...commands);
    await both.each(async (t) => {
      const c = await t.raw();
      for (let i = 0; i < 20; i++) {
        const body = `return {${i}, #KEYS, #ARGV, KEYS[1], ARGV[#ARGV]}`;
        const sha = (await c.call('SCRIPT', 'LOAD', body)).toString('latin1').split('\r\n')[1];
        const reply = (await c.call('EVALSHA', sha, '1', 'k', 'a', `last${i}`)).toString('latin1');
        expect(reply).toBe(`*5\r\n:${i}\r\n:1\r\n:2\r\n$1\r\nk\r\n$${4 + String(i).length}\r\nlast${i}\r\n`);
      }
    });
  });

  it('ARGV is the caller’s whole ARGV: empty, long, binary, and a last entry that looks like anything', async () => {
    const body = 'return {#ARGV, ARGV[1], ARGV[#ARGV]}';
    await both.same(
      ['EVAL', body, '0'],
      ['EVAL', body, '1', 'k'],
      ['EVAL', body, '0', '', '\x00\xff'],
      ['EVAL', body, '0', 'x'.repeat(100), 'y'.repeat(33)],
      ['EVAL', body, '0', 'return _G()'],
      ['EVAL', 'table.remove(ARGV) return {#ARGV, ARGV[1]}', '0', 'a', 'b'],
    );
  });

  it('SCRIPT FLUSH forgets them; EVAL compiles them again', async () => {
    await both.same(
      ['EVAL', 'return 41 + 1', '0'],
      ['EVALSHA', '33edbe77b397182f056bf8fa1fed8a528593e4a5', '0'],
      ['SCRIPT', 'FLUSH'],
      ['EVALSHA', '33edbe77b397182f056bf8fa1fed8a528593e4a5', '0'],
      ['EVAL', 'return 41 + 1', '0'],
    );
  });

  it('calling the globals table fails as in Redis (the dispatcher answers only its own tokens)', async () => {
    await both.each(async (t) => {
      const reply = (await (await t.raw()).call('EVAL', 'return _G()', '0')).toString('latin1');
      expect(reply).toMatch(/^-ERR .*attempt to call global '_G' \(a table value\)/);
    });
  });
});

describe('redis.call replies', () => {
  it('integers at the edges of the short path and beyond, both signs', async () => {
    const script =
      "redis.call('set', KEYS[1], ARGV[1]) local n = redis.call('incrby', KEYS[1], 0) return {n, tostring(n)}";
    const values = [
      '0',
      '-1',
      '99999999999999',
      '-9999999999999',
      '140737488355327',
      '-140737488355328',
      '123456789012345',
      '-123456789012345',
      '9223372036854775807',
      '-9223372036854775808',
    ];
    await both.same(...values.map((v) => ['EVAL', script, '1', 'k', v]));
  });

  it('long and short bulk replies, statuses and errors', async () => {
    await both.same(
      ['SET', 'big', 'z'.repeat(1000)],
      [
        'EVAL',
        "return {redis.call('get', 'big'), redis.call('set', 'a', 'b'), redis.pcall('incr', 'big')}",
        '0',
      ],
      ['EVAL', "return redis.call('get', KEYS[1])", '1', 'a'],
    );
  });
});

const sha = (s: string) => createHash('sha1').update(s).digest('hex');

describe('INFO memory of scripts', () => {
  it('counts cached scripts, functions and libraries, and the scripts memory as Redis accounts it', async () => {
    const fields = [
      'number_of_cached_scripts',
      'number_of_functions',
      'number_of_libraries',
      'used_memory_scripts_eval',
    ];
    const read = async () => {
      const seen: Record<string, string>[] = [];
      await both.each(async (t) => {
        const c = await t.raw();
        const info = (await c.call('INFO', 'memory')).toString('latin1');
        seen.push(
          Object.fromEntries(fields.map((f) => [f, info.match(new RegExp(`${f}:(\\d+)`))?.[1] ?? ''])),
        );
      });
      expect(seen[0]).toEqual(seen[1]);
      return seen[0];
    };
    await both.same(['SCRIPT', 'FLUSH'], ['FUNCTION', 'FLUSH']);
    expect(await read()).toEqual({
      number_of_cached_scripts: '0',
      number_of_functions: '0',
      number_of_libraries: '0',
      used_memory_scripts_eval: '0',
    });
    // Bodies of every size class that matters: embedded (<= 44 bytes), short, 8-bit and 16-bit sds.
    const bodies = [
      'return 1',
      `return '${'x'.repeat(34)}'`,
      `return '${'y'.repeat(35)}'`,
      `return '${'z'.repeat(200)}'`,
    ];
    bodies.push(`return '${'w'.repeat(300)}'`, `return '${'v'.repeat(5000)}'`);
    for (let i = 0; i < 6; i++) bodies.push(`return ${i + 100}`);
    // Redis grows its script dict by incremental rehashing, counting both tables' slots until it is
    // done, one step per lookup: 20 lookups (SCRIPT EXISTS) finish it before each reading.
    const lookups = ['SCRIPT', 'EXISTS', ...Array.from({ length: 20 }, (_, i) => sha(`nothing ${i}`))];
    for (const body of bodies) {
      await both.same(['EVAL', body, '0'], lookups);
      await read();
    }
    await both.same(
      [
        'FUNCTION',
        'LOAD',
        "#!lua name=lib1\nredis.register_function('a', function() return 1 end)\nredis.register_function('b', function() return 2 end)",
      ],
      ['FUNCTION', 'LOAD', "#!lua name=lib2\nredis.register_function('c', function() return 3 end)"],
    );
    expect(await read()).toMatchObject({
      number_of_cached_scripts: '12',
      number_of_functions: '3',
      number_of_libraries: '2',
    });
    await both.same(['SCRIPT', 'FLUSH'], ['FUNCTION', 'DELETE', 'lib1']);
    expect(await read()).toMatchObject({
      number_of_cached_scripts: '0',
      number_of_functions: '1',
      used_memory_scripts_eval: '0',
    });
    await both.same(['FUNCTION', 'FLUSH']);
  });
});
