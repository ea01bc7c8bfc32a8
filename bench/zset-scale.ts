// `npm run bench:zset`: does a sorted set stay fast as it grows? The cost per ZADD (a new member),
// ZRANK and ZRANGE by rank (10 members from a random rank) on sets of 1,000 to 1,000,000 members,
// for respite and a real redis-server side by side. With a skip list these grow like log n, so the
// columns should stay nearly flat; a linear structure would grow 1000x across the table.
//
// Each measurement sends a few thousand commands in pipelined batches of 100 over one connection and
// divides the wall time by their number, which includes the round trips both servers pay alike.

import { Command, InvalidArgumentError } from 'commander';
import { RespConnection } from './resp.js';
import { type BenchServer, type ServerKind, startServer } from './servers.js';
import { formatTable } from './table.js';

const BATCH = 100;

/** Send `commands` in pipelined batches; the wall time per command in microseconds. */
async function timePerCommand(conn: RespConnection, commands: string[][]): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < commands.length; i += BATCH) {
    const replies = await Promise.all(conn.pipeline(commands.slice(i, i + BATCH)));
    const failed = replies.find((r) => r instanceof Error);
    if (failed) throw failed;
  }
  return ((performance.now() - start) * 1000) / commands.length;
}

/** Grow the set `key` to `size` members m0..m(size-1) with random scores, in pipelined batches. */
async function growTo(conn: RespConnection, key: string, from: number, size: number): Promise<void> {
  const perCommand = 500;
  const commands: string[][] = [];
  for (let i = from; i < size; i += perCommand) {
    const args = ['ZADD', key];
    for (let j = i; j < Math.min(size, i + perCommand); j++) args.push(String(Math.random() * 1e9), `m${j}`);
    commands.push(args);
  }
  for (let i = 0; i < commands.length; i += 20) await Promise.all(conn.pipeline(commands.slice(i, i + 20)));
}

interface Row {
  size: number;
  zadd: Record<ServerKind, number>;
  zrank: Record<ServerKind, number>;
  zrange: Record<ServerKind, number>;
}

async function measure(sizes: number[], ops: number): Promise<Row[]> {
  const servers = {} as Record<ServerKind, BenchServer>;
  const conns = {} as Record<ServerKind, RespConnection>;
  try {
    for (const kind of ['redis', 'respite'] as const) {
      servers[kind] = await startServer(kind);
      conns[kind] = await RespConnection.connect(servers[kind].port);
    }
    const rows: Row[] = [];
    let current = 0;
    for (const size of sizes) {
      const row: Row = {
        size,
        zadd: { redis: 0, respite: 0 },
        zrank: { redis: 0, respite: 0 },
        zrange: { redis: 0, respite: 0 },
      };
      for (const kind of ['redis', 'respite'] as const) {
        const conn = conns[kind];
        await growTo(conn, 'z', current, size);
        const rank = Array.from({ length: ops }, () => [
          'ZRANK',
          'z',
          `m${Math.floor(Math.random() * size)}`,
        ]);
        const range = Array.from({ length: ops }, () => {
          const start = Math.floor(Math.random() * size);
          return ['ZRANGE', 'z', String(start), String(start + 9)];
        });
        // New members, removed again so the set keeps its size for the next column.
        const add = Array.from({ length: ops }, (_, i) => [
          'ZADD',
          'z',
          String(Math.random() * 1e9),
          `new${i}`,
        ]);
        row.zrank[kind] = await timePerCommand(conn, rank);
        row.zrange[kind] = await timePerCommand(conn, range);
        row.zadd[kind] = await timePerCommand(conn, add);
        for (let i = 0; i < ops; i += 500) {
          await conn.call(
            'ZREM',
            'z',
            ...Array.from({ length: Math.min(500, ops - i) }, (_, j) => `new${i + j}`),
          );
        }
      }
      current = size;
      rows.push(row);
      console.error(`  ${size} members measured`);
    }
    return rows;
  } finally {
    for (const kind of ['redis', 'respite'] as const) {
      conns[kind]?.close();
      await servers[kind]?.stop();
    }
  }
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('not a positive integer');
  return n;
}

new Command('bench:zset')
  .description('cost per ZADD, ZRANK and ZRANGE as a sorted set grows, respite and Redis side by side')
  .option('--max <n>', 'largest set size (sizes go 1,000, 10,000, ... up to it)', positive, 1_000_000)
  .option('--ops <n>', 'commands timed per measurement', positive, 5_000)
  .action(async (opts: { max: number; ops: number }) => {
    const sizes: number[] = [];
    for (let s = 1000; s <= opts.max; s *= 10) sizes.push(s);
    const rows = await measure(sizes, opts.ops);
    const us = (n: number) => n.toFixed(2);
    console.log('Microseconds per command (pipelined by 100, one connection) as the sorted set grows\n');
    console.log(
      formatTable(
        [
          'members',
          'ZADD respite',
          'ZADD redis',
          'ZRANK respite',
          'ZRANK redis',
          'ZRANGE respite',
          'ZRANGE redis',
        ],
        rows.map((r) => [
          r.size.toLocaleString('en-US'),
          us(r.zadd.respite),
          us(r.zadd.redis),
          us(r.zrank.respite),
          us(r.zrank.redis),
          us(r.zrange.respite),
          us(r.zrange.redis),
        ]),
      ),
    );
    const first = rows[0];
    const last = rows.at(-1)!;
    if (rows.length > 1) {
      console.log(
        `\nrespite growth from ${first.size} to ${last.size} members: ZADD ${(last.zadd.respite / first.zadd.respite).toFixed(2)}x, ZRANK ${(last.zrank.respite / first.zrank.respite).toFixed(2)}x, ZRANGE ${(last.zrange.respite / first.zrange.respite).toFixed(2)}x`,
      );
    }
    process.exit(0);
  })
  .parseAsync(process.argv);
