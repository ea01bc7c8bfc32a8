// Embedding respite in a test suite: startServer, isolation between servers, the clock, the CLI.

import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { Clock } from '../../server/clock.js';
import { type RunningServer, startServer } from '../../server/index.js';
import { RawClient } from '../support/raw.js';

const running: RunningServer[] = [];
const clients: Redis[] = [];

async function start(options = {}): Promise<RunningServer> {
  const s = await startServer(options);
  running.push(s);
  return s;
}

function connect(s: RunningServer): Redis {
  const c = new Redis(s.url, { maxRetriesPerRequest: 0 });
  clients.push(c);
  return c;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe('startServer', () => {
  it('listens on a free port on 127.0.0.1 by default and gives a usable url', async () => {
    const s = await start();
    expect(s.host).toBe('127.0.0.1');
    expect(s.port).toBeGreaterThan(0);
    expect(s.url).toBe(`redis://127.0.0.1:${s.port}`);
    const c = connect(s);
    expect(await c.ping()).toBe('PONG');
  });

  it('keeps several servers in one process apart', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    expect(a.port).not.toBe(b.port);
    const ca = connect(a);
    const cb = connect(b);
    await ca.set('k', 'from a');
    expect(await cb.get('k')).toBeNull();
    a.clock.freeze();
    await ca.set('t', '1', 'PX', 100);
    await cb.set('t', '1', 'PX', 100);
    a.clock.advance(200);
    expect(await ca.get('t')).toBeNull();
    expect(await cb.get('t')).toBe('1');
  });

  it('requires AUTH when started with requirepass', async () => {
    const s = await start({ requirepass: 'secret' });
    const raw = await RawClient.connect(s.port);
    expect(await raw.callText('GET', 'k')).toBe('-NOAUTH Authentication required.\r\n');
    expect(await raw.callText('AUTH', 'wrong')).toBe(
      '-WRONGPASS invalid username-password pair or user is disabled.\r\n',
    );
    expect(await raw.callText('AUTH', 'secret')).toBe('+OK\r\n');
    expect(await raw.callText('GET', 'k')).toBe('$-1\r\n');
    raw.close();
  });

  it('closes its clients when it closes', async () => {
    const s = await start();
    const raw = await RawClient.connect(s.port);
    expect(await raw.callText('PING')).toBe('+PONG\r\n');
    await s.close();
    running.splice(running.indexOf(s), 1);
    const { closed } = await raw.readUntilClose(1000);
    expect(closed).toBe(true);
  });
});

describe('the server clock', () => {
  it('freezes, advances and fires timers in deadline order', () => {
    const clock = new Clock();
    clock.freeze();
    const t0 = clock.now();
    const fired: string[] = [];
    clock.at(t0 + 30, () => fired.push('c'));
    clock.at(t0 + 10, () => fired.push('a'));
    const cancelled = clock.at(t0 + 15, () => fired.push('x'));
    clock.at(t0 + 20, () => fired.push('b'));
    cancelled.cancel();
    clock.advance(5);
    expect(fired).toEqual([]);
    expect(clock.now()).toBe(t0 + 5);
    clock.advance(20);
    expect(fired).toEqual(['a', 'b']);
    clock.set(t0 + 1000);
    expect(fired).toEqual(['a', 'b', 'c']);
    clock.stop();
  });

  it('resumes from where it was frozen', () => {
    const clock = new Clock();
    clock.freeze();
    clock.advance(60_000);
    const frozen = clock.now();
    clock.resume();
    expect(clock.now()).toBeGreaterThanOrEqual(frozen);
    expect(clock.now()).toBeLessThan(frozen + 1000);
    expect(Math.abs(clock.now() - Date.now() - 60_000)).toBeLessThan(1000);
  });

  it('expires keys actively when advanced, without any client touching them', async () => {
    const s = await start();
    const c = connect(s);
    s.clock.freeze();
    for (let i = 0; i < 50; i++) await c.set(`k${i}`, 'v', 'PX', 1000);
    await c.set('stays', 'v');
    expect(s.server.dbs[0].size).toBe(51);
    s.clock.advance(1001);
    expect(s.server.dbs[0].size).toBe(1);
  });
});

describe('the CLI', () => {
  it('is built as an executable with a node shebang, so `npx respite` can run it', () => {
    const cli = new URL('../../dist/server/cli.js', import.meta.url).pathname;
    expect(() => accessSync(cli, constants.X_OK)).not.toThrow();
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('starts with `respite server`, answers PING and stops cleanly on SIGTERM', async () => {
    // The built CLI, as users run it (`npm test` builds first).
    const child = spawn(process.execPath, ['dist/server/cli.js', 'server', '--port', '0'], {
      cwd: new URL('../..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /ready to accept connections on [^:]+:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.stderr.on('data', (d) => reject(new Error(String(d))));
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    const raw = await RawClient.connect(port);
    expect(await raw.callText('PING')).toBe('+PONG\r\n');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    raw.close();
  });
});
