// The embedding handle's state API: seed, flush, reset, and typed reads through db().

import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/server.js';
import { startServer as startTestServer } from '../../server/testing/index.js';
import { RawClient } from '../support/raw.js';

const servers: RunningServer[] = [];
const clients: Redis[] = [];
async function start(options: Parameters<typeof startServer>[0] = {}): Promise<RunningServer> {
  const s = await startServer(options);
  servers.push(s);
  return s;
}
function connect(s: RunningServer, db = 0): Redis {
  const c = new Redis(s.url, { db, maxRetriesPerRequest: 0 });
  clients.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('seed', () => {
  it('loads every type from a plain object, as the commands would have made them', async () => {
    const s = await start();
    s.seed({
      strings: { greeting: 'héllo', n: 42, bin: Buffer.from([0, 255]) },
      hashes: { 'user:1': { name: 'Ada', born: 1815 } },
      lists: { queue: ['a', 'b', 'c'] },
      sets: { tags: new Set(['red', 'blue']), ids: [3, 1, 2] },
      zsets: { board: { ada: 10, bob: 7.5 }, pairs: [['x', Number.POSITIVE_INFINITY]] },
    });
    const c = connect(s);
    expect(await c.get('greeting')).toBe('héllo');
    expect(await c.incr('n')).toBe(43);
    expect(await c.getBuffer('bin')).toEqual(Buffer.from([0, 255]));
    expect(await c.hgetall('user:1')).toEqual({ name: 'Ada', born: '1815' });
    expect(await c.lrange('queue', 0, -1)).toEqual(['a', 'b', 'c']);
    expect((await c.smembers('tags')).sort()).toEqual(['blue', 'red']);
    expect(await c.object('ENCODING', 'ids')).toBe('intset');
    expect(await c.object('ENCODING', 'user:1')).toBe('listpack');
    expect(await c.zrange('board', '0', '-1', 'WITHSCORES')).toEqual(['bob', '7.5', 'ada', '10']);
    expect(await c.zscore('pairs', 'x')).toBe('inf');
  });

  it('replaces what a key held, takes TTLs in server milliseconds, and seeds another database', async () => {
    const s = await start({ clock: 'frozen' });
    const c = connect(s);
    await c.set('k', 'old');
    s.seed({ lists: { k: ['new'] }, strings: { t: 'v' }, ttl: { t: 5000 } });
    expect(await c.type('k')).toBe('list');
    expect(await c.pttl('t')).toBe(5000);
    s.clock.advance(5000);
    expect(await c.exists('t')).toBe(0);
    s.seed({ strings: { other: 'db3' } }, { db: 3 });
    expect(await connect(s, 3).get('other')).toBe('db3');
    expect(() => s.seed({ ttl: { missing: 10 } })).toThrow(/does not exist/);
    expect(() => s.seed({}, { db: 99 })).toThrow(/no database 99/);
  });

  it('seeds streams with XADD (when streams exist)', async () => {
    const s = await start();
    const raw = await RawClient.connect(s.port);
    const probe = (await raw.call('XLEN', 'x')).toString('latin1');
    raw.close();
    if (probe.startsWith('-ERR unknown command')) {
      expect(() => s.seed({ streams: { x: [{ fields: { a: '1' } }] } })).toThrow(/XADD failed/);
      return;
    }
    s.seed({
      streams: {
        events: [
          { id: '1-1', fields: { type: 'click' } },
          { id: '2-0', fields: { n: 2 } },
        ],
      },
    });
    const c = connect(s);
    expect(await c.xrange('events', '-', '+')).toEqual([
      ['1-1', ['type', 'click']],
      ['2-0', ['n', '2']],
    ]);
    expect(s.db().get('events')).toEqual([
      { id: '1-1', fields: { type: 'click' } },
      { id: '2-0', fields: { n: '2' } },
    ]);
  });

  it('serves clients blocked on a seeded list and invalidates WATCH, since it runs the commands', async () => {
    const s = await start();
    const blocked = connect(s);
    const watcher = connect(s);
    const popped = blocked.blpop('jobs', 0);
    await new Promise((r) => setTimeout(r, 20));
    await watcher.watch('jobs');
    s.seed({ lists: { jobs: ['j1'] } });
    expect(await popped).toEqual(['jobs', 'j1']);
    expect(await watcher.multi().get('x').exec()).toBeNull();
  });
});

describe('flush and reset', () => {
  it('flush empties every database', async () => {
    const s = await start();
    s.seed({ strings: { a: '1' } });
    s.seed({ strings: { b: '1' } }, { db: 5 });
    s.flush();
    expect(s.db(0).size).toBe(0);
    expect(s.db(5).size).toBe(0);
  });

  it('reset restores the starting configuration and statistics, keeps connections', async () => {
    const s = await start({ config: { 'hash-max-listpack-entries': '4' } });
    const c = connect(s);
    await c.config('SET', 'hash-max-listpack-entries', '99');
    await c.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await c.set('k', 'v');
    s.reset();
    expect(await c.config('GET', 'hash-max-listpack-entries')).toEqual(['hash-max-listpack-entries', '4']);
    expect(await c.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    expect(await c.dbsize()).toBe(0);
    expect(await c.info('stats')).toMatch(/total_commands_processed:[0-4]\r\n/);
    expect(await c.config('GET', 'port')).toEqual(['port', String(s.port)]);
  });

  it('reset restores requirepass as started: a password set at runtime is gone', async () => {
    const s = await start();
    const c = connect(s);
    await c.config('SET', 'requirepass', 'x');
    s.reset();
    const raw = await RawClient.connect(s.port);
    expect(await raw.callText('PING')).toBe('+PONG\r\n');
    raw.close();
  });

  it('reset of a test server also clears fault rules, the command log and usage', async () => {
    const s = await startTestServer();
    servers.push(s);
    const c = connect(s);
    await c.set('k', 'v');
    s.faults.add({ command: 'GET', error: 'LOADING' });
    s.reset();
    expect(s.faults.list()).toEqual([]);
    expect(s.log.entries()).toEqual([]);
    expect(s.usage().commands).toEqual([]);
    expect(await c.get('k')).toBeNull();
  });
});

describe('db(): typed reads without a client', () => {
  it('reads each type as plain JavaScript, and type, ttl, keys, has', async () => {
    const s = await start({ clock: 'frozen' });
    const c = connect(s);
    await c.set('s', 'text');
    await c.append('raw', 'ab'); // a mutable (raw) string
    await c.hset('h', 'f', 'v');
    await c.rpush('l', 'x', 'y');
    await c.sadd('set', 'b', 'a');
    await c.zadd('z', 2, 'two', 1, 'one');
    await c.set('t', 'v', 'PX', 1500);
    const db = s.db();
    expect(db.get('s')).toBe('text');
    expect(db.get('raw')).toBe('ab');
    expect(db.get('h')).toEqual({ f: 'v' });
    expect(db.get('l')).toEqual(['x', 'y']);
    expect(db.get('set')).toEqual(['a', 'b']);
    expect(db.get('z')).toEqual([
      ['one', 1],
      ['two', 2],
    ]);
    expect(db.get('missing')).toBeNull();
    expect(db.type('z')).toBe('zset');
    expect(db.type('missing')).toBe('none');
    expect(db.ttl('t')).toBe(1500);
    expect(db.ttl('s')).toBe(-1);
    expect(db.ttl('missing')).toBe(-2);
    expect(db.keys('?')).toEqual(['h', 'l', 's', 't', 'z']);
    expect(db.has('set')).toBe(true);
    expect(db.getBuffer('s')).toEqual(Buffer.from('text'));
  });

  it('a key past its deadline reads as missing, without being expired by the read', async () => {
    const s = await start({ clock: 'frozen', config: { 'enable-debug-command': 'yes' } });
    const c = connect(s);
    await c.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    await c.set('t', 'v', 'PX', 10);
    s.clock.advance(20);
    expect(s.db().get('t')).toBeNull();
    expect(s.db().keys()).toEqual([]);
    expect(s.server.dbs[0].map.has('t')).toBe(true); // still there for lazy expiry
    expect(s.server.stats.expiredKeys).toBe(0);
  });
});
