// Leaderboard example: scores, top 10, a player's rank and neighbourhood, daily boards, combining.
//
//     npx respite server            # or any Redis on localhost:6379 (REDIS_URL to point elsewhere)
//     npm run build && node dist/patterns/examples/leaderboard.js

import { Redis } from 'ioredis';
import { Leaderboard } from '../index.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const board = new Leaderboard(redis, 'example-game', { periods: ['daily', 'weekly'] });

for (const [player, points] of [
  ['ann', 120],
  ['bob', 95],
  ['cid', 120],
  ['dee', 60],
  ['eve', 200],
] as const) {
  await board.increment(player, points); // all-time, today's and this week's board in one MULTI
}

console.log('top 3:', await board.top(3)); // ties (ann, cid) in Redis's order, ranks from 1
console.log('rank of ann:', await board.rank('ann'));
console.log(
  'around dee:',
  (await board.around('dee', 1)).map((e) => `${e.rank}. ${e.player} ${e.score}`),
);
console.log('page 2 of 2:', await board.page(2, 2));

// Period boards expire on their own; combine any of them with ZUNIONSTORE.
const today = board.period('daily');
const week = board.period('weekly');
const best = await board.combine('best-of', [today, week], { aggregate: 'MAX', ttlMs: 60_000 });
console.log('combined:', await best.top(3));

redis.disconnect();
