// Bench cases for StreamProducer and StreamConsumer (see bench/patterns.ts for the case shape): JSON
// events added with 50 in flight while consumers of one group read them (XREADGROUP, COUNT 100) and
// acknowledge each after its handler; an operation is an event produced and consumed. The clock
// stops when the last event is handled; stopping the consumers is teardown, untimed.

import { StreamConsumer, StreamProducer } from '../../patterns/streams.js';
import type { PatternCase } from '../patterns.js';

const event = { type: 'page.view', user: 'u123', path: '/products/42', at: '2024-06-01T12:00:00Z' };

async function produceAndConsume(redis: Parameters<PatternCase['run']>[0], n: number, consumers: number) {
  const producer = new StreamProducer<typeof event>(redis, 'bench');
  let consumed = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  const group = Array.from(
    { length: consumers },
    (_, i) =>
      new StreamConsumer<typeof event>(redis, 'bench', {
        group: 'g',
        consumer: `c${i}`,
        count: 100,
        blockMs: 100,
      }),
  );
  await group[0].ensureGroup();
  const runs = group.map((c) =>
    c.run(() => {
      if (++consumed === n) done();
    }),
  );
  const lane = async (lane: number) => {
    for (let i = lane; i < n; i += 50) await producer.add(event);
  };
  await Promise.all(Array.from({ length: 50 }, (_, i) => lane(i)));
  await all;
  stopping = Promise.all(group.map((c) => c.stop())).then(() => Promise.all(runs).then(() => {}));
  return consumed;
}

let stopping: Promise<void> = Promise.resolve();
const teardown = () => stopping;

export const cases: PatternCase[] = [
  {
    name: 'stream produce + consume (1 consumer)',
    n: 20_000,
    run: (redis, n) => produceAndConsume(redis, n, 1),
    teardown,
  },
  {
    name: 'stream produce + consume (4 consumers)',
    n: 20_000,
    run: (redis, n) => produceAndConsume(redis, n, 4),
    teardown,
  },
];
