// The commands page: every Redis 7.0 command and its state in respite, generated from the command
// table (docs/commands.md). A command is
//
//   implemented    in respite's table, answering as Redis does
//   approximated   in the table, but doing less than Redis in some way (server/testing/
//                  approximations.ts says which and why; strict mode refuses these)
//   missing        not in the table: respite answers "unknown command"
//
// Redis's list comes from redis-commands.ts, captured once from a real Redis 7.0, so generating the
// page needs no Redis. test/docs/commands.test.ts fails when the page is out of date.
//
//   npm run docs:commands                                   rewrite docs/commands.md
//   node dist/server/commands/catalog.js --from-redis 6379  refresh redis-commands.ts from a Redis

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listApproximations } from '../testing/approximations.js';
import { REDIS_COMMANDS, REDIS_VERSION_LISTED } from './redis-commands.js';
import { COMMANDS, type Command, lookupCommand } from './table.js';

export type CommandState = 'implemented' | 'approximated' | 'missing';

export interface CatalogEntry {
  /** "get", or "client|list" for a subcommand. */
  name: string;
  group: string;
  since: string;
  summary: string;
  state: CommandState;
  /** Why an approximated command is one. */
  note?: string;
}

/** "client|list" as Redis's documentation writes it: CLIENT LIST. */
const title = (name: string) => name.split('|').join(' ').toUpperCase();

function stateOf(
  name: string,
  approximations: { command: string; why: string }[],
): Omit<CatalogEntry, 'name' | 'group' | 'since' | 'summary'> {
  const cmd: Command | undefined = lookupCommand(name.split('|'));
  if (cmd === undefined || cmd.fullname !== name) return { state: 'missing' };
  // A whole command ("SAVE", "CONFIG REWRITE"), or forms of a command Redis lists no subcommands of
  // ("DEBUG RELOAD" for DEBUG).
  const whole = title(name);
  const hasSubcommands = REDIS_COMMANDS.some(([other]) => other.startsWith(`${name}|`));
  const notes = approximations
    .filter((a) => a.command === whole || (!hasSubcommands && a.command.startsWith(`${whole} `)))
    .map((a) => (a.command === whole ? a.why : `${a.command}: ${a.why}`));
  return notes.length === 0 ? { state: 'implemented' } : { state: 'approximated', note: notes.join('; ') };
}

/** Every Redis 7.0 command and subcommand, in Redis's order, with its state in respite. */
export function catalog(): CatalogEntry[] {
  const approximations = listApproximations();
  return REDIS_COMMANDS.map(([name, group, since, , summary]) => ({
    name,
    group,
    since,
    summary,
    ...stateOf(name, approximations),
  }));
}

/** Commands in respite's table that Redis 7.0 does not have (RESPITE, the admin command). */
export function respiteOnly(): Command[] {
  const redis = new Set(REDIS_COMMANDS.map(([name]) => name));
  return [...COMMANDS.values()].filter((cmd) => !redis.has(cmd.name));
}

// Redis's groups, in the order the page lists them.
const GROUPS: readonly [string, string][] = [
  ['connection', 'Connection'],
  ['server', 'Server'],
  ['generic', 'Keys (generic)'],
  ['string', 'Strings'],
  ['bitmap', 'Bitmaps'],
  ['list', 'Lists'],
  ['hash', 'Hashes'],
  ['set', 'Sets'],
  ['sorted-set', 'Sorted sets'],
  ['stream', 'Streams'],
  ['pubsub', 'Pub/Sub'],
  ['transactions', 'Transactions'],
  ['scripting', 'Scripting and functions'],
  ['hyperloglog', 'HyperLogLog'],
  ['geo', 'Geospatial'],
  ['cluster', 'Cluster'],
];

const STATE_MARK: Record<CommandState, string> = {
  implemented: 'implemented',
  approximated: '**approximated**',
  missing: '_missing_',
};

/** Markdown text: a pipe inside a table cell must be escaped. */
const cell = (s: string) => s.replace(/\|/g, '\\|');

/**
 * A Markdown table with its columns padded to a common width, as the repository's formatter (Biome)
 * lays tables out, so the generated page is already formatted. (Plain ASCII marks: Biome counts an
 * emoji as two columns.)
 */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** docs/commands.md. */
