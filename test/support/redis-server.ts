// Starting a real redis-server for the second test target.
//
// Each test file that uses both targets starts its own redis-server on a free port (it takes a few
// milliseconds) so files can run in parallel without sharing data. With REDIS_URL set, that server is
// used instead (tests then run one file at a time; see vitest.config.ts).
//
// Without redis-server on PATH the real target is skipped with a loud message on a developer's
// machine; under CI=true that is a failure, so CI can never go green on one target.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { tmpdir } from 'node:os';

export interface RealRedis {
  host: string;
  port: number;
  stop(): Promise<void>;
}

let availability: boolean | undefined;

/** Whether a real redis-server can be used; throws under CI when it cannot. */
export function realRedisAvailable(): boolean {
  if (availability !== undefined) return availability;
  if (process.env.REDIS_URL) return (availability = true);
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  availability = found.status === 0;
  if (!availability) {
    const message =
      'redis-server is not on PATH: the real-Redis half of the suite cannot run. Install it (apt-get install -y redis-server) to compare respite with Redis.';
    if (process.env.CI) throw new Error(`${message} Under CI=true this is a failure.`);
    console.warn(`\n\n!!!!!!!!!! ${message} Skipping the real-Redis target. !!!!!!!!!!\n\n`);
  }
  return availability;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function waitForPing(port: number, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.write('PING\r\n');
        s.once('data', () => {
          s.destroy();
          resolve();
        });
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > deadline) reject(new Error(`redis-server on port ${port} did not start`));
        else setTimeout(attempt, 10);
      });
    };
    attempt();
  });
}

/** Start a private redis-server with persistence off and DEBUG allowed. */
export async function startRealRedis(extraArgs: string[] = []): Promise<RealRedis> {
  if (process.env.REDIS_URL) {
    const url = new URL(process.env.REDIS_URL);
    return { host: url.hostname, port: Number(url.port || 6379), stop: async () => {} };
  }
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        // SAVE and BGSAVE (tested against both targets) write dump.rdb here, not into the checkout.
        '--dir',
        tmpdir(),
        '--appendonly',
        'no',
        '--enable-debug-command',
        'yes',
        '--daemonize',
        'no',
        '--loglevel',
        'warning',
        ...extraArgs,
      ],
      { stdio: 'ignore' },
    );
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    try {
      await waitForPing(port, Date.now() + 5000);
    } catch (err) {
      child.kill('SIGKILL');
      if (attempt < 3) continue; // another process took the port between freePort and listen
      throw err;
    }
    if (exited) continue;
    return {
      host: '127.0.0.1',
      port,
      stop: () =>
        new Promise((resolve) => {
          if (exited) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    };
  }
}
