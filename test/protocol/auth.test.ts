// Before AUTH, Redis limits what a client may send (at most 10 arguments, bulks of at most 16384
// bytes) so that an unauthenticated client cannot make it use much memory, and refuses commands with
// NOAUTH. Both targets run with requirepass.

import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../support/raw.js';
import { type Target, useTargets } from '../support/targets.js';

const both = useTargets({ respite: { requirepass: 'pw' }, redisArgs: ['--requirepass', 'pw'] });

interface Outcome {
  bytes: string;
  closed: boolean;
}

/** On a new connection to each target, write `chunks` and read until it closes or `timeoutMs` pass. */
async function sameOutcome(chunks: (string | Buffer)[], timeoutMs = 300): Promise<Outcome> {
  const all = await Promise.all(
    both.list.map(async (t: Target) => {
      const c = await t.raw();
      for (const chunk of chunks) c.write(chunk);
      return c.readUntilClose(timeoutMs);
    }),
  );
  if (all[1]) expect(all[0], 'respite vs redis').toEqual(all[1]);
  return all[0];
}

const cmd = (...args: string[]) => encodeCommand(args).toString('latin1');
const NOAUTH = '-NOAUTH Authentication required.\r\n';

describe('before AUTH', () => {
  it('commands are refused with NOAUTH, after the unknown-command and arity checks', async () => {
    await both.same(['GET', 'a'], ['SET', 'a', 'b'], ['PING'], ['NOSUCH', 'x'], ['GET'], ['SELECT', '1']);
  });

  it('more than 10 arguments is a protocol error that closes the connection', async () => {
    const out = await sameOutcome([`${cmd('GET', 'a')}*11\r\n${cmd('PING')}`], 2000);
    expect(out).toEqual({
      bytes: `${NOAUTH}-ERR Protocol error: unauthenticated multibulk length\r\n`,
      closed: true,
    });
  });

  it('10 arguments are accepted', async () => {
    const out = await sameOutcome([cmd('MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4', 'e')]);
    expect(out).toEqual({ bytes: NOAUTH, closed: false });
  });

  it('a bulk longer than 16384 bytes is a protocol error that closes the connection', async () => {
    const out = await sameOutcome([`${cmd('GET', 'a')}*2\r\n$4\r\nECHO\r\n$16385\r\n`], 2000);
    expect(out).toEqual({
      bytes: `${NOAUTH}-ERR Protocol error: unauthenticated bulk length\r\n`,
      closed: true,
    });
  });

  it('a bulk of 16384 bytes is accepted', async () => {
    const out = await sameOutcome([cmd('ECHO', 'x'.repeat(16384))]);
    expect(out).toEqual({ bytes: NOAUTH, closed: false });
  });

  it('an invalid length is reported as invalid before the unauthenticated limit', async () => {
    const out = await sameOutcome(['*2147483648\r\n'], 2000);
    expect(out).toEqual({ bytes: '-ERR Protocol error: invalid multibulk length\r\n', closed: true });
    const bulk = await sameOutcome(['*1\r\n$536870913\r\n'], 2000);
    expect(bulk).toEqual({ bytes: '-ERR Protocol error: invalid bulk length\r\n', closed: true });
  });

  it('inline requests have no unauthenticated limits', async () => {
    const many = `DEL ${Array(20).fill('a').join(' ')}\r\n`;
    const long = `ECHO ${'x'.repeat(30_000)}\r\n`;
    const out = await sameOutcome([many + long]);
    expect(out).toEqual({ bytes: NOAUTH + NOAUTH, closed: false });
  });

  it('empty requests are still ignored', async () => {
    const out = await sameOutcome(['*0\r\n*-1\r\n*-100\r\n\r\nPING\r\n']);
    expect(out).toEqual({ bytes: NOAUTH, closed: false });
  });
});

