// EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT against both targets, byte for byte: conversions
// between Lua and RESP2/RESP3, redis.* helpers, the checks on redis.call, error texts with their
// script location, shebang flags, the sandbox, and scripts meeting MULTI and WATCH.

import { describe, expect, it } from 'vitest';
import { useTargets } from '../support/targets.js';

const both = useTargets();

/** EVAL `script` with no keys. */
const e0 = (script: string) => ['EVAL', script, '0'];

describe('EVAL: Lua values to RESP', () => {
  it('numbers truncate, strings, booleans, nil', async () => {
    await both.same(
      e0('return 1'),
      e0('return 3.99'),
      e0('return -3.99'),
      e0('return 2^53'),
      e0('return -2^63'),
      e0("return 'hello'"),
      e0("return '\\0\\255x'"),
      e0('return true'),
      e0('return false'),
      e0('return nil'),
      e0('return'),
      e0("return ''"),
      e0('return tostring(10/2)'),
      e0('return tostring(0.1)'),
      e0('return 1e300'),
    );
  });

  it('tables: arrays stop at the first nil, ok and err, nesting', async () => {
    await both.same(
      e0('return {1,2,3}'),
      e0('return {1,2,nil,4}'),
      e0("return {1,'a',{2,'b',{}},true,false}"),
      e0("return {ok='fine'}"),
      e0("return {err='My Error'}"),
      e0("return {err='X custom'}"),
      e0("return {1,{err='inner'},{ok='status'}}"),
      e0("return redis.status_reply('fine')"),
      e0("return redis.error_reply('My Error')"),
      e0("return redis.error_reply('ERR x')"),
      e0('return {a=1,b=2}'),
      e0('return {1,2,a=3}'),
    );
  });

  it('KEYS and ARGV, binary safe', async () => {
    await both.same(
      ['EVAL', 'return {KEYS[1],KEYS[2],ARGV[1],ARGV[2],#KEYS,#ARGV}', '2', 'k1', 'k\x00\xff', 'a1', '\r\n'],
      ['EVAL', 'return {#KEYS,#ARGV}', '0'],
      ['EVAL', 'return ARGV', '0', 'x', 'y', 'z'],
      ['EVAL', 'return KEYS', '3', 'x', 'y', 'z'],
    );
  });

  it('numkeys errors', async () => {
    await both.same(
      ['EVAL', 'return 1', '-1'],
      ['EVAL', 'return 1', '2', 'a'],
      ['EVAL', 'return 1', 'x'],
      ['EVAL', 'return 1', '1.5', 'a'],
      ['EVAL', 'return 1'],
      ['EVAL'],
    );
  });

  it('RESP3 types under redis.setresp(3), seen from RESP2 and RESP3 clients', async () => {
    const scripts = [
      'redis.setresp(3) return {map={a=1}}',
      'redis.setresp(3) return {set={a=true}}',
      'redis.setresp(3) return {double=3.5}',
      'redis.setresp(3) return {double=1/0}',
      "redis.setresp(3) return {big_number='123456789012345678901234567890'}",
      'redis.setresp(3) return true',
      'redis.setresp(3) return false',
      'redis.setresp(3) return nil',
      "redis.setresp(3) return redis.call('hgetall','nokey')",
      "redis.setresp(2) return type(redis.call('get','nokey'))",
      'return redis.setresp(4)',
    ];
    for (const proto of [2, 3] as const) {
      await both.compare({ proto }, ...scripts.map(e0));
    }
  });
});

