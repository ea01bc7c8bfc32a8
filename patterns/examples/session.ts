// RedisSessionStore example: create, read (sliding expiry), update atomically, log out everywhere.
//
//     npx respite server            # or any Redis on localhost:6379 (REDIS_URL to point elsewhere)
//     npm run build && node dist/patterns/examples/session.js

import { Redis } from 'ioredis';
import { RedisSessionStore } from '../index.js';

interface WebSession extends Record<string, unknown> {
  name: string;
  cartItems: number;
  lastPage?: string;
}

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const sessions = new RedisSessionStore<WebSession>(redis, { prefix: 'example:session', ttlSeconds: 1800 });

const laptop = await sessions.create('user-17', { name: 'Ada', cartItems: 0 });
const phone = await sessions.create('user-17', { name: 'Ada', cartItems: 0 });
console.log('session id:', laptop);

// Typed fields come back typed; each get renews the 30-minute idle timeout.
const s = await sessions.get(laptop);
console.log(s?.data.name, 'has', s?.data.cartItems, 'items in the cart');

// Only if the session still exists, and with its TTL renewed, in one script.
await sessions.update(laptop, { cartItems: 2, lastPage: '/checkout' });
console.log((await sessions.get(laptop))?.data);

console.log('sessions of user-17:', (await sessions.listForUser('user-17')).length);
console.log('logged out everywhere:', await sessions.destroyAllForUser('user-17'));
console.log('phone session now:', await sessions.get(phone));

// With Express: app.use(session({ store: new (expressSessionStore(session))({ client: redis }), ... }))
redis.disconnect();
