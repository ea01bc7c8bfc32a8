// Generic key commands against both targets: DEL, EXISTS, TYPE, KEYS, SCAN, RENAME, COPY, MOVE, the
// EXPIRE family, TTL, PERSIST and OBJECT.

import { afterEach, describe, expect, it } from 'vitest';
import type { RawClient } from '../support/raw.js';
import { relax, type Target, useTargets } from '../support/targets.js';

const both = useTargets();

/** A deadline far in the future, in ms: 2100-01-01. */
const FUTURE_MS = 4102444800000;

/** Send one command on a raw connection and return the reply as a latin1 string. */
async function call(c: RawClient, ...args: string[]): Promise<string> {
  return (await c.call(...args)).toString('latin1');
}

/** The server's clock in ms: respite's own clock, or the wall clock for a real Redis. */
function nowOf(t: Target): number {
  return t.respite ? t.respite.clock.now() : Date.now();
}

/**
 * The one relaxation for time: a real Redis's clock runs while the test talks to it, so a PTTL read
 * there may be up to `slackMs` below the exact value respite (whose clock is frozen) reports.
 */
function expectRemainingMs(t: Target, reply: string, exact: number, slackMs = 250): void {
  const ms = Number(/^:(-?\d+)\r\n$/.exec(reply)?.[1]);
  if (t.respite) {
    expect(ms).toBe(exact);
  } else {
    expect(ms).toBeGreaterThanOrEqual(exact - slackMs);
    expect(ms).toBeLessThanOrEqual(exact);
  }
}

/** Freeze respite's clock (so PTTL is exact there); a no-op on a real Redis. */
function freeze(t: Target): void {
  t.respite?.clock.freeze();
}

/** Turn active expiry off, so a key past its deadline stays in memory until it is touched. */
async function activeExpire(t: Target, on: boolean): Promise<void> {
  expect(await call(await t.raw(), 'DEBUG', 'SET-ACTIVE-EXPIRE', on ? '1' : '0')).toBe('+OK\r\n');
}

async function configSet(t: Target, name: string, value: string): Promise<void> {
  expect(await call(await t.raw(), 'CONFIG', 'SET', name, value)).toBe('+OK\r\n');
}

afterEach(async () => {
  for (const t of both.list) {
    await activeExpire(t, true);
    await configSet(t, 'maxmemory-policy', 'noeviction');
    await configSet(t, 'maxmemory', '0');
  }
});

describe('DEL, UNLINK, EXISTS, TOUCH, TYPE', () => {
  it('DEL and UNLINK count the keys they removed, once each', async () => {
    await both.same(
      'SET a 1',
      'SET b 2',
      'DEL a a missing b',
      'EXISTS a b',
      'SET c 3',
      'UNLINK c c missing',
      'DEL missing',
      'DEL',
      'UNLINK',
    );
  });

  it('EXISTS counts repeated keys every time; TOUCH counts existing ones', async () => {
    await both.same(
      'SET a 1',
      ['SET', '', 'empty'],
      ['SET', '\x00\xff', 'bin'],
      'EXISTS a a a missing',
      ['EXISTS', '', '\x00\xff', 'a'],
      'EXISTS missing',
      'TOUCH a a missing',
      'TOUCH missing',
      'EXISTS',
      'TOUCH',
    );
  });

  it('TYPE', async () => {
    await both.same(
      'SET s v',
      'TYPE s',
      'TYPE missing',
      'SET raw x',
      'APPEND raw y',
      'TYPE raw',
      'TYPE',
      'TYPE a b',
    );
  });

  it('an expired key does not exist for any of them', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await activeExpire(t, false);
      await call(c, 'SET', 'k', 'v', 'PX', '50');
      await call(c, 'SET', 'j', 'v', 'PX', '50');
      await t.pass(80);
      expect(await call(c, 'EXISTS', 'k')).toBe(':0\r\n');
      expect(await call(c, 'TYPE', 'k')).toBe('+none\r\n');
      expect(await call(c, 'TOUCH', 'k')).toBe(':0\r\n');
      expect(await call(c, 'DEL', 'j')).toBe(':0\r\n');
    });
  });
});

