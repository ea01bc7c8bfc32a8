// FUNCTION and FCALL against both targets, byte for byte: loading libraries (header, registration in
// both call forms, flags, load-time environment, every refusal), calling them, listing, deleting,
// flushing, and DUMP/RESTORE (Redis's payload restores in respite and respite's in Redis).

import { beforeEach, describe, expect, it } from 'vitest';
import { useTargets } from '../support/targets.js';

const both = useTargets();

// FLUSHALL keeps functions (in Redis too): each test starts without libraries.
beforeEach(async () => {
  await both.same(['FUNCTION', 'FLUSH']);
});

const lib = (name: string, body: string) => `#!lua name=${name}\n${body}`;
const MYLIB = lib(
  'mylib',
  [
    "redis.register_function('echo', function(keys, args) return {keys, args} end)",
    "redis.register_function{function_name='setter', callback=function(k, a) return redis.call('set', k[1], a[1]) end}",
    "redis.register_function{function_name='getter', callback=function(k) return redis.call('get', k[1]) end, flags={'no-writes'}, description='reads'}",
    "redis.register_function('boom', function() return redis.call('nosuch') end)",
    "redis.register_function('lua_error', function() local x = nil return x.y end)",
  ].join('\n'),
);

describe('FUNCTION LOAD and FCALL', () => {
  it('registers in both forms and calls with keys and args', async () => {
    await both.same(
      ['FUNCTION', 'LOAD', MYLIB],
      ['FCALL', 'echo', '2', 'a', 'b', 'c', 'd'],
      ['FCALL', 'echo', '0'],
      ['FCALL', 'setter', '1', 'k', 'v'],
      ['FCALL', 'getter', '1', 'k'],
      ['FCALL_RO', 'getter', '1', 'k'],
      ['FCALL_RO', 'setter', '1', 'k', 'v'],
      ['FCALL', 'boom', '0'],
      ['FCALL', 'lua_error', '0'],
      ['FCALL', 'nosuch', '0'],
      ['FCALL', 'echo', '-1'],
      ['FCALL', 'echo', '3', 'a'],
      ['FCALL', 'echo', 'x'],
      ['FCALL', 'echo'],
      ['FUNCTION', 'LOAD', MYLIB],
      ['FUNCTION', 'LOAD', 'REPLACE', MYLIB],
      [
        'FUNCTION',
        'LOAD',
        'replace',
        lib('mylib', "redis.register_function('only', function() return 7 end)"),
      ],
      ['FCALL', 'only', '0'],
      ['FCALL', 'echo', '0'],
      ['FUNCTION', 'LOAD', 'FOO', MYLIB],
      ['FUNCTION', 'LOAD', lib('other', "redis.register_function('only', function() end)")],
    );
  });

  it('refuses bad headers and bad libraries with Redis errors', async () => {
    await both.same(
      ['FUNCTION', 'LOAD', 'return 1'],
      ['FUNCTION', 'LOAD', '#!lua\nreturn 1'],
      ['FUNCTION', 'LOAD', '#!lua name=x'],
      ['FUNCTION', 'LOAD', '#!js name=x\nreturn 1'],
      ['FUNCTION', 'LOAD', '#!lua name=x name=y\nreturn 1'],
      ['FUNCTION', 'LOAD', '#!lua name=x foo=bar\nreturn 1'],
      ['FUNCTION', 'LOAD', '#!lua name=bad-name\nreturn 1'],
      ['FUNCTION', 'LOAD', lib('x', 'return 1')],
      ['FUNCTION', 'LOAD', lib('x', 'local a = +')],
      ['FUNCTION', 'LOAD', lib('x', "redis.call('set', 'a', 'b')")],
      ['FUNCTION', 'LOAD', lib('x', 'x = 5')],
      ['FUNCTION', 'LOAD', lib('x', 'local s = string')],
      ['FUNCTION', 'LOAD', lib('x', "error('boom')")],
      ['FUNCTION', 'LOAD', lib('x', 'local x = 1 + {}')],
      ['FUNCTION', 'LOAD', lib('x', 'redis.setresp(3)')],
    );
  });

  it('redis.register_function checks its arguments as Redis does', async () => {
    const cases = [
      'redis.register_function()',
      "redis.register_function('a')",
      "redis.register_function('a', function() end, 3)",
      "redis.register_function('a', 5)",
      'redis.register_function(5, function() end)',
      "redis.register_function({function_name='a', callback=function() end}, 5)",
      'redis.register_function{}',
      "redis.register_function{function_name='a'}",
      'redis.register_function{callback=function() end}',
      "redis.register_function{function_name='a', callback=5}",
      "redis.register_function{function_name='a', callback=function() end, flags='no-writes'}",
      "redis.register_function{function_name='a', callback=function() end, flags={5}}",
      "redis.register_function{function_name='a', callback=function() end, flags={'bad'}}",
      "redis.register_function{function_name='a', callback=function() end, foo=5}",
      "redis.register_function{function_name='a', callback=function() end, description=5}",
      "redis.register_function('a', function() end) redis.register_function('a', function() end)",
      "redis.register_function('', function() end)",
      "redis.register_function('a-b', function() end)",
      "redis.register_function{function_name='a', callback=function() end, flags={'allow-cross-slot-keys','no-cluster','allow-stale','allow-oom','no-writes'}}",
      "redis.log(redis.LOG_WARNING, 'hi') redis.register_function('a', function() return redis.REDIS_VERSION_NUM > 0 end)",
    ];
    for (const body of cases) {
      await both.same(
        ['FUNCTION', 'LOAD', lib('y', body)],
        ['FUNCTION', 'LIST'],
        ['FUNCTION', 'DELETE', 'y'],
      );
    }
  });

  it('functions see the whole API at run time, and the read-only globals', async () => {
    await both.same(
      [
        'FUNCTION',
        'LOAD',
        lib(
          'rt',
          [
            "redis.register_function('t', function(k, a) return {type(string), type(redis.call), cjson.encode({1}), tostring(#a)} end)",
            "redis.register_function('w', function() x = 1 end)",
            "redis.register_function('r', function() return nosuch end)",
            "redis.register_function('e', function() return redis.error_reply('My Error') end)",
          ].join('\n'),
        ),
      ],
      ['FCALL', 't', '0', 'a', 'b'],
      ['FCALL', 'w', '0'],
      ['FCALL', 'r', '0'],
      ['FCALL', 'e', '0'],
    );
  });
});

