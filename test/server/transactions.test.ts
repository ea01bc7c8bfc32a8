// MULTI, EXEC, DISCARD, WATCH, UNWATCH against both targets, byte for byte, including interleavings
// of several connections (one client changes a key another watches).

import { describe, expect, it } from 'vitest';
import type { RawClient } from '../support/raw.js';
import { type Target, useTargets } from '../support/targets.js';

const both = useTargets();

/** A step: which connection sends which command, or a pause of server time. */
type Step = [number, ...string[]] | { pass: number };

/** Run the steps on one target over `connections` raw connections; the replies, in order. */
async function transcript(
  t: Target,
  connections: number,
  steps: Step[],
  proto: 2 | 3 = 2,
): Promise<string[]> {
  const conns: RawClient[] = [];
  for (let i = 0; i < connections; i++) {
    const c = await t.raw();
    if (proto === 3) await c.call('HELLO', '3');
    conns.push(c);
  }
  const out: string[] = [];
  for (const step of steps) {
    if (!Array.isArray(step)) {
      await t.pass(step.pass);
      continue;
    }
    const [conn, ...args] = step;
    out.push(`${conn}> ${args.join(' ')} -> ${(await conns[conn].call(...args)).toString('latin1')}`);
  }
  return out;
}

/** The same steps on both targets must give the same transcript. */
async function sameTranscript(connections: number, steps: Step[], proto: 2 | 3 = 2): Promise<string[]> {
  const results: string[][] = [];
  for (const t of both.list) results.push(await transcript(t, connections, steps, proto));
  if (results.length === 2) expect(results[0]).toEqual(results[1]);
  return results[0];
}

describe('MULTI and EXEC', () => {
  it('queues commands, runs them in order, and reports run-time errors as elements', async () => {
    const replies = await both.same('MULTI', 'INCR a', 'SET a x', 'INCR a', 'GET a', 'EXEC', 'GET a');
    expect(replies[5]).toBe('*4\r\n:1\r\n+OK\r\n-ERR value is not an integer or out of range\r\n$1\r\nx\r\n');
  });

  it('aborts with EXECABORT after an error while queuing, and nested MULTI or WATCH does not abort', async () => {
    await both.same('MULTI', 'MULTI', 'WATCH a', 'SET a 1', 'EXEC', 'GET a');
    await both.same('MULTI', 'SET a 1', 'GET', 'NOSUCH x', 'SET b 2', 'EXEC', 'GET a', 'EXEC');
  });

  it('EXEC refused for its arity discards the transaction, inside MULTI or not', async () => {
    await both.same('EXEC x', 'MULTI', 'SET a 1', 'EXEC x', 'EXEC', 'GET a', 'INFO errorstats');
  });

  it('EXEC and DISCARD without MULTI, DISCARD drops the queue', async () => {
    await both.same('EXEC', 'DISCARD', 'MULTI', 'SET a 1', 'DISCARD', 'GET a', 'EXEC');
  });

  it('an empty transaction, and replies in RESP3', async () => {
    await both.same('MULTI', 'EXEC');
    await both.compare({ proto: 3 }, 'MULTI', 'SET a 1', 'GET a', 'GET missing', 'EXEC');
  });

  it('runs commands that could block as if they timed out', async () => {
    await both.same('MULTI', 'BLPOP nolist 0', 'BZPOPMIN nozset 0', 'EXEC');
  });
});