describe('KEYS', () => {
  it('returns matching keys, binary and empty ones included', async () => {
    await both.compare(
      { normalize: relax.unordered },
      'SET one 1',
      'SET two 2',
      'SET three 3',
      ['SET', '', 'e'],
      ['SET', 'x\x00\xff', 'b'],
      'KEYS *',
      'KEYS t*',
      'KEYS *o',
      'KEYS ???',
      ['KEYS', 'x\x00*'],
      ['KEYS', ''],
      'KEYS nomatch',
      'KEYS',
      'KEYS a b',
    );
  });

  it('skips keys past their deadline', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await activeExpire(t, false);
      await call(c, 'SET', 'gone', 'v', 'PX', '50');
      await call(c, 'SET', 'kept', 'v');
      await t.pass(80);
      expect(await call(c, 'KEYS', '*')).toBe('*1\r\n$4\r\nkept\r\n');
      expect(await call(c, 'KEYS', '*e*')).toBe('*1\r\n$4\r\nkept\r\n');
    });
  });
});

/** Run a whole SCAN iteration; `between` runs after every call. Returns the sorted distinct keys. */
async function scanAll(
  c: RawClient,
  options: string[],
  between?: (round: number) => Promise<void>,
): Promise<string[]> {
  const seen = new Set<string>();
  let cursor = '0';
  for (let round = 0; ; round++) {
    const reply = await c.call('SCAN', cursor, ...options);
    const [next, keys] = parseScanReply(reply);
    for (const k of keys) seen.add(k);
    cursor = next;
    if (cursor === '0') break;
    if (round > 10_000) throw new Error('SCAN did not finish');
    await between?.(round);
  }
  return [...seen].sort();
}

/** A SCAN reply, *2 $cursor *n $key..., as [cursor, keys]. */
function parseScanReply(reply: Buffer): [string, string[]] {
  const text = reply.toString('latin1');
  const m = /^\*2\r\n\$\d+\r\n(\d+)\r\n\*(\d+)\r\n/.exec(text);
  if (!m) throw new Error(`not a SCAN reply: ${JSON.stringify(text)}`);
  const keys: string[] = [];
  let at = m[0].length;
  for (let i = 0; i < Number(m[2]); i++) {
    const len = /^\$(\d+)\r\n/.exec(text.slice(at))!;
    at += len[0].length;
    keys.push(text.slice(at, at + Number(len[1])));
    at += Number(len[1]) + 2;
  }
  return [m[1], keys];
}

