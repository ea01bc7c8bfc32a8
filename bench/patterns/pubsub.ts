// Bench cases for PubSub (see bench/patterns.ts for the case shape): JSON messages published with
// 50 in flight and delivered to one subscriber's handler; an operation is a message received.

import { PubSub } from '../../patterns/pubsub.js';
import type { PatternCase } from '../patterns.js';

const message = { type: 'order.created', id: 12345, total: 99.5, items: ['a', 'b'] };

export const cases: PatternCase[] = [
  {
    name: 'pub/sub publish -> handler (50 in flight)',
    n: 20_000,
    async run(redis, n) {
      const publisher = new PubSub<typeof message>(redis, { prefix: 'bench:' });
      const subscriber = new PubSub<typeof message>(redis, { prefix: 'bench:' });
      let received = 0;
      let done: () => void = () => {};
      const all = new Promise<void>((resolve) => {
        done = resolve;
      });
      await subscriber.subscribe('orders', () => {
        if (++received === n) done();
      });
      const lane = async (lane: number) => {
        for (let i = lane; i < n; i += 50) await publisher.publish('orders', message);
      };
      await Promise.all(Array.from({ length: 50 }, (_, i) => lane(i)));
      await all;
      await subscriber.close();
      return received;
    },
  },
];
