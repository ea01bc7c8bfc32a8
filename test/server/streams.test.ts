// Streams against real Redis: XADD and its trimming, ranges, XREAD, XDEL, XTRIM, XSETID, consumer
// groups (XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM), XINFO, blocking reads, and the
// seed-style workflow (producer, group, consumers, recovery of stale entries).
//
// Auto-generated IDs come from each server's clock, so most tests give IDs; times that Redis reads
// from its wall clock (idle, delivery and seen times) go through relax.streamTimes, and are checked
// exactly on respite, whose clock the tests move.

import { describe, expect, it } from 'vitest';
import { parseId, Stream, streamFromSeed } from '../../server/store/stream.js';
import { blockedClients, send, waitBlocked } from '../support/blocked.js';
import type { RawClient } from '../support/raw.js';
import { type Cmd, relax, useTargets } from '../support/targets.js';

const both = useTargets();

const U64_MAX = '18446744073709551615';
const MAX_ID = `${U64_MAX}-${U64_MAX}`;

/** XADD key id f v for each id. */
function adds(key: string, ...ids: string[]): Cmd[] {
  return ids.map((id, i) => ['XADD', key, id, 'f', `v${i}`]);
}

/** A stream s with entries 1-1 .. 1-5 and 2-1 .. 2-5. */
const TEN = adds('s', '1-1', '1-2', '1-3', '1-4', '1-5', '2-1', '2-2', '2-3', '2-4', '2-5');

async function text(c: RawClient): Promise<string> {
  return (await c.readReply()).toString('latin1');
}

async function call(c: RawClient, ...args: string[]): Promise<string> {
  return (await c.call(...args)).toString('latin1');
}

describe('XADD', () => {
  it('explicit IDs, ms-* IDs, incomplete IDs, and the ordering errors', async () => {
    await both.same(
      'XADD s 1-1 a 1',
      'XADD s 1-1 a 1',
      'XADD s 1-0 a 1',
      'XADD s 0-5 a 1',
      'XADD s 1-* b 2',
      'XADD s 1-* c 3',
      'XADD s 5 d 4',
      'XADD s 5-* e 5',
      'XADD s 4-* e 5',
      'XADD s 6-* f 6',
      'XADD s 0-0 a 1',
      'XADD t 0-0 a 1',
      'EXISTS t',
      'XADD t 0-* a 1',
      'XADD t 0-* a 1',
      'XADD t 0 a 1',
      'XRANGE s - +',
      'XRANGE t - +',
      'XLEN s',
    );
  });

  it('IDs across the whole 64-bit range, and the last possible ID', async () => {
    await both.same(
      ['XADD', 's', `${U64_MAX}-5`, 'a', '1'],
      ['XADD', 's', `${U64_MAX}-*`, 'a', '2'],
      'XADD s 9007199254740993-1 a 1',
      ['XADD', 's', MAX_ID, 'a', '3'],
      ['XADD', 's', '*', 'a', '4'],
      ['XADD', 's', MAX_ID, 'a', '4'],
      'XRANGE s - +',
      'XREVRANGE s + - COUNT 1',
      ['XADD', 'u', `${U64_MAX}-${U64_MAX}`, 'x', 'y'],
      ['XADD', 'v', `${U64_MAX}-18446744073709551614`, 'x', 'y'],
      ['XADD', 'v', `${U64_MAX}-*`, 'x', 'y'],
      ['XADD', 'v', `${U64_MAX}-*`, 'x', 'y'],
      'XADD w 9007199254740992-9007199254740993 a 1',
      'XADD w 9007199254740993-0 a 1',
      'XADD w 9007199254740993-* a 1',
      'XRANGE w - +',
      'XRANGE w 9007199254740993 9007199254740993',
      'XINFO STREAM w',
      ['XADD', 'big', '18446744073709551616-1', 'a', '1'],
      ['XADD', 'big', '1-18446744073709551616', 'a', '1'],
    );
  });

  it('ID syntax as strtoull takes it', async () => {
    const ids = [
      '01-1',
      '1-01',
      '+1-1',
      ' 1-1',
      '1- 1',
      '1-+1',
      '1--1',
      '1--01',
      '1--0',
      '-1-1',
      '1-1-1',
      '1-',
      '-',
      '+',
      '*-1',
      '1-*-1',
      'a-1',
      '1-a',
      '1.5-1',
      '',
      '1\x00junk-5',
      `${'1'.repeat(130)}`,
      '0x10-1',
      '1-\t2',
      '\t1-2',
    ];
    const cmds: Cmd[] = [];
    ids.forEach((id, i) => {
      cmds.push(['XADD', `k${i}`, id, 'f', 'v'], ['XRANGE', `k${i}`, '-', '+']);
      cmds.push(['XRANGE', 'nosuch', id, '+'], ['XRANGE', 'nosuch', '-', id]);
    });
    await both.same(...cmds);
  });

  it('NOMKSTREAM, field counts, binary fields, wrong types', async () => {
    await both.same(
      'XADD s NOMKSTREAM * a 1',
      'EXISTS s',
      'XADD s 1 a',
      'XADD s 1 a 1 b',
      'XADD s',
      'XADD s 1',
      'XADD s MAXLEN 5 1 a 1 b',
      'XADD s NOMKSTREAM NOMKSTREAM NOMKSTREAM',
      'XADD s nomkstream 1-1 a 1',
      'XADD s NOMKSTREAM 1-2 a 1',
      ['XADD', 's', '3-0', '', '', '\x00\xff', 'b\r\nc'],
      ['XADD', 's', '3-1', 'a', '1', 'a', '2'],
      'XRANGE s - +',
      'SET str x',
      'XADD str 1 a 1',
      'XADD str NOMKSTREAM 1 a 1',
      'XLEN str',
      'XRANGE str - +',
      'XLEN nosuch',
    );
  });

  it('MAXLEN and MINID, exact and with ~ and LIMIT, and their errors', async () => {
    const fill: Cmd[] = [];
    for (let i = 1; i <= 250; i++) fill.push(['XADD', 's', `${i}-0`, 'f', `${i}`]);
    await both.same(
      ...fill,
      'XADD s MAXLEN ~ 120 251-0 f x',
      'XLEN s',
      'XADD s MAXLEN = 100 252-0 f x',
      'XLEN s',
      'XADD s MINID ~ 200 253-0 f x',
      'XLEN s',
      'XADD s MINID 230 254-0 f x',
      'XRANGE s - + COUNT 2',
      'XADD s MAXLEN 0 255-0 f x',
      'XLEN s',
      'XINFO STREAM s',
      'XADD s MAXLEN 5 MINID 5 256 f x',
      'XADD s MAXLEN -1 256 f x',
      'XADD s MAXLEN x 256 f x',
      'XADD s MAXLEN ~ 256 f x',
      'XADD s MINID ~ x 256 f x',
      'XADD s MINID - 256 f x',
      'XADD s LIMIT 10 256 f x',
      'XADD s MAXLEN 10 LIMIT 10 256 f x',
      'XADD s MAXLEN ~ 10 LIMIT -1 256 f x',
      'XADD s MAXLEN ~ 10 LIMIT x 256 f x',
      'XADD s LIMIT 0 256 f x',
      'XADD s maxlen = 1 limit 0 257 f x',
      'XRANGE s - +',
    );
  });

  it('approximate trimming removes whole nodes, as Redis lays them out (entries and bytes)', async () => {
    const fill: Cmd[] = [];
    for (let i = 1; i <= 350; i++) fill.push(['XADD', 's', `${i}-0`, 'f', `${i}`]);
    for (let i = 1; i <= 60; i++) fill.push(['XADD', 'b', `${i}-0`, 'field', 'x'.repeat(i * 7)]);
    for (let i = 1; i <= 30; i++) fill.push(['XADD', 'm', `${i}-0`, `f${i % 3}`, `${i * 1000}`, 'g', '-5']);
    await both.same(
      ...fill,
      'XINFO STREAM s',
      'XINFO STREAM b',
      'XINFO STREAM m',
      'XTRIM s MAXLEN ~ 260',
      'XTRIM s MAXLEN ~ 199',
      'XTRIM s MINID ~ 290',
      'XTRIM s MAXLEN ~ 0 LIMIT 10',
      'XTRIM s MAXLEN ~ 0 LIMIT 100',
      'XLEN s',
      'XTRIM b MAXLEN ~ 30',
      'XLEN b',
      'XINFO STREAM b',
      'XTRIM s MAXLEN ~ 0',
      'XINFO STREAM s',
    );
  });

  it('trimming past deleted entries', async () => {
    await both.same(
      ...TEN,
      'XDEL s 1-2 1-3 2-1',
      'XTRIM s MINID 1-4',
      'XRANGE s - +',
      'XINFO STREAM s',
      'XDEL s 1-4',
      'XTRIM s MAXLEN 3',
      'XRANGE s - +',
      'XINFO STREAM s',
    );
  });

  it('auto IDs follow the clock and never go back', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      const a = await call(c, 'XADD', 's', '*', 'f', 'v');
      const id = /\$\d+\r\n(\d+)-(\d+)\r\n/.exec(a)!;
      expect(Math.abs(Number(id[1]) - Date.now())).toBeLessThan(60_000);
      const future = `${Number(id[1]) + 100000}-5`;
      await call(c, 'XADD', 's', future, 'f', 'v');
      expect(await call(c, 'XADD', 's', '*', 'f', 'v')).toContain(`${Number(id[1]) + 100000}-6`);
      expect(await call(c, 'XADD', 's', `${Number(id[1]) + 100000}-*`, 'f', 'v')).toContain(
        `${Number(id[1]) + 100000}-7`,
      );
    });
  });
});

