// Bench cases for Leaderboard (see bench/patterns.ts for the case shape): an increment of one of
// 10,000 players followed by a top-10 read, 50 in flight (an operation is the pair); and the same
// increment on a board with daily and weekly period boards (one MULTI of three ZINCRBYs and two
// PEXPIREATs) followed by around(player, 5).

import { Leaderboard } from '../../patterns/leaderboard.js';
import type { PatternCase } from '../patterns.js';

const PLAYERS = 10_000;

async function lanes(n: number, body: (i: number) => Promise<void>): Promise<number> {
  let done = 0;
  const lane = async (lane: number) => {
    for (let i = lane; i < n; i += 50) {
      await body(i);
      done++;
    }
  };
  await Promise.all(Array.from({ length: 50 }, (_, i) => lane(i)));
  return done;
}

async function fill(board: Leaderboard): Promise<void> {
  for (let p = 0; p < PLAYERS; p += 500) {
    await Promise.all(Array.from({ length: 500 }, (_, i) => board.addScore(`player${p + i}`, (p + i) % 997)));
  }
}

export const cases: PatternCase[] = [
  {
    name: 'leaderboard increment + top-10 (50 in flight)',
    setup: (redis) => fill(new Leaderboard(redis, 'bench')),
    run(redis, n) {
      const board = new Leaderboard(redis, 'bench');
      return lanes(n, async (i) => {
        await board.increment(`player${(i * 7919) % PLAYERS}`, 1 + (i % 10));
        await board.top(10);
      });
    },
  },
  {
    name: 'leaderboard increment with daily+weekly boards + around(5)',
    setup: (redis) => fill(new Leaderboard(redis, 'bench', { periods: ['daily', 'weekly'] })),
    run(redis, n) {
      const board = new Leaderboard(redis, 'bench', { periods: ['daily', 'weekly'] });
      return lanes(n, async (i) => {
        const player = `player${(i * 7919) % PLAYERS}`;
        await board.increment(player, 1 + (i % 10));
        await board.around(player, 5);
      });
    },
  },
];