describe('FUNCTION LIST, DELETE, FLUSH, STATS, KILL, HELP', () => {
  it('lists with code and patterns, in RESP2 and RESP3', async () => {
    // One function per library: Redis lists a library's functions in its dict's (seeded) hash order.
    await both.same([
      'FUNCTION',
      'LOAD',
      lib(
        'mylib',
        "redis.register_function{function_name='getter', callback=function(k) return 1 end, flags={'no-writes', 'allow-oom'}, description='reads'}",
      ),
    ]);
    for (const proto of [2, 3] as const) {
      await both.compare(
        { proto },
        ['FUNCTION', 'LIST'],
        ['FUNCTION', 'LIST', 'WITHCODE'],
        ['FUNCTION', 'LIST', 'LIBRARYNAME', 'my*'],
        ['FUNCTION', 'LIST', 'libraryname', 'MY*', 'withcode'],
        ['FUNCTION', 'LIST', 'LIBRARYNAME', 'x*'],
        ['FUNCTION', 'LIST', 'LIBRARYNAME'],
        ['FUNCTION', 'LIST', 'foo'],
        ['FUNCTION', 'LIST', 'WITHCODE', 'WITHCODE'],
        ['FUNCTION', 'LIST', 'LIBRARYNAME', 'a', 'LIBRARYNAME', 'b'],
        ['FUNCTION', 'STATS'],
      );
    }
  });

  it('deletes and flushes', async () => {
    await both.same(
      ['FUNCTION', 'LOAD', MYLIB],
      ['FUNCTION', 'DELETE', 'nosuch'],
      ['FUNCTION', 'DELETE'],
      ['FUNCTION', 'DELETE', 'mylib'],
      ['FCALL', 'echo', '0'],
      ['FUNCTION', 'LOAD', MYLIB],
      ['FUNCTION', 'FLUSH', 'foo'],
      ['FUNCTION', 'FLUSH', 'ASYNC', 'x'],
      ['FUNCTION', 'FLUSH', 'sync'],
      ['FUNCTION', 'LIST'],
      ['FUNCTION', 'LOAD', MYLIB],
      ['FUNCTION', 'FLUSH'],
      ['FUNCTION', 'STATS'],
      ['FUNCTION', 'KILL'],
      ['FUNCTION', 'HELP'],
      ['FUNCTION', 'HELP', 'x'],
      ['FUNCTION', 'NOSUCH'],
    );
  });
});