export function commandsPage(): string {
  const entries = catalog();
  const count = (state: CommandState) => entries.filter((e) => e.state === state).length;
  const lines = [
    '# Commands',
    '',
    `Every command of Redis 7.0 (${entries.length} commands and subcommands, as Redis ${REDIS_VERSION_LISTED} lists them)`,
    'and its state in respite:',
    '',
    '- implemented: answers as Redis does (replies, errors and edge cases are compared with a real Redis by',
    '  the test suite);',
    '- **approximated**: accepted and answered, but doing less than Redis in the way the note says',
    "  (respite's strict mode, in `respite/testing`, refuses these);",
    '- _missing_: respite answers `ERR unknown command` (or `unknown subcommand`).',
    '',
    `In all: ${count('implemented')} implemented, ${count('approximated')} approximated, ${count('missing')} missing.`,
    '',
    'This page is generated from the command table (`server/commands/catalog.ts`); do not edit it. After',
    'adding a command, run `npm run docs:commands`: the test suite fails while the page is out of date.',
    '',
  ];
  for (const [group, heading] of GROUPS) {
    const rows = entries.filter((e) => e.group === group);
    if (rows.length === 0) continue;
    const done = rows.filter((e) => e.state !== 'missing').length;
    lines.push(`## ${heading} (${done} of ${rows.length})`, '');
    const cells = rows.map((e) => [
      title(e.name),
      e.since,
      e.note ? `${STATE_MARK[e.state]}: ${cell(e.note)}` : STATE_MARK[e.state],
      cell(e.summary),
    ]);
    lines.push(...table(['Command', 'Since', 'State', 'Summary'], cells), '');
  }
  const own = respiteOnly();
  if (own.length > 0) {
    const cells = own.map((cmd) => [title(cmd.name), cell(cmd.summary)]);
    lines.push("## respite's own", '', ...table(['Command', 'Summary'], cells), '');
  }
  return lines.join('\n');
}

/** The project's directory: the nearest one above this file with a package.json (from server/ or dist/). */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/** Rewrite redis-commands.ts from a running Redis 7.0's COMMAND DOCS and COMMAND replies. */
async function refreshFromRedis(port: number): Promise<void> {
  const { RespClient } = await import('../../client/index.js');
  const c = await RespClient.connect(port);
  await c.hello(3);
  const docs = (await c.call('COMMAND', 'DOCS')) as Map<string, Map<string, unknown>>;
  const info = (await c.call('COMMAND')) as unknown[][];
  c.close();
  const arity = new Map<string, number>();
  for (const entry of info) {
    arity.set(String(entry[0]), Number(entry[1]));
    for (const sub of (entry[9] as unknown[][] | undefined) ?? []) arity.set(String(sub[0]), Number(sub[1]));
  }
  const rows: unknown[][] = [];
  const add = (name: string, d: Map<string, unknown>) =>
    rows.push([name, d.get('group'), d.get('since'), arity.get(name), String(d.get('summary')).trim()]);
  for (const [name, d] of docs) {
    add(name, d);
    for (const [sub, sd] of (d.get('subcommands') as Map<string, Map<string, unknown>> | undefined) ?? [])
      add(sub, sd);
  }
  rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const file = path.join(projectRoot(), 'server/commands/redis-commands.ts');
  const head = fs.readFileSync(file, 'utf8').split('export const REDIS_COMMANDS')[0];
  fs.writeFileSync(
    file,
    `${head}export const REDIS_COMMANDS: readonly RedisCommandEntry[] = [\n${rows.map((r) => `  ${JSON.stringify(r)},`).join('\n')}\n];\n`,
  );
  console.log(`wrote ${rows.length} commands to ${file}; now run npx biome check --write ${file}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  const at = process.argv.indexOf('--from-redis');
  if (at >= 0) {
    await refreshFromRedis(Number(process.argv[at + 1] ?? 6379));
  } else {
    const page = path.join(projectRoot(), 'docs/commands.md');
    fs.writeFileSync(page, commandsPage());
    console.log(`wrote ${page}`);
  }
}