describe('XRANGE and XREVRANGE', () => {
  it('bounds: inclusive, exclusive, incomplete, - and +, COUNT', async () => {
    await both.same(
      ...TEN,
      'XRANGE s - +',
      'XRANGE s 1 1',
      'XRANGE s 1-3 2-2',
      'XRANGE s (1-3 (2-2',
      'XRANGE s (1 +',
      'XRANGE s - (2',
      'XRANGE s 2 1',
      'XRANGE s - + COUNT 3',
      'XRANGE s - + COUNT 0',
      'XRANGE s - + COUNT -1',
      'XRANGE s - + count 2 COUNT 4',
      'XRANGE s - + COUNT',
      'XRANGE s - + COUNT x',
      'XRANGE s - + LIMIT 1',
      'XREVRANGE s + -',
      'XREVRANGE s 2 1 COUNT 3',
      'XREVRANGE s (2-2 (1-3',
      'XREVRANGE s + - COUNT 0',
      'XREVRANGE s - +',
      'XRANGE s (- +',
      'XRANGE s - (+',
      'XRANGE s ( +',
      'XRANGE s (0-0 +',
      ['XRANGE', 's', `(${MAX_ID}`, '+'],
      'XRANGE s - (0-0',
      'XRANGE s - (0',
      ['XRANGE', 's', '-', `(${MAX_ID}`],
      ['XREVRANGE', 's', `(${MAX_ID}`, '-', 'COUNT', '2'],
      'XRANGE nosuch - +',
      'XRANGE nosuch - + COUNT 0',
      'XRANGE s x +',
      'XRANGE s - x',
      'XDEL s 1-1 2-5 1-4',
      'XRANGE s - +',
      'XREVRANGE s + - COUNT 4',
      'XRANGE s 1-4 1-4',
    );
  });

  it('over many nodes and deletions', async () => {
    const fill: Cmd[] = [];
    for (let i = 1; i <= 420; i++) fill.push(['XADD', 's', `${Math.ceil(i / 3)}-${i % 3}`, 'f', `${i}`]);
    const dels: string[] = [];
    for (let i = 3; i <= 420; i += 7) dels.push(`${Math.ceil(i / 3)}-${i % 3}`);
    await both.same(
      ...fill,
      ['XDEL', 's', ...dels],
      'XRANGE s 30 45',
      'XREVRANGE s 130 99 COUNT 7',
      'XRANGE s (33-1 (34-2',
      'XRANGE s 100 + COUNT 5',
      'XREVRANGE s + - COUNT 5',
      'XLEN s',
      'XINFO STREAM s',
    );
  });
});

