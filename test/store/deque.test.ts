// The deque against an array model under random operations.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Deque } from '../../server/store/deque.js';

describe('Deque', () => {
  // Block sizes of 2 and 4 make every operation cross block borders; 128 is the real one, which the
  // bursts (runs of pushes or pops at one end) pass through the small shape to reach.
  it.each([2, 4, 128])(
    'behaves like an array under random pushes, pops, inserts, removals and trims (blocks of %i)',
    (blockSize) => {
      const op = fc.oneof(
        fc.record({
          k: fc.constantFrom('pushBack', 'pushFront', 'popBack', 'popFront' as const),
          v: fc.integer(),
        }),
        fc.record({ k: fc.constantFrom('insert', 'removeAt', 'set' as const), i: fc.nat(), v: fc.integer() }),
        fc.record({
          k: fc.constant('slice' as const),
          i: fc.integer({ min: -2, max: 40 }),
          j: fc.integer({ min: -2, max: 40 }),
        }),
        fc.record({ k: fc.constant('filter' as const), v: fc.integer({ min: 2, max: 5 }) }),
        fc.record({
          k: fc.constantFrom('burstBack', 'burstFront', 'drainBack', 'drainFront' as const),
          i: fc.integer({ min: 1, max: 300 }),
          v: fc.integer(),
        }),
      );
      fc.assert(
        fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
          const d = new Deque<number>(8, blockSize);
          let a: number[] = [];
          for (const o of ops) {
            switch (o.k) {
              case 'pushBack':
                d.pushBack(o.v);
                a.push(o.v);
                break;
              case 'pushFront':
                d.pushFront(o.v);
                a.unshift(o.v);
                break;
              case 'popBack':
                expect(d.popBack()).toBe(a.pop());
                break;
              case 'popFront':
                expect(d.popFront()).toBe(a.shift());
                break;
              case 'insert': {
                const i = o.i % (a.length + 1);
                d.insert(i, o.v);
                a.splice(i, 0, o.v);
                break;
              }
              case 'removeAt':
                if (a.length > 0) {
                  const i = o.i % a.length;
                  d.removeAt(i);
                  a.splice(i, 1);
                }
                break;
              case 'set':
                if (a.length > 0) {
                  const i = o.i % a.length;
                  d.set(i, o.v);
                  a[i] = o.v;
                }
                break;
              case 'slice':
                d.slice(o.i, o.j);
                a = a.slice(Math.max(0, o.i), o.j + 1);
                if (o.j < Math.max(0, o.i)) a = [];
                break;
              case 'burstBack':
              case 'burstFront':
                for (let n = 0; n < o.i; n++) {
                  if (o.k === 'burstBack') {
                    d.pushBack(o.v + n);
                    a.push(o.v + n);
                  } else {
                    d.pushFront(o.v + n);
                    a.unshift(o.v + n);
                  }
                }
                break;
              case 'drainBack':
              case 'drainFront':
                for (let n = 0; n < o.i; n++) {
                  if (o.k === 'drainBack') expect(d.popBack()).toBe(a.pop());
                  else expect(d.popFront()).toBe(a.shift());
                }
                break;
              case 'filter':
                expect(d.filter((v) => v % o.v !== 0)).toBe(a.filter((v) => v % o.v === 0).length);
                a = a.filter((v) => v % o.v !== 0);
                break;
            }
            expect(d.length).toBe(a.length);
          }
          expect(d.toArray()).toEqual(a);
          for (const [i, v] of a.entries()) expect(d.at(i)).toBe(v);
          expect(d.at(-1)).toBeUndefined();
          expect(d.at(a.length)).toBeUndefined();
        }),
        { seed: 3, numRuns: 300 },
      );
    },
  );
});