describe('WATCH', () => {
  it('a change by another client makes EXEC fail with a null array (RESP2 and RESP3)', async () => {
    for (const proto of [2, 3] as const) {
      await sameTranscript(
        2,
        [
          [0, 'SET', 'k', '1'],
          [0, 'WATCH', 'k'],
          [1, 'SET', 'k', '2'],
          [0, 'MULTI'],
          [0, 'SET', 'k', 'mine'],
          [0, 'EXEC'],
          [0, 'GET', 'k'],
        ],
        proto,
      );
    }
  });

  it('without a change EXEC runs; UNWATCH forgets; EXEC and DISCARD unwatch', async () => {
    await sameTranscript(2, [
      [0, 'WATCH', 'k', 'k2'],
      [1, 'GET', 'k'],
      [1, 'DEL', 'k'],
      [0, 'MULTI'],
      [0, 'SET', 'k', '1'],
      [0, 'EXEC'],
      [0, 'WATCH', 'k'],
      [1, 'SET', 'k', '2'],
      [0, 'UNWATCH'],
      [0, 'MULTI'],
      [0, 'SET', 'k', '3'],
      [0, 'EXEC'],
      [0, 'WATCH', 'k'],
      [0, 'MULTI'],
      [0, 'DISCARD'],
      [1, 'SET', 'k', '4'],
      [0, 'MULTI'],
      [0, 'GET', 'k'],
      [0, 'EXEC'],
    ]);
  });

  it('the watcher changing the key itself before MULTI also aborts', async () => {
    await both.same('WATCH k', 'SET k 1', 'MULTI', 'GET k', 'EXEC');
  });

  it('deletion, RENAME, MOVE, EXPIRE and APPEND by others abort', async () => {
    for (const change of [
      ['DEL', 'k'],
      ['RENAME', 'k', 'other'],
      ['RENAME', 'other', 'k'],
      ['MOVE', 'k', '1'],
      ['EXPIRE', 'k', '100'],
      ['APPEND', 'k', 'x'],
      ['SETRANGE', 'k', '0', 'y'],
      ['INCRBYFLOAT', 'n', '1'],
    ]) {
      await sameTranscript(2, [
        [1, 'FLUSHALL'],
        [1, 'SET', 'k', '1'],
        [1, 'SET', 'other', '2'],
        [0, 'WATCH', 'k', 'n'],
        [1, ...change],
        [0, 'MULTI'],
        [0, 'PING'],
        [0, 'EXEC'],
      ]);
    }
  });

  it('FLUSHDB, FLUSHALL and SWAPDB abort only when the watched key exists', async () => {
    for (const change of [['FLUSHDB'], ['FLUSHALL'], ['SWAPDB', '0', '1']]) {
      for (const exists of [true, false]) {
        await sameTranscript(2, [
          [1, 'FLUSHALL'],
          ...(exists ? [[1, 'SET', 'k', '1'] as Step] : []),
          [1, 'SET', 'unrelated', '1'],
          [0, 'WATCH', 'k'],
          [1, ...change],
          [0, 'MULTI'],
          [0, 'PING'],
          [0, 'EXEC'],
        ]);
      }
    }
  });

  it('a watched key that expires before EXEC aborts it', async () => {
    await sameTranscript(1, [
      [0, 'SET', 'k', '1', 'PX', '50'],
      [0, 'WATCH', 'k'],
      { pass: 120 },
      [0, 'MULTI'],
      [0, 'PING'],
      [0, 'EXEC'],
    ]);
  });

  // A key past its deadline but not yet reaped (active expiry off) is "stale": Redis 7.0 remembers a
  // key watched stale, and only its deletion is then no change at all.
  const staleX: Step[] = [
    [0, 'DEBUG', 'SET-ACTIVE-EXPIRE', '0'],
    [0, 'SET', 'x', 'foo', 'PX', '1'],
    { pass: 5 },
  ];
  const execPing: Step[] = [
    [0, 'MULTI'],
    [0, 'PING'],
    [0, 'EXEC'],
    [0, 'DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
  ];

  it('a key watched stale and then lazily deleted or flushed does not abort EXEC', async () => {
    for (const reap of [['EXISTS', 'x'], ['GET', 'x'], ['FLUSHDB'], ['FLUSHALL']]) {
      const replies = await sameTranscript(2, [...staleX, [0, 'WATCH', 'x'], [1, ...reap], ...execPing]);
      expect(replies[replies.length - 2]).toContain('*1\r\n+PONG');
    }
  });

  it('a key watched stale, deleted, then written again aborts EXEC', async () => {
    await sameTranscript(2, [
      ...staleX,
      [0, 'WATCH', 'x'],
      [1, 'EXISTS', 'x'],
      [1, 'SET', 'x', 'new'],
      ...execPing,
    ]);
    await sameTranscript(2, [...staleX, [0, 'WATCH', 'x'], [1, 'SET', 'x', 'new'], ...execPing]);
  });

  it('SWAPDB: a stale key for none, none for a stale key, a stale key for a stale key change nothing', async () => {
    const swap = (steps: Step[]): Step[] => [...steps, [0, 'SWAPDB', '0', '1'], ...execPing];
    await sameTranscript(1, swap([[0, 'SELECT', '1'], ...staleX, [0, 'WATCH', 'x']]));
    await sameTranscript(1, swap([...staleX, [0, 'SELECT', '1'], [0, 'WATCH', 'x']]));
    await sameTranscript(
      1,
      swap([
        [0, 'DEBUG', 'SET-ACTIVE-EXPIRE', '0'],
        [0, 'SELECT', '1'],
        [0, 'SET', 'x', 'foo', 'PX', '1'],
        [0, 'SELECT', '0'],
        [0, 'SET', 'x', 'bar', 'PX', '1'],
        { pass: 5 },
        [0, 'SELECT', '1'],
        [0, 'WATCH', 'x'],
      ]),
    );
    // A live key for a stale one, and a stale key for a live one, are changes.
    await sameTranscript(
      1,
      swap([...staleX, [0, 'SELECT', '1'], [0, 'SET', 'x', 'live'], [0, 'WATCH', 'x']]),
    );
    await sameTranscript(
      1,
      swap([...staleX, [0, 'SELECT', '1'], [0, 'SET', 'x', 'live'], [0, 'SELECT', '0'], [0, 'WATCH', 'x']]),
    );
  });

  it('watches per database', async () => {
    await sameTranscript(2, [
      [0, 'WATCH', 'k'],
      [1, 'SELECT', '1'],
      [1, 'SET', 'k', '1'],
      [0, 'MULTI'],
      [0, 'PING'],
      [0, 'EXEC'],
    ]);
  });
});

describe('blocked clients in INFO', () => {
  it('blocked_clients and clients_in_timeout_table count waiting clients', async () => {
    await both.each(async (t) => {
      const forever = await t.raw();
      forever.write('*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n0\r\n');
      const timed = await t.raw();
      timed.write('*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$3\r\n100\r\n');
      const c = await t.raw();
      let info = '';
      for (let i = 0; i < 100 && !info.includes('blocked_clients:2'); i++)
        info = await c.callText('INFO', 'clients');
      expect(info).toContain('blocked_clients:2\r\n');
      expect(info).toContain('clients_in_timeout_table:1\r\n');
      await c.call('RPUSH', 'q', 'a', 'b');
      expect((await forever.readReply()).toString('latin1')).toBe('*2\r\n$1\r\nq\r\n$1\r\na\r\n');
      expect((await timed.readReply()).toString('latin1')).toBe('*2\r\n$1\r\nq\r\n$1\r\nb\r\n');
      expect(await c.callText('INFO', 'clients')).toContain('blocked_clients:0\r\n');
    });
  });
});
