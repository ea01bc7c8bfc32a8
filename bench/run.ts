// `npm run bench`: respite against a real redis-server, the same workload on both, side by side.
//
//   1. Throughput: redis-benchmark's ping_inline, ping_mbulk, set, get, incr and mset tests, and its
//      list, set, hash and sorted-set tests, with 50 clients, without pipelining and with 16 commands
//      per pipeline, alternating between the servers; the geometric mean of the ratios per group.
//   2. Memory: bytes per key after loading 1,000,000 keys with 16-byte values into a fresh server.
//
// Both servers run as separate processes (respite from the compiled CLI), so both are measured the way
// they are deployed. Options: --quick, --only <tests>, --json <file>, --profile <dir>; see --help.

import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { REDIS_VERSION, RESPITE_VERSION } from '../server/version.js';
import { type MemoryResult, runMemory } from './memory.js';
import { formatProfile, summarizeProfile } from './profile.js';
import { type BenchServer, redisServerVersion, type ServerKind, startServer } from './servers.js';
import { formatTable, opsPerSecond, ratio } from './table.js';
import {
  COLLECTION_TESTS,
  CORE_TESTS,
  geomeanRatio,
  runThroughput,
  TESTS,
  type TestName,
  type ThroughputResult,
} from './throughput.js';

const MEMORY = 'memory';

interface Options {
  quick?: boolean;
  only?: string[];
  json?: string;
  profile?: string;
  rounds?: number;
  requests?: number;
  keys?: number;
  pipelines?: number[];
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('not a positive integer');
  return n;
}

function pipelineList(value: string): number[] {
  return value.split(',').map((s) => positive(s.trim()));
}

function testList(value: string): string[] {
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const name of names) {
    if (name !== MEMORY && !(TESTS as readonly string[]).includes(name)) {
      throw new InvalidArgumentError(`unknown test ${name}; known: ${[...TESTS, MEMORY].join(', ')}`);
    }
  }
  return names;
}

const program = new Command('bench')
  .description('Benchmark respite against a real redis-server (redis-benchmark throughput, bytes per key)')
  .option('--quick', 'fewer requests, fewer keys, one round: a smoke run of a few seconds')
  .option('--only <tests>', `comma-separated subset of: ${[...TESTS, MEMORY].join(', ')}`, testList)
  .option('--json <file>', 'also write the results as JSON to this file')
  .option('--profile <dir>', 'run respite under node --cpu-prof, write the profile to <dir>, print its top')
  .option('--rounds <n>', 'redis-benchmark runs per test and server (the median is reported)', positive)
  .option('--requests <n>', 'requests per run without pipelining (10x that when pipelined)', positive)
  .option('--keys <n>', 'keys loaded for the memory measurement', positive)
  .option('--pipelines <list>', 'comma-separated pipeline depths (default 1,16)', pipelineList)
  .action(async (opts: Options) => {
    const exitCode = await main(opts);
    process.exit(exitCode);
  });

