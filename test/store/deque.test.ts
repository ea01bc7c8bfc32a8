// The deque against an array model under random operations.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Deque } from '../../server/store/deque.js';

describe('Deque', () => {
  it('behaves like an array under random pushes, pops, inserts, removals and trims', () => {
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
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const d = new Deque<number>();
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
  });
});
