// Scripts that try to break the Lua engine: results with metatables, deep nesting, deep C recursion,
// out of memory. Redis answers each (or, where Redis itself would crash, respite answers an error)
// and both keep serving.

import { describe, expect, it } from 'vitest';
import { useTargets } from '../support/targets.js';

const both = useTargets();

const e0 = (script: string) => ['EVAL', script, '0'];
const nested = (depth: number) =>
  `local t = {} local c = t for i=1,${depth} do c[1] = {} c = c[1] end return t`;

describe('script results are read as Redis reads them', () => {
  it('metatables are ignored: fields and elements are read raw', async () => {
    await both.same(
      e0("return setmetatable({}, {__index=function() error('boom') end})"),
      e0("return setmetatable({1,2}, {__index=function(t,k) error('boom') end})"),
      e0('return setmetatable({}, {__index=function(t,k) return k end})'),
      e0("return {1, setmetatable({}, {__index=function() error('boom') end}), 3}"),
      e0("return setmetatable({1}, {__index={err='hidden', ok='hidden', [2]=2}})"),
      e0("return {err=setmetatable({}, {__tostring=function() error('x') end})}"),
      e0("redis.setresp(3) return setmetatable({}, {__index=function() error('boom') end})"),
      e0("redis.setresp(3) return {map=setmetatable({a=1}, {__index=function() error('x') end})}"),
      e0('return 1'),
    );
  });

  it('err and ok count only as strings; the first of several results', async () => {
    await both.same(
      e0('return {err=5}'),
      e0('return {ok=5}'),
      e0("return {err=5, ok='fine'}"),
      e0('return 1, 2'),
      e0("return 'a', {err='x'}"),
      e0('return {1, {2, {3, {4}}}}'),
    );
  });

  it('deeply nested results', async () => {
    await both.same(e0(nested(100)), e0(nested(390)));
  });

  it('too deep: an error in place of what lies too deep, and the server keeps serving', async () => {
    // Redis answers "reached lua stack limit" from level 7996; respite from level 401, where its
    // engine's encoder would give up.
    await both.each(async (t) => {
      if (t.kind !== 'respite') return;
      const c = await t.raw();
      const reply = (await c.call(...e0(nested(1000)))).toString('latin1');
      expect(reply).toBe(`${'*1\r\n'.repeat(400)}-ERR reached lua stack limit\r\n`);
      expect((await c.call(...e0('return 1'))).toString()).toBe(':1\r\n');
    });
  });
});

describe('the engine survives', () => {
  it('stack overflows in Lua are errors, as in Redis', async () => {
    await both.same(
      e0('local function f(n) return f(n+1)+1 end return f(1)'),
      e0('local function f() return {f()} end return f()'),
      e0('local function f(n) return pcall(f, n+1) end return {f(1)}'),
      e0("return #cjson.encode(cjson.decode(string.rep('[', 999) .. string.rep(']', 999)))"),
      e0("return cjson.decode(string.rep('[', 1200) .. string.rep(']', 1200))"),
      e0("return #cmsgpack.unpack(string.rep('\\145', 5000) .. '\\192')"),
      e0("return string.find(string.rep('a', 5000), string.rep('a?', 5000))"),
      e0('return 1'),
    );
  });

  it('C recursion past what the engine can hold: an error, then scripts and functions run again', async () => {
    // Lua 5.1's pattern matcher recurses once per "a?"; Redis's own C stack would overflow here too.
    await both.each(async (t) => {
      if (t.kind !== 'respite') return;
      const c = await t.raw();
      await c.call(
        'FUNCTION',
        'LOAD',
        "#!lua name=keep\nredis.register_function('keep', function() return 'kept' end)",
      );
      await c.call('SCRIPT', 'LOAD', 'return 42');
      const reply = (
        await c.call(...e0("return string.find(string.rep('a', 500000), string.rep('a?', 500000))"))
      ).toString('latin1');
      expect(reply).toMatch(/^-ERR Lua engine failure: .+ script: [0-9a-f]{40}, on @user_script:1\.\r\n$/);
      expect((await c.call(...e0('return 1'))).toString()).toBe(':1\r\n');
      expect((await c.call('FCALL', 'keep', '0')).toString()).toBe('$4\r\nkept\r\n');
      expect((await c.call('EVALSHA', '1a3c1e29efbd4fa0a5f7da3cdc9e1b7bb68e1d8b', '0')).toString()).toMatch(
        /^(:42|-NOSCRIPT)/,
      );
      expect((await c.call('FUNCTION', 'DELETE', 'keep')).toString()).toBe('+OK\r\n');
    });
  });

  it('out of engine memory: a Lua error (Redis has no such limit), then scripts run again', async () => {
    await both.each(async (t) => {
      if (t.kind !== 'respite') return;
      const c = await t.raw();
      const big = (await c.call(...e0('local t = {} for i=1,1e7 do t[i] = i end return #t'))).toString();
      expect(big).toMatch(/^-ERR not enough memory script: [0-9a-f]{40}, on @user_script:\d+\.\r\n$/);
      const caught = (
        await c.call(
          ...e0(
            "return {pcall(function() local t = {} while true do t[#t+1] = string.rep('y', 1000) .. #t end end)}",
          ),
        )
      ).toString();
      expect(caught).toBe('*2\r\n$-1\r\n$17\r\nnot enough memory\r\n');
      expect((await c.call(...e0("return #string.rep('x', 1000000)"))).toString()).toBe(':1000000\r\n');
    });
  });
});

