// Throughput: redis-benchmark, Redis's own load generator, against both servers with the same
// arguments. Each test runs in its own redis-benchmark process, alternating between the servers
// (redis, respite, redis, respite, ...) so that whatever else the machine is doing slows both alike.
// With several rounds the median is reported.

import { spawn } from 'node:child_process';
import type { BenchServer, ServerKind } from './servers.js';

/** redis-benchmark's -t names for the server core: connection, strings. */
export const CORE_TESTS = ['ping_inline', 'ping_mbulk', 'set', 'get', 'incr', 'mset'] as const;
/** ... and for the collections: lists, sets, hashes, sorted sets. */
export const COLLECTION_TESTS = [
  'lpush',
  'rpush',
  'lpop',
  'rpop',
  'sadd',
  'spop',
  'hset',
  'zadd',
  'zpopmin',
  'lrange_100',
  'lrange_600',
] as const;
/** Every test, in the order they are run. */
export const TESTS = [...CORE_TESTS, ...COLLECTION_TESTS] as const;
export type TestName = (typeof TESTS)[number];

/** The geometric mean of the respite/Redis ratios of `tests` at `pipeline`, or null if one is missing. */
export function geomeanRatio(
  results: ThroughputResult[],
  tests: readonly string[],
  pipeline: number,
): number | null {
  const ratios: number[] = [];
  for (const r of results) {
    if (r.pipeline !== pipeline || !tests.includes(r.test)) continue;
    if (r.ratio === null) return null;
    ratios.push(r.ratio);
  }
  if (ratios.length === 0) return null;
  return Math.exp(ratios.reduce((sum, x) => sum + Math.log(x), 0) / ratios.length);
}

export interface ThroughputOptions {
  tests: readonly TestName[];
  pipelines: readonly number[];
  clients: number;
  /** Requests per run at pipeline 1; deeper pipelines send `requests * pipelineScale` to run as long. */
  requests: number;
  pipelineScale: number;
  rounds: number;
  /** Called after each redis-benchmark run, for progress output. */
  progress?: (line: string) => void;
}

export interface ThroughputResult {
  test: TestName;
  pipeline: number;
  requests: number;
  /** Median ops/s over the rounds; null when the server failed the test (see error). */
  respite: number | null;
  redis: number | null;
  /** respite / Redis. */
  ratio: number | null;
  rounds: Record<ServerKind, number[]>;
  /**
   * Median CPU time the server process used per request, in microseconds. It depends less than ops/s
   * on how much of the machine the server got, so it compares the two better on a busy machine.
   */
  cpuMicros: Record<ServerKind, number | null>;
  error?: string;
}

export async function runThroughput(
  servers: Record<ServerKind, BenchServer>,
  options: ThroughputOptions,
): Promise<ThroughputResult[]> {
  const results: ThroughputResult[] = [];
  for (const pipeline of options.pipelines) {
    for (const test of options.tests) {
      const requests = pipeline === 1 ? options.requests : options.requests * options.pipelineScale;
      const rounds: Record<ServerKind, number[]> = { respite: [], redis: [] };
      const cpu: Record<ServerKind, number[]> = { respite: [], redis: [] };
      const errors: string[] = [];
      for (let round = 0; round < options.rounds && errors.length === 0; round++) {
        for (const kind of ['redis', 'respite'] as const) {
          const cpuBefore = servers[kind].cpuSeconds();
          const run = await redisBenchmark(servers[kind].port, test, {
            pipeline,
            clients: options.clients,
            requests,
          });
          if (typeof run === 'string') {
            errors.push(`${kind}: ${run}`);
            continue;
          }
          rounds[kind].push(run);
          cpu[kind].push(((servers[kind].cpuSeconds() - cpuBefore) * 1e6) / requests);
          options.progress?.(`${test} -P ${pipeline} round ${round + 1}: ${kind} ${Math.round(run)} ops/s`);
        }
      }
      const respite = median(rounds.respite);
      const redis = median(rounds.redis);
      results.push({
        test,
        pipeline,
        requests,
        respite,
        redis,
        ratio: respite !== null && redis !== null ? respite / redis : null,
        rounds,
        cpuMicros: { respite: median(cpu.respite), redis: median(cpu.redis) },
        ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
      });
    }
  }
  return results;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * One redis-benchmark run of one of its tests (a name for -t) or of one command given as arguments
 * (redis-benchmark replaces __rand_int__ in them under -r). Returns its requests per second, or the
 * reason it failed: redis-benchmark stops at the first error reply (an unimplemented command, say).
 */
export function redisBenchmark(
  port: number,
  test: TestName | readonly string[],
  options: { pipeline: number; clients: number; requests: number; randomKeys?: number },
): Promise<number | string> {
  const args = [
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    ...(typeof test === 'string' ? ['-t', test] : []),
    ...(options.randomKeys ? ['-r', String(options.randomKeys)] : []),
    '-c',
    String(options.clients),
    '-n',
    String(options.requests),
    '-P',
    String(options.pipeline),
    '--csv',
    ...(typeof test === 'string' ? [] : test),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('redis-benchmark', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.once('error', reject);
    child.once('exit', (code) => {
      // redis-benchmark warns on stderr when CONFIG GET is refused; only an error reply matters.
      const serverError = /Error from server: (.*)/.exec(stderr)?.[1]?.trim();
      if (serverError)
        return resolve(serverError.length > 100 ? `${serverError.slice(0, 100)}...` : serverError);
      // CSV: a header line, then "TEST","rps",... for the test.
      const row = stdout
        .split('\n')
        .map((line) => line.split(',').map((field) => field.replace(/^"|"$/g, '')))
        .find((fields) => fields.length > 1 && fields[0] !== 'test');
      const rps = row ? Number(row[1]) : Number.NaN;
      if (code !== 0 || !(rps > 0)) {
        return resolve(`redis-benchmark exited with ${code}: ${(stderr || stdout).trim().slice(0, 200)}`);
      }
      resolve(rps);
    });
  });
}