describe('XDEL, XTRIM, XSETID', () => {
  it('XDEL: deleted counts, tombstones, first and max deleted IDs, errors', async () => {
    await both.same(
      ...TEN,
      'XDEL s 1-1 1-1 9-9',
      'XDEL s 1-2 x',
      'XDEL s 1-2 +',
      'XINFO STREAM s',
      'XDEL s 2-5',
      'XINFO STREAM s',
      'XDEL s 1-2 1-3 1-4 1-5 2-1 2-2 2-3 2-4',
      'XLEN s',
      'EXISTS s',
      'XINFO STREAM s',
      'XADD s 2-* f v',
      'XDEL nosuch 1-1',
      'XDEL nosuch x',
      'SET str x',
      'XDEL str 1-1',
    );
  });

  it('XTRIM: strategies, options and errors', async () => {
    await both.same(
      ...TEN,
      'XTRIM s MAXLEN 8',
      'XTRIM s MAXLEN = 8',
      'XTRIM s MINID 2-1',
      'XTRIM s MINID = 2-2',
      'XRANGE s - +',
      'XTRIM s',
      'XTRIM s foo',
      'XTRIM s MAXLEN',
      'XTRIM s LIMIT 5',
      'XTRIM s MAXLEN 1 MINID 1',
      'XTRIM s MAXLEN 1 LIMIT 5',
      'XTRIM s MAXLEN ~ 1 LIMIT 5',
      'XTRIM s MAXLEN -5',
      'XTRIM s MINID +',
      'XTRIM s MINID (5',
      'XTRIM s MAXLEN 1 NOMKSTREAM',
      'XTRIM nosuch MAXLEN 0',
      'XTRIM nosuch FOO',
      'SET str x',
      'XTRIM str MAXLEN 0',
      'XTRIM s MAXLEN 0',
      'EXISTS s',
      'XINFO STREAM s',
    );
  });

  it('XSETID: last ID, ENTRIESADDED, MAXDELETEDID and errors', async () => {
    await both.same(
      ...TEN,
      'XSETID s 1-1',
      'XSETID s 2-5',
      'XSETID s 5-0',
      'XADD s 4-0 f v',
      'XADD s 5-* f v',
      'XSETID s 9-9 ENTRIESADDED 5',
      'XSETID s 9-9 ENTRIESADDED -1',
      'XSETID s 9-9 ENTRIESADDED 100 MAXDELETEDID 3-0',
      'XSETID s 9-9 MAXDELETEDID 10-0',
      'XSETID s 9-9 MAXDELETEDID +',
      'XSETID s + ',
      'XSETID s x',
      'XSETID s 9-9 FOO',
      'XSETID s 9-9 ENTRIESADDED',
      'XSETID s 9-9 ENTRIESADDED x',
      'XINFO STREAM s',
      'XSETID nosuch 1-1',
      'SET str x',
      'XSETID str 1-1',
      'XDEL s 1-1 1-2 1-3 1-4 1-5 2-1 2-2 2-3 2-4 2-5 9-9',
      'XSETID s 0-1',
      'XSETID s 0-1 ENTRIESADDED 0',
      'XINFO STREAM s',
      ['XSETID', 's', MAX_ID],
      'XADD s * a b',
      'XADD s 1-1 a b',
    );
  });

  it('TYPE, OBJECT ENCODING, COPY, RENAME, DEL, SCAN TYPE, EXISTS', async () => {
    await both.same(
      ...TEN,
      'XGROUP CREATE s g 0',
      'XREADGROUP GROUP g c COUNT 3 STREAMS s >',
      'TYPE s',
      'OBJECT ENCODING s',
      'COPY s s2',
      'XADD s 3-0 f v',
      'XACK s g 1-1',
      'XRANGE s2 - +',
      'XPENDING s2 g',
      'XPENDING s g',
      'XINFO GROUPS s2',
      'XREADGROUP GROUP g c STREAMS s2 0',
      'RENAME s2 s3',
      'XLEN s3',
    );
    await both.compare(
      { normalize: relax.scanReply },
      'SET str x',
      'SCAN 0 TYPE stream',
      'SCAN 0 TYPE STREAM',
    );
    await both.same('SET str x', 'DEL s s3', 'EXISTS s s3');
  });
});

