// The command log, the matchers built on it, the usage report and strict mode.

import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import {
  listApproximations,
  matchers,
  type RespiteMatchers,
  startServer,
  type TestServer,
} from '../../server/testing/index.js';
import { RawClient } from '../support/raw.js';

expect.extend(matchers);
declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: vitest's own declaration uses any
  interface Matchers<T = any> extends RespiteMatchers<T> {}
}

const servers: TestServer[] = [];
const clients: Redis[] = [];
async function start(options: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  const s = await startServer(options);
  servers.push(s);
  return s;
}
function connect(s: TestServer): Redis {
  const c = new Redis(s.url, { maxRetriesPerRequest: 0 });
  clients.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('command log', () => {
  it('records what each connection sent, in order, as text, refused and unknown commands too', async () => {
    const s = await start({ clock: 'frozen' });
    const a = await RawClient.connect(s.port);
    const b = await RawClient.connect(s.port);
    await a.call('CLIENT', 'SETNAME', 'worker');
    await a.call('SET', 'k', Buffer.from('héllo'));
    await b.call('SELECT', '2');
    await b.call('NOSUCH', 'x');
    await b.call('GET');
    const [ea, eb] = [s.log.entries().find((e) => e.clientName === 'worker')!, s.log.entries().at(-1)!];
    expect(ea).toMatchObject({ command: 'SET', argv: ['SET', 'k', 'héllo'], db: 0, time: s.clock.now() });
    expect(eb).toMatchObject({ command: 'GET', argv: ['GET'], db: 2 });
    expect(s.log.commands(ea.client)).toEqual([
      ['CLIENT', 'SETNAME', 'worker'],
      ['SET', 'k', 'héllo'],
    ]);
    expect(s.log.commands(eb.client)).toEqual([['SELECT', '2'], ['NOSUCH', 'x'], ['GET']]);
    expect(s.log.find('set', 'k')).toHaveLength(1);
    a.close();
    b.close();
  });

  it('leaves out what respite runs for itself (seed, flush) and can be switched off', async () => {
    const s = await start();
    s.seed({ strings: { a: '1' } });
    s.flush();
    expect(s.log.entries()).toEqual([]);
    s.log.enable(false);
    const c = connect(s);
    await c.ping();
    expect(s.log.entries()).toEqual([]);
  });

  it('costs nothing when off: a plain startServer has no harness attached', async () => {
    const s = await start({ log: false, usage: false });
    expect(s.server.testHooks).toBeNull();
    s.log.enable();
    expect(s.server.testHooks).not.toBeNull();
  });
});

describe('matchers', () => {
  it('toHaveReceived compares whole commands, names in any case, with asymmetric matchers', async () => {
    const s = await start();
    const c = connect(s);
    await c.set('k', 'v', 'EX', 10);
    await c.hset('user:1', 'name', 'Ada');
    expect(s).toHaveReceived('set', 'k', 'v', 'EX', 10);
    expect(s).toHaveReceived('SET', 'k', expect.anything(), 'EX', '10');
    expect(s).toHaveReceived('HSET', expect.stringMatching(/^user:/), 'name', 'Ada');
    expect(s).not.toHaveReceived('SET', 'k', 'v'); // not the whole command
    expect(s).toHaveReceivedTimes(1, 'SET', 'k', 'v', 'EX', '10');
    expect(s).toHaveReceivedCommand('hset');
    expect(s).not.toHaveReceivedCommand('DEL');
  });

  it('toHaveKey checks existence and the value as db().get reads it', async () => {
    const s = await start();
    const c = connect(s);
    await c.rpush('q', 'a', 'b');
    await c.select(1);
    await c.set('other', 'x');
    expect(s).toHaveKey('q');
    expect(s).toHaveKey('q', ['a', 'b']);
    expect(s).not.toHaveKey('q', ['b']);
    expect(s).not.toHaveKey('nope');
    expect(s).toHaveKey('other', 'x', { db: 1 });
  });

  it('a failing matcher says what was expected and lists the last commands', async () => {
    const s = await start();
    const c = connect(s);
    await c.get('a');
    expect(() => expect(s).toHaveReceived('GET', 'b')).toThrow(
      /to have received GET "b"; the last commands were:\n.*GET "a"/s,
    );
    expect(() => expect(s).toHaveReceivedTimes(2, 'GET', 'a')).toThrow(/2×, it did 1×/);
    expect(() => expect({}).toHaveReceived('GET')).toThrow(/respite matchers expect a server/);
  });
});

describe('usage report', () => {
  it('counts commands, subcommands and option keywords, and marks approximations with why', async () => {
    const s = await start({ config: { 'enable-debug-command': 'yes' } });
    const c = connect(s);
    await c.call('SET', 'k', 'v', 'NX', 'PX', '100');
    await c.set('k2', 'v');
    await c.zadd('z', 'GT', 'CH', 1, 'm');
    await c.client('SETNAME', 'me');
    await c.call('OBJECT', 'FREQ', 'k').catch(() => {});
    await c.config('SET', 'maxmemory', '10mb');
    await c.config('SET', 'appendonly', 'no');
    await c.config('SET', 'hz', '20');
    await c.object('IDLETIME', 'k');
    await c.object('IDLETIME', 'z');
    await c.call('DEBUG', 'RELOAD');
    await c.call('NOPE').catch(() => {});
    const report = s.usage();
    const entry = (name: string) => report.commands.find((e) => e.command === name);
    expect(entry('SET')).toEqual({ command: 'SET', calls: 2, options: { NX: 1, PX: 1 }, approximate: [] });
    expect(entry('ZADD')?.options).toEqual({ CH: 1, GT: 1 });
    expect(entry('CLIENT SETNAME')?.calls).toBe(1);
    expect(entry('OBJECT FREQ')?.approximate[0]).toMatch(/no LFU counters/);
    expect(entry('CONFIG SET')?.approximate).toEqual([
      'maxmemory: respite never evicts keys and never answers -OOM',
      'accepted and stored, without effect in respite: appendonly',
    ]);
    expect(entry('OBJECT IDLETIME')?.approximate).toHaveLength(1); // the string, not the sorted set
    expect(entry('DEBUG')?.approximate[0]).toMatch(/no RDB/);
    expect(report.unknown).toEqual({ NOPE: 1 });
    const textReport = s.usageText();
    expect(textReport).toMatch(/^~ OBJECT FREQ +1/m);
    expect(textReport).toMatch(/^ {2}SET +2 {2}NX:1 PX:1$/m);
    expect(textReport).toMatch(/^! NOPE +1 +\(unknown to respite\)$/m);
    expect(textReport).toMatch(/commands used, \d+ approximate \(~\), 1 unknown \(!\)\n$/);
  });

  it('lists what is approximate today', () => {
    const names = listApproximations().map((a) => a.command);
    expect(names).toEqual(
      expect.arrayContaining([
        'SAVE',
        'BGSAVE',
        'WAIT',
        'OBJECT FREQ',
        'OBJECT IDLETIME',
        'DEBUG RELOAD',
        'CONFIG SET',
        'COMMAND DOCS',
      ]),
    );
  });
});

describe('strict mode', () => {
  it('refuses approximate commands with an error that says why, and lets exact ones through', async () => {
    const s = await start({ strict: true });
    const raw = await RawClient.connect(s.port);
    expect(await raw.callText('SAVE')).toBe(
      '-ERR respite strict mode: SAVE is only approximated by respite (nothing is written to disk; it only resets the dirty counter and LASTSAVE)\r\n',
    );
    expect(await raw.callText('CONFIG', 'SET', 'hz', '20')).toBe('+OK\r\n');
    expect(await raw.callText('CONFIG', 'SET', 'appendonly', 'yes')).toMatch(
      /^-ERR respite strict mode: CONFIG SET .*appendonly/,
    );
    expect(await raw.callText('SET', 'k', 'v')).toBe('+OK\r\n');
    expect(await raw.callText('OBJECT', 'IDLETIME', 'k')).toMatch(
      /^-ERR respite strict mode: OBJECT IDLETIME/,
    );
    s.strict = false;
    expect(await raw.callText('SAVE')).toBe('+OK\r\n');
    raw.close();
  });
});
