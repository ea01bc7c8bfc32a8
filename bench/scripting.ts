// `npm run bench:scripting`: EVALSHA on respite and on a real redis-server in the same run, with
// redis-benchmark (50 clients) at -P 1 and -P 16, alternating between the servers, median of rounds:
//
//   - lock release: the seed's compare-and-delete script (GET, compare, DEL when the token matches).
//     The lock holds another token, so every call does the GET and the compare that every release does
//     (a DEL happens once per lock, and redis-benchmark cannot set a new lock before each call).
//   - sliding-window rate limiter: five commands per call (TIME, ZREMRANGEBYSCORE, ZCARD, ZADD,
//     PEXPIRE) on one of 1,000 keys, each call a unique member.
//
// Options: --rounds <k>, --requests <n> (at -P 1; -P 16 sends 4x as many), --json <file>.

import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { RespConnection } from './resp.js';
import { type BenchServer, redisServerVersion, type ServerKind, startServer } from './servers.js';
import { formatTable, opsPerSecond, ratio } from './table.js';
import { redisBenchmark } from './throughput.js';

export const LOCK_RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then
  return redis.call("del", KEYS[1])
else
  return 0
end`;

export const SLIDING_WINDOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, t[1] .. '.' .. t[2] .. ':' .. ARGV[3])
end
redis.call('PEXPIRE', KEYS[1], window)
return count`;

interface Case {
  name: string;
  script: string;
  /** The arguments after EVALSHA <sha>. */
  args: string[];
  /** Untimed preparation. */
  setup: string[][];
}

const CASES: Case[] = [
  {
    name: 'lock release',
    script: LOCK_RELEASE,
    args: ['1', 'lock:bench', 'not-the-holder'],
    setup: [['SET', 'lock:bench', 'holder-token']],
  },
  {
    name: 'sliding-window limiter',
    script: SLIDING_WINDOW,
    args: ['1', 'rate:{user:__rand_int__}', '1000', '1000000', '__rand_int__'],
    setup: [],
  },
];

interface Result {
  name: string;
  pipeline: number;
  respite: number | null;
  redis: number | null;
  ratio: number | null;
  error?: string;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('not a positive integer');
  return n;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function prepare(server: BenchServer, c: Case): Promise<string> {
  const conn = await RespConnection.connect(server.port);
  try {
    await conn.call('FLUSHALL');
    for (const command of c.setup) await conn.call(...command);
    return String(await conn.call('SCRIPT', 'LOAD', c.script));
  } finally {
    conn.close();
  }
}

async function main(): Promise<void> {
  const program = new Command('bench:scripting')
    .option('--rounds <k>', 'rounds per case and pipeline (median reported)', positive, 3)
    .option('--requests <n>', 'requests per run at -P 1', positive, 50_000)
    .option('--json <file>', 'also write the results as JSON')
    .parse();
  const options = program.opts<{ rounds: number; requests: number; json?: string }>();
  const version = redisServerVersion();
  if (!version) throw new Error('redis-server is not on PATH: the benchmark compares against it');

  const servers: Record<ServerKind, BenchServer> = {
    redis: await startServer('redis'),
    respite: await startServer('respite'),
  };
  const results: Result[] = [];
  try {
    for (const c of CASES) {
      const sha: Record<ServerKind, string> = {
        redis: await prepare(servers.redis, c),
        respite: await prepare(servers.respite, c),
      };
      for (const pipeline of [1, 16]) {
        const requests = pipeline === 1 ? options.requests : options.requests * 4;
        const rounds: Record<ServerKind, number[]> = { redis: [], respite: [] };
        const errors: string[] = [];
        for (let round = 0; round < options.rounds && errors.length === 0; round++) {
          for (const kind of ['redis', 'respite'] as const) {
            const run = await redisBenchmark(servers[kind].port, ['EVALSHA', sha[kind], ...c.args], {
              pipeline,
              clients: 50,
              requests,
              randomKeys: 1000,
            });
            if (typeof run === 'string') errors.push(`${kind}: ${run}`);
            else rounds[kind].push(run);
            process.stderr.write(`${c.name} -P ${pipeline} round ${round + 1}: ${kind} ${run}\n`);
          }
        }
        const respite = median(rounds.respite);
        const redis = median(rounds.redis);
        results.push({
          name: c.name,
          pipeline,
          respite,
          redis,
          ratio: respite !== null && redis !== null ? respite / redis : null,
          ...(errors.length ? { error: errors.join('; ') } : {}),
        });
      }
    }
  } finally {
    await servers.respite.stop();
    await servers.redis.stop();
  }

  console.log(`EVALSHA, redis-benchmark -c 50, median of ${options.rounds}; ${version}\n`);
  console.log(
    formatTable(
      ['script', 'pipeline', 'respite ops/s', 'Redis ops/s', 'respite/Redis'],
      results.map((r) => [
        r.error ? `${r.name} (${r.error})` : r.name,
        `-P ${r.pipeline}`,
        opsPerSecond(r.respite),
        opsPerSecond(r.redis),
        ratio(r.ratio),
      ]),
    ),
  );
  if (options.json) writeFileSync(options.json, `${JSON.stringify(results, null, 2)}\n`);
}

await main();