describe('XREAD', () => {
  it('reads after IDs, from several streams, with COUNT and $', async () => {
    await both.same(
      ...TEN,
      ...adds('t', '1-1', '5-5'),
      'XREAD STREAMS s 0',
      'XREAD COUNT 2 STREAMS s t 1-4 0',
      'XREAD COUNT 2 STREAMS s t 2-5 5-5',
      'XREAD STREAMS s nosuch 2-3 0',
      'XREAD STREAMS s $',
      'XREAD STREAMS s s 2-3 2-4',
      'XREAD COUNT -5 STREAMS s 2-3',
      'XREAD COUNT 0 STREAMS s 2-3',
      'XREAD STREAMS s 2',
      ['XREAD', 'STREAMS', 's', MAX_ID],
      'XREAD count 1 count 3 streams s 0',
    );
    await both.compare({ proto: 3 }, ...TEN, 'XREAD COUNT 1 STREAMS s nosuch 0 0', 'XREAD STREAMS s $');
  });

  it('errors', async () => {
    await both.same(
      ...TEN,
      'XREAD STREAMS s',
      'XREAD STREAMS s t 0',
      'XREAD s 0',
      'XREAD COUNT x STREAMS s 0',
      'XREAD BLOCK x STREAMS s 0',
      'XREAD BLOCK -1 STREAMS s 0',
      'XREAD BLOCK 1.5 STREAMS s 0',
      'XREAD GROUP g c STREAMS s 0',
      'XREAD NOACK STREAMS s 0',
      'XREAD STREAMS s >',
      'XREAD STREAMS s +',
      'XREAD STREAMS s -',
      'XREAD STREAMS s x',
      'XREAD FOO STREAMS s 0',
      'XREAD COUNT',
      'SET str x',
      'XREAD STREAMS s str 0 0',
      'XREAD STREAMS str s x 0',
      'XREAD BLOCK 10 COUNT 1 STREAMS STREAMS 0',
      'COMMAND GETKEYS XREAD COUNT 2 BLOCK 1 STREAMS a b 0 0',
      'COMMAND GETKEYS XREADGROUP GROUP g c NOACK STREAMS a 0',
      'COMMAND GETKEYS XREAD STREAMS a b 0',
      'COMMAND GETKEYS XREAD COUNT 1',
      'COMMAND GETKEYS XREADGROUP GROUP STREAMS c STREAMS a 0',
      'COMMAND GETKEYS XREAD STREAMS a',
    );
  });

  it('BLOCK waits on the server clock and times out with a null array', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      send(c, 'XREAD', 'BLOCK', '50', 'STREAMS', 's', '$');
      await waitBlocked(t, 1);
      await t.pass(60);
      expect(await text(c)).toBe('*-1\r\n');
      expect(await call(c, 'PING')).toBe('+PONG\r\n');
    });
  });

  it('BLOCK with $ is served by the next XADD, with entries past the ID it blocked for', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      const w = await t.raw();
      await call(w, 'XADD', 's', '1-1', 'a', '1');
      send(c, 'XREAD', 'BLOCK', '0', 'STREAMS', 'other', 's', '0', '$');
      await waitBlocked(t, 1);
      await call(w, 'XADD', 'unrelated', '1-1', 'a', '1');
      await call(w, 'XADD', 's', '2-1', 'b', '2');
      expect(await text(c)).toBe(
        '*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n',
      );
      // COUNT limits a served read; without it a blocked read takes everything new.
      send(c, 'XREAD', 'COUNT', '1', 'BLOCK', '0', 'STREAMS', 's', '2-1');
      await waitBlocked(t, 1);
      await call(w, 'MULTI');
      await call(w, 'XADD', 's', '3-1', 'c', '3');
      await call(w, 'XADD', 's', '3-2', 'd', '4');
      expect(await call(w, 'EXEC')).toBe('*2\r\n$3\r\n3-1\r\n$3\r\n3-2\r\n');
      expect(await text(c)).toBe(
        '*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n',
      );
    });
  });

  it('a blocked XREAD keeps waiting when its key is deleted, and wakes on a new stream there', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      const w = await t.raw();
      await call(w, 'XADD', 's', '5-1', 'a', '1');
      send(c, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      await waitBlocked(t, 1);
      await call(w, 'DEL', 's');
      await call(w, 'XADD', 's', '1-1', 'x', 'y');
      await call(w, 'XADD', 's', '6-1', 'z', 'w');
      expect(await text(c)).toBe(
        '*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n6-1\r\n*2\r\n$1\r\nz\r\n$1\r\nw\r\n',
      );
    });
  });

  it('inside MULTI, BLOCK answers at once', async () => {
    await both.same(
      'MULTI',
      'XREAD BLOCK 0 STREAMS s $',
      'XREAD BLOCK 0 STREAMS s 0',
      'XADD s 1-1 a 1',
      'XREAD BLOCK 0 STREAMS s 0',
      'EXEC',
    );
  });

  it('RESP3: a served blocked read is a map', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      const w = await t.raw();
      await call(c, 'HELLO', '3');
      send(c, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      await waitBlocked(t, 1);
      await call(w, 'XADD', 's', '1-1', 'a', '1');
      expect(await text(c)).toBe('%1\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n');
      send(c, 'XREAD', 'BLOCK', '10', 'STREAMS', 's', '$');
      await waitBlocked(t, 1);
      await t.pass(20);
      expect(await text(c)).toBe('_\r\n');
    });
  });
});

describe('XGROUP', () => {
  it('CREATE with IDs, $, MKSTREAM and ENTRIESREAD; BUSYGROUP; errors', async () => {
    await both.same(
      'XGROUP CREATE s g $',
      'XGROUP CREATE s g $ MKSTREAM',
      'XGROUP CREATE s g $ MKSTREAM',
      'TYPE s',
      'XLEN s',
      ...TEN,
      'XGROUP CREATE s g2 $',
      'XGROUP CREATE s g3 1-3 ENTRIESREAD 3',
      'XGROUP CREATE s g4 1 ENTRIESREAD -1',
      'XGROUP CREATE s g5 0 ENTRIESREAD -2',
      'XGROUP CREATE s g5 0 ENTRIESREAD x',
      'XGROUP CREATE s g5 0 ENTRIESREAD',
      'XGROUP CREATE s g5 0 FOO',
      'XGROUP CREATE s g5 +',
      'XGROUP CREATE s g5 x',
      'XGROUP CREATE s g5 0 MKSTREAM ENTRIESREAD 1 MKSTREAM',
      'XGROUP CREATE s g5 0 MKSTREAM MKSTREAM MKSTREAM MKSTREAM',
      ['XGROUP', 'CREATE', 's', '', '0'],
      ['XGROUP', 'CREATE', 's', '\x00\xff', '0'],
      'XGROUP CREATE s A 0',
      'XGROUP CREATE s a 0',
      'XINFO GROUPS s',
      'SET str x',
      'XGROUP CREATE str g 0',
      'XGROUP CREATE str g 0 MKSTREAM',
      'XGROUP CREATE',
      'XGROUP CREATE s',
      'XGROUP CREATE s g',
      'XGROUP FOO s g',
      'XGROUP FOO',
      'XGROUP HELP',
      'XGROUP HELP x',
      'XGROUP',
    );
  });

  it('SETID, DESTROY, CREATECONSUMER, DELCONSUMER', async () => {
    await both.same(
      ...TEN,
      'XGROUP CREATE s g 0',
      'XGROUP SETID s g 1-5',
      'XINFO GROUPS s',
      'XGROUP SETID s g $ ENTRIESREAD 10',
      'XINFO GROUPS s',
      'XGROUP SETID s g - ',
      'XGROUP SETID s g +',
      'XGROUP SETID s g 2',
      'XINFO GROUPS s',
      'XGROUP SETID s g 0 ENTRIESREAD -3',
      'XGROUP SETID s g 0 MKSTREAM',
      'XGROUP SETID s g 0 ENTRIESREAD 1 ENTRIESREAD 2',
      'XGROUP SETID s nosuch 0',
      'XGROUP SETID nosuch g 0',
      'XGROUP CREATECONSUMER s g alice',
      'XGROUP CREATECONSUMER s g alice',
      'XGROUP CREATECONSUMER s nosuch alice',
      'XGROUP CREATECONSUMER nosuch g alice',
      'XGROUP CREATECONSUMER s g',
      'XGROUP SETID s g 0',
      'XREADGROUP GROUP g bob COUNT 3 STREAMS s >',
      'XGROUP DELCONSUMER s g bob',
      'XGROUP DELCONSUMER s g bob',
      'XGROUP DELCONSUMER s g alice',
      'XGROUP DELCONSUMER s nosuch alice',
      'XPENDING s g',
      'XGROUP DESTROY s g',
      'XGROUP DESTROY s g',
      'XGROUP DESTROY nosuch g',
      'XGROUP DESTROY s g extra',
      'XINFO GROUPS s',
    );
  });
});

