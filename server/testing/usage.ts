// The usage report: which commands, subcommands and options the code under test used, and which of
// them respite answers only approximately (see approximations.ts). Read it at the end of a run to
// know what a green test run against respite vouches for.

import type { Client } from '../client.js';
import { type Command, lookupCommand } from '../commands/table.js';
import { toUtf8 } from '../protocol/bytes.js';
import { approximation } from './approximations.js';

/**
 * Option keywords worth counting when they appear as an argument. Counting every argument would
 * count values; counting words from this set tells "SET ... NX PX" from "SET ..." cheaply.
 */
const OPTION_WORDS = new Set(
  (
    'NX XX GT LT CH INCR EX PX EXAT PXAT KEEPTTL GET PERSIST WITHSCORES WITHSCORE LIMIT MATCH COUNT TYPE ' +
    'BYSCORE BYLEX REV WEIGHTS AGGREGATE SUM MIN MAX STORE ALPHA ASC DESC BY LEFT RIGHT BEFORE AFTER RANK ' +
    'MAXLEN MINID NOMKSTREAM BLOCK STREAMS GROUP NOACK JUSTID IDLE TIME RETRYCOUNT FORCE LASTID MKSTREAM ' +
    'ENTRIESREAD FULL IDX MINMATCHLEN WITHMATCHLEN LEN REPLACE DB ABSTTL FREQ ASYNC SYNC SCHEDULE WITHVALUES ' +
    'BIT BYTE OVERFLOW WRAP SAT FAIL INCRBY SET NOVALUES SCORES WITHCODE'
  ).split(' '),
);

export interface UsageEntry {
  /** "SET", or "CLIENT SETNAME" for a subcommand. */
  readonly command: string;
  readonly calls: number;
  /** Option keywords seen, with how often. */
  readonly options: Readonly<Record<string, number>>;
  /** Why respite only approximates what was used, when it does (one line per distinct reason). */
  readonly approximate: readonly string[];
}

export interface UsageReport {
  readonly commands: readonly UsageEntry[];
  /** Commands respite does not know, as sent (upper case), with how often. */
  readonly unknown: Readonly<Record<string, number>>;
}

interface Counter {
  calls: number;
  options: Map<string, number>;
  approximate: Set<string>;
}

export class Usage {
  private byCommand = new Map<Command, Counter>();
  private unknown = new Map<string, number>();
  enabled: boolean;

  constructor(
    enabled: boolean,
    private readonly changed: () => void = () => {},
  ) {
    this.enabled = enabled;
  }

  enable(on = true): void {
    this.enabled = on;
    this.changed();
  }

  record(client: Client, argv: readonly string[]): void {
    const cmd = lookupCommand(argv as string[]);
    if (cmd === undefined) {
      const name = toUtf8(argv[0]).toUpperCase();
      this.unknown.set(name, (this.unknown.get(name) ?? 0) + 1);
      return;
    }
    let counter = this.byCommand.get(cmd);
    if (counter === undefined) {
      counter = { calls: 0, options: new Map(), approximate: new Set() };
      this.byCommand.set(cmd, counter);
    }
    counter.calls++;
    for (let i = cmd.parent ? 2 : 1; i < argv.length; i++) {
      const a = argv[i];
      if (a.length > 12 || a.length < 2) continue;
      const word = a.toUpperCase();
      if (OPTION_WORDS.has(word)) counter.options.set(word, (counter.options.get(word) ?? 0) + 1);
    }
    const why = approximation(cmd, argv, client.db);
    if (why !== null) counter.approximate.add(why);
  }

  report(): UsageReport {
    const commands: UsageEntry[] = [];
    for (const [cmd, c] of this.byCommand) {
      commands.push({
        command: cmd.fullname.replace('|', ' ').toUpperCase(),
        calls: c.calls,
        options: Object.fromEntries([...c.options].sort()),
        approximate: [...c.approximate],
      });
    }
    commands.sort((a, b) => (a.command < b.command ? -1 : a.command > b.command ? 1 : 0));
    return { commands, unknown: Object.fromEntries(this.unknown) };
  }

  clear(): void {
    this.byCommand.clear();
    this.unknown.clear();
  }
}

/** The report as text, one command a line; approximate ones marked with "~" and their reasons. */
export function formatUsage(report: UsageReport): string {
  const lines: string[] = [];
  const width = Math.max(7, ...report.commands.map((e) => e.command.length));
  lines.push(`  ${'command'.padEnd(width)}  calls  options`);
  for (const e of report.commands) {
    const options = Object.entries(e.options)
      .map(([o, n]) => `${o}:${n}`)
      .join(' ');
    const mark = e.approximate.length > 0 ? '~' : ' ';
    lines.push(`${mark} ${e.command.padEnd(width)}  ${String(e.calls).padStart(5)}  ${options}`.trimEnd());
    for (const why of e.approximate) lines.push(`    ~ ${why}`);
  }
  for (const [name, n] of Object.entries(report.unknown)) {
    lines.push(`! ${name.padEnd(width)}  ${String(n).padStart(5)}  (unknown to respite)`);
  }
  const approximate = report.commands.filter((e) => e.approximate.length > 0).length;
  lines.push(
    `${report.commands.length} commands used, ${approximate} approximate (~), ${Object.keys(report.unknown).length} unknown (!)`,
  );
  return `${lines.join('\n')}\n`;
}
