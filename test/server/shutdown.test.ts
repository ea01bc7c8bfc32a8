// SHUTDOWN that really stops the server. Each case gets servers of its own (a respite in this
// process, a private redis-server), since the server does not survive it. The refusals (syntax,
// ABORT, MULTI, scripts) are in server.test.ts, against the suite's shared targets.

import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { workerReady } from '../../server/scripting/busy.js';
import { startServer } from '../../server/server.js';
import { send } from '../support/blocked.js';
import { RawClient } from '../support/raw.js';
import { realRedisAvailable, startRealRedis } from '../support/redis-server.js';

interface Victim {
  kind: 'respite' | 'redis';
  port: number;
  /** Resolves once the server is gone: respite's `closed`, redis-server's process exit. */
  gone: Promise<unknown>;
  stop(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0)) await f();
});

/** A fresh respite, and a fresh redis-server (never a shared REDIS_URL one: it would be shut down). */
async function victims(): Promise<Victim[]> {
  const list: Victim[] = [];
  const respite = await startServer();
  list.push({ kind: 'respite', port: respite.port, gone: respite.closed, stop: () => respite.close() });
  cleanups.push(() => respite.close());
  if (process.env.REDIS_URL) {
    console.warn('shutdown.test.ts: REDIS_URL is set; SHUTDOWN is checked on respite only');
    return list;
  }
  if (!realRedisAvailable()) return list;
  const real = await startRealRedis();
  const gone = new Promise<void>((resolve) => {
    // Probe until the port refuses: redis-server exits on SHUTDOWN.
    const probe = () => {
      const s = net.connect(real.port, real.host);
      s.once('connect', () => {
        s.destroy();
        setTimeout(probe, 10);
      });
      s.once('error', () => resolve());
    };
    probe();
  });
  list.push({ kind: 'redis', port: real.port, gone, stop: real.stop });
  cleanups.push(real.stop);
  return list;
}

describe('SHUTDOWN stops the server', () => {
  it('no reply; every connection closes; the server goes away', async () => {
    for (const v of await victims()) {
      const c = await RawClient.connect(v.port);
      const other = await RawClient.connect(v.port);
      expect(await other.callText('PING'), v.kind).toBe('+PONG\r\n');
      c.write('*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n');
      expect(await c.readUntilClose(), v.kind).toEqual({ bytes: '', closed: true });
      expect(await other.readUntilClose(), v.kind).toEqual({ bytes: '', closed: true });
      await v.gone;
      await expect(RawClient.connect(v.port), v.kind).rejects.toThrow();
    }
  });

  it('with each option Redis accepts', async () => {
    for (const options of [[], ['SAVE'], ['now', 'force'], ['NOSAVE', 'NOW', 'FORCE']]) {
      for (const v of await victims()) {
        const c = await RawClient.connect(v.port);
        c.write(
          `*${1 + options.length}\r\n$8\r\nSHUTDOWN\r\n${options.map((o) => `$${o.length}\r\n${o}\r\n`).join('')}`,
        );
        expect(await c.readUntilClose(), `${v.kind} ${options}`).toEqual({ bytes: '', closed: true });
        await v.gone;
      }
    }
  });

  it('past busy-reply-threshold of a script: BUSY without NOSAVE; SHUTDOWN NOSAVE stops both', async () => {
    await workerReady(); // respite's worker for long scripts, started ahead (see scripting-busy.test.ts)
    for (const v of await victims()) {
      const a = await RawClient.connect(v.port);
      const b = await RawClient.connect(v.port);
      expect(await b.callText('CONFIG', 'SET', 'busy-reply-threshold', '100')).toBe('+OK\r\n');
      send(a, 'EVAL', 'while true do end', '0');
      let reply = '';
      for (let i = 0; i < 50 && !reply.startsWith('-BUSY'); i++) {
        reply = await b.callText('PING');
        await new Promise((r) => setTimeout(r, 20));
      }
      const busy =
        '-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n';
      expect(reply, v.kind).toBe(busy);
      expect(await b.callText('SHUTDOWN'), v.kind).toBe(busy);
      expect(await b.callText('SHUTDOWN', 'SAVE'), v.kind).toBe(busy);
      b.write('*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n');
      expect(await b.readUntilClose(), v.kind).toEqual({ bytes: '', closed: true });
      expect(await a.readUntilClose(), v.kind).toEqual({ bytes: '', closed: true });
      await v.gone;
    }
  });
});

describe('SHUTDOWN of `respite server`', () => {
  let child: ChildProcess | null = null;
  afterEach(() => {
    child?.kill('SIGKILL');
    child = null;
  });

  it('ends the process with exit code 0, as redis-server', async () => {
    const proc = spawn(process.execPath, ['dist/server/cli.js', 'server', '--port', '0'], {
      cwd: new URL('../..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      proc.stdout?.on('data', (d) => {
        out += d;
        const m = /ready to accept connections on [^:]+:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      exited.then((code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    const c = await RawClient.connect(port);
    expect(await c.callText('SET', 'k', 'v')).toBe('+OK\r\n');
    c.write('*1\r\n$8\r\nSHUTDOWN\r\n');
    expect(await exited).toBe(0);
  });
});