describe('XREADGROUP and XACK', () => {
  it('> delivers new entries once, history re-reads own pending entries, NOACK skips the PEL', async () => {
    await both.same(
      ...TEN,
      'XGROUP CREATE s g 0',
      'XREADGROUP GROUP g alice COUNT 2 STREAMS s >',
      'XREADGROUP GROUP g bob COUNT 2 STREAMS s >',
      'XREADGROUP GROUP g alice STREAMS s 0',
      'XREADGROUP GROUP g alice STREAMS s 1-1',
      'XREADGROUP GROUP g alice COUNT 1 STREAMS s 0',
      'XREADGROUP GROUP g bob STREAMS s 0',
      'XREADGROUP GROUP g carol STREAMS s 0',
      'XREADGROUP GROUP g dave NOACK COUNT 2 STREAMS s >',
      'XPENDING s g',
      'XACK s g 1-1 1-3 1-5 9-9',
      'XACK s g 1-1',
      'XPENDING s g',
      'XDEL s 1-2',
      'XREADGROUP GROUP g alice STREAMS s 0',
      'XINFO GROUPS s',
      'XREADGROUP GROUP g alice STREAMS s >',
      'XREADGROUP GROUP g alice STREAMS s >',
      'XINFO GROUPS s',
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', MAX_ID],
    );
    await both.compare({ normalize: relax.streamTimes }, 'XINFO CONSUMERS s g');
    await both.compare(
      { proto: 3 },
      ...TEN,
      'XGROUP CREATE s g 0',
      'XREADGROUP GROUP g a COUNT 1 STREAMS s >',
    );
  });

  it('errors', async () => {
    await both.same(
      ...TEN,
      'XGROUP CREATE s g 0',
      'XREADGROUP GROUP g c STREAMS s $',
      'XREADGROUP GROUP g c STREAMS s',
      'XREADGROUP GROUP nosuch c STREAMS s >',
      'XREADGROUP GROUP g c STREAMS nosuch >',
      'XREADGROUP STREAMS s > x y',
      'XREADGROUP COUNT 1 STREAMS s >',
      'XREADGROUP GROUP g STREAMS s >',
      'XREADGROUP GROUP g c STREAMS s x',
      'XREADGROUP GROUP g c COUNT x STREAMS s >',
      'SET str x',
      'XREADGROUP GROUP g c STREAMS str >',
      'XREADGROUP GROUP g c STREAMS s str > >',
      'XACK s g x',
      'XACK s g 1-1 x',
      'XACK nosuch g x',
      'XACK s nosuch x',
      'XACK str g 1-1',
      'XACK s g',
    );
  });

  it('entries-read and lag follow reads, deletions and SETID', async () => {
    await both.compare(
      { normalize: relax.streamTimes },
      ...TEN,
      'XGROUP CREATE s g 0',
      'XGROUP CREATE s h $',
      'XINFO GROUPS s',
      'XREADGROUP GROUP g c COUNT 3 STREAMS s >',
      'XINFO GROUPS s',
      'XDEL s 2-3',
      'XINFO GROUPS s',
      'XREADGROUP GROUP g c COUNT 3 STREAMS s >',
      'XINFO GROUPS s',
      'XREADGROUP GROUP g c STREAMS s >',
      'XINFO GROUPS s',
      'XTRIM s MAXLEN 2',
      'XGROUP SETID s g 0',
      'XINFO GROUPS s',
      'XGROUP SETID s g 1-1 ENTRIESREAD 1',
      'XINFO GROUPS s',
      'XADD s 3-0 f v',
      'XINFO GROUPS s',
      'XINFO STREAM s FULL',
    );
  });
});

describe('XPENDING', () => {
  it('summary and extended forms, IDLE, ranges, consumer, errors', async () => {
    await both.compare(
      { normalize: relax.streamTimes },
      ...TEN,
      'XGROUP CREATE s g 0',
      'XPENDING s g',
      'XPENDING s g - + 10',
      'XREADGROUP GROUP g alice COUNT 3 STREAMS s >',
      'XREADGROUP GROUP g bob COUNT 4 STREAMS s >',
      'XPENDING s g',
      'XPENDING s g - + 10',
      'XPENDING s g - + 2',
      'XPENDING s g (1-1 (2-1 10',
      'XPENDING s g 1-3 + 10 bob',
      'XPENDING s g - + 10 nosuch',
      'XPENDING s g - + 0',
      'XPENDING s g - + -1',
      'XPENDING s g IDLE 0 - + 10',
      'XPENDING s g IDLE 100000 - + 10',
      'XPENDING s g IDLE -5 - + 10 alice',
      'XPENDING s g - + 10 alice extra',
      'XPENDING s g IDLE 5 - +',
      'XPENDING s g IDLE x - + 10',
      'XPENDING s g - + x',
      'XPENDING s g x + 10',
      'XPENDING s g - x 10',
      'XPENDING s g ( + 10',
      ['XPENDING', 's', 'g', `(${MAX_ID}`, '+', '10'],
      'XPENDING s g - (0-0 10',
      'XPENDING s g -',
      'XPENDING s g - +',
      'XPENDING s g - + 1 a b c d',
      'XPENDING s nosuch',
      'XPENDING nosuch g',
      'XPENDING nosuch g x + 10',
      'SET str x',
      'XPENDING str g',
    );
  });

  it('idle times and delivery counts follow the server clock', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      for (const cmd of TEN) await c.call(...(cmd as string[]));
      await call(c, 'XGROUP', 'CREATE', 's', 'g', '0');
      await call(c, 'XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '2', 'STREAMS', 's', '>');
      await t.pass(120);
      await call(c, 'XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '0');
      const rows = await call(c, 'XPENDING', 's', 'g', '-', '+', '10');
      const m =
        /\*4\r\n\$3\r\n1-1\r\n\$5\r\nalice\r\n:(\d+)\r\n:2\r\n\*4\r\n\$3\r\n1-2\r\n\$5\r\nalice\r\n:(\d+)\r\n:1\r\n/.exec(
          rows,
        );
      expect(m, rows).not.toBeNull();
      expect(Number(m![1])).toBeLessThan(100);
      expect(Number(m![2])).toBeGreaterThanOrEqual(120);
      expect(await call(c, 'XPENDING', 's', 'g', 'IDLE', '100', '-', '+', '10')).toMatch(
        /^\*1\r\n\*4\r\n\$3\r\n1-2\r\n/,
      );
      const consumers = await call(c, 'XINFO', 'CONSUMERS', 's', 'g');
      expect(Number(/idle\r\n:(\d+)/.exec(consumers)![1])).toBeLessThan(100);
      if (t.respite) {
        await t.pass(5000);
        expect(await call(c, 'XINFO', 'CONSUMERS', 's', 'g')).toMatch(/\$4\r\nidle\r\n:50\d\d\r\n/);
      }
    });
  });
});

