// MONITOR as Redis 7.0 shows it around transactions, blocking commands and scripts, compared line
// for line with real Redis (times and client addresses relaxed by relax.monitorLine). Quoting,
// redaction and admin commands are covered in test/server/server.test.ts.

import { describe, expect, it } from 'vitest';
import type { RawClient } from '../support/raw.js';
import { relax, type Target, useTargets } from '../support/targets.js';

const both = useTargets({ redisArgs: ['--enable-debug-command', 'yes'] });

/** Start a monitor on `t`; returns a reader of its next n lines, then checks nothing else came. */
async function monitor(t: Target): Promise<(n: number, c: RawClient) => Promise<string[]>> {
  const m = await t.raw();
  expect(await m.callText('MONITOR')).toBe('+OK\r\n');
  return async (n, c) => {
    await c.call('ECHO', 'end');
    const lines: string[] = [];
    for (let i = 0; i < n + 1; i++) lines.push(relax.monitorLine((await m.readReply()).toString('latin1')));
    expect(lines.pop()).toMatch(/"ECHO" "end"\r\n$/);
    return lines;
  };
}

/** Run `session` on each target with a monitor watching; the lines must be the same on both. */
async function sameLines(
  n: number,
  ...args:
    | [session: (c: RawClient, t: Target) => Promise<void>]
    | [options: { only: Target['kind'] }, session: (c: RawClient, t: Target) => Promise<void>]
): Promise<string[]> {
  const [options, session] = args.length === 1 ? [{ only: null }, args[0]] : args;
  const results: string[][] = [];
  await both.each(async (t) => {
    if (options.only !== null && t.kind !== options.only) return;
    const lines = await monitor(t);
    const c = await t.raw();
    await session(c, t);
    results.push(await lines(n, c));
  });
  if (results[1]) expect(results[0]).toEqual(results[1]);
  return results[0];
}

const line = (db: number, ...args: string[]) =>
  `+<time> [${db} <client>] ${args.map((a) => `"${a}"`).join(' ')}\r\n`;

describe('MONITOR', () => {
  it('shows MULTI when it runs, the queued commands when EXEC runs them, then EXEC', async () => {
    const lines = await sameLines(5, async (c) => {
      await c.call('MULTI');
      await c.call('SET', 'a', '1');
      await c.call('INCR', 'a');
      await c.call('SELECT', '3');
      await c.call('EXEC');
    });
    expect(lines).toEqual([
      line(0, 'MULTI'),
      line(0, 'SET', 'a', '1'),
      line(0, 'INCR', 'a'),
      line(3, 'SELECT', '3'),
      line(3, 'EXEC'),
    ]);
  });

  it('an aborted EXEC is shown without the commands it discarded; DISCARD and a failed WATCH too', async () => {
    const lines = await sameLines(8, async (c, t) => {
      await c.call('MULTI');
      await c.call('SET', 'a');
      await c.call('EXEC');
      await c.call('MULTI');
      await c.call('PING');
      await c.call('DISCARD');
      await c.call('WATCH', 'w');
      const other = await t.raw();
      await other.call('SET', 'w', 'changed');
      await c.call('MULTI');
      await c.call('PING');
      await c.call('EXEC');
    });
    expect(lines).toEqual([
      line(0, 'MULTI'),
      line(0, 'EXEC'),
      line(0, 'MULTI'),
      line(0, 'DISCARD'),
      line(0, 'WATCH', 'w'),
      line(0, 'SET', 'w', 'changed'),
      line(0, 'MULTI'),
      line(0, 'EXEC'),
    ]);
  });

  it('a blocking command is shown when it blocks, not again when it is served', async () => {
    const lines = await sameLines(3, async (c, t) => {
      c.write('*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n0\r\n');
      const other = await t.raw();
      await other.call('PING'); // BLPOP has surely been read and blocked by now
      await other.call('RPUSH', 'q', 'x');
      expect((await c.readReply()).toString()).toBe('*2\r\n$1\r\nq\r\n$1\r\nx\r\n');
    });
    expect(lines).toEqual([line(0, 'BLPOP', 'q', '0'), line(0, 'PING'), line(0, 'RPUSH', 'q', 'x')]);
  });

  // Redis feeds EVAL to monitors itself, before the script runs (eval.c), so the script's commands
  // follow it.
  it('EVAL is shown before the commands its script runs, which show as [db lua]', async () => {
    const lines = await sameLines(3, async (c) => {
      await c.call('SELECT', '1');
      await c.call('EVAL', "return redis.call('set', KEYS[1], ARGV[1])", '1', 'k', 'v');
    });
    expect(lines).toEqual([
      line(1, 'SELECT', '1'),
      line(1, 'EVAL', "return redis.call('set', KEYS[1], ARGV[1])", '1', 'k', 'v'),
      '+<time> [1 lua] "set" "k" "v"\r\n',
    ]);
  });

  it('EVALSHA, EVAL_RO, FCALL show before their commands, and even when they fail', async () => {
    const lib =
      "#!lua name=mon\nredis.register_function('f', function(k) return redis.call('get', k[1]) end)";
    const lines = await sameLines(9, async (c) => {
      await c.call('FUNCTION', 'LOAD', lib);
      await c.call('EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0');
      await c.call('EVAL', 'return 1', 'x');
      await c.call('EVAL_RO', "return redis.call('get', 'k')", '0');
      await c.call('FCALL', 'f', '1', 'k');
      await c.call('FCALL', 'nofunc', '0');
      await c.call('FUNCTION', 'DELETE', 'mon');
    });
    expect(lines).toEqual([
      line(0, 'FUNCTION', 'LOAD', lib.replace('\n', '\\n')),
      line(0, 'EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0'),
      line(0, 'EVAL', 'return 1', 'x'),
      line(0, 'EVAL_RO', "return redis.call('get', 'k')", '0'),
      '+<time> [0 lua] "get" "k"\r\n',
      line(0, 'FCALL', 'f', '1', 'k'),
      '+<time> [0 lua] "get" "k"\r\n',
      line(0, 'FCALL', 'nofunc', '0'),
      line(0, 'FUNCTION', 'DELETE', 'mon'),
    ]);
  });
});