describe('AUTH', () => {
  it('a wrong password: WRONGPASS, and the limits stay', async () => {
    const out = await sameOutcome([`${cmd('AUTH', 'nope')}${cmd('AUTH', 'default', 'nope')}*11\r\n`], 2000);
    expect(out).toEqual({
      bytes:
        '-WRONGPASS invalid username-password pair or user is disabled.\r\n'.repeat(2) +
        '-ERR Protocol error: unauthenticated multibulk length\r\n',
      closed: true,
    });
  });

  it('AUTH errors', async () => {
    await both.same(['AUTH'], ['AUTH', 'a', 'b', 'c'], ['AUTH', 'someone', 'pw'], ['AUTH', 'default', 'pw']);
  });

  it('after AUTH, in the same write, the limits are lifted', async () => {
    const args = Array.from({ length: 12 }, (_, i) => String(i));
    const big = 'v'.repeat(100_000);
    const out = await sameOutcome([`${cmd('AUTH', 'pw')}${cmd('DEL', ...args)}${cmd('ECHO', big)}`]);
    expect(out).toEqual({ bytes: `+OK\r\n:0\r\n$${big.length}\r\n${big}\r\n`, closed: false });
  });

  it('AUTH default <password>, then commands', async () => {
    await both.same(['AUTH', 'default', 'pw'], ['SET', 'a', '1'], ['GET', 'a'], ['AUTH', 'wrong']);
  });

  it('HELLO with AUTH authenticates; HELLO without it is refused', async () => {
    await both.same(['HELLO', '2'], ['HELLO', '3', 'AUTH', 'default', 'wrong'], ['GET', 'a']);
    await both.each(async (t) => {
      const c = await t.raw();
      const hello = await c.callText('HELLO', '3', 'AUTH', 'default', 'pw');
      expect(hello.startsWith('%')).toBe(true);
      expect(await c.callText('GET', 'missing')).toBe('_\r\n');
      c.write(`*11\r\n${'$1\r\nx\r\n'.repeat(11)}`);
      expect((await c.readReply()).toString()).toBe(
        "-ERR unknown command 'x', with args beginning with: 'x' 'x' 'x' 'x' 'x' 'x' 'x' 'x' 'x' 'x' \r\n",
      );
    });
  });

  it('a password changed at run time applies to clients that have not authenticated', async () => {
    await both.each(async (t) => {
      const waiting = await t.raw();
      expect(await waiting.callText('GET', 'a')).toBe('-NOAUTH Authentication required.\r\n');
      const admin = await t.raw();
      await admin.call('AUTH', 'pw');
      expect(await admin.callText('CONFIG', 'SET', 'requirepass', '')).toBe('+OK\r\n');
      try {
        // No password any more: Redis lets the unauthenticated client through, limits lifted too.
        expect(await waiting.callText('GET', 'a')).toBe('$-1\r\n');
        expect(await waiting.callText('ECHO', 'v'.repeat(20_000))).toBe(
          `$20000\r\n${'v'.repeat(20_000)}\r\n`,
        );
        const fresh = await t.raw();
        expect(await fresh.callText('CONFIG', 'SET', 'requirepass', 'pw')).toBe('+OK\r\n');
        // Connected while there was no password: still authenticated, as in Redis.
        expect(await fresh.callText('GET', 'a')).toBe('$-1\r\n');
        const late = await t.raw();
        expect(await late.callText('GET', 'a')).toBe('-NOAUTH Authentication required.\r\n');
      } finally {
        await admin.call('CONFIG', 'SET', 'requirepass', 'pw');
      }
    });
  });

  it('INFO errorstats counts error replies by code, refused commands included', async () => {
    await both.same(
      ['AUTH', 'pw'],
      ['CONFIG', 'RESETSTAT'],
      ['GET'],
      ['NOSUCHCOMMAND'],
      ['AUTH', 'wrong'],
      ['SET', 'n', 'x'],
      ['INCR', 'n'],
      ['INFO', 'errorstats'],
    );
  });
});
