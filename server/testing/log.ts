// The command log: what each connection sent, in order, for tests to assert on.
//
// Entries are recorded as the commands arrive (before any check, so refused and unknown commands are
// there too), with arguments decoded as UTF-8 text. Commands respite runs for itself (seed, flush)
// and the admin command RESPITE are not logged. Off unless enabled: then dispatch does not call it.

import type { Client } from '../client.js';
import { toUtf8 } from '../protocol/bytes.js';

export interface LogEntry {
  /** The connection's id (CLIENT ID). */
  readonly client: number;
  /** The connection's name (CLIENT SETNAME) when the command arrived. */
  readonly clientName: string;
  /** The database selected when the command arrived. */
  readonly db: number;
  /** The command name in upper case, as the matchers compare it. */
  readonly command: string;
  /** Every argument including the command name, as text. */
  readonly argv: readonly string[];
  /** Server clock time (epoch ms) of arrival. */
  readonly time: number;
}

export class CommandLog {
  private items: LogEntry[] = [];
  enabled: boolean;

  constructor(
    enabled: boolean,
    /** Oldest entries are dropped beyond this many. */
    public limit = 100_000,
    private readonly changed: () => void = () => {},
  ) {
    this.enabled = enabled;
  }

  /** Start or stop recording (entries so far are kept). */
  enable(on = true): void {
    this.enabled = on;
    this.changed();
  }

  record(client: Client, argv: readonly string[]): void {
    const text = argv.map(toUtf8);
    this.items.push({
      client: client.id,
      clientName: client.name,
      db: client.db.id,
      command: text[0].toUpperCase(),
      argv: text,
      time: client.server.clock.now(),
    });
    if (this.items.length > this.limit * 2) this.items = this.items.slice(-this.limit);
  }

  /** Every entry, oldest first; or those of one connection. */
  entries(client?: number): readonly LogEntry[] {
    const all = this.items.length > this.limit ? this.items.slice(-this.limit) : this.items;
    return client === undefined ? all : all.filter((e) => e.client === client);
  }

  /** The commands as argument arrays, oldest first (handy for toEqual). */
  commands(client?: number): string[][] {
    return this.entries(client).map((e) => [...e.argv]);
  }

  /** Entries of the command `name` (any case), optionally with these leading arguments. */
  find(name: string, ...args: string[]): LogEntry[] {
    const upper = name.toUpperCase();
    return this.entries().filter((e) => e.command === upper && args.every((a, i) => e.argv[i + 1] === a));
  }

  clear(): void {
    this.items = [];
  }
}