describe('redis.call and redis.pcall', () => {
  it('runs commands and converts their replies', async () => {
    await both.same(
      e0("return redis.call('set','k','v')"),
      e0("return redis.call('get','k')"),
      e0("return redis.call('get','nokey')"),
      e0("return type(redis.call('get','nokey'))"),
      e0("return redis.call('ping')"),
      e0("return redis.call('incr','n')"),
      e0("return redis.call('rpush','l','a','b','c')"),
      e0("return redis.call('lrange','l',0,-1)"),
      e0("return redis.call('hset','h','f','v')"),
      e0("return redis.call('hgetall','h')"),
      e0("return redis.call('set','k','v').ok"),
      e0("return redis.call('SET','k2',12.5)"),
      e0("return redis.call('get','k2')"),
      e0("return redis.call('incrbyfloat','f','0.1')"),
      e0("return redis.call('zadd','z',1,'a')"),
      e0("return redis.call('zrange','z',0,-1,'withscores')"),
    );
  });

  it('errors: raised by call, returned by pcall, with Redis texts', async () => {
    await both.same(
      ['SET', 's', 'str'],
      e0("return redis.call('incr','s')"),
      e0("return redis.pcall('incr','s')"),
      e0("local r = redis.pcall('incr','s') return r.err"),
      e0("return redis.call('lpush','s','x')"),
      e0('return redis.call()'),
      e0('return redis.pcall()'),
      e0("return redis.call('nosuch')"),
      e0("return redis.pcall('nosuch')"),
      e0("return redis.call('get')"),
      e0("return redis.pcall('get')"),
      e0("return redis.call('multi')"),
      e0("return redis.call('eval','return 1',0)"),
      e0("return redis.call('blpop','l',0)"),
      e0("return redis.call('script','load','return 1')"),
      e0("return redis.call('get',{})"),
      e0("\nreturn redis.call('get',{})"),
      e0("local x = 1\n\nreturn redis.call('incr','s')"),
    );
  });

  it('commands run in the script see the database the script selects; the caller keeps its own', async () => {
    await both.same(
      ['SELECT', '1'],
      e0(
        "redis.call('set','k','one') redis.call('select','2') redis.call('set','k','two') return redis.call('get','k')",
      ),
      ['GET', 'k'],
      ['SELECT', '2'],
      ['GET', 'k'],
    );
  });

  it('blocking commands without noscript answer as on timeout', async () => {
    await both.same(e0("return redis.call('xread','block','0','streams','nostream','$')"));
  });
});

describe('Lua errors and the sandbox', () => {
  it('runtime errors carry the script location', async () => {
    await both.same(
      e0("error('boom')"),
      e0("error('boom', 0)"),
      e0('local t = nil\nreturn t.x'),
      e0('return x'),
      e0('x = 1'),
      e0('return 1 + {}'),
      e0("return ('x'):rep(-1) .. nil"),
    );
  });

  it('compile errors', async () => {
    await both.same(e0('return ('), e0('retur 1'), ['SCRIPT', 'LOAD', 'return ('], e0('return 1 end'));
  });

  it('nothing reaches the host', async () => {
    await both.same(
      e0('return type(os)'),
      e0('return type(io)'),
      e0('return type(require)'),
      e0('return type(loadfile)'),
      e0('return type(dofile)'),
      e0('return type(print)'),
      e0('return type(debug)'),
    );
  });

  it('libraries: cjson, cmsgpack, bit, struct, string, math, table', async () => {
    await both.same(
      e0("return cjson.encode({1,2,{a='b'}})"),
      e0("return cjson.decode('[1,2,3]')[2]"),
      e0('return cmsgpack.unpack(cmsgpack.pack({1,2,3}))'),
      e0('return bit.band(0xff, 0x0f)'),
      e0("return struct.pack('>I2', 258)"),
      e0("return string.format('%d-%s', 5, 'x')"),
      e0('return math.floor(7.9)'),
      e0("return table.concat({'a','b'}, ',')"),
      e0("return redis.sha1hex('')"),
      e0('return redis.REDIS_VERSION'),
      e0('return redis.REDIS_VERSION_NUM'),
      e0('return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}'),
      e0("redis.log(redis.LOG_WARNING, 'hello') return 1"),
      e0('redis.set_repl(redis.REPL_ALL) return redis.replicate_commands()'),
      e0('return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL}'),
    );
  });
});

