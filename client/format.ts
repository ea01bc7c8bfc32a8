// Replies as redis-cli 7.0 prints them, and command lines split as redis-cli splits them.
//
// redis-cli has two output modes. On a terminal it prints replies for people ("tty" mode):
//
//   127.0.0.1:6379> LRANGE l 0 -1            127.0.0.1:6379> HGETALL h      (RESP3)
//    1) "a"                                  1# "f1" => "v1"
//    ...                                     2# "f2" => "v2"
//   10) "j"
//
// the index right-aligned to the width of the largest one, nested aggregates indented under their
// parent's index, "(integer) 1", "(nil)", "(error) ERR ...", "(double) 1.5", "(true)", sets numbered
// with "~" and maps with "#". When its output is not a terminal (a pipe, a file) it prints the raw
// values, one per line ("raw" mode), which is what scripts want. --raw and --no-raw choose
// explicitly.
//
// All text here is byte strings (one character per byte, latin1), written out as such, so binary
// values print exactly as redis-cli prints them.

import type { Frame } from './resp3.js';

/** A value quoted as redis-cli quotes bulk strings (its sdscatrepr): "a\x00b\n". */
export function repr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 0x5c || ch === 0x22) out += `\\${s[i]}`;
    else if (ch === 0x0a) out += '\\n';
    else if (ch === 0x0d) out += '\\r';
    else if (ch === 0x09) out += '\\t';
    else if (ch === 0x07) out += '\\a';
    else if (ch === 0x08) out += '\\b';
    else if (ch >= 0x20 && ch <= 0x7e) out += s[i];
    else out += `\\x${ch.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

const latin1 = (b: Buffer) => b.latin1Slice(0, b.length);

/** The elements of an aggregate frame, flat (a map's keys and values alternate), or null. */
function elementsOf(f: Frame): Frame[] | null {
  if (f.kind === 'array' || f.kind === 'set' || f.kind === 'push') return f.items;
  if (f.kind === 'map') return f.entries.flat();
  return null;
}

/**
 * Whether a map value needs its own lines: an aggregate with more than one element (or one whose only
 * element does). redis-cli then starts the value on a new line so the nested indexes line up.
 */
function multiline(f: Frame): boolean {
  if (f.kind === 'attribute') return multiline(f.reply);
  const items = elementsOf(f);
  if (items === null || items.length === 0) return false;
  if (f.kind === 'map') return items.length > 2 || multiline(items[1]);
  return items.length > 1 || multiline(items[0]);
}

/**
 * tty mode. `indent` is the indentation of the lines after the first: the first line of a nested
 * aggregate follows its parent's index on the same line.
 */
export function formatTTY(f: Frame, indent = ''): string {
  switch (f.kind) {
    case 'error':
      return `(error) ${f.text}\n`;
    case 'simple':
      return `${f.text}\n`;
    case 'integer':
      return `(integer) ${f.text}\n`;
    case 'double':
      return `(double) ${f.text}\n`;
    case 'bulk':
      return `${repr(latin1(f.data))}\n`;
    case 'verbatim':
      return `${latin1(f.data)}\n`;
    case 'null':
      return '(nil)\n';
    case 'boolean':
      return f.value ? '(true)\n' : '(false)\n';
    // redis-cli 7.0 stops at a big number ("Unknown reply type: 13") and cannot parse attributes;
    // we print the number as 7.2 does and the reply an attribute annotates.
    case 'bignum':
      return `(big number) ${f.text}\n`;
    case 'attribute':
      return formatTTY(f.reply, indent);
    case 'array':
    case 'set':
    case 'push':
    case 'map':
      return formatAggregateTTY(f, indent);
  }
}

function formatAggregateTTY(f: Frame & { kind: 'array' | 'set' | 'push' | 'map' }, indent: string): string {
  const items = elementsOf(f)!;
  if (items.length === 0) {
    return f.kind === 'map'
      ? '(empty hash)\n'
      : f.kind === 'set'
        ? '(empty set)\n'
        : f.kind === 'push'
          ? '(empty push)\n'
          : '(empty array)\n';
  }
  const count = f.kind === 'map' ? items.length / 2 : items.length;
  const width = String(count).length;
  // Nested lines are indented past this level's widest index and its "N) ".
  const inner = indent + ' '.repeat(width + 2);
  const mark = f.kind === 'set' ? '~' : f.kind === 'map' ? '#' : ')';
  let out = '';
  for (let n = 1; n <= count; n++) {
    // The first index follows whatever the parent already printed on this line.
    out += `${n === 1 ? '' : indent}${String(n).padStart(width)}${mark} `;
    if (f.kind !== 'map') {
      out += formatTTY(items[n - 1], inner);
      continue;
    }
    const [key, value] = [items[2 * n - 2], items[2 * n - 1]];
    out += `${formatTTY(key, inner).slice(0, -1)} => `;
    if (multiline(value)) out += `\n${inner}`;
    out += formatTTY(value, inner);
  }
  return out;
}

/**
 * raw mode: values without quotes or type notes, aggregates one element per line, a map's key and
 * value on one line separated by a space, nulls as nothing. (redis-cli's mb_delim is "\n".)
 */
export function formatRaw(f: Frame): string {
  switch (f.kind) {
    case 'null':
      return '';
    case 'error':
      return `${f.text}\n`;
    case 'simple':
      return f.text;
    case 'bulk':
    case 'verbatim':
      return latin1(f.data);
    case 'boolean':
      return f.value ? '(true)' : '(false)';
    case 'integer':
    case 'double':
    case 'bignum':
      return f.text;
    case 'attribute':
      return formatRaw(f.reply);
    case 'array':
    case 'set':
    case 'push':
      return f.items.map(formatRaw).join('\n');
    case 'map':
      return f.entries.map(([k, v]) => `${formatRaw(k)} ${formatRaw(v)}`).join('\n');
  }
}

export type OutputMode = 'tty' | 'raw';

/**
 * A reply as redis-cli prints it after a command: tty, or raw followed by a newline. A few commands
 * whose replies are text meant for reading (INFO, CLIENT LIST, ...) print raw without the newline in
 * either mode, as redis-cli does (see rawTextCommand).
 */
export function formatReply(f: Frame, mode: OutputMode, argv: readonly string[] = []): string {
  if (rawTextCommand(argv)) return formatRaw(f);
  return mode === 'tty' ? formatTTY(f) : `${formatRaw(f)}\n`;
}

/** The commands redis-cli 7.0 always prints raw: their replies are text for people. */
export function rawTextCommand(argv: readonly string[]): boolean {
  const [cmd, sub] = argv.map((a) => a.toLowerCase());
  const n = argv.length;
  if (cmd === 'info' || cmd === 'lolwut') return true;
  if (n < 2) return false;
  switch (cmd) {
    case 'debug':
      return sub === 'htstats' || sub === 'htstats-key' || sub === 'client-eviction';
    case 'memory':
      return sub === 'malloc-stats' || sub === 'doctor';
    case 'cluster':
      return n === 2 && (sub === 'nodes' || sub === 'info');
    case 'client':
      return sub === 'list' || sub === 'info';
    case 'latency':
      return (n === 3 && sub === 'graph') || (n === 2 && sub === 'doctor');
    case 'proxy':
      return sub === 'info';
    default:
      return false;
  }
}

/**
 * Split a command line into arguments as redis-cli does (sdssplitargs): spaces separate arguments;
 * "double quotes" allow \n \r \t \b \a \\ \" and \xHH escapes; 'single quotes' allow only \'. A
 * closing quote must be followed by a space or the end. Returns null for unbalanced quotes.
 */
export function splitArgs(line: string): string[] | null {
  const args: string[] = [];
  let i = 0;
  const isSpace = (c: string | undefined) => c !== undefined && ' \n\r\t\v\f'.includes(c);
  for (;;) {
    while (isSpace(line[i])) i++;
    if (i >= line.length) return args;
    let current = '';
    let inDouble = false;
    let inSingle = false;
    for (;;) {
      const c = line[i];
      if (inDouble) {
        if (c === undefined) return null;
        if (c === '\\' && line[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
          current += String.fromCharCode(Number.parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (c === '\\' && line[i + 1] !== undefined) {
          i++;
          const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' };
          current += escapes[line[i]] ?? line[i];
        } else if (c === '"') {
          if (line[i + 1] !== undefined && !isSpace(line[i + 1])) return null;
          inDouble = false;
          i++;
          break;
        } else {
          current += c;
        }
      } else if (inSingle) {
        if (c === undefined) return null;
        if (c === '\\' && line[i + 1] === "'") {
          i++;
          current += "'";
        } else if (c === "'") {
          if (line[i + 1] !== undefined && !isSpace(line[i + 1])) return null;
          inSingle = false;
          i++;
          break;
        } else {
          current += c;
        }
      } else if (c === undefined || isSpace(c)) {
        break;
      } else if (c === '"') {
        inDouble = true;
      } else if (c === "'") {
        inSingle = true;
      } else {
        current += c;
      }
      i++;
    }
    args.push(current);
  }
}
