// Leaderboard (patterns/leaderboard.ts) on respite and on a real Redis: ranks in Redis's own order
// (ties included), neighbourhoods, pages, period boards that expire, and combined boards.

import { describe, expect, it } from 'vitest';
import { Leaderboard, periodOf } from '../../patterns/leaderboard.js';
import { useTargets } from '../support/targets.js';

const both = useTargets();

describe('Leaderboard', () => {
  it('ranks ties exactly as Redis orders them, 1-based', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      const lb = new Leaderboard(redis, 'game');
      for (const [p, s] of [
        ['alice', 10],
        ['bob', 10],
        ['carol', 10],
        ['dave', 20],
        ['eve', 5],
      ] as const) {
        await lb.addScore(p, s);
      }
      const top = await lb.top(10);
      expect(top.map((e) => e.player)).toEqual(await redis.zrevrange('{leaderboard:game}:all', 0, -1));
      expect(top).toEqual([
        { player: 'dave', score: 20, rank: 1 },
        { player: 'carol', score: 10, rank: 2 },
        { player: 'bob', score: 10, rank: 3 },
        { player: 'alice', score: 10, rank: 4 },
        { player: 'eve', score: 5, rank: 5 },
      ]);
      for (const e of top) expect(await lb.rank(e.player)).toBe(e.rank);
      expect(await lb.rank('nobody')).toBeNull();
      expect(await lb.score('bob')).toBe(10);
      expect(await lb.score('nobody')).toBeNull();
      expect(await lb.count()).toBe(5);
      expect((await lb.top(2)).map((e) => e.player)).toEqual(['dave', 'carol']);
      expect(await lb.top(0)).toEqual([]);

      const golf = new Leaderboard(redis, 'golf', { order: 'asc' });
      for (const [p, s] of [
        ['x', 72],
        ['w', 70],
        ['v', 72],
      ] as const)
        await golf.addScore(p, s);
      expect((await golf.top()).map((e) => `${e.rank}:${e.player}`)).toEqual(['1:w', '2:v', '3:x']);
      expect(await golf.rank('x')).toBe(3);
    });
  });

  it('shows the neighbourhood of a player and pages', async () => {
    await both.each(async (t) => {
      const lb = new Leaderboard(t.ioredis(), 'hood');
      for (let i = 1; i <= 10; i++) await lb.addScore(`p${i}`, i * 10);
      const around = await lb.around('p5', 2);
      expect(around.map((e) => `${e.rank}:${e.player}:${e.score}`)).toEqual([
        '4:p7:70',
        '5:p6:60',
        '6:p5:50',
        '7:p4:40',
        '8:p3:30',
      ]);
      expect((await lb.around('p10', 2)).map((e) => e.rank)).toEqual([1, 2, 3]);
      expect((await lb.around('p1', 1)).map((e) => e.player)).toEqual(['p2', 'p1']);
      expect(await lb.around('ghost', 3)).toEqual([]);
      expect((await lb.page(1, 3)).map((e) => e.player)).toEqual(['p10', 'p9', 'p8']);
      expect((await lb.page(4, 3)).map((e) => `${e.rank}:${e.player}`)).toEqual(['10:p1']);
      expect(await lb.page(5, 3)).toEqual([]);
      expect(() => lb.page(0)).toThrow(RangeError);
    });
  });

  it('increments, keeps the best score, removes', async () => {
    await both.each(async (t) => {
      const lb = new Leaderboard(t.ioredis(), 'inc');
      expect(await lb.increment('a')).toBe(1);
      expect(await lb.increment('a', 2.5)).toBe(3.5);
      expect(await lb.increment('a', -0.5)).toBe(3);
      await lb.addScore('b', 50, { best: true });
      await lb.addScore('b', 40, { best: true });
      expect(await lb.score('b')).toBe(50);
      await lb.addScore('b', 60, { best: true });
      expect(await lb.score('b')).toBe(60);
      await lb.addScore('b', 1);
      expect(await lb.score('b')).toBe(1);
      expect(await lb.remove('a', 'ghost')).toBe(1);
      expect(await lb.count()).toBe(1);
    });
  });

  it('writes the period boards in the same transaction and lets them expire', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      // A Wednesday in the future (2052's calendar is 2024's): boards of past periods expire at once.
      const day = Date.UTC(2052, 5, 12, 15);
      const lb = new Leaderboard(redis, 'p', { periods: ['daily', 'weekly', 'monthly'], now: () => day });
      await lb.increment('ann', 3);
      await lb.increment('bob', 1);
      expect((await redis.keys('*')).sort()).toEqual([
        '{leaderboard:p}:all',
        '{leaderboard:p}:daily:2052-06-12',
        '{leaderboard:p}:monthly:2052-06',
        '{leaderboard:p}:weekly:2052-06-10',
      ]);
      // Kept for one more period after its end (the default retention).
      expect(await redis.pexpiretime('{leaderboard:p}:daily:2052-06-12')).toBe(Date.UTC(2052, 5, 14));
      expect(await redis.pexpiretime('{leaderboard:p}:weekly:2052-06-10')).toBe(Date.UTC(2052, 5, 24));
      expect(await redis.pexpiretime('{leaderboard:p}:monthly:2052-06')).toBe(Date.UTC(2052, 6, 31)); // June's 30 days after its end;
      expect(await redis.pexpiretime('{leaderboard:p}:all')).toBe(-1);
      expect((await lb.period('weekly', new Date(day)).top()).map((e) => e.player)).toEqual(['ann', 'bob']);

      const short = new Leaderboard(redis, 'short', { periods: [{ name: 'tick', ms: 200 }], retentionMs: 0 });
      await short.increment('x');
      const board = short.period({ name: 'tick', ms: 200 });
      expect(await board.count()).toBe(1);
      await t.pass(250);
      expect(await board.count()).toBe(0);
      expect(await short.count()).toBe(1);
    });
  });

  it('combines boards of one leaderboard with ZUNIONSTORE', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      let now = Date.UTC(2052, 0, 1);
      const lb = new Leaderboard(redis, 'c', { periods: ['daily'], now: () => now });
      await lb.increment('ann', 5);
      await lb.increment('bob', 2);
      now += 86_400_000;
      await lb.increment('bob', 4);
      await lb.increment('cid', 1);
      const days = [lb.period('daily', Date.UTC(2052, 0, 1)), lb.period('daily', Date.UTC(2052, 0, 2))];
      const sum = await lb.combine('two-days', days);
      expect((await sum.top()).map((e) => `${e.player}=${e.score}`)).toEqual(['bob=6', 'ann=5', 'cid=1']);
      const best = await lb.combine('best-day', days, { aggregate: 'MAX', weights: [1, 2], ttlMs: 60_000 });
      expect((await best.top()).map((e) => `${e.player}=${e.score}`)).toEqual(['bob=8', 'ann=5', 'cid=2']);
      const ttl = await redis.pttl(best.key);
      expect(ttl).toBeGreaterThan(50_000);
      const other = new Leaderboard(redis, 'other');
      await expect(lb.combine('x', [other])).rejects.toThrow(/another leaderboard/);
    });
  });

  it('names the operation in Redis errors', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis();
      await redis.set('{leaderboard:w}:all', 'not a zset');
      const lb = new Leaderboard(redis, 'w');
      await expect(lb.increment('a')).rejects.toThrow(
        /^Leaderboard.increment\(a\) \(\{leaderboard:w\}:all\): WRONGTYPE/,
      );
      await expect(lb.top()).rejects.toThrow(/^Leaderboard.top\(10\) .*WRONGTYPE/);
      await expect(lb.around('a')).rejects.toThrow(/^Leaderboard.around: .*WRONGTYPE/);
    });
  });
});

describe('periodOf', () => {
  it('names calendar periods in UTC', () => {
    const sunday = Date.UTC(2024, 5, 16, 23, 59);
    expect(periodOf('daily', sunday)).toEqual({
      id: 'daily:2024-06-16',
      end: Date.UTC(2024, 5, 17),
      length: 86_400_000,
    });
    expect(periodOf('weekly', sunday).id).toBe('weekly:2024-06-10');
    expect(periodOf('weekly', Date.UTC(2024, 5, 17)).id).toBe('weekly:2024-06-17');
    expect(periodOf('monthly', Date.UTC(2024, 1, 29)).end).toBe(Date.UTC(2024, 2, 1));
    expect(periodOf({ name: 'hour', ms: 3_600_000 }, 7_200_001).id).toBe('hour:2');
  });
});