describe('EVALSHA and SCRIPT', () => {
  it('caches scripts by SHA1', async () => {
    const body = "return redis.call('incr', KEYS[1])";
    const [sha] = await both.same(['SCRIPT', 'LOAD', body]);
    const hex = sha.split('\r\n')[1];
    await both.same(
      ['EVALSHA', hex, '1', 'n'],
      ['EVALSHA', hex.toUpperCase(), '1', 'n'],
      ['EVALSHA_RO', hex, '1', 'n'],
      ['EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', '0'],
      ['EVALSHA', 'abc', '0'],
      ['SCRIPT', 'EXISTS', hex, 'ffffffffffffffffffffffffffffffffffffffff', hex.toUpperCase()],
      ['SCRIPT', 'FLUSH'],
      ['SCRIPT', 'EXISTS', hex],
      ['EVALSHA', hex, '1', 'n'],
      e0('return 42'),
      ['SCRIPT', 'EXISTS', '1fa00e76656cc152ad327c13fe365858fd7be306'],
      ['SCRIPT', 'FLUSH', 'ASYNC'],
      ['SCRIPT', 'FLUSH', 'sync'],
      ['SCRIPT', 'FLUSH', 'other'],
      ['SCRIPT', 'FLUSH', 'sync', 'async'],
      ['SCRIPT', 'EXISTS'],
      ['SCRIPT', 'LOAD'],
      ['SCRIPT', 'KILL'],
      ['SCRIPT', 'HELP'],
      ['SCRIPT', 'NOSUCH'],
    );
  });

  it('read-only variants and shebang flags', async () => {
    await both.same(
      ['EVAL_RO', "return redis.call('set','a','b')", '0'],
      ['EVAL_RO', "return redis.call('get','a')", '0'],
      ['EVAL_RO', "return redis.pcall('set','a','b')", '0'],
      e0("#!lua flags=no-writes\nreturn redis.call('set','a','b')"),
      e0("#!lua flags=no-writes\nreturn redis.call('get','a')"),
      // PUBLISH and SPUBLISH may replicate: they count as writes.
      ['EVAL_RO', "return redis.call('publish','ch','msg')", '0'],
      e0("#!lua flags=no-writes\nreturn redis.pcall('spublish','ch','msg')"),
      e0("return redis.call('publish','ch','msg')"),
      ['EVAL_RO', '#!lua\nreturn 1', '0'],
      ['EVAL_RO', '#!lua flags=no-writes\nreturn 1', '0'],
      e0('#!lua\nreturn x'),
      e0('#!lua flags=allow-oom,allow-stale,no-cluster,allow-cross-slot-keys\nreturn 1'),
      e0('#!lua flags=\nreturn 1'),
      e0('#!lua flags=foo\nreturn 1'),
      e0('#!lua2\nreturn 1'),
      e0('#!lua other\nreturn 1'),
      e0('#!lua'),
      ['SCRIPT', 'LOAD', '#!lua flags=bad\nreturn 1'],
    );
  });
});

describe('scripts, transactions and WATCH', () => {
  it('EVAL queued in MULTI runs at EXEC', async () => {
    await both.same(['MULTI'], e0("return redis.call('incr','n')"), e0("return redis.call('incr','n')"), [
      'EXEC',
    ]);
  });

  it("a script's write to a watched key fails the watcher's EXEC", async () => {
    await both.each(async (t) => {
      const a = await t.raw();
      const b = await t.raw();
      await a.call('WATCH', 'k');
      await b.call('EVAL', "return redis.call('set','k','v')", '0');
      await a.call('MULTI');
      await a.call('GET', 'k');
      expect((await a.call('EXEC')).toString('latin1')).toBe('*-1\r\n');
    });
  });
});

describe('runaway scripts', () => {
  // A script that has not written moves to a worker and waits for SCRIPT KILL as in Redis
  // (scripting-busy.test.ts). One that wrote before its first slice ran out cannot be run again: it
  // keeps the main thread and is stopped after about busy-reply-threshold, where Redis would answer
  // BUSY and UNKILLABLE until it ends.
  it('a script that wrote and never ends is stopped after about busy-reply-threshold; the server goes on', async () => {
    const respite = both.respite.respite!;
    respite.server.config.set('busy-reply-threshold', '100');
    try {
      const c = await both.respite.raw();
      const start = performance.now();
      const reply = (await c.call('EVAL', "redis.call('SET', 'k', 'v') while true do end", '0')).toString(
        'latin1',
      );
      expect(reply).toMatch(
        /^-ERR Script killed by user with SCRIPT KILL\.\.\. script: \w{40}, on @user_script:1\.\r\n$/,
      );
      expect(performance.now() - start).toBeLessThan(5000);
      expect((await c.call('PING')).toString('latin1')).toBe('+PONG\r\n');
    } finally {
      respite.server.config.set('busy-reply-threshold', '5000');
    }
  });
});
