// Fault injection: errors, latency, dropped connections and replies cut into pieces, by command name
// and key pattern, added and removed while clients are connected.

import net from 'node:net';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../server/testing/index.js';
import { RawClient } from '../support/raw.js';

const servers: TestServer[] = [];
const clients: Redis[] = [];
async function start(options: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  const s = await startServer(options);
  servers.push(s);
  return s;
}
function connect(s: TestServer, options = {}): Redis {
  const c = new Redis(s.url, { maxRetriesPerRequest: 0, ...options });
  clients.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('error rules', () => {
  it('a bare code becomes Redis’s full error; other text goes out as it is', async () => {
    const s = await start();
    const raw = await RawClient.connect(s.port);
    const codes: Record<string, string> = {
      BUSY: '-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSCRIPT.\r\n',
      LOADING: '-LOADING Redis is loading the dataset in memory\r\n',
      READONLY: "-READONLY You can't write against a read only replica.\r\n",
      OOM: "-OOM command not allowed when used memory > 'maxmemory'.\r\n",
      TRYAGAIN: '-TRYAGAIN Multiple keys request during rehashing of slot\r\n',
      MASTERDOWN: "-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.\r\n",
      'MOVED 3999 127.0.0.1:6381': '-MOVED 3999 127.0.0.1:6381\r\n',
      '-ERR custom': '-ERR custom\r\n',
    };
    for (const [error, reply] of Object.entries(codes)) {
      const id = s.faults.add({ command: 'get', error });
      expect(await raw.callText('GET', 'k')).toBe(reply);
      s.faults.remove(id);
    }
    expect(await raw.callText('GET', 'k')).toBe('$-1\r\n');
    raw.close();
  });

  it('the refused command does not run, and counts as rejected in commandstats', async () => {
    const s = await start();
    const c = connect(s);
    s.faults.add({ command: 'SET', error: 'READONLY' });
    await expect(c.set('k', 'v')).rejects.toThrow(/^READONLY/);
    expect(s.db().has('k')).toBe(false);
    expect(await c.info('commandstats')).toMatch(/cmdstat_set:calls=0,.*rejected_calls=1,failed_calls=0/);
  });

  it('matches by key glob over the command’s keys, and by subcommand or container name', async () => {
    const s = await start();
    const raw = await RawClient.connect(s.port);
    s.faults.add({ command: ['GET', 'MGET'], key: 'user:*', error: 'LOADING' });
    s.faults.add({ command: 'CLIENT|SETNAME', error: 'ERR no names' });
    s.faults.add({ command: 'config', error: 'ERR no config' });
    expect(await raw.callText('GET', 'order:1')).toBe('$-1\r\n');
    expect(await raw.callText('GET', 'user:1')).toMatch(/^-LOADING/);
    expect(await raw.callText('MGET', 'a', 'user:2')).toMatch(/^-LOADING/);
    expect(await raw.callText('CLIENT', 'SETNAME', 'x')).toBe('-ERR no names\r\n');
    expect(await raw.callText('CLIENT', 'GETNAME')).toBe('$-1\r\n');
    expect(await raw.callText('CONFIG', 'GET', 'hz')).toBe('-ERR no config\r\n');
    raw.close();
  });

  it('times: acts that often, then the rule is gone; after: lets that many through per connection first', async () => {
    const s = await start();
    const a = await RawClient.connect(s.port);
    const b = await RawClient.connect(s.port);
    s.faults.add({ command: 'INCR', error: 'TRYAGAIN', after: 1, times: 2 });
    expect(await a.callText('INCR', 'n')).toBe(':1\r\n');
    expect(await a.callText('INCR', 'n')).toMatch(/^-TRYAGAIN/);
    expect(await b.callText('INCR', 'n')).toBe(':2\r\n');
    expect(await b.callText('INCR', 'n')).toMatch(/^-TRYAGAIN/);
    expect(s.faults.list()).toEqual([]);
    expect(await a.callText('INCR', 'n')).toBe(':3\r\n');
    a.close();
    b.close();
  });

  it('inside MULTI a refusal happens at queue time and EXEC aborts, as Redis’s own refusals', async () => {
    const s = await start();
    const raw = await RawClient.connect(s.port);
    s.faults.add({ command: 'SET', error: 'OOM' });
    expect(await raw.callText('MULTI')).toBe('+OK\r\n');
    expect(await raw.callText('INCR', 'n')).toBe('+QUEUED\r\n');
    expect(await raw.callText('SET', 'k', 'v')).toMatch(/^-OOM/);
    expect(await raw.callText('EXEC')).toBe(
      '-EXECABORT Transaction discarded because of previous errors.\r\n',
    );
    expect(s.db().has('n')).toBe(false);
    raw.close();
  });

  it('a -LOADING reply reaches the ioredis caller, and the next call succeeds', async () => {
    const s = await start();
    const c = connect(s);
    await c.set('k', 'v');
    s.faults.add({ command: 'GET', error: 'LOADING', times: 1 });
    await expect(c.get('k')).rejects.toThrow(/LOADING/);
    expect(await c.get('k')).toBe('v');
  });
});

describe('latency', () => {
  it('holds the reply back in real time; the command has run, and later replies keep their order', async () => {
    const s = await start();
    const raw = await RawClient.connect(s.port);
    s.faults.add({ command: 'SET', latency: 150 });
    const t0 = performance.now();
    raw.write('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n');
    await new Promise((r) => setTimeout(r, 30));
    expect(s.db().get('k')).toBe('v'); // it ran at once
    raw.write('*2\r\n$3\r\nGET\r\n$1\r\nk\r\n');
    expect((await raw.readReply()).toString()).toBe('+OK\r\n');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect((await raw.readReply()).toString()).toBe('$1\r\nv\r\n');
    raw.close();
  });

  it('makes an ioredis commandTimeout fire', async () => {
    const s = await start();
    const c = connect(s, { commandTimeout: 50 });
    s.faults.add({ command: 'GET', latency: 300, times: 1 });
    await expect(c.get('k')).rejects.toThrow(/timed out/);
  });

  it('QUIT under latency still sends +OK before the connection ends', async () => {
    const s = await start();
    const raw = await RawClient.connect(s.port);
    s.faults.add({ latency: 50 });
    raw.write('*1\r\n$4\r\nQUIT\r\n');
    expect(await raw.readUntilClose(2000)).toEqual({ bytes: '+OK\r\n', closed: true });
  });
});

describe('close', () => {
  it('drops the connection instead of running the command, after the replies before it', async () => {
    const s = await start();
    const raw = await RawClient.connect(s.port);
    s.faults.add({ command: 'GET', close: true, after: 1 });
    raw.write(
      '*2\r\n$3\r\nGET\r\n$1\r\na\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$1\r\nb\r\n*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n',
    );
    expect(await raw.readUntilClose(2000)).toEqual({ bytes: '$-1\r\n+OK\r\n', closed: true });
    expect(s.db().has('n')).toBe(false);
  });

  it('ioredis reconnects and, with a retry, its command succeeds on the new connection', async () => {
    const s = await start();
    const c = connect(s, { maxRetriesPerRequest: 3, retryStrategy: () => 10 });
    await c.set('k', 'v');
    s.faults.add({ command: 'GET', close: true, times: 1 });
    expect(await c.get('k')).toBe('v');
    expect(s.log.find('GET', 'k').length).toBe(2);
  });
});

describe('chunk', () => {
  it('splits replies into pieces at random offsets; the bytes are unchanged', async () => {
    const s = await start();
    s.seed({ lists: { l: Array.from({ length: 20 }, (_, i) => `item-${i}`) } });
    s.faults.add({ command: 'LRANGE', chunk: { max: 5, seed: 7 } });
    const socket = net.connect(s.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.write('*4\r\n$6\r\nLRANGE\r\n$1\r\nl\r\n$1\r\n0\r\n$2\r\n-1\r\n');
    const expected = `*20\r\n${Array.from({ length: 20 }, (_, i) => `$${`item-${i}`.length}\r\nitem-${i}\r\n`).join('')}`;
    for (let i = 0; i < 200 && Buffer.concat(chunks).length < expected.length; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(Buffer.concat(chunks).toString()).toBe(expected);
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(expected.length);
    socket.destroy();
  });

  it('ioredis and node-redis parse every reply whatever the cuts', async () => {
    const s = await start();
    s.faults.add({ chunk: { max: 3 } });
    const io = connect(s);
    const nr = createClient({ url: s.url });
    await nr.connect();
    await io.hset('h', { a: '1', b: 'ü', c: '' });
    expect(await io.hgetall('h')).toEqual({ a: '1', b: 'ü', c: '' });
    expect(await nr.hGetAll('h')).toEqual({ a: '1', b: 'ü', c: '' });
    const pipeline = await io.pipeline().incr('n').incr('n').get('n').lrange('none', 0, -1).exec();
    expect(pipeline?.map(([, v]) => v)).toEqual([1, 2, '2', []]);
    expect(await nr.sendCommand(['ZADD', 'z', '1.5', 'm'])).toBe(1);
    await nr.quit();
  });
});

describe('rules at runtime', () => {
  it('list shows ids and hits; remove and clear take rules away; with no rule the harness is detached', async () => {
    const s = await start({ log: false, usage: false });
    expect(s.server.testHooks).toBeNull();
    const id = s.faults.add({ command: 'GET', error: 'LOADING' });
    expect(s.server.testHooks).not.toBeNull();
    const raw = await RawClient.connect(s.port);
    await raw.call('GET', 'k');
    expect(s.faults.list()).toEqual([{ id, command: 'GET', error: 'LOADING', hits: 1 }]);
    expect(s.faults.remove(id)).toBe(true);
    expect(s.faults.remove(id)).toBe(false);
    expect(s.server.testHooks).toBeNull();
    s.faults.add({ chunk: true });
    s.faults.clear();
    expect(s.server.testHooks).toBeNull();
    raw.close();
  });

  it('refuses malformed rules', async () => {
    const s = await start();
    expect(() => s.faults.add({ command: 'GET' })).toThrow(/exactly one/);
    expect(() => s.faults.add({ error: 'X', latency: 5 })).toThrow(/exactly one/);
    expect(() => s.faults.add({ latency: -1 })).toThrow(/latency/);
    expect(() => s.faults.add({ error: 'a\r\nb' })).toThrow(/newlines/);
  });
});