describe('SCAN', () => {
  it('argument errors', async () => {
    await both.same(
      'SET a 1',
      'SCAN x',
      'SCAN -x',
      'SCAN 1.5',
      ['SCAN', ' 1'],
      ['SCAN', '1 '],
      'SCAN 18446744073709551616',
      'SCAN 0 COUNT 0',
      'SCAN 0 COUNT -1',
      'SCAN 0 COUNT x',
      'SCAN 0 COUNT 99999999999999999999',
      'SCAN 0 COUNT',
      'SCAN 0 MATCH',
      'SCAN 0 TYPE',
      'SCAN 0 FOO bar',
      'SCAN 0 COUNT 0 MATCH',
      'SCAN 0 MATCH * COUNT 0',
      'SCAN',
    );
  });

  it('cursor 0 forms: "", "+0", "-0", "0" followed by a NUL byte', async () => {
    await both.compare(
      { normalize: relax.scanReply },
      'SET a 1',
      'SET b 2',
      ['SCAN', ''],
      ['SCAN', '+0'],
      ['SCAN', '-0'],
      ['SCAN', '0\x00junk'],
      ['SCAN', '\x00'],
      ['SCAN', '000000000000000000000000000000'],
    );
  });

  it('accepts any unsigned 64-bit cursor, signed ones wrapped', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await call(c, 'SET', 'a', '1');
      for (const cursor of [
        '18446744073709551615',
        '-1',
        '-18446744073709551615',
        '+7',
        '7\x00x',
        '123456',
      ]) {
        expect(await call(c, 'SCAN', cursor), cursor).toMatch(/^\*2\r\n\$\d+\r\n\d+\r\n\*/);
      }
    });
  });

  it('an empty database, and a small one in one call', async () => {
    await both.same('SCAN 0', 'SCAN 0 COUNT 1000 MATCH * TYPE string');
    await both.compare(
      { normalize: relax.scanReply },
      'SET a 1',
      'SET b 2',
      'SET c 3',
      'SCAN 0 COUNT 100',
      'SCAN 0 COUNT 100 MATCH b*',
      'SCAN 0 count 100 match [ac]',
      'SCAN 0 COUNT 100 TYPE string',
      'SCAN 0 COUNT 100 TYPE STRING',
      'SCAN 0 COUNT 100 TYPE list',
      'SCAN 0 COUNT 100 TYPE nosuchtype',
      'SCAN 0 COUNT 100 MATCH a MATCH c',
    );
  });

  it('a full iteration returns every key, with MATCH and TYPE filters', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      const all: string[] = [];
      for (let i = 0; i < 300; i++) {
        const key = `key:${i}`;
        all.push(key);
        await call(c, 'SET', key, 'v');
        if (i % 3 === 0) await call(c, 'APPEND', key, 'w');
      }
      expect(await scanAll(c, [])).toEqual([...all].sort());
      expect(await scanAll(c, ['COUNT', '7'])).toEqual([...all].sort());
      expect(await scanAll(c, ['COUNT', '1'])).toEqual([...all].sort());
      expect(await scanAll(c, ['MATCH', 'key:1*', 'COUNT', '13'])).toEqual(
        all.filter((k) => k.startsWith('key:1')).sort(),
      );
      expect(await scanAll(c, ['TYPE', 'string'])).toEqual([...all].sort());
      expect(await scanAll(c, ['TYPE', 'hash'])).toEqual([]);
    });
  });

  it('returns every key present for the whole iteration while others come and go', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      const stable: string[] = [];
      for (let i = 0; i < 200; i++) {
        stable.push(`stable:${i}`);
        await call(c, 'SET', `stable:${i}`, 'v');
        await call(c, 'SET', `doomed:${i}`, 'v');
      }
      let added = 0;
      const seen = await scanAll(c, ['COUNT', '9'], async (round) => {
        // Grow the keyspace (Redis rehashes into a bigger table) and delete keys that were there.
        // SCAN promises to finish only while the keyspace stays bounded: growth stops at 600.
        for (let j = 0; j < 20 && added < 600; j++) await call(c, 'SET', `added:${added++}`, 'v');
        for (let j = 0; j < 8; j++) await call(c, 'DEL', `doomed:${(round * 8 + j) % 200}`);
      });
      for (const key of stable) expect(seen, key).toContain(key);
      expect(seen.every((k) => /^(stable|doomed|added):\d+$/.test(k))).toBe(true);
    });
  });

  it('the same guarantee while the keyspace shrinks', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      for (let i = 0; i < 500; i++) await call(c, 'SET', `k:${i}`, 'v');
      let next = 0;
      const seen = await scanAll(c, ['COUNT', '5'], async () => {
        for (let j = 0; j < 10 && next < 400; j++) await call(c, 'DEL', `k:${next++}`);
      });
      for (let i = 400; i < 500; i++) expect(seen, `k:${i}`).toContain(`k:${i}`);
    });
  });

  it('a cursor used twice, or by another connection, still completes the iteration', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      const other = await t.raw();
      const all: string[] = [];
      for (let i = 0; i < 100; i++) {
        all.push(`k:${i}`);
        await call(c, 'SET', `k:${i}`, 'v');
      }
      const seen = new Set<string>();
      const [first, keys] = parseScanReply(await c.call('SCAN', '0', 'COUNT', '10'));
      for (const k of keys) seen.add(k);
      // The same cursor twice: once here and once on another connection; both go on from it.
      const [, again] = parseScanReply(await c.call('SCAN', first, 'COUNT', '10'));
      for (const k of again) seen.add(k);
      let cursor = first;
      do {
        const [next, more] = parseScanReply(await other.call('SCAN', cursor, 'COUNT', '10'));
        for (const k of more) seen.add(k);
        cursor = next;
      } while (cursor !== '0');
      expect([...seen].sort()).toEqual(all.sort());
    });
  });

  it('skips keys past their deadline', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await activeExpire(t, false);
      for (let i = 0; i < 20; i++) await call(c, 'SET', `gone:${i}`, 'v', 'PX', '50');
      await call(c, 'SET', 'kept', 'v');
      await t.pass(80);
      expect(await scanAll(c, ['COUNT', '3'])).toEqual(['kept']);
    });
  });

  it('expires only the keys that pass MATCH; under TYPE none an expired key is listed', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await activeExpire(t, false);
      await call(c, 'SET', 'a', 'v', 'PX', '50');
      await call(c, 'SET', 'b', 'v', 'PX', '50');
      await call(c, 'SET', 'c', 'v');
      await t.pass(80);
      expect(await scanAll(c, ['MATCH', 'a'])).toEqual([]);
      expect(await call(c, 'DBSIZE')).toBe(':2\r\n'); // b is still stored, unexpired
      expect(await scanAll(c, ['TYPE', 'none'])).toEqual(['b']);
      expect(await call(c, 'DBSIZE')).toBe(':1\r\n');
    });
  });
});

