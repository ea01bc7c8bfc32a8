// Fault injection: rules that make chosen commands fail, slow down, drop the connection, or arrive in
// pieces, so tests can see how the code under test copes with a Redis that misbehaves.
//
//     faults.add({ command: 'GET', key: 'user:*', error: 'LOADING' });     // -LOADING Redis is loading...
//     faults.add({ command: ['SET', 'DEL'], error: 'READONLY', times: 1 }); // once, then the rule is gone
//     faults.add({ command: 'HGETALL', latency: 200 });                   // reply 200 ms (real time) late
//     faults.add({ command: 'GET', close: true, after: 2 });              // 3rd GET on a connection drops it
//     faults.add({ chunk: { max: 3 } });                                   // every reply in 1..3-byte pieces
//
// A rule matches a command by name (any case; a container name such as CLIENT covers its subcommands,
// "CLIENT|LIST" or "CLIENT LIST" one of them; no name: every command) and, with `key`, by a glob over
// the command's keys (at least one must match). `after` lets that many matching commands through on
// each connection first; `times` removes the rule after it has acted that many times in all.
//
// Effects, one per rule:
//   error    the command does not run; the reply is this error. A bare code among BUSY, LOADING,
//            READONLY, OOM, TRYAGAIN, MASTERDOWN, CLUSTERDOWN, NOREPLICAS, MISCONF becomes Redis's full
//            message; any other text is sent as it is ("ERR boom", "MOVED 3999 127.0.0.1:6381").
//            Inside MULTI it is a refusal at queue time, so EXEC answers EXECABORT, as Redis does.
//   latency  the command runs at once, and the write that carries its reply (and every write after it
//            on that connection, to keep their order) leaves that many milliseconds later. This is
//            real time, not the server clock: what it tests is the client's own timers (command
//            timeouts, retries), which run on the wall clock whatever respite's clock says.
//   close    the command does not run; the connection is closed after the replies before it.
//   chunk    the replies to matching commands leave in pieces of 1..max bytes (default 16), split at
//            random offsets, one write per piece with a turn of the event loop between them, so the
//            client's parser meets replies cut anywhere. `seed` makes the offsets repeatable.
//
// Rules are checked in the order they were added; the first `error` or `close` rule that acts wins,
// while latency and chunk rules combine with each other and with the command running.

import { type Client, closeSocket } from '../client.js';
import { type Command, commandKeys } from '../commands/table.js';
import { FAULT_ERRORS } from '../errors.js';
import { compileGlob, type GlobMatcher } from '../glob.js';
import { fromUtf8 } from '../protocol/bytes.js';

export interface FaultRule {
  /** Command name(s); omitted or '*': every command. */
  command?: string | readonly string[];
  /** Only commands with a key matching this glob pattern (KEYS's syntax). */
  key?: string;
  /** Reply with this error instead of running the command (a code such as 'LOADING', or any text). */
  error?: string;
  /** Delay the reply by this many milliseconds of real time. */
  latency?: number;
  /** Close the connection instead of running the command. */
  close?: boolean;
  /** Split replies into small pieces at random offsets. */
  chunk?: boolean | { max?: number; seed?: number };
  /** Let this many matching commands through on each connection before acting. */
  after?: number;
  /** Act this many times in all, then remove the rule. */
  times?: number;
}

/** A rule as added: with its id, and how often it has acted. */
export interface ActiveFault extends Readonly<FaultRule> {
  readonly id: number;
  readonly hits: number;
}

/** What the matching rules decided for one command. */
export interface FaultVerdict {
  /** Refuse with this error, or drop the connection ('close'); null: run the command. */
  refuse: string | 'close' | null;
  latency: number;
  chunk: { max: number; random: () => number } | null;
}

interface Rule {
  id: number;
  spec: Readonly<FaultRule>;
  /** Lower-case names (a subcommand as "client|list"), or null for every command. */
  names: Set<string> | null;
  key: GlobMatcher | null;
  hits: number;
  /** Matching commands seen per connection, for `after`. */
  seen: WeakMap<Client, number>;
  random: () => number;
}

/** A small seeded generator (mulberry32), so a chunking rule with a seed splits the same way each run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The error text a rule's `error` stands for. */
export function faultError(error: string): string {
  const text = error.startsWith('-') ? error.slice(1) : error;
  return FAULT_ERRORS[text.toUpperCase()] ?? text;
}

function validate(spec: FaultRule): void {
  const effects = [spec.error !== undefined, spec.latency !== undefined, spec.close === true, !!spec.chunk];
  if (effects.filter(Boolean).length !== 1) {
    throw new Error('respite: a fault rule needs exactly one of error, latency, close or chunk');
  }
  const count = (name: string, n: number | undefined, min: number) => {
    if (n !== undefined && !(Number.isInteger(n) && n >= min)) {
      throw new Error(`respite: fault rule ${name} must be an integer >= ${min}`);
    }
  };
  count('latency', spec.latency, 0);
  count('after', spec.after, 0);
  count('times', spec.times, 1);
  if (typeof spec.chunk === 'object') count('chunk.max', spec.chunk.max, 1);
  if (spec.error !== undefined && /[\r\n]/.test(spec.error)) {
    throw new Error('respite: a fault error cannot contain newlines');
  }
}

export class Faults {
  private rules: Rule[] = [];
  private nextId = 1;

  constructor(private readonly changed: () => void) {}

  get size(): number {
    return this.rules.length;
  }

