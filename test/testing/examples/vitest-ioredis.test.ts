// Example: vitest + ioredis, one respite per test file. Copied into the README; runs in the suite.
//
// In your project: import { matchers, type RespiteMatchers, startServer, type TestServer } from 'respite/testing';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  matchers,
  type RespiteMatchers,
  startServer,
  type TestServer,
} from '../../../server/testing/index.js';

expect.extend(matchers);
declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the shape vitest declares
  interface Matchers<T = any> extends RespiteMatchers<T> {}
}

// The code under test: a session store with a sliding 30-minute expiry.
class Sessions {
  constructor(private redis: Redis) {}
  async create(id: string, user: string): Promise<void> {
    await this.redis.set(`session:${id}`, user, 'EX', 1800);
  }
  async touch(id: string): Promise<string | null> {
    const user = await this.redis.getex(`session:${id}`, 'EX', 1800);
    return user;
  }
}

let server: TestServer;
let redis: Redis;

beforeAll(async () => {
  server = await startServer({ clock: 'frozen' }); // a free port; time stands still until advanced
  redis = new Redis(server.url);
});

afterAll(async () => {
  await redis.quit();
  await server.close();
});

beforeEach(() => server.reset()); // data, config, command log, fault rules

describe('Sessions', () => {
  it('expires a session after 30 idle minutes, without waiting 30 minutes', async () => {
    const sessions = new Sessions(redis);
    await sessions.create('abc', 'ada');
    server.clock.advance(29 * 60 * 1000);
    expect(await sessions.touch('abc')).toBe('ada'); // touching renews it
    server.clock.advance(29 * 60 * 1000);
    expect(await sessions.touch('abc')).toBe('ada');
    server.clock.advance(30 * 60 * 1000 + 1);
    expect(await sessions.touch('abc')).toBeNull();
    expect(server).not.toHaveKey('session:abc');
  });

  it('sends the commands we expect', async () => {
    await new Sessions(redis).create('xyz', 'bob');
    expect(server).toHaveReceived('SET', 'session:xyz', 'bob', 'EX', 1800);
    expect(server.db().ttl('session:xyz')).toBe(1800 * 1000);
  });

  it('reads seeded state', async () => {
    server.seed({ strings: { 'session:old': 'eve' }, ttl: { 'session:old': 1000 } });
    expect(await new Sessions(redis).touch('old')).toBe('eve');
    expect(server.db().ttl('session:old')).toBe(1800 * 1000);
  });

  it('surfaces a Redis that is still loading', async () => {
    server.faults.add({ command: 'GETEX', error: 'LOADING', times: 1 });
    await expect(new Sessions(redis).touch('abc')).rejects.toThrow(/LOADING/);
  });
});