describe('RANDOMKEY', () => {
  it('nil on an empty database, a key otherwise', async () => {
    await both.same('RANDOMKEY', 'RANDOMKEY x');
    await both.compare({ proto: 3 }, 'RANDOMKEY');
    await both.compare({ normalize: relax.randomPick }, 'SET a 1', 'SET b 2', 'RANDOMKEY', 'RANDOMKEY');
  });

  it('never returns a key past its deadline', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await activeExpire(t, false);
      for (let i = 0; i < 10; i++) await call(c, 'SET', `gone:${i}`, 'v', 'PX', '50');
      await call(c, 'SET', 'kept', 'v');
      await t.pass(80);
      for (let i = 0; i < 20; i++) expect(await call(c, 'RANDOMKEY')).toBe('$4\r\nkept\r\n');
      await call(c, 'DEL', 'kept');
      expect(await call(c, 'RANDOMKEY')).toBe('$-1\r\n');
    });
  });
});

describe('RENAME and RENAMENX', () => {
  it('errors and the same key', async () => {
    await both.same(
      'RENAME missing x',
      'RENAMENX missing x',
      'RENAME missing missing',
      'SET a 1',
      'RENAME a a',
      'RENAMENX a a',
      'GET a',
      'RENAME a',
      'RENAMENX a b c',
    );
  });

  it('moves the value and its TTL, replacing the destination', async () => {
    await both.same(
      'SET a 1',
      `PEXPIREAT a ${FUTURE_MS}`,
      'SET b 2',
      'EXPIRE b 1000',
      'RENAME a b',
      'EXISTS a',
      'GET b',
      'PEXPIRETIME b',
      'SET c 3',
      'RENAME b c',
      'PEXPIRETIME c',
      'SET d 4',
      'EXPIRE d 1000',
      'SET e 5',
      'RENAME e d',
      'TTL d',
      ['RENAME', 'd', '\x00\xff'],
      ['GET', '\x00\xff'],
    );
  });

  it('RENAMENX refuses an existing destination', async () => {
    await both.same(
      'SET a 1',
      'SET b 2',
      'RENAMENX a b',
      'GET a',
      'GET b',
      'RENAMENX a c',
      'GET c',
      'EXISTS a',
    );
  });

  it('moves other value kinds unchanged', async () => {
    await both.same('SET r a', 'APPEND r bc', 'RENAME r s', 'GET s', 'OBJECT ENCODING s', 'TYPE s');
  });
});

describe('COPY', () => {
  it('errors', async () => {
    await both.same(
      'SET a 1',
      'COPY a a',
      'COPY a a DB 0',
      'COPY a b DB',
      'COPY a b DB x',
      'COPY a b DB 16',
      'COPY a b DB -1',
      'COPY a b DB 99999999999',
      'COPY a b FOO',
      'COPY a b REPLACE FOO',
      'COPY a',
      'COPY missing b DB x',
    );
  });

  it('copies value and TTL; REPLACE; DB', async () => {
    await both.same(
      'SET a 1',
      `PEXPIREAT a ${FUTURE_MS}`,
      'COPY missing b',
      'COPY a b',
      'GET b',
      'PEXPIRETIME b',
      'SET c 3',
      'COPY a c',
      'GET c',
      'COPY a c REPLACE',
      'GET c',
      'PEXPIRETIME c',
      'COPY a a DB 1',
      'COPY a x db 2 replace',
      'COPY a x DB 2',
      'COPY a x DB 2 REPLACE',
      'SELECT 2',
      'GET x',
      'PEXPIRETIME x',
      'SELECT 1',
      'GET a',
      'SELECT 0',
      'GET a',
    );
  });

  it('a copied mutable string is independent of the original', async () => {
    await both.same(
      'SET r a',
      'APPEND r bc',
      'COPY r s',
      'APPEND s def',
      'GET r',
      'GET s',
      'OBJECT ENCODING s',
      'SET t hello',
      'COPY t u',
      'OBJECT ENCODING u',
    );
  });
});

