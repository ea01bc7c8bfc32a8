// Startup: how long from "start a server" to the first PONG, and how long close() takes.
//
//   in-process   startServer() in this (already warm) process, then PING over a fresh TCP connection;
//                the first run is also shown apart, since it pays for the JIT on respite's code
//   CLI process  `node dist/server/cli.js server --port 0` spawned cold: node's own startup, module
//                loading, listen, then PING once the ready line is printed
//   node -e ''   node starting and exiting with nothing to do, the floor under the CLI's number
//   redis-server the same for a real redis-server, for scale
//
// Run: npm run build && node dist/bench/startup.js [runs]

import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server/server.js';

const RUNS = Number(process.argv[2] ?? 20);
const CLI = fileURLToPath(new URL('../server/cli.js', import.meta.url));

/** Connect, send PING, resolve at +PONG. */
function ping(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    let got = '';
    socket.on('data', (d) => {
      got += d;
      if (got.includes('+PONG\r\n')) {
        socket.destroy();
        resolve();
      }
    });
    socket.on('error', reject);
  });
}

function stats(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5).toFixed(2)} ms, p90 ${at(0.9).toFixed(2)} ms, min ${sorted[0].toFixed(2)} ms`;
}

async function inProcess(): Promise<{ first: number; start: number[]; close: number[] }> {
  const start: number[] = [];
  const close: number[] = [];
  let first = 0;
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    const s = await startServer();
    await ping(s.port);
    const t1 = performance.now();
    await s.close();
    const t2 = performance.now();
    if (i === 0) first = t1 - t0;
    else {
      start.push(t1 - t0);
      close.push(t2 - t1);
    }
  }
  return { first, start, close };
}

/** Spawn `cmd args`, wait for `ready` on stdout (giving the port), PING it, kill it. */
async function processStart(cmd: string, args: string[], ready: RegExp, port?: number): Promise<number> {
  const t0 = performance.now();
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const p = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = ready.exec(out);
        if (m) resolve(port ?? Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`${cmd} exited with ${code}`)));
    });
    await ping(p);
    return performance.now() - t0;
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

const local = await inProcess();
console.log(`respite startup, cold start to first PONG (${RUNS} runs each)`);
console.log(`  in-process startServer()   first ${local.first.toFixed(2)} ms; then ${stats(local.start)}`);
console.log(`  in-process close()         ${stats(local.close)}`);

const cli: number[] = [];
for (let i = 0; i < Math.min(RUNS, 10); i++) {
  cli.push(
    await processStart(process.execPath, [CLI, 'server', '--port', '0'], /connections on [^:]+:(\d+)/),
  );
}
console.log(`  CLI process (node)         ${stats(cli)}`);
// Node's own start and exit, for scale: the CLI's time above includes it.
const bare: number[] = [];
for (let i = 0; i < Math.min(RUNS, 10); i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', '']);
  bare.push(performance.now() - t0);
}
console.log(`  node -e '' (for scale)     ${stats(bare)}`);

if (spawnSync('redis-server', ['--version']).status === 0) {
  const redis: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 10); i++) {
    const port = await freePort();
    redis.push(
      await processStart(
        'redis-server',
        ['--port', String(port), '--save', '', '--appendonly', 'no', '--loglevel', 'notice'],
        /Ready to accept connections/,
        port,
      ),
    );
  }
  console.log(`  redis-server process       ${stats(redis)}`);
}