describe('redis.* and math.random as Redis 7.0', () => {
  it('redis.sha1hex and redis.log check their arguments', async () => {
    await both.same(
      e0("return redis.sha1hex('')"),
      e0('return redis.sha1hex(12)'),
      e0("return redis.log(redis.LOG_WARNING, 'logged by a test')"),
      e0("return redis.log(redis.LOG_DEBUG, 'a', 'b', 3)"),
      e0('error(12)'),
    );
    // Redis's words; the line is that of respite's Lua wrapper, not the script's (a known difference).
    const refused = [
      ['return redis.sha1hex()', 'wrong number of arguments'],
      ["return redis.sha1hex('a', 'b')", 'wrong number of arguments'],
      ['return redis.log()', 'redis.log() requires two arguments or more.'],
      ['return redis.log(redis.LOG_WARNING)', 'redis.log() requires two arguments or more.'],
      ["return redis.log(99, 'x')", 'Invalid debug level.'],
      ["return redis.log(-1, 'x')", 'Invalid debug level.'],
    ];
    await both.each(async (t) => {
      const c = await t.raw();
      for (const [script, text] of refused) {
        expect((await c.call(...e0(script))).toString()).toMatch(
          new RegExp(`^-ERR ${text.replace(/[.()]/g, '\\$&')} script: `),
        );
      }
    });
  });

  it('math.random: one lrand48 sequence, restarted by math.randomseed', async () => {
    await both.same(
      e0('math.randomseed(7) return {math.random(100), math.random(100), math.random(1, 10)}'),
      e0('return {math.random(1000000), tostring(math.random()), math.random(-5, 5)}'),
      e0('math.randomseed(0) return tostring(math.random())'),
      e0('math.randomseed(-3) return math.random(1000000000)'),
      e0('math.randomseed(123456789) return {math.random(7), math.random(7), math.random(7)}'),
    );
  });
});

