// Long scripts: other clients get BUSY after busy-reply-threshold, SCRIPT KILL / FUNCTION KILL stop
// a script that has not written, and a long script stays atomic. respite moves such a script to a
// worker thread (server/scripting/busy.ts); Redis runs it on its only thread and answers between
// Lua instructions. Both wait real time here: a script's runtime is real.

import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workerReady } from '../../server/scripting/busy.js';
import { send } from '../support/blocked.js';
import type { RawClient } from '../support/raw.js';
import { useTargets } from '../support/targets.js';

const both = useTargets();

const text = (b: Buffer) => b.toString('latin1');
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeEach(async () => {
  await both.each(async (t) => {
    const c = await t.raw();
    // respite keeps a worker thread ready for the next long script; starting one (from the
    // TypeScript sources here) takes a second, which would show as BUSY where Redis is not yet.
    if (t.respite !== null) await workerReady();
    expect(text(await c.call('CONFIG', 'SET', 'busy-reply-threshold', '100'))).toBe('+OK\r\n');
  });
});

afterEach(async () => {
  await both.each(async (t) => {
    const c = await t.raw();
    await c.call('CONFIG', 'SET', 'busy-reply-threshold', '5000');
  });
});

/** PING until BUSY comes back (the script has run past the threshold). */
async function untilBusy(c: RawClient): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const reply = text(await c.call('PING'));
    if (reply.startsWith('-BUSY')) return reply;
    await sleep(20);
  }
  throw new Error('never BUSY');
}

describe('a runaway script', () => {
  it('EVAL: BUSY for others after the threshold, SCRIPT KILL stops it', async () => {
    await both.each(async (t) => {
      const a = await t.raw();
      const b = await t.raw();
      send(a, 'EVAL', 'while true do end', '0');
      expect(await untilBusy(b)).toBe(
        '-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n',
      );
      expect(text(await b.call('FUNCTION', 'KILL'))).toBe(
        '-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n',
      );
      expect(text(await b.call('SCRIPT', 'KILL'))).toBe('+OK\r\n');
      expect(text(await a.readReply())).toBe(
        `-ERR Script killed by user with SCRIPT KILL... script: ${sha1('while true do end')}, on @user_script:1.\r\n`,
      );
      expect(text(await b.call('PING'))).toBe('+PONG\r\n');
      expect(text(await a.call('PING'))).toBe('+PONG\r\n');
      expect(text(await b.call('SCRIPT', 'KILL'))).toBe('-NOTBUSY No scripts in execution right now.\r\n');
    });
  });

  it('FCALL: BUSY names FUNCTION KILL, which stops it; FUNCTION STATS shows it', async () => {
    await both.each(async (t) => {
      const a = await t.raw();
      const b = await t.raw();
      const lib = "#!lua name=spin\nredis.register_function('spin', function() while true do end end)";
      expect(text(await a.call('FUNCTION', 'LOAD', 'REPLACE', lib))).toBe('$4\r\nspin\r\n');
      send(a, 'FCALL', 'spin', '0');
      expect(await untilBusy(b)).toBe(
        '-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n',
      );
      const stats = text(await b.call('FUNCTION', 'STATS'));
      expect(stats).toMatch(
        /^\*4\r\n\$14\r\nrunning_script\r\n\*6\r\n\$4\r\nname\r\n\$4\r\nspin\r\n\$7\r\ncommand\r\n\*3\r\n\$5\r\nFCALL\r\n\$4\r\nspin\r\n\$1\r\n0\r\n\$11\r\nduration_ms\r\n:\d+\r\n/,
      );
      expect(text(await b.call('SCRIPT', 'KILL'))).toBe(
        '-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n',
      );
      expect(text(await b.call('FUNCTION', 'KILL'))).toBe('+OK\r\n');
      // Redis names the line the function had reached (2); respite stops the worker wherever it is
      // and does not know the line.
      expect(text(await a.readReply())).toMatch(
        /^-ERR Script killed by user with SCRIPT KILL\.\.\. script: spin, on @user_function:\d+\.\r\n$/,
      );
      expect(text(await b.call('PING'))).toBe('+PONG\r\n');
      expect(text(await b.call('FUNCTION', 'KILL'))).toBe('-NOTBUSY No scripts in execution right now.\r\n');
      await b.call('FUNCTION', 'FLUSH');
    });
  });

  it('a script that wrote cannot be killed: UNKILLABLE, and it runs to its end', async () => {
    await both.each(async (t) => {
      const a = await t.raw();
      const b = await t.raw();
      // Reads and loops a while (Redis: ~50 ms), writes, then loops long (Redis: ~1 s). Counted in
      // instructions: respite's TIME is its test clock, which does not run by itself.
      const script = `
        for i = 1, 10000000 do end
        redis.call('GET', KEYS[1])
        redis.call('SET', KEYS[1], 'done')
        for i = 1, 200000000 do end
        return redis.call('GET', KEYS[1])`;
      send(a, 'EVAL', script, '1', 'k');
      await untilBusy(b);
      await sleep(200);
      expect(text(await b.call('SCRIPT', 'KILL'))).toBe(
        '-UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.\r\n',
      );
      expect(text(await a.readReply())).toBe('$4\r\ndone\r\n');
      expect(text(await b.call('GET', 'k'))).toBe('$4\r\ndone\r\n');
    });
  });
});

