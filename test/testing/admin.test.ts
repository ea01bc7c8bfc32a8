// RESPITE, the admin command: refused unless enabled; clock, faults, log, usage, strict and reset over
// the wire; and the global setups and per-worker URLs.

import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/server.js';
import {
  jestGlobalSetup,
  jestGlobalTeardown,
  vitestGlobalSetup,
  workerDatabase,
  workerRedisUrl,
} from '../../server/testing/index.js';
import { RawClient } from '../support/raw.js';

const servers: RunningServer[] = [];
const raws: RawClient[] = [];
async function start(options: Parameters<typeof startServer>[0] = {}): Promise<RawClient> {
  const s = await startServer(options);
  servers.push(s);
  const raw = await RawClient.connect(s.port);
  raws.push(raw);
  return raw;
}
afterEach(async () => {
  for (const r of raws.splice(0)) r.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('RESPITE is refused unless enabled', () => {
  it('answers a clear error on a server started without it', async () => {
    const raw = await start();
    expect(await raw.callText('RESPITE', 'CLOCK', 'NOW')).toBe(
      '-ERR RESPITE is disabled: start respite with --enable-admin-command (or adminCommand: true) to use it\r\n',
    );
    expect(await raw.callText('RESPITE', 'nosuch')).toMatch(/^-ERR unknown subcommand 'nosuch'/);
  });

  it('is left out of COMMAND unless enabled, as Redis has no such command', async () => {
    const off = await start();
    expect(await off.callText('COMMAND', 'INFO', 'respite', 'respite|clock')).toBe('*2\r\n$-1\r\n$-1\r\n');
    expect(await off.callText('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'respite*')).toBe('*0\r\n');
    expect(await off.callText('COMMAND', 'DOCS', 'respite')).toBe('*0\r\n');
    const countOff = Number((await off.callText('COMMAND', 'COUNT')).slice(1));
    const on = await start({ adminCommand: true });
    expect(await on.callText('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'respite')).toBe(
      '*1\r\n$7\r\nrespite\r\n',
    );
    expect(Number((await on.callText('COMMAND', 'COUNT')).slice(1))).toBe(countOff + 1);
  });
});

describe('RESPITE CLOCK', () => {
  it('freezes, advances (expiring keys), sets, reads and resumes the clock', async () => {
    const raw = await start({ adminCommand: true });
    expect(await raw.callText('RESPITE', 'CLOCK', 'FREEZE', '1700000000000')).toBe('+OK\r\n');
    expect(await raw.callText('RESPITE', 'CLOCK', 'NOW')).toBe(':1700000000000\r\n');
    await raw.call('SET', 'k', 'v', 'PX', '500');
    expect(await raw.callText('RESPITE', 'CLOCK', 'ADVANCE', '499')).toBe(':1700000000499\r\n');
    expect(await raw.callText('EXISTS', 'k')).toBe(':1\r\n');
    await raw.call('RESPITE', 'CLOCK', 'ADVANCE', '1');
    expect(await raw.callText('EXISTS', 'k')).toBe(':0\r\n');
    expect(await raw.callText('RESPITE', 'CLOCK', 'SET', '1800000000000')).toBe(':1800000000000\r\n');
    expect(await raw.callText('TIME')).toBe('*2\r\n$10\r\n1800000000\r\n$1\r\n0\r\n');
    expect(await raw.callText('RESPITE', 'CLOCK', 'INFO')).toBe(
      '*4\r\n$3\r\nnow\r\n:1800000000000\r\n$6\r\nfrozen\r\n:1\r\n',
    );
    expect(await raw.callText('RESPITE', 'CLOCK', 'RESUME')).toBe('+OK\r\n');
    expect(await raw.callText('RESPITE', 'CLOCK', 'INFO')).toMatch(/frozen\r\n:0\r\n$/);
    expect(await raw.callText('RESPITE', 'CLOCK', 'ADVANCE', '-1')).toBe(
      '-ERR value is not an integer or out of range\r\n',
    );
    expect(await raw.callText('RESPITE', 'CLOCK', 'WARP')).toBe('-ERR syntax error\r\n');
  });

  it('times out a client blocked on another connection', async () => {
    const raw = await start({ adminCommand: true });
    const s = servers[0];
    await raw.call('RESPITE', 'CLOCK', 'FREEZE');
    const blocked = await RawClient.connect(s.port);
    raws.push(blocked);
    blocked.write('*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$2\r\n10\r\n');
    for (let i = 0; i < 100 && s.server.blockingQueues.size === 0; i++)
      await new Promise((r) => setTimeout(r, 5));
    await raw.call('RESPITE', 'CLOCK', 'ADVANCE', '10000');
    expect((await blocked.readReply()).toString()).toBe('*-1\r\n');
  });
});

describe('RESPITE FAULT, LOG, USAGE, STRICT, RESET', () => {
  it('adds, lists, removes and clears fault rules', async () => {
    const raw = await start({ adminCommand: true });
    expect(
      await raw.callText(
        'RESPITE',
        'FAULT',
        'ADD',
        'COMMAND',
        'GET',
        'KEY',
        'a*',
        'ERROR',
        'LOADING',
        'TIMES',
        '2',
      ),
    ).toBe(':1\r\n');
    expect(
      await raw.callText('RESPITE', 'FAULT', 'ADD', 'COMMAND', 'PING', 'CHUNK', 'MAX', '1', 'SEED', '3'),
    ).toBe(':2\r\n');
    expect(await raw.callText('GET', 'abc')).toBe('-LOADING Redis is loading the dataset in memory\r\n');
    expect(await raw.callText('GET', 'xyz')).toBe('$-1\r\n');
    expect(await raw.callText('PING')).toBe('+PONG\r\n'); // arrives in seven 1-byte pieces
    const list = await raw.call('RESPITE', 'FAULT', 'LIST');
    const rules = list
      .toString()
      .split('\r\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(rules).toEqual([
      { id: 1, command: ['GET'], key: 'a*', error: 'LOADING', times: 2, hits: 1 },
      { id: 2, command: ['PING'], chunk: { max: 1, seed: 3 }, hits: 1 },
    ]);
    expect(await raw.callText('RESPITE', 'FAULT', 'DEL', '1')).toBe(':1\r\n');
    expect(await raw.callText('RESPITE', 'FAULT', 'DEL', '1')).toBe(':0\r\n');
    expect(await raw.callText('RESPITE', 'FAULT', 'CLEAR')).toBe('+OK\r\n');
    expect(await raw.callText('RESPITE', 'FAULT', 'LIST')).toBe('*0\r\n');
    expect(await raw.callText('RESPITE', 'FAULT', 'ADD', 'COMMAND', 'GET')).toBe(
      '-ERR a fault rule needs exactly one of error, latency, close or chunk\r\n',
    );
    expect(await raw.callText('RESPITE', 'FAULT', 'ADD', 'LATENCY', 'x')).toBe(
      '-ERR value is not an integer or out of range\r\n',
    );
    expect(await raw.callText('RESPITE', 'FAULT', 'ADD', 'BOGUS', 'x')).toBe('-ERR syntax error\r\n');
  });

  it('a CLOSE rule over the wire drops the connection', async () => {
    const raw = await start({ adminCommand: true });
    await raw.call('RESPITE', 'FAULT', 'ADD', 'COMMAND', 'INCR', 'CLOSE');
    raw.write('*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n');
    expect(await raw.readUntilClose(2000)).toEqual({ bytes: '', closed: true });
  });

  it('switches the command log on, reads it, and clears it', async () => {
    const raw = await start({ adminCommand: true, clock: 'frozen' });
    await raw.call('RESPITE', 'LOG', 'ON');
    await raw.call('SET', 'k', 'v');
    const now = servers[0].clock.now();
    expect(await raw.callText('RESPITE', 'LOG', 'GET', '1')).toBe(
      `*1\r\n*4\r\n:1\r\n:0\r\n:${now}\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n`,
    );
    expect(await raw.callText('RESPITE', 'LOG', 'LEN')).toBe(':1\r\n'); // RESPITE itself is not logged
    await raw.call('RESPITE', 'LOG', 'CLEAR');
    await raw.call('RESPITE', 'LOG', 'OFF');
    await raw.call('GET', 'k');
    expect(await raw.callText('RESPITE', 'LOG', 'LEN')).toBe(':0\r\n');
  });

  it('usage report, strict mode and reset over the wire', async () => {
    const raw = await start({ adminCommand: true });
    await raw.call('RESPITE', 'USAGE', 'ON');
    await raw.call('SET', 'k', 'v', 'XX');
    await raw.call('WAIT', '0', '0');
    const report = await raw.callText('RESPITE', 'USAGE');
    expect(report).toMatch(/ SET +1 {2}XX:1\r?\n/);
    expect(report).toMatch(/~ WAIT +1/);
    expect(await raw.callText('RESPITE', 'STRICT', 'ON')).toBe('+OK\r\n');
    expect(await raw.callText('WAIT', '0', '0')).toMatch(/^-ERR respite strict mode: WAIT/);
    expect(await raw.callText('RESPITE', 'STRICT', 'maybe')).toBe('-ERR syntax error\r\n');
    await raw.call('RESPITE', 'STRICT', 'OFF');
    await raw.call('CONFIG', 'SET', 'hz', '50');
    expect(await raw.callText('RESPITE', 'RESET')).toBe('+OK\r\n');
    expect(await raw.callText('DBSIZE')).toBe(':0\r\n');
    expect(await raw.callText('CONFIG', 'GET', 'hz')).toBe('*2\r\n$2\r\nhz\r\n$2\r\n10\r\n');
  });

  it('the CLI accepts --enable-admin-command', async () => {
    const child = spawn(
      process.execPath,
      ['dist/server/cli.js', 'server', '--port', '0', '--enable-admin-command'],
      {
        cwd: new URL('../..', import.meta.url).pathname,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /ready to accept connections on [^:]+:(\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      const raw = await RawClient.connect(port);
      raws.push(raw);
      expect(await raw.callText('RESPITE', 'CLOCK', 'FREEZE', '1000')).toBe('+OK\r\n');
      expect(await raw.callText('RESPITE', 'CLOCK', 'NOW')).toBe(':1000\r\n');
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('global setups and worker isolation', () => {
  it('vitest: starts one server, exports REDIS_URL (and provides it), tears down', async () => {
    const saved = process.env.REDIS_URL;
    const provided: Record<string, unknown> = {};
    try {
      const teardown = await vitestGlobalSetup({ provide: (k, v) => (provided[k] = v) });
      const url = process.env.REDIS_URL!;
      expect(url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(provided.REDIS_URL).toBe(url);
      const raw = await RawClient.connect(Number(url.split(':')[2]));
      expect(await raw.callText('RESPITE', 'CLOCK', 'INFO')).toMatch(/^\*4/); // admin on
      expect(await raw.callText('SELECT', '63')).toBe('+OK\r\n'); // 64 databases
      raw.close();
      await teardown();
      await expect(RawClient.connect(Number(url.split(':')[2]))).rejects.toThrow();
    } finally {
      process.env.REDIS_URL = saved;
    }
  });

  it('jest: setup and teardown share the server through globalThis', async () => {
    const saved = process.env.REDIS_URL;
    try {
      await jestGlobalSetup();
      const port = Number(process.env.REDIS_URL!.split(':')[2]);
      const raw = await RawClient.connect(port);
      expect(await raw.callText('PING')).toBe('+PONG\r\n');
      raw.close();
      await jestGlobalTeardown();
      await expect(RawClient.connect(port)).rejects.toThrow();
    } finally {
      process.env.REDIS_URL = saved;
    }
  });

  it('workerRedisUrl gives each worker its own database', () => {
    const saved = { pool: process.env.VITEST_POOL_ID, jest: process.env.JEST_WORKER_ID };
    try {
      process.env.VITEST_POOL_ID = '3';
      expect(workerDatabase()).toBe(3);
      expect(workerRedisUrl('redis://127.0.0.1:7000')).toBe('redis://127.0.0.1:7000/3');
      expect(workerRedisUrl('redis://127.0.0.1:7000/0')).toBe('redis://127.0.0.1:7000/3');
      delete process.env.VITEST_POOL_ID;
      process.env.JEST_WORKER_ID = '2';
      expect(workerDatabase()).toBe(2);
    } finally {
      process.env.VITEST_POOL_ID = saved.pool;
      process.env.JEST_WORKER_ID = saved.jest;
      if (saved.pool === undefined) delete process.env.VITEST_POOL_ID;
      if (saved.jest === undefined) delete process.env.JEST_WORKER_ID;
    }
  });
});