describe('MOVE', () => {
  it('errors', async () => {
    await both.same(
      'SET a 1',
      'MOVE a 0',
      'MOVE a 16',
      'MOVE a -1',
      'MOVE a x',
      'MOVE a 99999999999',
      'MOVE missing 0',
      'MOVE missing 1',
      'MOVE a',
    );
  });

  it('moves value and TTL; refuses an existing key', async () => {
    await both.same(
      'SET a 1',
      `PEXPIREAT a ${FUTURE_MS}`,
      'MOVE a 1',
      'EXISTS a',
      'SELECT 1',
      'GET a',
      'PEXPIRETIME a',
      'SET b 2',
      'SELECT 0',
      'SET b 3',
      'MOVE b 1',
      'GET b',
      'SELECT 1',
      'GET b',
    );
  });
});

describe('EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT', () => {
  it('option errors come before the number, in Redis order', async () => {
    await both.same(
      'SET k v',
      'EXPIRE k 100 NX XX',
      'EXPIRE k 100 NX GT',
      'EXPIRE k 100 LT NX',
      'EXPIRE k 100 GT LT',
      'EXPIRE k 100 XX GT LT',
      'EXPIRE k 100 LT GT NX',
      'EXPIRE k 100 ab',
      'EXPIRE k 100 nx foo',
      'EXPIRE k abc FOO',
      'EXPIRE k abc NX XX',
      'EXPIRE missing 100 NX XX',
      'EXPIRE k abc',
      'EXPIRE k 1.5',
      'EXPIRE k ""',
      'PEXPIRE k 99999999999999999999',
      'EXPIRE k',
      'TTL k',
    );
  });

  it('overflow is an invalid expire time, named after the command', async () => {
    await both.same(
      'SET k v',
      'EXPIRE k 9223370399119966',
      'EXPIRE k 9223372036854776',
      'EXPIRE k 10000000000000000',
      'EXPIRE k -9223372036854776',
      'EXPIRE k -9999999999999999',
      'PEXPIRE k 9223372036854770000',
      'EXPIREAT k 9223372036854776',
      'expireat k -9223372036854776',
      'TTL k',
      'PEXPIREAT k 9223372036854770000',
      'EXPIRE k 9223372036854775 XX',
      'SET k v',
      'PEXPIREAT k -9223372036854770000',
      'TTL k',
    );
  });

  it('GT and LT on a key without a TTL, repeated options', async () => {
    await both.same(
      'SET k v',
      'EXPIRE k 100 GT',
      'TTL k',
      'EXPIRE k 100 LT',
      'TTL k',
      'PERSIST k',
      'EXPIRE k 100 NX NX',
      'TTL k',
      'EXPIRE k 50 xx XX lt LT',
      'TTL k',
    );
  });

  it('a missing key is 0 with any option', async () => {
    await both.same(
      'EXPIRE none 100',
      'EXPIRE none 100 NX',
      'EXPIRE none 100 XX',
      'PEXPIRE none 100 GT',
      'EXPIREAT none 100 LT',
    );
  });

  it('NX, XX, GT, LT', async () => {
    await both.same(
      'SET k v',
      `PEXPIREAT k ${FUTURE_MS} XX`,
      `PEXPIREAT k ${FUTURE_MS} GT`,
      `PEXPIREAT k ${FUTURE_MS} LT`,
      'PEXPIRETIME k',
      `PEXPIREAT k ${FUTURE_MS} NX`,
      'PEXPIRETIME k',
      `PEXPIREAT k ${FUTURE_MS + 1000} NX`,
      `PEXPIREAT k ${FUTURE_MS + 1000} XX`,
      'PEXPIRETIME k',
      `PEXPIREAT k ${FUTURE_MS} GT`,
      `PEXPIREAT k ${FUTURE_MS + 1000} GT`,
      `PEXPIREAT k ${FUTURE_MS + 2000} GT`,
      'PEXPIRETIME k',
      `PEXPIREAT k ${FUTURE_MS + 2000} LT`,
      `PEXPIREAT k ${FUTURE_MS + 3000} LT`,
      `PEXPIREAT k ${FUTURE_MS} lt`,
      'PEXPIRETIME k',
      `EXPIREAT k ${FUTURE_MS / 1000 + 10} gt xx`,
      'EXPIRETIME k',
      'PEXPIRETIME k',
      'PERSIST k',
      `PEXPIREAT k ${FUTURE_MS} LT`,
      'PEXPIRETIME k',
    );
  });

  it('a deadline in the past deletes the key and returns 1', async () => {
    await both.same(
      'SET a v',
      'EXPIRE a -10',
      'EXISTS a',
      'SET b v',
      'PEXPIRE b 0',
      'EXISTS b',
      'SET c v',
      'EXPIREAT c 1',
      'EXISTS c',
      'SET d v',
      'PEXPIREAT d 0',
      'EXISTS d',
      'SET e v EX 100',
      'EXPIRE e -10 LT',
      'TTL e',
      'SET f v',
      'EXPIRE f -10 LT',
      'TTL f',
      'SET g v',
      'EXPIRE g -10 GT',
      'TTL g',
    );
  });

  it('keys expire after the given time', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await call(c, 'SET', 'k', 'v');
      await call(c, 'SET', 'j', 'v');
      expect(await call(c, 'PEXPIRE', 'k', '500')).toBe(':1\r\n');
      expect(await call(c, 'PEXPIREAT', 'j', String(nowOf(t) + 500))).toBe(':1\r\n');
      await t.pass(100);
      expect(await call(c, 'GET', 'k')).toBe('$1\r\nv\r\n');
      expect(await call(c, 'EXISTS', 'j')).toBe(':1\r\n');
      await t.pass(450);
      expect(await call(c, 'GET', 'k')).toBe('$-1\r\n');
      expect(await call(c, 'EXISTS', 'j')).toBe(':0\r\n');
      expect(await call(c, 'TTL', 'k')).toBe(':-2\r\n');
    });
  });

  it('an unknown option is quoted only up to a NUL byte, as C prints it', async () => {
    await both.same(['SET', 'k', 'v'], ['EXPIRE', 'k', '100', 'NX', 'a\0b'], ['PEXPIREAT', 'k', '1', 'x\0']);
  });

  it('EXPIRE takes seconds from now, PEXPIRE milliseconds', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      freeze(t);
      await call(c, 'SET', 'k', 'v');
      await call(c, 'EXPIRE', 'k', '100');
      expect(await call(c, 'TTL', 'k')).toBe(':100\r\n');
      expectRemainingMs(t, await call(c, 'PTTL', 'k'), 100_000);
      await call(c, 'PEXPIRE', 'k', '5500');
      expectRemainingMs(t, await call(c, 'PTTL', 'k'), 5500);
      expect(await call(c, 'TTL', 'k')).toMatch(/^:(5|6)\r\n$/); // 5.5 s rounds to 6, a moment later to 5
      await t.pass(300);
      expectRemainingMs(t, await call(c, 'PTTL', 'k'), 5200);
      expect(await call(c, 'TTL', 'k')).toBe(':5\r\n');
    });
  });
});

