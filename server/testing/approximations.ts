// What respite answers only approximately: commands (or forms of them) it accepts and replies to as
// Redis would in the common case, without doing all that Redis does. The usage report marks them and
// strict mode refuses them, so a test suite learns where a green run against respite says less than
// one against Redis.
//
// Keep this list in step with the code: each entry names the place that makes the approximation.

import type { Command } from '../commands/table.js';
import type { Database } from '../store/keyspace.js';
import { usageIsEstimate } from '../usage.js';

/** Why a whole command is approximate, by full name ("config|rewrite"). */
const COMMANDS: Readonly<Record<string, string>> = {
  save: 'nothing is written to disk; it only resets the dirty counter and LASTSAVE', // commands/server.ts
  bgsave: 'nothing is written to disk; it only resets the dirty counter and LASTSAVE',
  bgrewriteaof: 'nothing is written to disk',
  shutdown: 'nothing is saved, whatever the options: respite keeps no files',
  pfselftest: "Redis's self test of its HyperLogLog code is not run: it answers OK",
  lolwut: 'VERSION 5 and 6 draw no art: every version gets the version line Redis 7.0 prints',
  'memory|doctor': "always the report Redis gives a small instance (respite's memory is Node's)",
  'memory|malloc-stats': 'answers as a Redis built without jemalloc',
  wait: 'respite has no replicas: it answers 0 at once, where Redis waits out the timeout for numreplicas > 0',
  'config|rewrite': 'respite has no configuration file',
  'object|freq': 'respite keeps no LFU counters: every key reports the initial counter, 5',
  'command|docs': 'replies carry summary, since, group and complexity, not arguments, history or doc flags',
  'client|no-evict': 'accepted and reported; respite never evicts clients',
  'client|no-touch': 'accepted and reported; respite does not age keys for eviction',
};

const MEMORY_USAGE_WHY =
  "of hash tables, skip lists, lists longer than one node and strings grown in place: an estimate by Redis's formulas";

/** DEBUG subcommands that do less than in Redis (SLEEP, SET-ACTIVE-EXPIRE, ERROR and HELP are exact). */
const DEBUG: Readonly<Record<string, string>> = {
  reload: 'no RDB is saved or loaded: the data stays as it is',
  loadaof: 'no AOF is loaded: the data stays as it is',
  log: 'respite keeps no log file: the message is dropped',
  'change-repl-id': 'respite has no replication IDs to change',
};

/**
 * Configuration parameters respite reads and acts on; CONFIG SET of any other is accepted, stored and
 * reported by CONFIG GET, but changes nothing (maxmemory, appendonly, save, timeout, ...).
 */
export const EFFECTIVE_CONFIG = new Set([
  'requirepass',
  'proto-max-bulk-len',
  'hz',
  'notify-keyspace-events',
  'maxclients',
  'databases',
  'hash-max-listpack-entries',
  'hash-max-listpack-value',
  'hash-max-ziplist-entries',
  'hash-max-ziplist-value',
  'zset-max-listpack-entries',
  'zset-max-listpack-value',
  'zset-max-ziplist-entries',
  'zset-max-ziplist-value',
  'set-max-intset-entries',
  'enable-debug-command',
  'client-output-buffer-limit',
  'lua-time-limit',
  'busy-reply-threshold',
  'stream-node-max-bytes',
  'stream-node-max-entries',
  'slowlog-log-slower-than',
  'slowlog-max-len',
  'latency-monitor-threshold',
  'latency-tracking',
  'latency-tracking-info-percentiles',
  'hll-sparse-max-bytes',
]);

/** Parameters with a reason of their own for being without effect. */
const CONFIG_WHY: Readonly<Record<string, string>> = {
  maxmemory: 'respite never evicts keys and never answers -OOM',
  'maxmemory-policy': 'respite never evicts keys (the policy only decides what OBJECT FREQ/IDLETIME answer)',
};

/**
 * Why this invocation is approximate, or null when respite answers it as Redis does. `argv` is as the
 * client sent it (argv[0] the command name); `db` is the client's database, for OBJECT IDLETIME.
 */
export function approximation(cmd: Command, argv: readonly string[], db?: Database): string | null {
  const whole = COMMANDS[cmd.fullname];
  if (whole !== undefined) return whole;
  switch (cmd.fullname) {
    case 'debug':
      return DEBUG[argv[1]?.toLowerCase() ?? ''] ?? null;
    case 'memory|usage':
      // Exact where Redis's layout follows from the contents (see commands/memory.ts).
      return db === undefined || usageIsEstimate(db.map.get(argv[2])) ? MEMORY_USAGE_WHY : null;
    case 'object|idletime':
      // Plain strings carry no access time (see objectIdletime in commands/keys.ts).
      return db === undefined || typeof db.map.get(argv[2]) === 'string'
        ? 'a plain string value always reports 0 (other types are tracked)'
        : null;
    case 'config|set': {
      const ignored: string[] = [];
      const reasons: string[] = [];
      for (let i = 2; i < argv.length; i += 2) {
        const name = argv[i].toLowerCase();
        if (CONFIG_WHY[name] !== undefined) reasons.push(`${name}: ${CONFIG_WHY[name]}`);
        else if (!EFFECTIVE_CONFIG.has(name)) ignored.push(name);
      }
      if (ignored.length > 0)
        reasons.unshift(`accepted and stored, without effect in respite: ${ignored.join(', ')}`);
      return reasons.length === 0 ? null : reasons.join('; ');
    }
    default:
      return null;
  }
}

/** The approximations as a list, for the README and the usage report's legend. */
export function listApproximations(): { command: string; why: string }[] {
  const out = Object.entries(COMMANDS).map(([name, why]) => ({
    command: name.replace('|', ' ').toUpperCase(),
    why,
  }));
  for (const [sub, why] of Object.entries(DEBUG)) out.push({ command: `DEBUG ${sub.toUpperCase()}`, why });
  out.push({ command: 'MEMORY USAGE', why: MEMORY_USAGE_WHY });
  out.push({
    command: 'OBJECT IDLETIME',
    why: 'a plain string value always reports 0 (other types are tracked)',
  });
  out.push({
    command: 'CONFIG SET',
    why: `of parameters other than ${[...EFFECTIVE_CONFIG].join(', ')}: accepted and stored, without effect`,
  });
  for (const [name, why] of Object.entries(CONFIG_WHY)) out.push({ command: `CONFIG SET ${name}`, why });
  return out;
}