async function main(opts: Options): Promise<number> {
  const redisVersion = redisServerVersion();
  if (!redisVersion) {
    console.error('redis-server is not on PATH; install redis-server and redis-tools (redis-benchmark).');
    return 1;
  }
  const selected = opts.only ?? [...TESTS, MEMORY];
  const tests = TESTS.filter((t) => selected.includes(t));
  const withMemory = selected.includes(MEMORY);
  const rounds = opts.rounds ?? (opts.quick ? 1 : 3);
  const requests = opts.requests ?? (opts.quick ? 20_000 : 100_000);
  const keys = opts.keys ?? (opts.quick ? 100_000 : 1_000_000);
  const pipelines = opts.pipelines ?? [1, 16];
  const progress = (line: string) => console.error(`  ${line}`);

  console.log(`respite ${RESPITE_VERSION} (Node ${process.version}) vs ${redisVersion}`);
  console.log(`(respite implements Redis ${REDIS_VERSION})\n`);

  let throughput: ThroughputResult[] = [];
  if (tests.length > 0) {
    if (opts.profile) mkdirSync(opts.profile, { recursive: true });
    const servers = {} as Record<ServerKind, BenchServer>;
    try {
      servers.redis = await startServer('redis');
      servers.respite = await startServer('respite', { cpuProfileDir: opts.profile });
      console.error(`throughput: ${rounds} round(s), alternating redis and respite per test`);
      throughput = await runThroughput(servers, {
        tests,
        pipelines,
        clients: 50,
        requests,
        pipelineScale: 10,
        rounds,
        progress,
      });
    } finally {
      await servers.respite?.stop();
      await servers.redis?.stop();
    }
    console.log(
      `Throughput (redis-benchmark -c 50, median of ${rounds}; ops/s, and CPU time of the server process per request)\n`,
    );
    console.log(throughputTable(throughput));
    for (const r of throughput.filter((r) => r.error)) {
      console.log(`  ${r.test} -P ${r.pipeline}: ${r.error}`);
    }
    console.log();
    for (const [group, names] of [
      ['core (ping, strings)', CORE_TESTS],
      ['collections', COLLECTION_TESTS],
    ] as const) {
      for (const pipeline of pipelines) {
        const g = geomeanRatio(throughput, names, pipeline);
        if (g !== null) console.log(`geomean respite/redis, ${group}, -P ${pipeline}: ${g.toFixed(2)}x`);
      }
    }
    console.log();
  }

  let memory: MemoryResult | null = null;
  if (withMemory) {
    console.error(`memory: loading ${keys} keys into a fresh server of each kind`);
    memory = await runMemory(keys, progress);
    console.log(
      `Memory (${memory.keys.toLocaleString('en-US')} keys key:N, ${memory.valueBytes}-byte values)\n`,
    );
    console.log(memoryTable(memory));
    if (memory.keys < 1_000_000) {
      // The heap's fixed-size young generation and growth steps are tens of MB: spread over few keys
      // they inflate respite's per-key figure.
      console.log("  (fewer than 1,000,000 keys: respite's per-key figure is inflated; use a full run)");
    }
    console.log();
  }

  if (opts.profile) {
    const profiles = readdirSync(opts.profile)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(opts.profile!, f))
      .sort();
    const latest = profiles.at(-1);
    if (latest) {
      console.log(`CPU profile of respite under the throughput load: ${latest}\n`);
      console.log(formatProfile(summarizeProfile(latest), 30));
      console.log();
    }
  }

  if (opts.json) {
    const report = {
      date: new Date().toISOString(),
      respite: RESPITE_VERSION,
      node: process.version,
      redis: redisVersion,
      options: { rounds, requests, keys, clients: 50, pipelines },
      throughput,
      memory,
    };
    writeFileSync(opts.json, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`results written to ${opts.json}`);
  }
  return 0;
}

function throughputTable(results: ThroughputResult[]): string {
  return formatTable(
    [
      'test',
      'pipeline',
      'respite ops/s',
      'redis ops/s',
      'respite/redis',
      'respite CPU µs/op',
      'redis CPU µs/op',
    ],
    results.map((r) => [
      testLabel(r.test),
      r.pipeline,
      opsPerSecond(r.respite),
      opsPerSecond(r.redis),
      ratio(r.ratio),
      micros(r.cpuMicros.respite),
      micros(r.cpuMicros.redis),
    ]),
  );
}

function micros(us: number | null): string | null {
  return us === null ? null : us.toFixed(2);
}

function testLabel(test: TestName): string {
  return test === 'mset' ? 'MSET (10 keys)' : test.toUpperCase();
}

function memoryTable(m: MemoryResult): string {
  return formatTable(
    ['server', 'bytes/key (RSS)', 'bytes/key (used_memory)'],
    [
      ['respite', m.respiteRssPerKey.toFixed(1), null],
      ['redis', m.redisRssPerKey.toFixed(1), m.redisUsedMemoryPerKey.toFixed(1)],
      ['respite/redis', ratio(m.ratio), null],
    ],
  );
}

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