describe('FUNCTION DUMP and RESTORE', () => {
  it('round-trips, across servers both ways, with every policy', async () => {
    const short = lib('s', "redis.register_function('sf', function() return 1 end)");
    // Long enough that Redis compresses it (LZF).
    const long = lib(
      'l',
      `${"redis.register_function('lf', function() return 'abcdefabcdefabcdef' end)\n".repeat(1)}${'-- padding padding padding padding\n'.repeat(20)}`,
    );
    const payloads: string[][] = [];
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('FUNCTION', 'LOAD', short);
      await c.call('FUNCTION', 'LOAD', long);
      payloads.push([(await c.call('FUNCTION', 'DUMP')).toString('latin1')]);
    });
    for (const [payload] of payloads) {
      const body = payload.slice(payload.indexOf('\r\n') + 2, -2);
      await both.same(
        ['FUNCTION', 'FLUSH'],
        ['FUNCTION', 'RESTORE', body],
        ['FCALL', 'sf', '0'],
        ['FCALL', 'lf', '0'],
        // One library colliding: Redis reports the first collision in its dict's (seeded) order.
        ['FUNCTION', 'DELETE', 'l'],
        ['FUNCTION', 'RESTORE', body],
        ['FUNCTION', 'RESTORE', body, 'APPEND'],
        ['FUNCTION', 'RESTORE', body, 'REPLACE'],
        ['FUNCTION', 'RESTORE', body, 'FLUSH'],
        ['FUNCTION', 'RESTORE', body, 'foo'],
        ['FUNCTION', 'RESTORE', body, 'FLUSH', 'x'],
        ['FUNCTION', 'LIST', 'LIBRARYNAME', 's'],
        ['FUNCTION', 'RESTORE', `${body.slice(0, -1)}x`],
        ['FUNCTION', 'RESTORE', 'garbage'],
        ['FUNCTION', 'RESTORE', ''],
        ['FUNCTION', 'DELETE', 's'],
        ['FUNCTION', 'LOAD', lib('other', "redis.register_function('sf', function() end)")],
        ['FUNCTION', 'RESTORE', body, 'REPLACE'],
        ['FUNCTION', 'LIST', 'LIBRARYNAME', 's'],
      );
    }
  });

  it('dumps a short library byte for byte as Redis', async () => {
    const replies = await both.same(
      ['FUNCTION', 'LOAD', lib('s', "redis.register_function('sf', function() return 1 end)")],
      ['FUNCTION', 'DUMP'],
      ['FUNCTION', 'FLUSH'],
      ['FUNCTION', 'DUMP'],
    );
    expect(replies[1].length).toBeGreaterThan(20);
  });
});

