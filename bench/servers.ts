// The two servers under test, each in its own process so that both are measured the same way: a
// respite started from the compiled CLI exactly as a user starts it, and a real redis-server with
// persistence off. Both listen on free ports on 127.0.0.1.
//
// Every process started here is killed when the benchmark exits, however it exits, so a failed or
// interrupted run never leaves a server behind.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { RespConnection } from './resp.js';

export type ServerKind = 'respite' | 'redis';

export interface BenchServer {
  readonly kind: ServerKind;
  readonly port: number;
  readonly pid: number;
  /** Resident set size of the server process, in bytes (VmRSS in /proc/<pid>/status). */
  rss(): number;
  /** CPU time the process has used so far, user and system, all threads, in seconds. */
  cpuSeconds(): number;
  /** Stop the process and wait for it to exit. */
  stop(): Promise<void>;
}

/** The compiled CLI next to this file: dist/bench/servers.js -> dist/server/cli.js. */
const RESPITE_CLI = fileURLToPath(new URL('../server/cli.js', import.meta.url));

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** The version line of redis-server, or null when it is not on PATH. */
export function redisServerVersion(): string | null {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

export interface StartOptions {
  /** respite only: run node with --cpu-prof, writing the profile into this directory on exit. */
  cpuProfileDir?: string;
}

export async function startServer(kind: ServerKind, options: StartOptions = {}): Promise<BenchServer> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    try {
      return await launch(kind, port, options);
    } catch (err) {
      // Another process may have taken the port between freePort() and listen(): try another.
      if (attempt >= 3) throw err;
    }
  }
}

function launch(kind: ServerKind, port: number, options: StartOptions): Promise<BenchServer> {
  const [command, args] =
    kind === 'respite'
      ? [
          process.execPath,
          [
            ...(options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : []),
            RESPITE_CLI,
            'server',
            '--port',
            String(port),
          ],
        ]
      : [
          'redis-server',
          [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--save',
            '',
            '--appendonly',
            'no',
            '--daemonize',
            'no',
            '--loglevel',
            'warning',
          ],
        ];
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (s: string) => {
    if (stderr.length < 10_000) stderr += s;
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });
  let gone = false;
  void exited.then(() => (gone = true));

  const server: BenchServer = {
    kind,
    port,
    pid: child.pid!,
    rss: () => readRss(child.pid!),
    cpuSeconds: () => readCpuSeconds(child.pid!),
    async stop() {
      if (gone) return;
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timeout);
    },
  };

  return (async () => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (gone) throw new Error(`${kind} exited before accepting connections: ${stderr.trim()}`);
      try {
        const c = await RespConnection.connect(port);
        await c.call('PING');
        c.close();
        return server;
      } catch (err) {
        if (Date.now() > deadline) {
          await server.stop();
          throw new Error(`${kind} did not answer PING on port ${port}: ${(err as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  })();
}

/** VmRSS of a process, in bytes. */
export function readRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!m) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(m[1]) * 1024;
}

/** Clock ticks per second, the unit of /proc/<pid>/stat's times. */
let ticksPerSecond: number | undefined;

/** utime + stime of a process (all its threads), in seconds. */
export function readCpuSeconds(pid: number): number {
  if (ticksPerSecond === undefined) {
    const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout;
    ticksPerSecond = Number(out) || 100;
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (2nd field) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}
