// Matchers for vitest and jest, over a test server's command log and keyspace:
//
//     import { matchers } from 'respite/testing';
//     expect.extend(matchers);
//     expect(server).toHaveReceived('SET', 'k', 'v');
//     expect(server).toHaveReceivedTimes(1, 'EXPIRE', 'k', expect.anything());
//     expect(server).toHaveReceivedCommand('MULTI');
//     expect(server).toHaveKey('user:1', { name: 'Ada' });
//
// Neither runner is a dependency: a matcher's `this` is typed by the little it uses (isNot, equals),
// which both runners provide. Arguments compare as text with the runner's equality, so asymmetric
// matchers work (expect.anything(), expect.stringMatching(/^job:/)); numbers compare as their decimal
// text, the way they went over the wire. Command names compare in any case.

import type { LogEntry } from './log.js';
import type { PlainValue } from './state.js';

/** What a matcher needs from the runner's `this`: both vitest and jest provide it. */
interface MatcherContext {
  isNot: boolean;
  equals(a: unknown, b: unknown): boolean;
}

interface MatcherResult {
  pass: boolean;
  message(): string;
}

/** What the matchers read: a test server (startServer from respite/testing), structurally. */
interface Inspectable {
  log: { entries(): readonly LogEntry[]; enabled: boolean };
  db(index?: number): { get(key: string): PlainValue | null; has(key: string): boolean };
}

/** Add these to the runner's matcher types; see the README for the one-line declaration. */
export interface RespiteMatchers<R = unknown> {
  /** Some connection sent exactly this command (name in any case, then these arguments). */
  toHaveReceived(command: string, ...args: unknown[]): R;
  /** Connections sent exactly this command `times` times in all. */
  toHaveReceivedTimes(times: number, command: string, ...args: unknown[]): R;
  /** Some connection sent this command, with any arguments. */
  toHaveReceivedCommand(command: string): R;
  /** Database 0 (or `options.db`) holds `key`, with this value when one is given (see DbView.get). */
  toHaveKey(key: string, value?: unknown, options?: { db?: number }): R;
}

function inspectable(received: unknown): Inspectable {
  const r = received as Partial<Inspectable> | null;
  if (!r || typeof r.log?.entries !== 'function' || typeof r.db !== 'function') {
    throw new TypeError('respite matchers expect a server from startServer() of respite/testing');
  }
  if (!r.log.enabled)
    throw new Error('respite matchers need the command log: start the server with log: true');
  return r as Inspectable;
}

function show(command: string, args: readonly unknown[]): string {
  const text = (a: unknown) =>
    typeof a === 'string' ? JSON.stringify(a) : typeof a === 'number' ? String(a) : `<${describe(a)}>`;
  return [command.toUpperCase(), ...args.map(text)].join(' ');
}

function describe(a: unknown): string {
  if (a !== null && typeof a === 'object') {
    const name = (a as { toString(): string }).toString();
    if (name !== '[object Object]') return name;
  }
  try {
    return JSON.stringify(a);
  } catch {
    return String(a);
  }
}

function lastCommands(entries: readonly LogEntry[]): string {
  const tail = entries.slice(-15);
  if (tail.length === 0) return '  (nothing)';
  const lines = tail.map((e) => `  ${show(e.argv[0], e.argv.slice(1))}`);
  if (entries.length > tail.length) lines.unshift(`  ... ${entries.length - tail.length} earlier`);
  return lines.join('\n');
}

function matching(
  ctx: MatcherContext,
  entries: readonly LogEntry[],
  command: string,
  args: unknown[],
): number {
  const upper = command.toUpperCase();
  const expected = args.map((a) => (typeof a === 'number' || typeof a === 'bigint' ? String(a) : a));
  let n = 0;
  for (const e of entries) {
    if (e.command !== upper || e.argv.length !== expected.length + 1) continue;
    if (expected.every((a, i) => ctx.equals(e.argv[i + 1], a))) n++;
  }
  return n;
}

export const matchers = {
  toHaveReceived(
    this: MatcherContext,
    received: unknown,
    command: string,
    ...args: unknown[]
  ): MatcherResult {
    const entries = inspectable(received).log.entries();
    const n = matching(this, entries, command, args);
    return {
      pass: n > 0,
      message: () =>
        n > 0
          ? `expected the server not to have received ${show(command, args)}, but it did (${n}×)`
          : `expected the server to have received ${show(command, args)}; the last commands were:\n${lastCommands(entries)}`,
    };
  },

  toHaveReceivedTimes(
    this: MatcherContext,
    received: unknown,
    times: number,
    command: string,
    ...args: unknown[]
  ): MatcherResult {
    const entries = inspectable(received).log.entries();
    const n = matching(this, entries, command, args);
    return {
      pass: n === times,
      message: () =>
        `expected the server ${this.isNot ? 'not ' : ''}to have received ${show(command, args)} ${times}×, it did ${n}×; the last commands were:\n${lastCommands(entries)}`,
    };
  },

  toHaveReceivedCommand(this: MatcherContext, received: unknown, command: string): MatcherResult {
    const entries = inspectable(received).log.entries();
    const upper = command.toUpperCase();
    const n = entries.filter((e) => e.command === upper).length;
    return {
      pass: n > 0,
      message: () =>
        n > 0
          ? `expected the server not to have received ${upper}, but it did (${n}×)`
          : `expected the server to have received ${upper}; the last commands were:\n${lastCommands(entries)}`,
    };
  },

  toHaveKey(
    this: MatcherContext,
    received: unknown,
    key: string,
    ...rest: [value?: unknown, options?: { db?: number }]
  ): MatcherResult {
    const db = inspectable(received).db(rest[1]?.db ?? 0);
    const actual = db.get(key);
    const checkValue = rest.length > 0 && rest[0] !== undefined;
    const pass = actual !== null && (!checkValue || this.equals(actual, rest[0]));
    return {
      pass,
      message: () => {
        if (actual === null) return `expected key ${JSON.stringify(key)} to exist, but it does not`;
        if (!checkValue)
          return `expected key ${JSON.stringify(key)} not to exist, but it holds ${describe(actual)}`;
        return `expected key ${JSON.stringify(key)} ${this.isNot ? 'not ' : ''}to hold ${describe(rest[0])}; it holds ${describe(actual)}`;
      },
    };
  },
};