describe('XCLAIM and XAUTOCLAIM', () => {
  it('XCLAIM: min-idle, IDLE, TIME, RETRYCOUNT, FORCE, JUSTID, LASTID, deleted entries, errors', async () => {
    await both.compare(
      { normalize: relax.streamTimes },
      ...TEN,
      'XGROUP CREATE s g 0',
      'XREADGROUP GROUP g alice COUNT 4 STREAMS s >',
      'XCLAIM s g bob 0 1-1 1-2',
      'XPENDING s g - + 10',
      'XCLAIM s g bob 3600000 1-3',
      'XCLAIM s g carol 0 1-3 JUSTID',
      'XCLAIM s g carol 0 1-4 RETRYCOUNT 7 IDLE 500000',
      'XPENDING s g IDLE 400000 - + 10',
      'XCLAIM s g dave 0 2-1 2-2',
      'XCLAIM s g dave 0 2-1 2-2 FORCE',
      'XCLAIM s g dave 0 9-9 FORCE',
      'XPENDING s g',
      'XDEL s 1-1',
      'XCLAIM s g erin 0 1-1 1-2',
      'XPENDING s g',
      'XCLAIM s g erin 0 1-2 LASTID 2-4',
      'XINFO GROUPS s',
      'XCLAIM s g erin 0 1-2 LASTID 1-1',
      'XCLAIM s g erin 0 1-2 TIME 1000 JUSTID',
      'XCLAIM s g erin 0 1-2 TIME 99999999999999',
      'XCLAIM s g erin 0 1-2 IDLE -5',
      'XCLAIM s g erin 0 1-2 RETRYCOUNT -1 JUSTID',
      'XCLAIM s g erin 0 1-2 1-2',
      'XPENDING s g - + 10',
      'XCLAIM s g erin -5 1-2 JUSTID',
      'XCLAIM s g erin x 1-2',
      'XCLAIM s g erin 0 x',
      'XCLAIM s g erin 0 1-2 FOO',
      'XCLAIM s g erin 0 1-2 IDLE x',
      'XCLAIM s g erin 0 1-2 TIME x',
      'XCLAIM s g erin 0 1-2 RETRYCOUNT x',
      'XCLAIM s g erin 0 1-2 LASTID x',
      'XCLAIM s g erin 0 1-2 IDLE',
      'XCLAIM s nosuch erin 0 1-2',
      'XCLAIM nosuch g erin x 1-2',
      'SET str x',
      'XCLAIM str g erin 0 1-2',
      'XINFO CONSUMERS s g',
    );
  });

  it('XAUTOCLAIM: cursor, COUNT, JUSTID, deleted IDs, errors', async () => {
    await both.compare(
      { normalize: relax.streamTimes },
      ...TEN,
      'XGROUP CREATE s g 0',
      'XREADGROUP GROUP g alice STREAMS s >',
      'XAUTOCLAIM s g bob 0 0 COUNT 3',
      'XAUTOCLAIM s g bob 0 1-4 COUNT 3 JUSTID',
      'XAUTOCLAIM s g bob 3600000 0',
      'XDEL s 2-1 2-3',
      'XAUTOCLAIM s g carol 0 (1-5 COUNT 2',
      'XAUTOCLAIM s g carol 0 2-2',
      'XAUTOCLAIM s g carol 0 0 COUNT 100',
      'XPENDING s g',
      'XPENDING s g - + 20',
      'XAUTOCLAIM s g carol 0 0 COUNT 0',
      'XAUTOCLAIM s g carol 0 0 COUNT -1',
      'XAUTOCLAIM s g carol 0 0 COUNT x',
      'XAUTOCLAIM s g carol 0 0 COUNT 576460752303423488',
      'XAUTOCLAIM s g carol 0 0 COUNT',
      'XAUTOCLAIM s g carol 0 0 FOO',
      'XAUTOCLAIM s g carol x 0',
      'XAUTOCLAIM s g carol 0 x',
      ['XAUTOCLAIM', 's', 'g', 'carol', '0', `(${MAX_ID}`],
      'XAUTOCLAIM s nosuch carol 0 0',
      'XAUTOCLAIM nosuch g carol 0 0',
      'XAUTOCLAIM nosuch g carol 0 x',
      'SET str x',
      'XAUTOCLAIM str g c 0 0',
      'XINFO CONSUMERS s g',
    );
  });

  it('XAUTOCLAIM looks at no more than ten times COUNT entries', async () => {
    const fill: Cmd[] = [];
    for (let i = 1; i <= 40; i++) fill.push(['XADD', 's', `${i}-0`, 'f', 'v']);
    await both.compare(
      { normalize: relax.streamTimes },
      ...fill,
      'XGROUP CREATE s g 0',
      'XREADGROUP GROUP g alice STREAMS s >',
      'XCLAIM s g alice 0 35-0 36-0 IDLE 100000 JUSTID',
      'XAUTOCLAIM s g bob 50000 0 COUNT 2',
      'XAUTOCLAIM s g bob 50000 0 COUNT 4',
      'XAUTOCLAIM s g bob 50000 0 COUNT 1',
    );
  });
});

