// Bench cases for RedisSessionStore (see bench/patterns.ts for the case shape): session reads with
// sliding expiry (one script each) over 1,000 sessions, and the whole life of a session (create,
// get, update, destroy: four scripts), both with 50 in flight.

import { RedisSessionStore } from '../../patterns/session.js';
import type { PatternCase } from '../patterns.js';

const SESSIONS = 1000;
const data = { name: 'Ada', roles: ['admin'], cart: { items: 3, total: 42.5 }, theme: 'dark' };
let ids: string[] = [];

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

export const cases: PatternCase[] = [
  {
    name: 'session get with sliding expiry (50 in flight)',
    async setup(redis) {
      const store = new RedisSessionStore(redis);
      ids = [];
      for (let i = 0; i < SESSIONS; i++) ids.push(await store.create(`user${i % 100}`, data));
    },
    run(redis, n) {
      const store = new RedisSessionStore(redis);
      return lanes(n, async (i) => {
        if (!(await store.get(ids[i % SESSIONS]))) throw new Error('a session is missing');
      });
    },
  },
  {
    name: 'session create + get + update + destroy (50 in flight)',
    n: 5000,
    run(redis, n) {
      const store = new RedisSessionStore<typeof data>(redis);
      return lanes(n, async (i) => {
        const id = await store.create(`user${i % 100}`, data);
        await store.get(id);
        await store.update(id, { theme: 'light' });
        await store.destroy(id);
      });
    },
  },
];
