// `bench:pubsub` (node dist/bench/pubsub.js): PUBLISH fan-out, respite and a real redis-server in the
// same run, side by side.
//
// 100 subscribers (raw sockets, SUBSCRIBE to one channel) and one publisher sending PUBLISH in
// pipelined batches. A round ends when every subscriber has received every message; the figure is
// messages delivered per second (messages x subscribers / seconds). Subscribers only count bytes
// (each message frame has a known size), so the load generator costs little next to the servers.
//
// The rounds alternate between the servers and each figure is the median, so a busy machine blurs
// both alike. Options: --subscribers, --messages, --batch, --size, --rounds; see --help.

import net from 'node:net';
import { Command, InvalidArgumentError } from 'commander';
import { encodeCommand, RespConnection } from './resp.js';
import { type BenchServer, type ServerKind, startServer } from './servers.js';
import { formatTable, opsPerSecond, ratio } from './table.js';

const KINDS = ['respite', 'redis'] as const;
const CHANNEL = 'bench:fanout';

interface Options {
  subscribers: number;
  messages: number;
  batch: number;
  size: number;
  rounds: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A subscriber that counts the bytes it receives and says when `expected` have arrived. */
class Subscriber {
  private received = 0;
  private target = Number.POSITIVE_INFINITY;
  private done: (() => void) | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received += chunk.length;
      if (this.received >= this.target && this.done) {
        const done = this.done;
        this.done = null;
        done();
      }
    });
  }

  static async connect(port: number): Promise<Subscriber> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.setNoDelay(true);
    const sub = new Subscriber(socket);
    const confirmation = `*3\r\n$9\r\nsubscribe\r\n$${CHANNEL.length}\r\n${CHANNEL}\r\n:1\r\n`;
    const ready = sub.waitFor(confirmation.length);
    socket.write(encodeCommand(['SUBSCRIBE', CHANNEL]));
    await ready;
    return sub;
  }

  /** Resolve once `bytes` more bytes than now have arrived. */
  waitFor(bytes: number): Promise<void> {
    this.target = this.received + bytes;
    return new Promise((resolve) => {
      if (this.received >= this.target) resolve();
      else this.done = resolve;
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** One round: `messages` PUBLISHes reaching every subscriber; deliveries per second. */
async function fanOut(port: number, subs: Subscriber[], opts: Options): Promise<number> {
  const publisher = await RespConnection.connect(port);
  try {
    const payload = 'x'.repeat(opts.size);
    const frame = `*3\r\n$7\r\nmessage\r\n$${CHANNEL.length}\r\n${CHANNEL}\r\n$${payload.length}\r\n${payload}\r\n`;
    const arrived = Promise.all(subs.map((s) => s.waitFor(frame.length * opts.messages)));
    const batch = Array.from({ length: opts.batch }, () => ['PUBLISH', CHANNEL, payload]);
    const start = performance.now();
    for (let sent = 0; sent < opts.messages; sent += opts.batch) {
      const replies = await Promise.all(publisher.pipeline(batch.slice(0, opts.messages - sent)));
      if (replies[0] !== subs.length) throw new Error(`PUBLISH reached ${String(replies[0])} subscribers`);
    }
    await arrived;
    const seconds = (performance.now() - start) / 1000;
    return (opts.messages * subs.length) / seconds;
  } finally {
    publisher.close();
  }
}

async function run(opts: Options): Promise<Record<ServerKind, number[]>> {
  const servers = {} as Record<ServerKind, BenchServer>;
  const subs = {} as Record<ServerKind, Subscriber[]>;
  const results: Record<ServerKind, number[]> = { respite: [], redis: [] };
  try {
    for (const kind of KINDS) {
      servers[kind] = await startServer(kind);
      subs[kind] = [];
      for (let i = 0; i < opts.subscribers; i++)
        subs[kind].push(await Subscriber.connect(servers[kind].port));
    }
    // One untimed round each, so both run warm (respite's JIT, both servers' buffers).
    for (const kind of KINDS)
      await fanOut(servers[kind].port, subs[kind], { ...opts, messages: Math.min(opts.messages, 2000) });
    for (let round = 0; round < opts.rounds; round++) {
      for (const kind of KINDS) results[kind].push(await fanOut(servers[kind].port, subs[kind], opts));
      console.error(`  round ${round + 1} of ${opts.rounds} done`);
    }
    return results;
  } finally {
    for (const kind of KINDS) {
      for (const s of subs[kind] ?? []) s.close();
      await servers[kind]?.stop();
    }
  }
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('not a positive integer');
  return n;
}

new Command('bench:pubsub')
  .description('PUBLISH fan-out to many subscribers, respite and Redis side by side')
  .option('--subscribers <n>', 'subscribed connections', positive, 100)
  .option('--messages <n>', 'messages published per round', positive, 20_000)
  .option('--batch <n>', 'PUBLISH commands per pipeline', positive, 50)
  .option('--size <n>', 'message size in bytes', positive, 32)
  .option('--rounds <n>', 'rounds (each figure is the median)', positive, 3)
  .action(async (opts: Options) => {
    const results = await run(opts);
    const a = median(results.respite);
    const b = median(results.redis);
    console.log(`Messages delivered per second, median of the rounds (${opts.subscribers} subscribers)\n`);
    console.log(
      formatTable(
        ['workload', 'respite', 'redis', 'respite/redis'],
        [[`PUBLISH fan-out, ${opts.size}-byte messages`, opsPerSecond(a), opsPerSecond(b), ratio(a / b)]],
      ),
    );
  })
  .parseAsync()
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
