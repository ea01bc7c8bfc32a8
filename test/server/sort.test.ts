// SORT and SORT_RO against both targets. Sets are listed in their own order when SORT does not sort
// (BY a pattern without '*'): ascending for an intset, Redis's own for a hash table (relax.unordered).
// Ties that Redis leaves to qsort (ALPHA BY with equal or missing values) are kept out of the tests.

import { describe, expect, it } from 'vitest';
import { relax, useTargets } from '../support/targets.js';

const both = useTargets();

describe('SORT of sets', () => {
  it('numeric and ALPHA, ASC and DESC', async () => {
    await both.same(
      'SADD s 10 2 -5 33 0',
      'SORT s',
      'SORT s DESC',
      'SORT s ASC',
      'SORT s ALPHA',
      'SORT s ALPHA DESC',
      'SORT s desc asc',
      'SADD f 1.5 1e2 -inf inf 0x10 .5 7',
      'SORT f',
      'SORT f DESC',
      'SORT f ALPHA',
      'SADD w b a ab B "" aa',
      'SORT w ALPHA',
      'SORT w ALPHA DESC',
    );
  });

  it('equal scores fall back to the bytes of the elements', async () => {
    await both.same('SADD s 1.0 1 01 1e0 +1 0.1e1 2', 'SORT s', 'SORT s DESC');
  });

  it('what is not a number: the error; what strtod accepts', async () => {
    await both.same(
      'SADD a 1 x',
      'SORT a',
      'SORT a ALPHA',
      'SADD b 1 nan',
      'SORT b',
      'SADD c 1 "1 "',
      'SORT c',
      'SADD d 1 " 2"',
      'SORT d',
      'SADD h 3 ""',
      'SORT h',
      'SADD i 1 0x',
      'SORT i',
      'SADD j 1 1e',
      'SORT j',
      'SADD k 2 infinity -INF',
      'SORT k',
      'SADD l 1 1e-300 0e5 -0',
      'SORT l',
      ['SADD', 'm', '5', '3\x00junk'],
      'SORT m',
      'SADD n 1 .',
      'SORT n',
      'SADD o 1 0x1p3 0X.8',
      'SORT o',
    );
    // Out of range (ERANGE). Redis never clears errno before its strtod, so after one of these its
    // next SORTs on the same connection may fail too, until some call resets errno (a new
    // connection's accept does): each comes last on its own connection.
    await both.same('SADD e 1 1e999', 'SORT e');
    await both.same('SADD g 1 1e-320', 'SORT g');
    await both.same('SADD h 1 -1e400', 'SORT h');
  });

  it('LIMIT offset count', async () => {
    const cmds = ['SADD s 5 4 3 2 1'];
    for (const [o, n] of [
      ['0', '2'],
      ['1', '3'],
      ['3', '10'],
      ['5', '1'],
      ['6', '1'],
      ['-2', '2'],
      ['0', '-1'],
      ['2', '-5'],
      ['0', '0'],
      ['4', '0'],
      ['9223372036854775807', '1'],
      ['-9223372036854775808', '2'],
    ])
      cmds.push(`SORT s LIMIT ${o} ${n}`, `SORT s LIMIT ${o} ${n} DESC`, `SORT s LIMIT ${o} ${n} ALPHA`);
    await both.same(...cmds);
  });

  it('BY a string pattern; missing keys sort as 0', async () => {
    await both.same(
      'SADD s a b c d',
      'MSET w_a 3 w_b 1 w_c 2',
      'SORT s BY w_*',
      'SORT s BY w_* DESC',
      'SORT s BY w_* LIMIT 1 2',
      'SORT s BY w_* LIMIT 0 1 DESC',
      'MSET w_d 10',
      'SORT s BY w_* ALPHA',
      'SORT s BY w_* ALPHA DESC',
      'MSET w_d x',
      'SORT s BY w_*',
      'SORT s BY *_w',
      'MSET a_w 4 b_w 3 c_w 2 d_w 1',
      'SORT s BY *_w',
      'SORT s BY *_w LIMIT 1 2',
      'SORT s BY w_*_w',
    );
  });

  it('BY a hash field', async () => {
    await both.same(
      'SADD s a b c',
      'HSET h_a f 3 g z',
      'HSET h_b f 1 g x',
      'HSET h_c f 2 g y',
      'SORT s BY h_*->f',
      'SORT s BY h_*->f DESC',
      'SORT s BY h_*->g ALPHA',
      'SORT s BY h_*->g ALPHA DESC LIMIT 0 2',
      'SET h_c notahash',
      'SORT s BY h_*->f',
    );
  });

  it('BY without a star does not sort: an intset keeps its ascending order, LIMIT applies, DESC does not', async () => {
    await both.same(
      'SADD s 3 1 2 10',
      'SORT s BY nosort',
      'SORT s BY nosort DESC',
      'SORT s BY nosort LIMIT 1 2',
      'SORT s BY nosort ALPHA',
      'SORT s BY #',
      'SORT s BY nosort GET #',
    );
    await both.compare({ normalize: relax.unordered }, 'SADD h x y z', 'SORT h BY nosort');
  });

  it('GET patterns: #, strings, hash fields, missing values', async () => {
    await both.same(
      'SADD s 1 2 3',
      'MSET o_1 one o_2 two',
      'HSET h_1 n uno',
      'HSET h_3 n tres',
      'SORT s GET o_*',
      'SORT s GET # GET o_* GET h_*->n',
      'SORT s GET o_* DESC LIMIT 0 2',
      'SORT s GET nostar',
      'SORT s GET h_*->',
      'SORT s GET h_*->nofield',
      'SORT s GET o_*->n',
      'SORT s BY nosort GET o_*',
      'SADD hs h_1 h_3',
      'SORT hs ALPHA GET *->n',
    );
    await both.compare({ proto: 3 }, 'SADD s 1 2 3', 'MSET o_1 one', 'SORT s GET o_* GET #', 'SORT s');
  });

  it('binary elements and patterns', async () => {
    await both.same(
      ['SADD', 's', '\x00a', '\xff', 'b'],
      'SORT s ALPHA',
      ['SET', 'k\x00a', '2'],
      ['SET', 'k\xff', '1'],
      ['SET', 'kb', '3'],
      ['SORT', 's', 'BY', 'k*'],
      ['SORT', 's', 'ALPHA', 'GET', 'k*', 'GET', '#'],
    );
  });

  it('SORT_RO refuses STORE as an unknown option', async () => {
    await both.same(
      'SADD s 1 2',
      'SORT_RO s',
      'SORT_RO s DESC LIMIT 0 1',
      'SORT_RO s STORE d',
      'SORT_RO s LIMIT 0 1 STORE d',
      'EXISTS d',
    );
  });

  it('a missing key sorts as an empty list', async () => {
    await both.same('SORT no', 'SORT no BY x GET y', 'SORT_RO no', 'SORT no LIMIT 0 5');
    await both.compare({ proto: 3 }, 'SORT no');
  });

  it('errors: the options are parsed before the key is looked at', async () => {
    await both.same(
      'SET str 1',
      'SADD s 1',
      'SORT str',
      'SORT str ALPHA',
      'SORT str LIMIT x 1',
      'SORT str FOO',
      'SORT s LIMIT 1',
      'SORT s LIMIT 1 x',
      'SORT s LIMIT x',
      'SORT s BY',
      'SORT s GET',
      'SORT s STORE',
      'SORT s FOO',
      'HSET hash f v',
      'SORT hash',
      'SORT',
      'SORT_RO',
      'SORT_RO str',
    );
  });

  it('COMMAND GETKEYS and the table entries', async () => {
    await both.same(
      'COMMAND GETKEYS SORT k',
      'COMMAND GETKEYS SORT k STORE d',
      'COMMAND GETKEYS SORT k STORE d LIMIT 0 1 STORE e',
      'COMMAND GETKEYS SORT k STORE',
      'COMMAND GETKEYS SORT k GET store x',
      'COMMAND GETKEYS SORT k BY store STORE y',
      'COMMAND GETKEYS SORT_RO k STORE d',
    );
    const head = (reply: string) =>
      /^\*1\r\n\*\d+\r\n(\$\d+\r\n[^\r]*\r\n:-?\d+\r\n\*\d+\r\n(?:\+[^\r]*\r\n)*(?::-?\d+\r\n){3}\*\d+\r\n(?:\+[^\r]*\r\n)*)/.exec(
        reply,
      )?.[1] ?? reply;
    await both.compare({ normalize: head }, 'COMMAND INFO sort', 'COMMAND INFO sort_ro');
  });
});

