// MEMORY: USAGE (the arithmetic is in server/usage.ts), DOCTOR, MALLOC-STATS, PURGE, HELP.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { parseInt64 } from '../numbers.js';
import { keyUsage } from '../usage.js';
import { replyHelp } from './connection.js';
import { type CommandSpec, command } from './types.js';

// MEMORY USAGE key [SAMPLES count]
function memoryUsage(c: Client, argv: string[]): void {
  let samples = 5;
  for (let j = 3; j < argv.length; j++) {
    if (argv[j].toLowerCase() === 'samples' && j + 1 < argv.length) {
      const n = parseInt64(argv[j + 1]);
      if (n === null) return c.out.error(E.ERR_NOT_INTEGER);
      if (n < 0) return c.out.error(E.ERR_SYNTAX);
      samples = n === 0 ? Number.POSITIVE_INFINITY : n;
      j++;
    } else {
      return c.out.error(E.ERR_SYNTAX);
    }
  }
  // As Redis, the key is read without expiring it.
  const key = argv[2];
  const v = c.db.map.get(key);
  if (v === undefined) return c.out.nullBulk();
  const nodeMaxBytes = c.server.config.getInt('stream-node-max-bytes');
  const preallocate = nodeMaxBytes > 0 && nodeMaxBytes < 4096 ? nodeMaxBytes : 4096;
  c.out.integer(keyUsage(key, v, samples, preallocate));
}

// MEMORY DOCTOR
// Redis has nothing to say below 5 MB of data; respite's data sets in tests are mostly that small.
function memoryDoctor(c: Client): void {
  c.out.verbatim(
    "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n",
  );
}

// MEMORY MALLOC-STATS
// What Redis answers when its allocator is not jemalloc (respite's is V8's).
function memoryMallocStats(c: Client): void {
  c.out.verbatim('Stats not supported for the current allocator');
}

// MEMORY PURGE
function memoryPurge(c: Client): void {
  c.out.ok();
}

// MEMORY HELP
function memoryHelp(c: Client): void {
  replyHelp(c, 'MEMORY', [
    'DOCTOR',
    '    Return memory problems reports.',
    'MALLOC-STATS',
    '    Return internal statistics report from the memory allocator.',
    'PURGE',
    '    Attempt to purge dirty pages for reclamation by the allocator.',
    'USAGE <key> [SAMPLES <count>]',
    '    Return memory in bytes used by <key> and its value. Nested values are',
    '    sampled up to <count> times (default: 5, 0 means sample all).',
  ]);
}

export const commands: CommandSpec[] = [
  command({
    name: 'memory',
    arity: -2,
    flags: [],
    group: 'server',
    since: '4.0.0',
    summary: 'A container for memory diagnostics commands',
    complexity: 'Depends on subcommand.',
    subcommands: [
      command({
        name: 'doctor',
        arity: 2,
        flags: [],
        group: 'server',
        since: '4.0.0',
        summary: 'Outputs memory problems report',
        complexity: 'O(1)',
        handler: memoryDoctor,
      }),
      command({
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        group: 'server',
        since: '4.0.0',
        summary: 'Show helpful text about the different subcommands',
        complexity: 'O(1)',
        handler: memoryHelp,
      }),
      command({
        name: 'malloc-stats',
        arity: 2,
        flags: [],
        group: 'server',
        since: '4.0.0',
        summary: 'Show allocator internal stats',
        complexity: 'Depends on how much memory is allocated, could be slow',
        handler: memoryMallocStats,
      }),
      command({
        name: 'purge',
        arity: 2,
        flags: [],
        group: 'server',
        since: '4.0.0',
        summary: 'Ask the allocator to release memory',
        complexity: 'Depends on how much memory is allocated, could be slow',
        handler: memoryPurge,
      }),
      command({
        name: 'usage',
        arity: -3,
        flags: ['readonly'],
        firstKey: 2,
        lastKey: 2,
        step: 1,
        group: 'server',
        since: '4.0.0',
        summary: 'Estimate the memory usage of a key',
        complexity: 'O(N) where N is the number of samples.',
        handler: memoryUsage,
      }),
    ],
  }),
];
