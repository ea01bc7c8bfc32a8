// Streams example: a producer, a consumer group with a handler, dead letters, graceful stop.
//
//     npx respite server            # or any Redis on localhost:6379 (REDIS_URL to point elsewhere)
//     npm run build && node dist/patterns/examples/streams.js

import { Redis } from 'ioredis';
import { StreamConsumer, StreamProducer } from '../index.js';

interface OrderEvent {
  orderId: number;
  total: number;
}

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const producer = new StreamProducer<OrderEvent>(redis, 'example-orders', { maxLen: 10_000 });
const consumer = new StreamConsumer<OrderEvent>(redis, 'example-orders', {
  group: 'billing',
  consumer: 'billing-1',
  minIdleMs: 30_000, // entries a crashed consumer held this long are taken over
  maxDeliveries: 3, // then they go to the dead-letter stream
  blockMs: 1000,
});
await consumer.ensureGroup(); // XGROUP CREATE ... MKSTREAM; BUSYGROUP is fine

for (let orderId = 1; orderId <= 5; orderId++) await producer.add({ orderId, total: orderId * 10 });

let handled = 0;
const running = consumer.run(async (order, entry) => {
  console.log(
    `billing order ${order.orderId} (${order.total}) entry ${entry.id}, delivery ${entry.deliveries}`,
  );
  handled++; // returning acknowledges (XACK); throwing leaves it pending for a retry
});

// Ctrl-C in a real service: process.once('SIGINT', () => consumer.stop());
while (handled < 5) await new Promise((r) => setTimeout(r, 50));
await consumer.stop(); // the handler in progress finishes first
await running;
console.log(
  'pending:',
  await consumer.pendingCount(),
  'dead letters:',
  (await consumer.deadLetters()).length,
);
redis.disconnect();