describe('SORT of lists and sorted sets, and STORE', () => {
  it('sorts lists numerically and ALPHA; BY nosort keeps list and sorted-set order, DESC and LIMIT apply', async () => {
    await both.same(
      'RPUSH l 3 1 2 10 -1.5',
      'SORT l',
      'SORT l DESC',
      'SORT l LIMIT 1 2',
      'SORT l ALPHA',
      'SORT l BY nosort',
      'SORT l BY nosort DESC LIMIT 0 3',
      'ZADD z 3 c 1 a 2 b',
      'SORT z ALPHA',
      'SORT z BY nosort',
      'SORT z BY nosort DESC',
      'SORT z BY nosort LIMIT 1 5',
      'OBJECT ENCODING z',
      'RPUSH words b a',
      'SORT words',
    );
  });

  it('STORE writes a list (replacing any type, dropping its TTL) and deletes it for an empty result', async () => {
    await both.same(
      'RPUSH l 3 1 2',
      'SET dest x EX 100',
      'SORT l STORE dest',
      'TYPE dest',
      'TTL dest',
      'LRANGE dest 0 -1',
      'OBJECT ENCODING dest',
      'SADD s b a',
      'HSET h_a f 1',
      'HSET h_b f 2',
      'SORT s ALPHA GET # GET h_*->f STORE dest',
      'LRANGE dest 0 -1',
      'SORT missing STORE dest',
      'EXISTS dest',
    );
  });

  it('STORE serves a client blocked on the destination', async () => {
    await both.each(async (t) => {
      const waiter = await t.raw();
      waiter.write('*3\r\n$5\r\nBLPOP\r\n$4\r\ndest\r\n$1\r\n0\r\n');
      const c = await t.raw();
      await c.call('RPUSH', 'l', '2', '1');
      // Let the BLPOP arrive before the SORT: a PING on the waiter's server round trip is not possible
      // (it is blocked), so ask CLIENT LIST until it shows the blocked command.
      for (let i = 0; i < 100; i++) {
        if ((await c.callText('CLIENT', 'LIST')).includes('cmd=blpop')) break;
      }
      expect(await c.callText('SORT', 'l', 'STORE', 'dest')).toBe(':2\r\n');
      expect((await waiter.readReply()).toString('latin1')).toBe('*2\r\n$4\r\ndest\r\n$1\r\n1\r\n');
      expect(await c.callText('LRANGE', 'dest', '0', '-1')).toBe('*1\r\n$1\r\n2\r\n');
    });
  });
});

describe('SORT of a set BY a constant inside a script', () => {
  it('is sorted ALPHA, as Redis does for scripts (and STORE), with GET and LIMIT too', async () => {
    await both.same(
      'SADD myset a b c d e f g h i l m n o p q r s t u v z aa aaa azz',
      ['EVAL', "return redis.call('sort', KEYS[1], 'by', '_')", '1', 'myset'],
      ['EVAL', "return redis.call('sort', KEYS[1], 'by', '_', 'desc', 'limit', '1', '5')", '1', 'myset'],
      'SET w_a 1',
      ['EVAL', "return redis.call('sort', KEYS[1], 'by', 'nosort', 'get', 'w_*', 'get', '#')", '1', 'myset'],
      'SADD nums 3 1 2 10',
      ['EVAL', "return redis.call('sort', KEYS[1], 'by', 'x')", '1', 'nums'],
    );
  });
});
