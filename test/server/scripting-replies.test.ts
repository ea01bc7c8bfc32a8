// What a script's result and errors become, against both targets byte for byte: the RESP3 type
// markers ({double=...}, {map=...}, ...) whatever the script's redis.setresp, written in the caller's
// protocol; errors raised with error() and something other than a string; and RESP3 replies seen by a
// script that chose RESP3.

import { beforeEach, describe, it } from 'vitest';
import { useTargets } from '../support/targets.js';

const both = useTargets();

/** EVAL `script` with no keys. */
const e0 = (script: string) => ['EVAL', script, '0'];

beforeEach(async () => {
  await both.same(['FUNCTION', 'FLUSH']);
});

describe('type markers in a RESP2 script, seen from RESP2 and RESP3 clients', () => {
  it('double, big_number, verbatim_string, map and set are read whatever the script resp', async () => {
    const scripts = [
      "return {big_number='1234'}",
      "return {big_number='-123456789012345678901234567890'}",
      'return {big_number=12}',
      'return {double=3.5}',
      "return {double='2.5'}",
      'return {double=1/0}',
      'return {double=-1/0}',
      'return {double=0.1}',
      "return {verbatim_string={format='txt',string='hi'}}",
      "return {verbatim_string={format='mkd',string=''}}",
      'return {map={a=1}}',
      'return {map={a={1,2},b={double=1.5}}}',
      'return {set={a=true}}',
      'return {set={}}',
      'return {map={}}',
      "return {1,'x',{double=2.5},{big_number='7'}}",
      // Booleans in a RESP2 script stay RESP2's (true 1, false null) beside a marker.
      'return {1,false,true,{double=2.5}}',
      'return {map={a=false,b=true}}',
      'return {map={x={1,false}}}',
      'return {1,false,true}',
      "return {err='x', double=1}",
      "return {ok='y', double=1}",
      "redis.setresp('3') return {double=1}",
      'redis.setresp(3) return {1,false,{double=2}}',
      'redis.setresp(3) redis.setresp(2) return {false,{double=2}}',
      'return redis.setresp()',
      'return redis.setresp(3, 4)',
      "return redis.setresp('x')",
      'return redis.setresp(2.5)',
    ];
    for (const proto of [2, 3] as const) {
      await both.compare({ proto }, ...scripts.map(e0));
    }
  });

  it('a long script (run by another engine) too', async () => {
    const scripts = [
      'for i = 1, 3000000 do end return {1,false,true,{double=2.5}}',
      "for i = 1, 3000000 do end\nlocal a = 1\nerror({err='LONG failed'})",
    ];
    for (const proto of [2, 3] as const) {
      await both.compare({ proto }, ...scripts.map(e0));
    }
  });

  it('in functions too', async () => {
    const code = [
      '#!lua name=marklib',
      "redis.register_function('d', function() return {double=3.5} end)",
      "redis.register_function('m', function() return {map={k={big_number='9'}}} end)",
    ].join('\n');
    await both.same(['FUNCTION', 'LOAD', code]);
    for (const proto of [2, 3] as const) {
      await both.compare({ proto }, ['FCALL', 'd', '0'], ['FCALL', 'm', '0']);
    }
  });
});

describe('errors raised with error() and something other than a string', () => {
  it('an error table gives its err field, anything else "ERR " and its tostring, with the line', async () => {
    for (const proto of [2, 3] as const) {
      await both.compare(
        { proto },
        e0("error({err='X'})"),
        e0("error({err='MYCODE something went wrong'})"),
        e0("local x = 1\nerror({err='X'})"),
        e0("local function f()\n  error({err='Y z'})\nend\nlocal a = 1\nf()"),
        e0("error({err='X'}, 2)"),
        e0("error({err='X'}, 0)"),
        e0('error({err=42})'),
        e0("error({err='X\\r\\nY'})"),
        e0("error({err='', ok='x'})"),
        e0('error()'),
        e0('error(nil)'),
        e0('error(false)'),
        e0('error(true)'),
        e0('error(42)'),
        e0("local ok, e = pcall(error, {err='caught'})\nreturn {type(e), e}"),
        e0("local a = 1\nlocal b = 2\nerror(redis.error_reply('CODE from reply'))"),
      );
    }
  });

  it('string errors keep their texts and lines', async () => {
    await both.same(
      e0("local a = 1\nerror('boom')"),
      e0("local a = 1\nreturn redis.call('nosuch')"),
      e0("local a = 1\nreturn redis.call('incr', 'k', 'extra')"),
      e0("redis.call('set', 'k', 'v')\nlocal a = 1\nreturn redis.call('incr', 'k')"),
      e0('local a = 1\nreturn nosuchglobal'),
      e0('local a = 1\nlocal t = nil\nreturn t.x'),
    );
  });

  it('in functions, the location is user_function', async () => {
    const code = [
      '#!lua name=errlib',
      "redis.register_function('tbl', function() error({err='FCODE from function'}) end)",
      "redis.register_function('none', function()\n  local a = 1\n  error()\nend)",
      "redis.register_function('str', function() error('text') end)",
    ].join('\n');
    await both.same(
      ['FUNCTION', 'LOAD', code],
      ['FCALL', 'tbl', '0'],
      ['FCALL', 'none', '0'],
      ['FCALL', 'str', '0'],
    );
  });
});

describe('RESP3 replies seen by a script under redis.setresp(3)', () => {
  it('a null is nil, in arrays and maps too; RESP2 scripts keep false', async () => {
    await both.same(['SET', 'a', '1'], ['HSET', 'h', 'f', 'v']);
    const scripts = [
      "redis.setresp(3) return {redis.call('get','nokey') == nil, type(redis.call('get','nokey'))}",
      "redis.setresp(3) return redis.call('get','nokey')",
      "redis.setresp(3) return type(redis.pcall('get','nokey'))",
      "redis.setresp(3) local t = redis.call('mget','a','nokey','a') return {t[1], t[2] == nil, t[3]}",
      "redis.setresp(3) return redis.call('lmpop', 1, 'nokey', 'LEFT') == nil",
      "redis.setresp(3) return redis.call('hgetall','h')",
      "redis.setresp(3) return redis.call('get','a')",
      "redis.setresp(3) redis.setresp(2) return type(redis.call('get','nokey'))",
      "return type(redis.call('get','nokey'))",
      "redis.setresp(3)\nlocal a = 1\nlocal x = redis.call('nosuch')",
      "redis.setresp(3)\nredis.call('set','k','v')\nlocal x = redis.call('incr','k')",
      "redis.setresp(3)\nlocal e = redis.pcall('incr','a','b')\nreturn e",
      'return redis.call == redis.call',
      'redis.call = 1',
    ];
    for (const proto of [2, 3] as const) {
      await both.compare({ proto }, ...scripts.map(e0));
    }
    // The next script is RESP2 again (the engine's own redis.call).
    await both.same(e0('redis.setresp(3) return 1'), e0("return type(redis.call('get','nokey'))"));
  });
});