describe('writing over a key past its deadline', () => {
  it('expires it first: the "expired" event comes before the write, as Redis looks it up for writing', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      const sub = await t.raw();
      await call(c, 'DEBUG', 'SET-ACTIVE-EXPIRE', '0');
      await call(c, 'CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
      await call(sub, 'PSUBSCRIBE', '__keyspace@0__:*');
      try {
        await call(c, 'SET', 'x', 'old', 'PX', '1');
        await call(c, 'MSET', 'y', 'old', 'z', 'z');
        await call(c, 'PEXPIRE', 'y', '1');
        await t.pass(5);
        await call(c, 'SET', 'x', 'new', 'KEEPTTL');
        await call(c, 'MSET', 'y', 'new');
        expect(await call(c, 'PTTL', 'x')).toBe(':-1\r\n');
        const events: string[] = [];
        for (let i = 0; i < 9; i++) {
          const m = /\$\d+\r\n__keyspace@0__:(\w+)\r\n\$\d+\r\n(\w+)\r\n$/.exec(
            (await sub.readReply()).toString('latin1'),
          );
          events.push(`${m?.[1]} ${m?.[2]}`);
        }
        expect(events).toEqual([
          'x set',
          'x expire',
          'y set',
          'z set',
          'y expire',
          'x expired',
          'x set',
          'y expired',
          'y set',
        ]);
      } finally {
        await call(c, 'CONFIG', 'SET', 'notify-keyspace-events', '');
        await call(c, 'DEBUG', 'SET-ACTIVE-EXPIRE', '1');
      }
    });
  });
});

