// The skip list against a sorted-array model: every operation, random sequences.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ScoreRange, SkipList } from '../../server/store/skiplist.js';

type Pair = [number, string];
const cmp = (a: Pair, b: Pair) => (a[0] !== b[0] ? a[0] - b[0] : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

function check(list: SkipList, model: Pair[]): void {
  expect(list.length).toBe(model.length);
  expect([...list].map((n) => [n.score, n.member])).toEqual(model);
  const back: Pair[] = [];
  for (let n = list.tail; n !== null; n = n.backward) back.push([n.score, n.member]);
  expect(back.reverse()).toEqual(model);
  model.forEach(([s, m], i) => {
    expect(list.rank(s, m)).toBe(i + 1);
    const n = list.byRank(i + 1)!;
    expect([n.score, n.member]).toEqual([s, m]);
  });
}

describe('SkipList', () => {
  it('matches a sorted array under random inserts, deletes and score updates', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('add' as const),
        score: fc.integer({ min: -5, max: 5 }),
        member: fc.string({ maxLength: 2 }),
      }),
      fc.record({ kind: fc.constant('del' as const), index: fc.nat() }),
      fc.record({
        kind: fc.constant('upd' as const),
        index: fc.nat(),
        score: fc.integer({ min: -5, max: 5 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const list = new SkipList();
        let model: Pair[] = [];
        for (const o of ops) {
          if (o.kind === 'add') {
            if (model.some((p) => p[1] === o.member)) continue;
            list.insert(o.score, o.member);
            model.push([o.score, o.member]);
          } else if (model.length > 0) {
            const [s, m] = model[o.index % model.length];
            if (o.kind === 'del') {
              expect(list.delete(s, m)).toBe(true);
              model = model.filter((p) => p[1] !== m);
            } else {
              list.updateScore(s, m, o.score);
              model = model.map((p) => (p[1] === m ? [o.score, m] : p));
            }
          }
          model.sort(cmp);
        }
        check(list, model);
        expect(list.delete(99, 'absent')).toBe(false);
        expect(list.byRank(0)).toBeNull();
        expect(list.byRank(model.length + 1)).toBeNull();
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('finds the first and last element of score ranges', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -10, max: 10 }), { maxLength: 15 }),
        fc.integer({ min: -12, max: 12 }),
        fc.integer({ min: -12, max: 12 }),
        fc.boolean(),
        fc.boolean(),
        (scores, min, max, minex, maxex) => {
          const list = new SkipList();
          for (const s of scores) list.insert(s, `m${s}`);
          const r: ScoreRange = { min, max, minex, maxex };
          const inRange = [...scores]
            .sort((a, b) => a - b)
            .filter((s) => (minex ? s > min : s >= min) && (maxex ? s < max : s <= max));
          expect(list.firstInScoreRange(r)?.score ?? null).toBe(inRange[0] ?? null);
          expect(list.lastInScoreRange(r)?.score ?? null).toBe(inRange.at(-1) ?? null);
        },
      ),
      { seed: 7, numRuns: 500 },
    );
  });
});
