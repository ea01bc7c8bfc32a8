// HyperLogLog against real Redis, byte for byte: the strings PFADD and PFMERGE build (sparse and
// dense), the estimates PFCOUNT gives and caches, PFDEBUG's views, errors for values that are not
// HLLs or are corrupt, and a seeded comparison that grows HLLs through the sparse-to-dense switch.

import { describe, it } from 'vitest';
import { prng } from '../support/prng.js';
import { type Cmd, useTargets } from '../support/targets.js';

const both = useTargets();

describe('PFADD, PFCOUNT, PFMERGE', () => {
  it('the bytes of a new and a growing HLL, its estimate, and the cached estimate in its header', async () => {
    await both.same(
      ['DEL', 'h', 'h2', 'm'],
      ['PFADD', 'h'],
      ['GET', 'h'],
      ['PFADD', 'h'],
      ['PFADD', 'h', 'a', 'b', 'c', 'd', 'e', 'f', 'g'],
      ['GET', 'h'],
      ['PFCOUNT', 'h'],
      ['GET', 'h'],
      ['PFADD', 'h', 'a'],
      ['GET', 'h'],
      ['PFADD', 'h', 'z'],
      ['PFCOUNT', 'h'],
      ['PFDEBUG', 'ENCODING', 'h'],
      ['PFDEBUG', 'DECODE', 'h'],
      ['PFADD', 'h2', ...Array.from({ length: 50 }, (_, i) => `e${i}`)],
      ['PFCOUNT', 'h', 'h2'],
      ['PFCOUNT', 'h', 'h2', 'nokey'],
      ['GET', 'h'],
      ['PFMERGE', 'm', 'h', 'h2'],
      ['GET', 'm'],
      ['PFCOUNT', 'm'],
      ['PFMERGE', 'm'],
      ['PFMERGE', 'empty', 'nokey'],
      ['GET', 'empty'],
      ['PFCOUNT', 'nokey'],
      ['OBJECT', 'ENCODING', 'h'],
      ['TYPE', 'h'],
      ['PFDEBUG', 'TODENSE', 'h'],
      ['PFDEBUG', 'TODENSE', 'h'],
      ['PFDEBUG', 'ENCODING', 'h'],
      ['PFDEBUG', 'DECODE', 'h'],
      ['PFCOUNT', 'h'],
      ['PFADD', 'h', 'more'],
      ['PFCOUNT', 'h'],
      ['PFMERGE', 'm2', 'h', 'h2'],
      ['PFDEBUG', 'ENCODING', 'm2'],
      ['GET', 'm2'],
      ['PFDEBUG', 'GETREG', 'h2'],
      ['PFDEBUG', 'ENCODING', 'h2'],
      ['PFDEBUG', 'NOPE', 'h2'],
      ['PFDEBUG', 'ENCODING', 'nokey'],
      ['PFSELFTEST'],
    );
  });

  it('values that are not HLLs: WRONGTYPE; corrupt ones: INVALIDOBJ', async () => {
    const header = 'HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80';
    await both.same(
      ['SET', 'str', 'hello'],
      ['PFADD', 'str', 'x'],
      ['PFCOUNT', 'str'],
      ['PFMERGE', 'str', 'nokey'],
      ['PFMERGE', 'dst', 'str'],
      ['SET', 'int', '12345'],
      ['PFADD', 'int', 'x'],
      ['RPUSH', 'lst', 'a'],
      ['PFADD', 'lst', 'x'],
      ['PFCOUNT', 'lst'],
      ['PFCOUNT', 'nokey', 'lst'],
      ['PFDEBUG', 'ENCODING', 'lst'],
      ['SET', 'badenc', 'HYLL\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff'],
      ['PFCOUNT', 'badenc'],
      ['SET', 'shortdense', 'HYLL\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x00'],
      ['PFCOUNT', 'shortdense'],
      // Sparse opcodes that cover too few registers, or too many.
      ['SET', 'few', `${header}\x7f\xfe`],
      ['PFCOUNT', 'few'],
      ['PFADD', 'few', 'a', 'b', 'c'],
      ['PFCOUNT', 'few', 'few'],
      ['PFMERGE', 'dst', 'few'],
      ['SET', 'many', `${header}\x7f\xff\x7f\xff`],
      ['PFCOUNT', 'many'],
      ['PFDEBUG', 'TODENSE', 'many'],
      ['PFDEBUG', 'GETREG', 'many'],
      ['SET', 'valrun', `${header}\x7f\xfe\x83\x83`],
      ['PFCOUNT', 'valrun'],
      ['PFDEBUG', 'DECODE', 'valrun'],
    );
  });

  it('a PFCOUNT that refreshes the cache changes the key for WATCH; a cached one does not', async () => {
    await both.same(
      ['DEL', 'h'],
      ['PFADD', 'h', 'a', 'b'],
      ['WATCH', 'h'],
      ['PFCOUNT', 'h'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
      ['WATCH', 'h'],
      ['PFCOUNT', 'h'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
      ['WATCH', 'h'],
      ['PFADD', 'h', 'a'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
    );
  });

  it('random elements grow HLLs through the sparse-to-dense switch, byte for byte (seeded)', async () => {
    const rand = prng(14);
    const commands: Cmd[] = [
      ['DEL', 'a', 'b', 'c', 'u'],
      ['CONFIG', 'SET', 'hll-sparse-max-bytes', '3000'],
    ];
    const element = () => {
      const n = Math.floor(rand() * 5);
      if (n === 0) return String(Math.floor(rand() * 100000));
      if (n === 1) return '';
      const bytes = Array.from({ length: 1 + Math.floor(rand() * 20) }, () =>
        String.fromCharCode(Math.floor(rand() * 256)),
      );
      return bytes.join('');
    };
    let added = 0;
    for (let round = 0; round < 60; round++) {
      const key = ['a', 'b', 'c'][round % 3];
      const batch = Array.from({ length: 1 + Math.floor(rand() * (round < 30 ? 20 : 200)) }, element);
      added += batch.length;
      commands.push(['PFADD', key, ...batch]);
      if (round % 4 === 0) commands.push(['PFCOUNT', key], ['GET', key], ['PFDEBUG', 'ENCODING', key]);
      if (round % 10 === 9)
        commands.push(['PFMERGE', 'u', 'a', 'b', 'c'], ['GET', 'u'], ['PFCOUNT', 'a', 'b', 'c']);
      if (round === 40) commands.push(['CONFIG', 'SET', 'hll-sparse-max-bytes', '200']);
    }
    commands.push(['PFCOUNT', 'a'], ['PFCOUNT', 'b'], ['PFCOUNT', 'c'], ['PFCOUNT', 'u'], ['GET', 'u']);
    commands.push(['CONFIG', 'SET', 'hll-sparse-max-bytes', '3000']);
    if (added < 1000) throw new Error('the random walk added too little to reach dense HLLs');
    await both.same(...commands);
  });

  it('a big HLL: 20000 elements, its estimate and its dense bytes', async () => {
    const commands: Cmd[] = [['DEL', 'big']];
    for (let i = 0; i < 20; i++) {
      commands.push(['PFADD', 'big', ...Array.from({ length: 1000 }, (_, j) => `item:${i * 1000 + j}`)]);
    }
    commands.push(['PFCOUNT', 'big'], ['PFDEBUG', 'ENCODING', 'big'], ['GET', 'big'], ['STRLEN', 'big']);
    await both.same(...commands);
  });
});