describe('TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST', () => {
  it('-2 for a missing key, -1 without a TTL', async () => {
    await both.same(
      'TTL missing',
      'PTTL missing',
      'EXPIRETIME missing',
      'PEXPIRETIME missing',
      'SET k v',
      'TTL k',
      'PTTL k',
      'EXPIRETIME k',
      'PEXPIRETIME k',
      'TTL',
      'PTTL a b',
    );
  });

  it('absolute deadlines, rounded to the nearest second', async () => {
    await both.same(
      'SET k v',
      `PEXPIREAT k ${FUTURE_MS + 499}`,
      'EXPIRETIME k',
      'PEXPIRETIME k',
      `PEXPIREAT k ${FUTURE_MS + 500}`,
      'EXPIRETIME k',
      'PEXPIRETIME k',
      `EXPIREAT k ${FUTURE_MS / 1000}`,
      'EXPIRETIME k',
      'PEXPIRETIME k',
    );
  });

  it('PERSIST', async () => {
    await both.same(
      'PERSIST missing',
      'SET k v',
      'PERSIST k',
      'EXPIRE k 100',
      'PERSIST k',
      'TTL k',
      'PERSIST k',
      'PERSIST',
    );
  });

  it('a key set again loses its TTL; one past its deadline reads as missing', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      freeze(t);
      await call(c, 'SET', 'k', 'v');
      await call(c, 'PEXPIRE', 'k', '150');
      expectRemainingMs(t, await call(c, 'PTTL', 'k'), 150);
      await t.pass(200);
      expect(await call(c, 'PTTL', 'k')).toBe(':-2\r\n');
      expect(await call(c, 'PERSIST', 'k')).toBe(':0\r\n');
      await call(c, 'SET', 'k', 'v', 'EX', '10');
      await call(c, 'SET', 'k', 'w');
      expect(await call(c, 'TTL', 'k')).toBe(':-1\r\n');
    });
  });
});