  /** Add a rule; returns its id (for remove()). */
  add(spec: FaultRule): number {
    validate(spec);
    const names =
      spec.command === undefined || spec.command === '*'
        ? null
        : new Set(
            (typeof spec.command === 'string' ? [spec.command] : spec.command).map((n) =>
              n.toLowerCase().replace(' ', '|'),
            ),
          );
    const seed = typeof spec.chunk === 'object' ? spec.chunk.seed : undefined;
    const rule: Rule = {
      id: this.nextId++,
      spec: { ...spec },
      names,
      key: spec.key === undefined ? null : compileGlob(fromUtf8(spec.key)),
      hits: 0,
      seen: new WeakMap(),
      random: seed === undefined ? Math.random : prng(seed),
    };
    this.rules.push(rule);
    this.changed();
    return rule.id;
  }

  /** Remove a rule by id; returns whether it existed. */
  remove(id: number): boolean {
    const i = this.rules.findIndex((r) => r.id === id);
    if (i < 0) return false;
    this.rules.splice(i, 1);
    this.changed();
    return true;
  }

  /** Remove every rule. */
  clear(): void {
    this.rules = [];
    this.changed();
  }

  /** The rules in force, in the order they are checked. */
  list(): ActiveFault[] {
    return this.rules.map((r) => ({ ...r.spec, id: r.id, hits: r.hits }));
  }

  /** Decide what the rules do to `argv` (resolved to `cmd`) from `client`; null when none acts. */
  check(client: Client, cmd: Command, argv: string[]): FaultVerdict | null {
    let verdict: FaultVerdict | null = null;
    let keys: string[] | null = null;
    for (const rule of [...this.rules]) {
      if (rule.names !== null && !matchesName(rule.names, cmd)) continue;
      if (rule.key !== null) {
        keys ??= commandKeys(cmd, argv).map((i) => argv[i]);
        if (!keys.some(rule.key)) continue;
      }
      const seen = (rule.seen.get(client) ?? 0) + 1;
      rule.seen.set(client, seen);
      if (seen <= (rule.spec.after ?? 0)) continue;
      const spec = rule.spec;
      verdict ??= { refuse: null, latency: 0, chunk: null };
      if (verdict.refuse !== null && (spec.error !== undefined || spec.close)) continue;
      rule.hits++;
      if (spec.error !== undefined) verdict.refuse = faultError(spec.error);
      else if (spec.close) verdict.refuse = 'close';
      else if (spec.latency !== undefined) verdict.latency = Math.max(verdict.latency, spec.latency);
      else if (spec.chunk) {
        const max = typeof spec.chunk === 'object' ? (spec.chunk.max ?? 16) : 16;
        verdict.chunk = { max: Math.min(max, verdict.chunk?.max ?? max), random: rule.random };
      }
      if (spec.times !== undefined && rule.hits >= spec.times) this.remove(rule.id);
    }
    return verdict;
  }
}

function matchesName(names: Set<string>, cmd: Command): boolean {
  return names.has(cmd.fullname) || (cmd.parent !== null && names.has(cmd.parent.name));
}

// ---- shaping a connection's output --------------------------------------------------------------

interface Pending {
  bytes: Buffer | null; // null: end the connection
  delay: number;
  chunk: FaultVerdict['chunk'];
}

/**
 * A connection's writes while latency or chunking applies: kept in order, each leaving when its delay
 * is over, in pieces if asked. Writes with nothing to wait for go straight out when nothing is queued.
 */
export class ShapedOutput {
  /** Set by the verdicts of the commands in the batch being answered; taken by the next write. */
  delayNext = 0;
  chunkNext: FaultVerdict['chunk'] = null;
  private queue: Pending[] = [];
  private pumping = false;

  constructor(
    private readonly client: Client,
    /** Told +1 when output starts being held back and -1 when all of it has left. */
    private readonly busy: (delta: number) => void,
  ) {}

  write(bytes: Buffer): void {
    const socket = this.client.socket;
    if (socket === null) return;
    if (!this.pumping && this.delayNext === 0 && this.chunkNext === null) {
      socket.write(bytes);
      return;
    }
    this.queue.push({ bytes, delay: this.delayNext, chunk: this.chunkNext });
    this.delayNext = 0;
    this.chunkNext = null;
    this.pump();
  }

  end(): void {
    const socket = this.client.socket;
    if (socket === null) return;
    if (!this.pumping) {
      closeSocket(socket);
      return;
    }
    this.queue.push({ bytes: null, delay: 0, chunk: null });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    this.busy(1);
    const socket = this.client.socket!;
    try {
      while (this.queue.length > 0) {
        const next = this.queue.shift()!;
        if (next.delay > 0) await new Promise((resolve) => setTimeout(resolve, next.delay));
        if (socket.destroyed) return;
        if (next.bytes === null) {
          closeSocket(socket);
          return;
        }
        if (next.chunk === null) {
          socket.write(next.bytes);
          continue;
        }
        const { max, random } = next.chunk;
        for (let at = 0; at < next.bytes.length; ) {
          const size = 1 + Math.floor(random() * max);
          socket.write(next.bytes.subarray(at, at + size));
          at += size;
          if (at < next.bytes.length) await new Promise((resolve) => setImmediate(resolve));
          if (socket.destroyed) return;
        }
      }
    } finally {
      this.pumping = false;
      this.queue = [];
      this.busy(-1);
    }
  }
}
