// `bench:streams` (node dist/bench/streams.js): stream throughput, respite and a real redis-server in
// the same run, side by side.
//
//   1. XADD: redis-benchmark sending `XADD s * f <value>` from 50 clients, without pipelining and
//      with 16 commands per pipeline (the stream grows by every request; both servers alike).
//   2. Produce, then consume: a producer appends a batch of entries (pipelined XADDs), a consumer
//      reads them with XREADGROUP ... COUNT <batch> STREAMS s > and acknowledges them all with one
//      XACK, round after round; entries produced-and-acknowledged per second.
//
// The rounds alternate between the servers and each figure is the median, so a busy machine blurs
// both alike. Options: --requests, --rounds, --batch; see --help.

import { Command, InvalidArgumentError } from 'commander';
import { type Reply, RespConnection } from './resp.js';
import { type BenchServer, type ServerKind, startServer } from './servers.js';
import { formatTable, opsPerSecond, ratio } from './table.js';
import { redisBenchmark } from './throughput.js';

const KINDS = ['respite', 'redis'] as const;

interface Options {
  requests: number;
  rounds: number;
  batch: number;
  loops: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** IDs in an XREADGROUP reply: [[key, [[id, fields], ...]]]. */
function readIds(reply: Reply): string[] {
  if (!Array.isArray(reply) || reply.length === 0) return [];
  const entries = (reply[0] as Reply[])[1] as Reply[];
  return entries.map((e) => (e as Reply[])[0] as string);
}

/** Produce `batch` entries, read them through a group, ack them; `loops` times. Entries per second. */
async function produceConsume(port: number, batch: number, loops: number): Promise<number> {
  const producer = await RespConnection.connect(port);
  const consumer = await RespConnection.connect(port);
  try {
    await producer.call('DEL', 'q');
    await producer.call('XGROUP', 'CREATE', 'q', 'g', '$', 'MKSTREAM');
    const adds = Array.from({ length: batch }, (_, i) => [
      'XADD',
      'q',
      '*',
      'job',
      `payload-${i}`,
      'n',
      `${i}`,
    ]);
    const start = performance.now();
    for (let l = 0; l < loops; l++) {
      const added = await Promise.all(producer.pipeline(adds));
      if (added.some((r) => r instanceof Error))
        throw new Error(`XADD failed: ${added.find((r) => r instanceof Error)}`);
      const ids = readIds(
        await consumer.call('XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', `${batch}`, 'STREAMS', 'q', '>'),
      );
      if (ids.length !== batch) throw new Error(`read ${ids.length} of ${batch}`);
      const acked = await consumer.call('XACK', 'q', 'g', ...ids);
      if (acked !== batch) throw new Error(`acked ${String(acked)} of ${batch}`);
    }
    const seconds = (performance.now() - start) / 1000;
    await producer.call('DEL', 'q');
    return (batch * loops) / seconds;
  } finally {
    producer.close();
    consumer.close();
  }
}

interface Row {
  name: string;
  values: Record<ServerKind, number[]>;
}

async function run(opts: Options): Promise<Row[]> {
  const servers = {} as Record<ServerKind, BenchServer>;
  const rows: Row[] = [
    { name: 'XADD, 50 clients, no pipeline', values: { respite: [], redis: [] } },
    { name: 'XADD, 50 clients, pipeline 16', values: { respite: [], redis: [] } },
    { name: `produce ${opts.batch}, XREADGROUP + XACK (entries/s)`, values: { respite: [], redis: [] } },
  ];
  try {
    for (const kind of KINDS) servers[kind] = await startServer(kind);
    for (let round = 0; round < opts.rounds; round++) {
      for (const kind of KINDS) {
        const port = servers[kind].port;
        for (const [i, pipeline] of [1, 16].entries()) {
          const rps = await redisBenchmark(port, ['XADD', 'bench', '*', 'f', 'value-of-some-size'], {
            pipeline,
            clients: 50,
            requests: opts.requests,
          });
          if (typeof rps === 'string') throw new Error(`${kind}: ${rps}`);
          rows[i].values[kind].push(rps);
        }
        const conn = await RespConnection.connect(port);
        await conn.call('DEL', 'bench');
        conn.close();
        rows[2].values[kind].push(await produceConsume(port, opts.batch, opts.loops));
      }
      console.error(`  round ${round + 1} of ${opts.rounds} done`);
    }
    return rows;
  } finally {
    for (const kind of KINDS) await servers[kind]?.stop();
  }
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('not a positive integer');
  return n;
}

new Command('bench:streams')
  .description('XADD throughput and a produce/XREADGROUP/XACK loop, respite and Redis side by side')
  .option('--requests <n>', 'XADD requests per redis-benchmark run', positive, 100_000)
  .option('--rounds <n>', 'rounds (each figure is the median)', positive, 3)
  .option('--batch <n>', 'entries produced and consumed per loop', positive, 100)
  .option('--loops <n>', 'produce/consume loops per round', positive, 300)
  .action(async (opts: Options) => {
    const rows = await run(opts);
    console.log('Operations per second, median of the rounds\n');
    console.log(
      formatTable(
        ['workload', 'respite', 'redis', 'respite/redis'],
        rows.map((r) => {
          const a = median(r.values.respite);
          const b = median(r.values.redis);
          return [r.name, opsPerSecond(a), opsPerSecond(b), ratio(a / b)];
        }),
      ),
    );
  })
  .parseAsync()
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