describe('XINFO', () => {
  it('STREAM, STREAM FULL [COUNT], GROUPS, CONSUMERS, HELP, errors', async () => {
    await both.compare(
      { normalize: relax.streamTimes },
      'XINFO STREAM s',
      'XGROUP CREATE s g $ MKSTREAM',
      'XINFO STREAM s',
      'XINFO STREAM s FULL',
      ...TEN,
      'XGROUP CREATE s g2 0',
      'XREADGROUP GROUP g2 bob COUNT 3 STREAMS s >',
      'XREADGROUP GROUP g2 alice COUNT 2 STREAMS s >',
      'XINFO STREAM s',
      'XINFO STREAM s FULL',
      'XINFO STREAM s FULL COUNT 2',
      'XINFO STREAM s FULL COUNT 0',
      'XINFO STREAM s FULL COUNT -1',
      'XINFO STREAM s FULL COUNT x',
      'XINFO STREAM s FULL COUNT',
      'XINFO STREAM s FOO',
      'XINFO STREAM s full count 1',
      'XINFO STREAM s FULL LIMIT 1',
      'XINFO GROUPS s',
      'XINFO CONSUMERS s g2',
      'XINFO CONSUMERS s nosuch',
      'XINFO CONSUMERS nosuch g',
      'XINFO GROUPS nosuch',
      'XINFO STREAM nosuch',
      'SET str x',
      'XINFO STREAM str',
      'XINFO GROUPS str',
      'XINFO CONSUMERS str g',
      'XINFO HELP',
      'XINFO HELP x',
      'XINFO FOO',
      'XINFO',
      'XINFO STREAM',
      'XINFO GROUPS s x',
    );
    await both.compare(
      { proto: 3, normalize: relax.streamTimes },
      ...TEN,
      'XGROUP CREATE s g 0',
      'XREADGROUP GROUP g bob COUNT 3 STREAMS s >',
      'XINFO STREAM s',
      'XINFO STREAM s FULL',
      'XINFO GROUPS s',
      'XINFO CONSUMERS s g',
      'XPENDING s g',
      'XINFO STREAM s FULL COUNT 1',
    );
  });

  it('radix-tree counts after trims and deletions', async () => {
    const fill: Cmd[] = [];
    for (let i = 1; i <= 1000; i++) fill.push(['XADD', 's', `${i * 1000 + (i % 7)}-${i % 3}`, 'f', `${i}`]);
    const dels: string[] = [];
    for (let i = 101; i <= 200; i++) dels.push(`${i * 1000 + (i % 7)}-${i % 3}`);
    await both.same(
      ...fill,
      'XINFO STREAM s',
      ['XDEL', 's', ...dels],
      'XINFO STREAM s',
      'XTRIM s MAXLEN ~ 500',
      'XINFO STREAM s',
      'XTRIM s MINID 700000',
      'XINFO STREAM s',
      ['XADD', 's', `${U64_MAX}-0`, 'f', 'v'],
      'XINFO STREAM s',
    );
  });
});

describe('notifications and WATCH', () => {
  it('WATCH sees XADD, XDEL, XTRIM and CREATE MKSTREAM but not group bookkeeping', async () => {
    const watch = (cmd: Cmd): Cmd[] => ['WATCH s', cmd, 'MULTI', 'PING', 'EXEC'];
    await both.same(
      ...TEN,
      'XGROUP CREATE s g 0',
      ...watch('XREADGROUP GROUP g c COUNT 1 STREAMS s >'),
      ...watch('XACK s g 1-1'),
      ...watch('XGROUP CREATECONSUMER s g d'),
      ...watch('XSETID s 9-9'),
      ...watch('XCLAIM s g d 0 1-1'),
      ...watch('XDEL s 9-9'),
      ...watch('XDEL s 1-1'),
      ...watch('XTRIM s MAXLEN 100'),
      ...watch('XTRIM s MAXLEN 5'),
      ...watch('XADD s 10-1 f v'),
      ...watch(['XGROUP', 'CREATE', 'n', 'g', '$', 'MKSTREAM']),
    );
  });
});