describe('pcall, xpcall and coroutine.resume as Lua has them', () => {
  // respite wraps these three so that a stopped script cannot catch its stop (scripting-busy.test.ts);
  // what a script sees of them must stay Lua's.
  it('results, errors caught, their messages and positions', async () => {
    const e = (script: string) => ['EVAL', script, '0'];
    await both.same(
      e("return {pcall(function(a, b) return a + b, 'x' end, 1, 2)}"),
      e("return {pcall(error, 'plain')}"),
      e("return {pcall(error, {err = 'tbl'})}"),
      e("local ok, m = pcall(function() error('at line') end) return {tostring(ok), m}"),
      e('local ok, m = pcall(function()\n\n  local x = nil + 1\nend) return m'),
      e("return {pcall(redis.call, 'incr', 'notanumber', 'extra')}"),
      e("redis.call('set', 's', 'x') local ok, m = pcall(redis.call, 'incr', 's') return {tostring(ok), m}"),
      e('return select("#", pcall(function() return 1, nil, nil end))'),
      e("return {xpcall(function() error('x') end, function(m) return 'handled ' .. m end)}"),
      e('return {xpcall(function() return 7, 8 end, function(m) return m end)}'),
      e('return select("#", xpcall(function() return 1, nil end, function(m) return m end))'),
      e(
        "local co = coroutine.create(function(a) local b = coroutine.yield(a + 1) error('in co ' .. b) end)\nlocal r1 = {coroutine.resume(co, 1)}\nlocal r2 = {coroutine.resume(co, 5)}\nreturn {tostring(r1[1]), r1[2], tostring(r2[1]), r2[2], coroutine.status(co)}",
      ),
      e("local w = coroutine.wrap(function() error('from wrap') end) return {pcall(w)}"),
      e('local depth = 0 local function f() depth = depth + 1 return pcall(f) end f() return depth'),
    );
  });

  // As Redis 7.0's own pcall (luaRedisPcall), pcall() calls a placeholder and fails softly. The
  // others' argument errors carry the script's line; after a tail call (`return xpcall()`) respite
  // has no line to give (Lua drops the caller's frame), a known difference.
  it('their argument errors', async () => {
    await both.same(
      ['EVAL', 'return pcall()', '0'],
      ['EVAL', 'return {pcall()}', '0'],
      ['EVAL', 'local x = xpcall(function() end)', '0'],
      ['EVAL', '\nlocal x = xpcall()', '0'],
      ['EVAL', 'local x = coroutine.resume(1)', '0'],
      ['EVAL', 'local x = 1\nx = coroutine.resume()', '0'],
    );
  });
});

describe('redis.error_reply and redis.status_reply as Redis 7.0', () => {
  it('codes and messages, and what is not one string', async () => {
    const e = (arg: string) => ['EVAL', `return redis.error_reply(${arg})`, '0'];
    const s = (arg: string) => ['EVAL', `return redis.status_reply(${arg})`, '0'];
    await both.same(
      e("'My Error'"),
      e("'foo'"),
      e("''"),
      e("'-'"),
      e("'-x y'"),
      e("'-xy'"),
      e("' leading space'"),
      e("'ERR x'"),
      e("'WRONGTYPE bad\\r\\n'"),
      e("'CODE \\r\\nmsg\\n'"),
      e("'a\\0b c'"),
      e('1'),
      e(''),
      e("'a', 'b'"),
      s("'OK'"),
      s("''"),
      s('1'),
      s(''),
      ['EVAL', 'local t = redis.error_reply(1) return type(t) .. t.err', '0'],
      ['EVAL', "return {pcall(redis.error_reply, 'x y')}", '0'],
    );
  });
});

describe('errors a script catches are worded as in Redis', () => {
  it('a nonexistent global, a bad argument to redis.call, through pcall, xpcall and coroutines', async () => {
    await both.same(
      ['EVAL', 'local ok, e = pcall(function() return foo end) return e', '0'],
      ['EVAL', "return {pcall(redis.call, 'set', 'k', {})}", '0'],
      ['EVAL', "return {xpcall(function() return foo end, function(e) return 'H:' .. e end)}", '0'],
      ['EVAL', 'local co = coroutine.create(function() return foo end) return {coroutine.resume(co)}', '0'],
      ['EVAL', 'local ok, e = pcall(function() return foo end) error(e)', '0'],
    );
  });
});

describe('redis.pcall given what is not a string or a number', () => {
  // Found by the differential fuzz: the engine's redis.pcall raised here, as redis.call does.
  it('returns the error table, in RESP2 and under setresp(3), with few or many arguments', async () => {
    await both.same(
      ['EVAL', "return redis.pcall('SET', KEYS[1], {})", '1', 'k'],
      ['EVAL', "local r = redis.pcall('SET', 'k', true) return {type(r), r.err}", '0'],
      ['EVAL', "redis.setresp(3) return redis.pcall('SET', 'k', nil, 'x')", '0'],
      ['EVAL', "return redis.pcall('SET', 'k', 1, 2, 3, 4, 5, 6, 7, 8, 9, {})", '0'],
      ['EVAL', "return redis.pcall('SET', 'k', 'v')", '0'],
      ['EVAL', 'return redis.pcall()', '0'],
      ['EVAL', "return redis.call('SET', KEYS[1], {})", '1', 'k'],
    );
  });
});