describe('a runaway script that catches errors', () => {
  // The stop (the end of respite's slice, SCRIPT KILL) is an error raised inside the script, which
  // pcall, xpcall and coroutine.resume could catch: such a loop must still be stopped.
  const scripts = [
    "local f = function() while 1 do redis.call('ping') end end while 1 do pcall(f) end",
    'while 1 do xpcall(function() while 1 do end end, function(e) return e end) end',
    // Redis 7.0 does not stop this one (SCRIPT KILL answers OK, the script runs on): respite only.
    'while 1 do coroutine.resume(coroutine.create(function() while 1 do end end)) end',
  ];
  for (const script of scripts) {
    it(`${script}: BUSY for others, SCRIPT KILL stops it`, async () => {
      const targets = script.includes('coroutine') ? [both.respite] : both.list;
      for (const t of targets) {
        const a = await t.raw();
        const b = await t.raw();
        send(a, 'EVAL', script, '0');
        expect(await untilBusy(b)).toMatch(/^-BUSY /);
        expect(text(await b.call('SCRIPT', 'KILL'))).toBe('+OK\r\n');
        expect(text(await a.readReply())).toBe(
          `-ERR Script killed by user with SCRIPT KILL... script: ${sha1(script)}, on @user_script:1.\r\n`,
        );
        expect(text(await b.call('PING'))).toBe('+PONG\r\n');
      }
    });
  }

  it('inside MULTI (it cannot move): stopped with the killed error when its budget is spent', async () => {
    // Redis would answer BUSY until SCRIPT KILL; respite, which cannot hand the script's thread back
    // inside EXEC, stops it at its budget (a known difference), but must stop it even under pcall.
    const t = both.respite;
    const a = await t.raw();
    await a.call('CONFIG', 'SET', 'busy-reply-threshold', '50');
    expect(text(await a.call('MULTI'))).toBe('+OK\r\n');
    const script = 'while 1 do pcall(function() while 1 do end end) end';
    expect(text(await a.call('EVAL', script, '0'))).toBe('+QUEUED\r\n');
    expect(text(await a.call('EXEC'))).toMatch(/^\*1\r\n-ERR Script killed by user with SCRIPT KILL/);
    expect(text(await a.call('PING'))).toBe('+PONG\r\n');
  });
});

describe('a long script that ends by itself', () => {
  it('reads in a loop: redis.call works throughout and the result is right', async () => {
    await both.same(['RPUSH', 'l', '1', '2', '3'], ['SET', 's', '5'], ['HSET', 'h', 'f', 'v']);
    // Long enough to leave respite's main-thread slice; every call's reply is checked in Lua.
    const script = `
      local sum = 0
      for i = 1, 5000 do
        local l = redis.call('LRANGE', KEYS[1], 0, -1)
        sum = sum + tonumber(l[1]) + tonumber(l[3]) + tonumber(redis.call('GET', KEYS[2]))
        local x = 0
        for j = 1, 1000 do x = x + j end
      end
      local ok = redis.pcall('HGET', KEYS[1], 'f')
      return {sum, redis.call('HGET', KEYS[3], 'f'), ok['err'], redis.call('EXISTS', 'nope')}`;
    const [reply] = await both.same(['EVAL', script, '3', 'l', 's', 'h']);
    expect(reply).toContain(':45000\r\n');
    // RESP3 inside the script, and a SELECT there, as on the main thread.
    await both.same(
      ['SELECT', '1'],
      ['SET', 'x', 'in1'],
      ['SELECT', '0'],
      [
        'EVAL',
        "redis.setresp(3) for i = 1, 3000000 do end redis.call('SELECT', 1) return {redis.call('GET', 'x'), redis.call('HGETALL', 'none')}",
        '0',
      ],
      ['GET', 'x'],
    );
  });

  it('is atomic: a command sent while it runs is answered after it', async () => {
    await both.each(async (t) => {
      const a = await t.raw();
      const b = await t.raw();
      await a.call('SET', 'n', '0');
      // No BUSY here: B's command must simply wait.
      await a.call('CONFIG', 'SET', 'busy-reply-threshold', '5000');
      // Runs ~100 ms on Redis (on respite, long enough to move to a worker), reading n as it goes,
      // and ends by setting n to 2.
      const script = `
        for i = 1, 100 do
          redis.call('GET', 'n')
          for j = 1, 200000 do end
        end
        redis.call('SET', 'n', tonumber(redis.call('GET', 'n')) + 2)
        return redis.call('GET', 'n')`;
      send(a, 'EVAL', script, '0');
      await sleep(20);
      // Sent while the script runs: it must see the script's end, not its middle.
      expect(text(await b.call('INCR', 'n'))).toBe(':3\r\n');
      expect(text(await a.readReply())).toBe('$1\r\n2\r\n');
    });
  });
});