describe('blocking XREADGROUP', () => {
  it('served by XADD, in arrival order, each waiter getting only new entries', async () => {
    await both.each(async (t) => {
      const a = await t.raw();
      const b = await t.raw();
      const w = await t.raw();
      await call(w, 'XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
      send(a, 'XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>');
      await waitBlocked(t, 1);
      send(b, 'XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '1', 'BLOCK', '0', 'STREAMS', 's', '>');
      await waitBlocked(t, 2);
      await call(w, 'XADD', 's', '1-1', 'a', '1');
      expect(await text(a)).toBe(
        '*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n',
      );
      expect(await blockedClients(t, w)).toBe(1);
      await call(w, 'XADD', 's', '2-1', 'b', '2');
      expect(await text(b)).toBe(
        '*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n',
      );
      expect(await call(w, 'XPENDING', 's', 'g')).toBe(
        '*4\r\n:2\r\n$3\r\n1-1\r\n$3\r\n2-1\r\n*2\r\n*2\r\n$5\r\nalice\r\n$1\r\n1\r\n*2\r\n$3\r\nbob\r\n$1\r\n1\r\n',
      );
    });
  });

  it('NOACK, timeouts, and MULTI answer at once', async () => {
    await both.each(async (t) => {
      const a = await t.raw();
      const w = await t.raw();
      await call(w, 'XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
      send(a, 'XREADGROUP', 'GROUP', 'g', 'alice', 'NOACK', 'BLOCK', '0', 'STREAMS', 's', '>');
      await waitBlocked(t, 1);
      await call(w, 'XADD', 's', '1-1', 'a', '1');
      await text(a);
      expect(await call(w, 'XPENDING', 's', 'g')).toBe('*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n');
      send(a, 'XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '30', 'STREAMS', 's', '>');
      await waitBlocked(t, 1);
      await t.pass(40);
      expect(await text(a)).toBe('*-1\r\n');
      await call(w, 'MULTI');
      await call(w, 'XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>');
      expect(await call(w, 'EXEC')).toBe('*1\r\n*-1\r\n');
    });
  });

  it('ends with NOGROUP when the group is destroyed, UNBLOCKED when the key goes (7.0.15)', async () => {
    await both.each(async (t) => {
      const a = await t.raw();
      const b = await t.raw();
      const r = await t.raw();
      const w = await t.raw();
      await call(w, 'XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
      await call(w, 'XGROUP', 'CREATE', 's', 'h', '$');
      send(r, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      send(a, 'XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>');
      send(b, 'XREADGROUP', 'GROUP', 'h', 'bob', 'BLOCK', '0', 'STREAMS', 's', '>');
      await waitBlocked(t, 3);
      await call(w, 'XGROUP', 'DESTROY', 's', 'g');
      expect(await text(a)).toBe(
        '-NOGROUP the consumer group this client was blocked on no longer exists\r\n',
      );
      await call(w, 'DEL', 's');
      expect(await text(b)).toBe('-UNBLOCKED the stream key no longer exists\r\n');
      expect(await blockedClients(t, w)).toBe(1);
      send(b, 'XREADGROUP', 'GROUP', 'h', 'bob', 'BLOCK', '0', 'STREAMS', 'x', '>');
      expect(await text(b)).toContain('NOGROUP');
      await call(w, 'XGROUP', 'CREATE', 'x', 'h', '$', 'MKSTREAM');
      send(b, 'XREADGROUP', 'GROUP', 'h', 'bob', 'BLOCK', '0', 'STREAMS', 'x', '>');
      await waitBlocked(t, 2);
      await call(w, 'SET', 'x', 'string');
      expect(await text(b)).toBe('-UNBLOCKED the stream key no longer exists\r\n');
      await call(w, 'XADD', 's', '1-1', 'f', 'v');
      expect(await text(r)).toContain('1-1');
    });
  });
});

describe('XREADGROUP waiters whose stream goes without a command naming it', () => {
  it('FLUSHDB, FLUSHALL, SWAPDB and expiry end them with UNBLOCKED, as Redis 7.0.15', async () => {
    await both.each(async (t) => {
      const a = await t.raw();
      const w = await t.raw();
      const blockOn = async (blocked: number) => {
        await call(w, 'XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
        send(a, 'XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>');
        await waitBlocked(t, blocked);
      };
      const unblocked = '-UNBLOCKED the stream key no longer exists\r\n';
      for (const flush of [['FLUSHDB'], ['FLUSHALL'], ['SWAPDB', '0', '1']]) {
        await blockOn(1);
        await call(w, ...flush);
        expect(await text(a)).toBe(unblocked);
        await call(w, 'FLUSHALL');
      }
      // A plain XREAD keeps waiting through all of it.
      const r = await t.raw();
      send(r, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      await waitBlocked(t, 1);
      await blockOn(2);
      await call(w, 'PEXPIRE', 's', '50');
      await t.pass(60);
      if (t.kind === 'redis') await new Promise((resolve) => setTimeout(resolve, 200)); // active expiry
      expect(await text(a)).toBe(unblocked);
      expect(await blockedClients(t, w)).toBe(1);
    });
  });
});

describe('the seed workflow: producer, group, consumers, recovery', () => {
  it('a group created with MKSTREAM, a consumer reading with > and acknowledging, XAUTOCLAIM of stale entries', async () => {
    await both.each(async (t) => {
      const producer = await t.raw();
      const alice = await t.raw();
      const bob = await t.raw();
      expect(await call(producer, 'XGROUP', 'CREATE', 'jobs', 'workers', '$', 'MKSTREAM')).toBe('+OK\r\n');
      for (let i = 1; i <= 6; i++) await call(producer, 'XADD', 'jobs', `${i}-0`, 'job', `${i}`);
      const got = await call(
        alice,
        'XREADGROUP',
        'GROUP',
        'workers',
        'alice',
        'COUNT',
        '4',
        'STREAMS',
        'jobs',
        '>',
      );
      expect(got.match(/\d-0/g)).toEqual(['1-0', '2-0', '3-0', '4-0']);
      expect(await call(alice, 'XACK', 'jobs', 'workers', '1-0', '2-0')).toBe(':2\r\n');
      // alice stalls on 3-0 and 4-0; bob takes the rest, then recovers what alice left.
      await call(bob, 'XREADGROUP', 'GROUP', 'workers', 'bob', 'STREAMS', 'jobs', '>');
      expect(await call(bob, 'XAUTOCLAIM', 'jobs', 'workers', 'bob', '100', '0', 'JUSTID')).toBe(
        '*3\r\n$3\r\n0-0\r\n*0\r\n*0\r\n',
      );
      await t.pass(150);
      await call(bob, 'XACK', 'jobs', 'workers', '5-0', '6-0');
      expect(await call(bob, 'XAUTOCLAIM', 'jobs', 'workers', 'bob', '100', '0')).toBe(
        '*3\r\n$3\r\n0-0\r\n*2\r\n*2\r\n$3\r\n3-0\r\n*2\r\n$3\r\njob\r\n$1\r\n3\r\n*2\r\n$3\r\n4-0\r\n*2\r\n$3\r\njob\r\n$1\r\n4\r\n*0\r\n',
      );
      expect(await call(bob, 'XPENDING', 'jobs', 'workers', '-', '+', '10')).toMatch(
        /^\*2\r\n\*4\r\n\$3\r\n3-0\r\n\$3\r\nbob\r\n:\d+\r\n:2\r\n\*4\r\n\$3\r\n4-0\r\n\$3\r\nbob\r\n:\d+\r\n:2\r\n$/,
      );
      expect(await call(bob, 'XACK', 'jobs', 'workers', '3-0', '4-0')).toBe(':2\r\n');
      expect(await call(bob, 'XINFO', 'GROUPS', 'jobs')).toBe(
        '*1\r\n*12\r\n$4\r\nname\r\n$7\r\nworkers\r\n$9\r\nconsumers\r\n:2\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n6-0\r\n$12\r\nentries-read\r\n:6\r\n$3\r\nlag\r\n:0\r\n',
      );
    });
  });

  it('the store API builds streams from plain data', () => {
    const s = streamFromSeed({
      entries: [
        { id: '1-1', fields: { job: 'a' } },
        { id: '1-*', fields: ['job', 'b'] },
        { id: '5', fields: { job: 'c' } },
      ],
      groups: [{ name: 'workers' }, { name: 'late', lastId: '0' }],
    });
    expect(s.length).toBe(3);
    const ids: string[] = [];
    s.range(parseId('-', 'min', false)!.key, parseId('+', 'max', false)!.key, false, 0, (e) =>
      ids.push(e.text),
    );
    expect(ids).toEqual(['1-1', '1-2', '5-0']);
    expect(s.group('workers')?.lastKey).toBe(s.lastKey);
    expect(() =>
      streamFromSeed({
        entries: [
          { id: '2-0', fields: [] },
          { id: '1-0', fields: [] },
        ],
      }),
    ).toThrow();
    expect(new Stream().length).toBe(0);
  });
});
