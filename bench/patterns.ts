// `node dist/bench/patterns.js`: the pattern clients (patterns/*) on respite and on a real redis-server
// in the same run, side by side: cache hits, queue tasks with 4 workers, rate-limiter checks, lock
// acquire+release, leaderboard increments plus top-10 reads, pub/sub, sessions, stream produce+consume.
//
// The cases live in bench/patterns/<pattern>.ts, one file per pattern, each exporting
//
//     export const cases: PatternCase[] = [{ name: 'cache hits', setup?, run }];
//
// `run(redis, n)` does about n operations of the case against a flushed server and resolves to the
// number it completed; only `run` is timed (`setup` and `teardown`, if present, run before and
// after it, untimed). A server that fails a case gets no number for it; the other is still measured. A case that needs
// more connections (workers, a subscriber) opens them with `redis.duplicate()` and closes them before
// it resolves. Each case runs `rounds` times per server, alternating redis, respite, redis, ... so
// whatever else the machine does slows both alike; the median ops/s is reported.
//
// Options: --only <substring,...> (case names), --n <ops> (default per case), --rounds <k>, --json <file>.

import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { Redis } from 'ioredis';
import { type BenchServer, redisServerVersion, type ServerKind, startServer } from './servers.js';
import { formatTable, opsPerSecond, ratio } from './table.js';

export interface PatternCase {
  /** Shown in the report, e.g. 'leaderboard incr + top-10'. */
  name: string;
  /** Operations per timed run when --n is not given (default 10,000). */
  n?: number;
  /** Untimed preparation on the flushed server (e.g. fill the cache that `run` reads). */
  setup?(redis: Redis, n: number): Promise<void>;
  /** About n operations; resolves to how many were done. */
  run(redis: Redis, n: number): Promise<number>;
  /** Untimed cleanup after run (e.g. stopping consumers once the last event was counted). */
  teardown?(redis: Redis): Promise<void>;
}

interface Options {
  only?: string[];
  n?: number;
  rounds: number;
  json?: string;
}

interface CaseResult {
  pattern: string;
  name: string;
  n: number;
  respite: number | null;
  redis: number | null;
  ratio: number | null;
  rounds: Record<ServerKind, number[]>;
  error?: string;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('not a positive integer');
  return n;
}

/** The case modules next to this file: dist/bench/patterns/*.js, in name order. */
async function loadCases(): Promise<{ pattern: string; cases: PatternCase[] }[]> {
  const dir = fileURLToPath(new URL('./patterns/', import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort();
  const out: { pattern: string; cases: PatternCase[] }[] = [];
  for (const file of files) {
    const mod = (await import(new URL(`./patterns/${file}`, import.meta.url).href)) as {
      cases?: PatternCase[];
    };
    if (!Array.isArray(mod.cases)) throw new Error(`bench/patterns/${file} exports no 'cases' array`);
    out.push({ pattern: file.replace(/\.js$/, ''), cases: mod.cases });
  }
  return out;
}

async function measure(server: BenchServer, c: PatternCase, n: number): Promise<number> {
  const redis = new Redis({ port: server.port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
  try {
    await redis.flushall();
    if (c.setup) await c.setup(redis, n);
    const start = process.hrtime.bigint();
    const done = await c.run(redis, n);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (c.teardown) await c.teardown(redis);
    return done / seconds;
  } finally {
    redis.disconnect();
  }
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function main(options: Options): Promise<void> {
  const version = redisServerVersion();
  if (!version)
    throw new Error('redis-server is not on PATH: the pattern benchmark compares respite with it');
  const modules = await loadCases();
  const servers = {
    redis: await startServer('redis'),
    respite: await startServer('respite'),
  } satisfies Record<ServerKind, BenchServer>;
  console.log(`respite vs ${version}; median of ${options.rounds} rounds per case\n`);
  const results: CaseResult[] = [];
  try {
    for (const { pattern, cases } of modules) {
      for (const c of cases) {
        if (options.only && !options.only.some((s) => c.name.includes(s) || pattern.includes(s))) continue;
        const n = options.n ?? c.n ?? 10_000;
        const result: CaseResult = {
          pattern,
          name: c.name,
          n,
          respite: null,
          redis: null,
          ratio: null,
          rounds: { redis: [], respite: [] },
        };
        const errors: string[] = [];
        for (const kind of ['redis', 'respite'] as const) {
          try {
            // A small warm-up run first, so JIT and connection setup are not measured.
            await measure(servers[kind], c, Math.ceil(n / 10));
          } catch (err) {
            errors.push(`${kind}: ${(err as Error).message}`);
          }
        }
        for (let round = 0; round < options.rounds; round++) {
          for (const kind of ['redis', 'respite'] as const) {
            if (errors.some((e) => e.startsWith(`${kind}:`))) continue;
            try {
              result.rounds[kind].push(await measure(servers[kind], c, n));
            } catch (err) {
              errors.push(`${kind}: ${(err as Error).message}`);
            }
          }
        }
        if (errors.length > 0) result.error = errors.join('; ');
        result.respite = median(result.rounds.respite);
        result.redis = median(result.rounds.redis);
        result.ratio = result.respite !== null && result.redis ? result.respite / result.redis : null;
        results.push(result);
        const line = `${pattern}: ${c.name}: respite ${opsPerSecond(result.respite)} ops/s, redis ${opsPerSecond(result.redis)} ops/s`;
        console.log(result.error ? `${line} (error: ${result.error})` : line);
      }
    }
  } finally {
    await servers.respite.stop();
    await servers.redis.stop();
  }
  console.log(
    `\n${formatTable(
      ['pattern', 'case', 'n', 'respite ops/s', 'redis ops/s', 'respite/redis'],
      results.map((r) => [
        r.pattern,
        r.name,
        r.n,
        opsPerSecond(r.respite),
        opsPerSecond(r.redis),
        ratio(r.ratio),
      ]),
    )}`,
  );
  const failed = results.filter((r) => r.error);
  for (const r of failed) console.log(`\n${r.pattern}: ${r.name} failed: ${r.error}`);
  if (options.json) writeFileSync(options.json, `${JSON.stringify(results, null, 2)}\n`);
  if (failed.length > 0) process.exitCode = 1;
}

const program = new Command('bench-patterns')
  .description('The pattern clients on respite and on a real redis-server, side by side')
  .option('--only <cases>', 'comma-separated substrings of case or pattern names', (v) =>
    v.split(',').map((s) => s.trim()),
  )
  .option('--n <ops>', 'operations per timed run (default: per case)', positive)
  .option('--rounds <k>', 'timed runs per case and server', positive, 3)
  .option('--json <file>', 'also write the results as JSON');

program.parse();
main(program.opts<Options>()).catch((err) => {
  console.error(err);
  process.exit(1);
});
