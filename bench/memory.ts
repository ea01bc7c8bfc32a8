// Memory: what a key costs. Each server starts empty in its own process; `keys` keys named key:N with
// 16-byte values are loaded through a pipelined connection, and the growth of the process's resident
// set (VmRSS) divided by the number of keys is the cost per key. RSS is what the operating system
// charges the process, so it counts everything: the data, the allocator's or the garbage collector's
// slack, and the buffers loading needed. For Redis, INFO's used_memory (what its allocator handed out)
// is reported too.

import { parseInfo, RespConnection } from './resp.js';
import { type ServerKind, startServer } from './servers.js';

export interface MemoryResult {
  keys: number;
  valueBytes: number;
  /** RSS growth per key, in bytes. */
  respiteRssPerKey: number;
  redisRssPerKey: number;
  /** Growth of INFO used_memory per key. */
  redisUsedMemoryPerKey: number;
  /** respite's RSS per key / Redis's RSS per key. */
  ratio: number;
}

const VALUE_BYTES = 16;
const BATCH = 1000;
/** Time for a server to settle after loading (Node frees the parser's garbage lazily). */
const SETTLE_MS = 1000;

/** A distinct 16-byte value for key N. */
function valueFor(n: number): string {
  return `value:${String(n).padStart(VALUE_BYTES - 6, '0')}`;
}

export async function runMemory(keys: number, progress?: (line: string) => void): Promise<MemoryResult> {
  const measured = {} as Record<ServerKind, { rssPerKey: number; usedMemoryPerKey: number | null }>;
  for (const kind of ['redis', 'respite'] as const) {
    const server = await startServer(kind);
    try {
      const c = await RespConnection.connect(server.port);
      await c.call('PING');
      await settle();
      const rssBefore = server.rss();
      const usedBefore = kind === 'redis' ? await usedMemory(c) : null;
      await load(c, keys);
      // Every SET replied OK; DBSIZE (where the server has it) confirms no key was lost.
      const dbsize = await c.call('DBSIZE');
      if (typeof dbsize === 'number' && dbsize !== keys) {
        throw new Error(`${kind}: DBSIZE is ${dbsize} after loading ${keys} keys`);
      }
      await settle();
      const rssAfter = server.rss();
      const usedAfter = kind === 'redis' ? await usedMemory(c) : null;
      c.close();
      measured[kind] = {
        rssPerKey: (rssAfter - rssBefore) / keys,
        usedMemoryPerKey: usedBefore !== null && usedAfter !== null ? (usedAfter - usedBefore) / keys : null,
      };
      progress?.(
        `memory ${kind}: RSS ${mb(rssBefore)} -> ${mb(rssAfter)} for ${keys} keys, ` +
          `${measured[kind].rssPerKey.toFixed(1)} bytes/key`,
      );
    } finally {
      await server.stop();
    }
  }
  return {
    keys,
    valueBytes: VALUE_BYTES,
    respiteRssPerKey: measured.respite.rssPerKey,
    redisRssPerKey: measured.redis.rssPerKey,
    redisUsedMemoryPerKey: measured.redis.usedMemoryPerKey!,
    ratio: measured.respite.rssPerKey / measured.redis.rssPerKey,
  };
}

/** SET key:0 .. key:(keys-1), BATCH commands per write, waiting for each batch's replies. */
async function load(c: RespConnection, keys: number): Promise<void> {
  for (let start = 0; start < keys; start += BATCH) {
    const batch: string[][] = [];
    for (let n = start; n < Math.min(keys, start + BATCH); n++) batch.push(['SET', `key:${n}`, valueFor(n)]);
    const replies = await Promise.all(c.pipeline(batch));
    const bad = replies.find((r) => r !== 'OK');
    if (bad !== undefined) throw new Error(`SET replied ${String(bad)}`);
  }
}

async function usedMemory(c: RespConnection): Promise<number> {
  const info = await c.call('INFO', 'memory');
  return Number(parseInfo(String(info)).get('used_memory'));
}

function settle(): Promise<void> {
  return new Promise((r) => setTimeout(r, SETTLE_MS));
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