describe('FUNCTION LOAD as Redis 7.0 reads libraries', () => {
  it('the shebang split as sdssplitargs (quotes, an empty engine, NAME=), and the order of its errors', async () => {
    const load = (code: string) => ['FUNCTION', 'LOAD', 'REPLACE', code];
    const body = "\nredis.register_function('foo', function() return 1 end)";
    await both.same(
      load(`#! name=test${body}`),
      load(`#!lua name="foo"${body}`),
      load(`#!lua NAME=upper${body}`),
      load(`#!lua name="unbalanced${body}`),
      load(`#!lua name=bad-name${body}`),
      load(`#!nope name=bad-name${body}`),
      load(`#!nope name=ok${body}`),
      load(`#!lua 'name=single'${body}`),
      ['FUNCTION', 'FLUSH'],
    );
  });

  it('function names are case-insensitive across libraries, as FCALL finds them', async () => {
    await both.same(
      ['FUNCTION', 'LOAD', "#!lua name=lib1\nredis.register_function('Foo', function() return 'lib1' end)"],
      ['FCALL', 'FOO', '0'],
      ['FCALL', 'foo', '0'],
      ['FCALL_RO', 'fOO', '0'],
      ['FUNCTION', 'LOAD', "#!lua name=lib2\nredis.register_function('foo', function() return 'lib2' end)"],
      [
        'FUNCTION',
        'LOAD',
        'REPLACE',
        "#!lua name=lib1\nredis.register_function('FOO', function() return 'again' end)",
      ],
      ['FCALL', 'Foo', '0'],
      ['FUNCTION', 'DELETE', 'lib1'],
      ['FCALL', 'foo', '0'],
      ['FUNCTION', 'FLUSH'],
    );
  });

  it('a library whose code runs too long: FUNCTION LOAD timeout, even under pcall', async () => {
    await both.same(
      ['FUNCTION', 'LOAD', '#!lua name=lib\nlocal a = 1\nwhile 1 do a = a + 1 end'],
      ['FUNCTION', 'LOAD', '#!lua name=lib\nwhile 1 do pcall(function() while 1 do end end) end'],
      ['FUNCTION', 'LIST'],
    );
  });
});

describe('the load-time redis table', () => {
  it('is read-only, at load and from a function that kept it; register_function works only at load', async () => {
    await both.same(
      [
        'FUNCTION',
        'LOAD',
        "#!lua name=t\nredis.x = 1\nredis.register_function('f', function() return 1 end)",
      ],
      [
        'FUNCTION',
        'LOAD',
        "#!lua name=t\nlocal lib = redis\nlib.register_function('f1', function() lib.redis = redis return {ok='OK'} end)\nlib.register_function('f2', function()\n  lib.register_function('f3', function() return 1 end)\nend)",
      ],
      ['FCALL', 'f1', '0'],
      ['FCALL', 'f2', '0'],
      ['FUNCTION', 'LOAD', '#!lua name=t2\nredis.math.random()'],
      ['FUNCTION', 'LOAD', "#!lua name=t2\nredis.redis.call('ping')"],
      // After a library that failed to load, too.
      ['FCALL', 'f2', '0'],
      ['FUNCTION', 'FLUSH'],
    );
  });
});

describe("a function's globals", () => {
  it("have no KEYS or ARGV (they are its arguments), and are read-only like a script's", async () => {
    await both.same(
      [
        'FUNCTION',
        'LOAD',
        "#!lua name=kv\nredis.register_function('k', function(keys, args) return KEYS[1] end)\nredis.register_function('g', function(keys, args) return _G.KEYS end)\nredis.register_function('w', function(keys, args) _G.x = 1 end)\nredis.register_function('ok', function(keys, args) return {keys[1], args[1], redis.call('ping'), type(_G), type(string.format), math.floor(2.5)} end)\nredis.register_function('a', function(keys, args) return ARGV end)",
      ],
      ['FCALL', 'k', '1', 'x'],
      ['FCALL', 'g', '1', 'x'],
      ['FCALL', 'w', '0'],
      ['FCALL', 'ok', '1', 'x', 'y'],
      ['FCALL', 'a', '0', 'y'],
      ['EVAL', 'return {KEYS[1], ARGV[1]}', '1', 'k', 'a'],
      ['FUNCTION', 'FLUSH'],
    );
  });
});