describe('OBJECT', () => {
  it('HELP, arity and unknown subcommands', async () => {
    await both.same(
      'OBJECT HELP',
      'object help',
      'OBJECT HELP x',
      'OBJECT',
      'OBJECT foo k',
      'OBJECT ENCODING',
      'OBJECT ENCODING a b',
    );
  });

  it('ENCODING of strings: int, embstr, raw', async () => {
    await both.same(
      'OBJECT ENCODING missing',
      'SET i 12345',
      'OBJECT ENCODING i',
      'SET neg -9223372036854775808',
      'OBJECT ENCODING neg',
      'SET big 9223372036854775808',
      'OBJECT ENCODING big',
      'SET lead 007',
      'OBJECT ENCODING lead',
      'SET plus +7',
      'OBJECT ENCODING plus',
      'SET zero 0',
      'OBJECT ENCODING zero',
      'SET negzero -0',
      'OBJECT ENCODING negzero',
      ['SET', 'e44', 'x'.repeat(44)],
      'OBJECT ENCODING e44',
      ['SET', 'r45', 'x'.repeat(45)],
      'OBJECT ENCODING r45',
      ['SET', 'empty', ''],
      'OBJECT ENCODING empty',
      'APPEND new x',
      'OBJECT ENCODING new',
      'APPEND app x',
      'APPEND app y',
      'OBJECT ENCODING app',
      'SET num 1',
      'APPEND num 2',
      'OBJECT ENCODING num',
    );
    await both.compare(
      { proto: 3 },
      'OBJECT ENCODING missing',
      'OBJECT REFCOUNT missing',
      'OBJECT IDLETIME missing',
    );
  });

  it('REFCOUNT: shared small integers, 1 for everything else', async () => {
    await both.same(
      'SET a 123',
      'OBJECT REFCOUNT a',
      'SET b 9999',
      'OBJECT REFCOUNT b',
      'SET c 10000',
      'OBJECT REFCOUNT c',
      'SET d -1',
      'OBJECT REFCOUNT d',
      'SET e hello',
      'OBJECT REFCOUNT e',
      'SET f 1',
      'APPEND f 2',
      'OBJECT REFCOUNT f',
      'OBJECT REFCOUNT missing',
    );
    // With a memory limit under an LRU or LFU policy Redis stops sharing them.
    for (const t of both.list) {
      await configSet(t, 'maxmemory', '1gb');
      await configSet(t, 'maxmemory-policy', 'allkeys-lru');
    }
    await both.same('SET a 123', 'OBJECT REFCOUNT a', 'OBJECT ENCODING a');
    for (const t of both.list) await configSet(t, 'maxmemory-policy', 'volatile-ttl');
    await both.same('SET a 123', 'OBJECT REFCOUNT a');
  });

  it('IDLETIME is 0 for a key just written; errors under an LFU policy', async () => {
    await both.same(
      'SET k hello',
      'OBJECT IDLETIME k',
      'SET r x',
      'APPEND r y',
      'OBJECT IDLETIME r',
      'OBJECT IDLETIME missing',
    );
    for (const t of both.list) await configSet(t, 'maxmemory-policy', 'allkeys-lfu');
    await both.same('SET k hello', 'OBJECT IDLETIME k', 'OBJECT IDLETIME missing');
  });

  it('IDLETIME of a value that was left alone grows', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await call(c, 'SET', 'r', 'x');
      await call(c, 'APPEND', 'r', 'y'); // a mutable string: an object value
      await t.pass(1100);
      expect(await call(c, 'OBJECT', 'IDLETIME', 'r')).toMatch(/^:(1|2)\r\n$/);
      // None of these is an access.
      for (const cmd of [
        ['TYPE', 'r'],
        ['EXISTS', 'r'],
        ['TTL', 'r'],
        ['SCAN', '0'],
        ['KEYS', '*'],
        ['RANDOMKEY'],
      ])
        await call(c, ...cmd);
      for (const sub of ['ENCODING', 'REFCOUNT']) await call(c, 'OBJECT', sub, 'r');
      expect(await call(c, 'OBJECT', 'IDLETIME', 'r')).toMatch(/^:(1|2)\r\n$/);
      await call(c, 'GET', 'r'); // an access
      expect(await call(c, 'OBJECT', 'IDLETIME', 'r')).toBe(':0\r\n');
    });
  });

  it('FREQ errors unless an LFU policy is selected', async () => {
    await both.same('SET k hello', 'OBJECT FREQ k', 'OBJECT FREQ missing');
    for (const t of both.list) await configSet(t, 'maxmemory-policy', 'volatile-lfu');
    // A key written under an LFU policy starts at Redis's initial counter. (Redis then counts reads
    // probabilistically, and an overwritten key keeps its old counter; respite counts nothing.)
    await both.same('SET fresh hello', 'OBJECT FREQ fresh', 'OBJECT FREQ missing');
  });
});

describe('RESP3', () => {
  it('replies keep their shape', async () => {
    await both.compare(
      { proto: 3 },
      'SCAN 0',
      'KEYS *',
      'SET k v',
      'KEYS *',
      'SCAN 0 COUNT 100',
      'TYPE k',
      'TYPE missing',
      'TTL k',
      'EXISTS k k',
      'RENAME k j',
      'COPY j k',
      'OBJECT ENCODING j',
      'OBJECT HELP',
      'DEL j',
      'RANDOMKEY',
    );
  });
});

describe('option keywords', () => {
  it('end at a NUL byte in every family, as Redis compares them with strcasecmp', async () => {
    await both.same(
      ['SET', 'a', '1'],
      ['COPY', 'a', 'b', 'REPLACE\0x'],
      ['EXPIRE', 'b', '10', 'NX\0'],
      ['HSET', 'h', 'f', 'v'],
      ['HRANDFIELD', 'h', '1', 'WITHVALUES\0'],
      ['SADD', 's', '1'],
      ['SINTERCARD', '1', 's', 'LIMIT\0', '1'],
      ['SORT', 's', 'DESC\0'],
      ['SET', 'bb', 'abc'],
      ['BITCOUNT', 'bb', '0', '1', 'BYTE\0'],
      ['BITOP', 'AND\0', 'd', 'bb'],
      ['BITFIELD', 'bb', 'GET\0', 'u8', '0'],
      ['BITFIELD', 'bb', 'OVERFLOW', 'SAT\0', 'INCRBY', 'u8', '0', '1'],
      ['SET', 'x', 'v', 'NX\0'],
      ['LPUSH', 'l', 'a'],
      ['LPOS', 'l', 'a', 'RANK\0', '1'],
      ['ZADD', 'z', 'NX\0', '1', 'm'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES\0'],
    );
  });
});
