// The slow log, as Redis's slowlog.c: commands that ran for at least slowlog-log-slower-than
// microseconds (0 logs every command, -1 none), newest first, at most slowlog-max-len of them.
//
// dispatch's call() offers each command it ran; a blocking command is offered once it is served, with
// its whole time (a wait that times out is not logged, as in Redis 7.0); a script that moved to a
// worker thread is offered when it ends. Commands flagged skip_slowlog (EXEC) are not logged, the
// commands EXEC and scripts run are. An entry keeps at most 32 arguments of at most 128 bytes each,
// and passwords are "(redacted)" as Redis redacts them.

import type { Client } from './client.js';
import type { Command } from './commands/table.js';
import { redactedArgs } from './monitor.js';

/** Redis's SLOWLOG_ENTRY_MAX_ARGC and SLOWLOG_ENTRY_MAX_STRING. */
const MAX_ARGC = 32;
const MAX_STRING = 128;

export interface SlowlogEntry {
  readonly id: number;
  /** Server clock, whole seconds. */
  readonly time: number;
  readonly durationUs: number;
  readonly args: readonly string[];
  /** ip:port of the client ("?:0" for a script's commands), and its name. */
  readonly peer: string;
  readonly name: string;
}

export class SlowLog {
  /** Newest first. */
  entries: SlowlogEntry[] = [];
  /** Ids keep counting across SLOWLOG RESET, as Redis's slowlog_entry_id. */
  nextId = 0;
  /** slowlog-log-slower-than, with -1 (off) as Infinity: call() compares one number per command. */
  slowerThan = 10000;
  maxLen = 128;

  /** Whether offer() has anything to do: the command was slow, or the log is over a lowered max-len. */
  wants(durationUs: number): boolean {
    return durationUs >= this.slowerThan || this.entries.length > this.maxLen;
  }

  /**
   * Log a command that ran for `durationUs` if it was slow enough; then, as Redis after every command
   * while the log is on, drop the oldest entries beyond slowlog-max-len.
   */
  offer(c: Client, cmd: Command, argv: string[], durationUs: number): void {
    if (this.slowerThan === Number.POSITIVE_INFINITY || cmd.flags.includes('skip_slowlog')) return;
    if (durationUs >= this.slowerThan) this.push(c, argv, durationUs);
    if (this.entries.length > this.maxLen) this.entries.length = this.maxLen;
  }

  private push(c: Client, argv: string[], durationUs: number): void {
    const shown = redactedArgs(argv);
    const argc = Math.min(shown.length, MAX_ARGC);
    const args: string[] = [];
    for (let i = 0; i < argc; i++) {
      const arg = shown[i];
      if (argc !== shown.length && i === argc - 1) {
        args.push(`... (${shown.length - argc + 1} more arguments)`);
      } else if (arg.length > MAX_STRING) {
        args.push(`${arg.slice(0, MAX_STRING)}... (${arg.length - MAX_STRING} more bytes)`);
      } else {
        args.push(arg);
      }
    }
    this.entries.unshift({
      id: this.nextId++,
      time: Math.floor(c.server.clock.now() / 1000),
      durationUs: Math.floor(durationUs),
      args,
      peer: c.isScriptClient ? '?:0' : c.addr,
      name: c.name,
    });
  }
}
