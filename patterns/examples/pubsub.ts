// PubSub example: a subscriber with a handler and an async iterator, a publisher, JSON messages.
//
//     npx respite server            # or any Redis on localhost:6379 (REDIS_URL to point elsewhere)
//     npm run build && node dist/patterns/examples/pubsub.js

import { Redis } from 'ioredis';
import { PubSub } from '../index.js';

interface ChatMessage {
  from: string;
  text: string;
}

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const chat = new PubSub<ChatMessage>(redis, { prefix: 'example:chat:' });

// A handler per channel; one that throws is reported (onError) and the others still run.
await chat.subscribe('general', (msg, { channel }) => console.log(`[${channel}] ${msg.from}: ${msg.text}`));

// Or a loop over a pattern's messages, subscribed before messages() resolves.
const rooms = await chat.messages('room.*', { pattern: true });
const loop = (async () => {
  for await (const { channel, data } of rooms) {
    console.log(`(${channel}) ${data.from}: ${data.text}`);
    if (data.text === 'bye') break; // leaving the loop unsubscribes
  }
})();

await chat.publish('general', { from: 'ann', text: 'hello everyone' });
await chat.publish('room.42', { from: 'bob', text: 'hi room 42' });
await chat.publish('room.7', { from: 'bob', text: 'bye' });
await loop;

await chat.close();
redis.disconnect();
