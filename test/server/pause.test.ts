// CLIENT PAUSE and CLIENT UNPAUSE against real Redis: which commands wait, in what order they run
// when the pause ends, and that no key expires meanwhile. A pause that ends by itself is waited out
// on Redis (its serverCron notices within 100 ms) and passed on respite's clock.

import { afterEach, describe, expect, it } from 'vitest';
import { send, waitBlocked } from '../support/blocked.js';
import type { RawClient } from '../support/raw.js';
import { useTargets } from '../support/targets.js';

const both = useTargets();
const text = (b: Buffer) => b.toString('latin1');

afterEach(async () => {
  await both.each(async (t) => {
    const c = await t.raw();
    await c.call('CLIENT', 'UNPAUSE');
  });
});

/** Nothing has come back on `c` (its command waits). */
async function nothingYet(c: RawClient): Promise<void> {
  await expect(c.readReply(50)).rejects.toThrow(/no reply within/);
}

describe('CLIENT PAUSE', () => {
  it('arguments and errors; a zero or overflowing timeout pauses nothing', async () => {
    await both.same(
      ['CLIENT', 'PAUSE', 'x'],
      ['CLIENT', 'PAUSE', '-1'],
      ['CLIENT', 'PAUSE', '1.5'],
      ['CLIENT', 'PAUSE', '10', 'READ'],
      ['CLIENT', 'PAUSE', 'x', 'READ'],
      ['CLIENT', 'PAUSE', '10', 'write', 'extra'],
      ['CLIENT', 'PAUSE'],
      ['CLIENT', 'UNPAUSE', 'x'],
      ['CLIENT', 'PAUSE', '0'],
      ['SET', 'after-zero', '1'],
      ['CLIENT', 'PAUSE', '9223372036854775807', 'WRITE'],
      ['SET', 'after-overflow', '1'],
      ['CLIENT', 'UNPAUSE'],
      ['CLIENT', 'UNPAUSE'],
      ['EVAL', "return redis.pcall('client', 'pause', '10')", '0'],
    );
  });

  it('WRITE: reads, read-only scripts and read-only transactions run; writes wait, counted as blocked', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('SET', 'k', 'v');
      await c.call(
        'FUNCTION',
        'LOAD',
        'REPLACE',
        "#!lua name=pauselib\nredis.register_function{function_name='ro', callback=function() return 'ro' end, flags={'no-writes'}}\nredis.register_function('rw', function() return 'rw' end)",
      );
      const ro = await c.call('SCRIPT', 'LOAD', '#!lua flags=no-writes\nreturn 2');
      expect(text(await c.call('CLIENT', 'PAUSE', '100000', 'WRITE'))).toBe('+OK\r\n');
      const r = await t.raw();
      const replies = [
        await r.call('GET', 'k'),
        await r.call('PING'),
        await r.call('EXISTS', 'k'),
        await r.call('EVAL', '#!lua flags=no-writes\nreturn 1', '0'),
        await r.call('EVAL_RO', "return redis.call('get', 'k')", '1', 'k'),
        await r.call('EVALSHA', text(ro).split('\r\n')[1], '0'),
        await r.call('FCALL', 'ro', '0'),
        await r.call('MULTI'),
        await r.call('GET', 'k'),
        await r.call('EXEC'),
        await r.call('SET', 'k'), // refused before the pause check: answered at once
      ].map(text);
      expect(replies).toEqual([
        '$1\r\nv\r\n',
        '+PONG\r\n',
        ':1\r\n',
        ':1\r\n',
        '$1\r\nv\r\n',
        ':2\r\n',
        '$2\r\nro\r\n',
        '+OK\r\n',
        '+QUEUED\r\n',
        '*1\r\n$1\r\nv\r\n',
        "-ERR wrong number of arguments for 'set' command\r\n",
      ]);
      // Each of these waits: a write, a script without flags, one that declares writes, a function
      // without no-writes, PUBLISH (it reaches replicas), and a write being queued in MULTI.
      const waiting: [RawClient, string[], string][] = [];
      for (const [args, reply] of [
        [['SET', 'k', 'w'], '+OK\r\n'],
        [['EVAL', 'return 1', '0'], ':1\r\n'],
        [['EVAL', '#!lua\nreturn 3', '0'], ':3\r\n'],
        [['FCALL', 'rw', '0'], '$2\r\nrw\r\n'],
        [['PUBLISH', 'ch', 'm'], ':0\r\n'],
      ] as [string[], string][]) {
        const w = await t.raw();
        send(w, ...args);
        waiting.push([w, args, reply]);
        await waitBlocked(t, waiting.length);
      }
      const m = await t.raw();
      expect(text(await m.call('MULTI'))).toBe('+OK\r\n');
      send(m, 'INCR', 'n');
      await waitBlocked(t, waiting.length + 1);
      for (const [w] of waiting) await nothingYet(w);
      await nothingYet(m);
      const list = text(await c.call('CLIENT', 'LIST'));
      expect(list.match(/flags=x?b /g)).toHaveLength(waiting.length + 1);
      expect(text(await c.call('CLIENT', 'UNPAUSE'))).toBe('+OK\r\n');
      for (const [w, args, reply] of waiting) expect(text(await w.readReply()), args.join(' ')).toBe(reply);
      expect(text(await m.readReply())).toBe('+QUEUED\r\n');
      expect(text(await m.call('EXEC'))).toBe('*1\r\n:1\r\n');
      expect(text(await c.call('GET', 'k'))).toBe('$1\r\nw\r\n');
      await c.call('FUNCTION', 'DELETE', 'pauselib');
    });
  });

  it('WRITE: an EXEC with a write queued before the pause waits', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      const m = await t.raw();
      await m.call('MULTI');
      await m.call('SET', 'x', '1');
      await c.call('CLIENT', 'PAUSE', '100000', 'WRITE');
      send(m, 'EXEC');
      await waitBlocked(t, 1);
      await nothingYet(m);
      expect(text(await c.call('GET', 'x'))).toBe('$-1\r\n');
      await c.call('CLIENT', 'UNPAUSE');
      expect(text(await m.readReply())).toBe('*1\r\n+OK\r\n');
    });
  });

  it('postponed commands run in arrival order, each client going on with what it pipelined', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('DEL', 'list');
      await c.call('CLIENT', 'PAUSE', '100000', 'WRITE');
      const a = await t.raw();
      const b = await t.raw();
      a.write(
        '*3\r\n$5\r\nRPUSH\r\n$4\r\nlist\r\n$1\r\na\r\n*4\r\n$6\r\nLRANGE\r\n$4\r\nlist\r\n$1\r\n0\r\n$2\r\n-1\r\n',
      );
      await waitBlocked(t, 1);
      b.write('*3\r\n$5\r\nRPUSH\r\n$4\r\nlist\r\n$1\r\nb\r\n');
      await waitBlocked(t, 2);
      await c.call('CLIENT', 'UNPAUSE');
      expect(text(await a.readReply())).toBe(':1\r\n');
      // a's LRANGE, pipelined behind its RPUSH, ran before b's RPUSH.
      expect(text(await a.readReply())).toBe('*1\r\n$1\r\na\r\n');
      expect(text(await b.readReply())).toBe(':2\r\n');
    });
  });

  it('ALL: every command waits, CLIENT UNPAUSE too, until the pause ends by itself', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      const other = await t.raw();
      expect(text(await c.call('CLIENT', 'PAUSE', '100', 'ALL'))).toBe('+OK\r\n');
      send(other, 'PING');
      send(c, 'CLIENT', 'UNPAUSE');
      await t.pass(300);
      expect(text(await other.readReply())).toBe('+PONG\r\n');
      expect(text(await c.readReply())).toBe('+OK\r\n');
    });
  });

  it('a WRITE pause that ends by itself lets the write through', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      const w = await t.raw();
      await c.call('CLIENT', 'PAUSE', '100', 'WRITE');
      send(w, 'SET', 'later', '1');
      await waitBlocked(t, 1);
      await t.pass(300);
      expect(text(await w.readReply())).toBe('+OK\r\n');
    });
  });

  // Redis 7.0.15 crashes here ("Unknown btype in replyToBlockedClientTimedOut()"), so this is checked
  // on respite alone: a paused command is no blocking command, and it keeps waiting.
  it('CLIENT UNBLOCK of a paused client answers 0; the command still runs when the pause ends (respite)', async () => {
    const t = both.respite;
    const c = await t.raw();
    const w = await t.raw();
    const id = (await w.callText('CLIENT', 'ID')).slice(1, -2);
    await c.call('CLIENT', 'PAUSE', '100000', 'WRITE');
    send(w, 'SET', 'unblocked', '1');
    await waitBlocked(t, 1);
    expect(await c.callText('CLIENT', 'UNBLOCK', id)).toBe(':0\r\n');
    expect(await c.callText('CLIENT', 'UNBLOCK', id, 'ERROR')).toBe(':0\r\n');
    await nothingYet(w);
    await c.call('CLIENT', 'UNPAUSE');
    expect(text(await w.readReply())).toBe('+OK\r\n');
  });

  it('no key expires while paused: a key past its deadline reads as gone but stays until the pause ends', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('FLUSHALL');
      const expiredKeys = async () =>
        Number(/expired_keys:(\d+)/.exec(text(await c.call('INFO', 'stats')))?.[1]);
      const before = await expiredKeys();
      await c.call('SET', 'short', '1', 'PX', '50');
      await c.call('CLIENT', 'PAUSE', '100000', 'WRITE');
      await t.pass(250); // past the deadline, and past several active expire cycles
      expect(text(await c.call('GET', 'short'))).toBe('$-1\r\n');
      expect(text(await c.call('EXISTS', 'short'))).toBe(':0\r\n');
      expect(text(await c.call('DBSIZE'))).toBe(':1\r\n');
      expect(await expiredKeys()).toBe(before);
      await c.call('CLIENT', 'UNPAUSE');
      expect(text(await c.call('GET', 'short'))).toBe('$-1\r\n');
      expect(text(await c.call('DBSIZE'))).toBe(':0\r\n');
      expect(await expiredKeys()).toBe(before + 1);
    });
  });
});
