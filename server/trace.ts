// --trace: every frame on every connection, as it crossed the wire, one annotated line per frame.
//
//   #1 connected 127.0.0.1:50712
//   #1 in  array     *3   (35 bytes)  "SET" "greeting" "hello"
//   #1 out simple    +    (5 bytes)   OK
//   #1 in  inline         (6 bytes)   PING
//   #1 out map       %2   (28 bytes)  {"a" => :1, "b" => :2}
//   #1 closed
//
// Columns: connection id, direction (in: client to server, out: server to client), the frame's RESP
// type, its header (type byte and length or count), its size in bytes, and its payload, shortened
// when long. Nested elements are written in a RESP-like shorthand: "bulk", +simple, :integer, ,double,
// #t, -error, null as it was sent ($-1, *-1 or _), [array], ~[set], {map}.
//
// Tracing costs nothing when it is off: nothing in the connection's path tests for it. installTrace
// is called for each new connection only on a traced server, and taps that one socket: a 'data'
// listener placed before the connection's own, and a wrapper around its write(). The frames are
// found again from the bytes by a reader of its own (requests) and by the client's RESP3 parser
// (replies), independent of the server's own parser: the trace shows what was on the wire, even
// bytes the server refused.

import type { Socket } from 'node:net';
import { type Frame, Resp3Parser } from '../client/resp3.js';
import { quoteArg } from './monitor.js';

/** Where trace lines go: one call per line, without the newline. */
export type TraceSink = (line: string) => void;

/** Longest bulk string shown whole; longer ones show their start and how many bytes were left out. */
const MAX_SHOWN_BYTES = 40;
/** Most elements shown of an array, set or map. */
const MAX_SHOWN_ELEMENTS = 8;

/** Start tracing one connection. */
export function installTrace(socket: Socket, id: number, sink: TraceSink): void {
  const tag = `#${id}`;
  sink(`${tag} connected ${socket.remoteAddress}:${socket.remotePort}`);
  const requests = new RequestReader();
  const replies = new Resp3Parser();
  socket.prependListener('data', (chunk: Buffer) => {
    for (const line of requests.feed(chunk)) sink(`${tag} in  ${line}`);
  });
  const write = socket.write.bind(socket) as (chunk: Buffer) => boolean;
  socket.write = ((chunk: Buffer | string, ...rest: unknown[]) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    try {
      for (const { frame, raw } of replies.feed(bytes)) sink(`${tag} out ${describe(frame, raw.length)}`);
    } catch {
      sink(`${tag} out unparsed       (${bytes.length} bytes)  ${shorten(bytes)}`);
    }
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof socket.write;
  socket.once('close', () => sink(`${tag} closed`));
}

/** One line for a reply frame: type, header, size, payload. */
export function describe(frame: Frame, size: number): string {
  return columns(typeName(frame), header(frame), size, payload(frame, true));
}

function columns(type: string, head: string, size: number, body: string): string {
  const bytes = `(${size} ${size === 1 ? 'byte' : 'bytes'})`;
  return `${type.padEnd(9)} ${head.padEnd(4)} ${bytes.padEnd(12)} ${body}`.trimEnd();
}

function typeName(f: Frame): string {
  switch (f.kind) {
    case 'simple':
    case 'error':
    case 'integer':
    case 'bulk':
    case 'null':
    case 'double':
    case 'boolean':
    case 'verbatim':
    case 'array':
    case 'set':
    case 'push':
    case 'map':
      return f.kind;
    case 'bignum':
      return 'big number';
    case 'attribute':
      return 'attribute';
  }
}

/** The type byte and the length or count, as on the wire. */
function header(f: Frame): string {
  switch (f.kind) {
    case 'simple':
      return '+';
    case 'error':
      return '-';
    case 'integer':
      return ':';
    case 'double':
      return ',';
    case 'boolean':
      return '#';
    case 'bignum':
      return '(';
    case 'null':
      return f.wire;
    case 'bulk':
      return `$${f.data.length}`;
    case 'verbatim':
      return `=${f.data.length + 4}`;
    case 'array':
      return `*${f.items.length}`;
    case 'set':
      return `~${f.items.length}`;
    case 'push':
      return `>${f.items.length}`;
    case 'map':
      return `%${f.entries.length}`;
    case 'attribute':
      return `|${f.entries.length}`;
  }
}

/** What a frame holds; at the top level without the type marks the columns already show. */
function payload(f: Frame, top = false): string {
  switch (f.kind) {
    case 'simple':
      return top ? f.text : `+${f.text}`;
    case 'error':
      return top ? f.text : `-${f.text}`;
    case 'integer':
      return top ? f.text : `:${f.text}`;
    case 'double':
      return top ? f.text : `,${f.text}`;
    case 'bignum':
      return top ? f.text : `(${f.text}`;
    case 'boolean':
      return top ? String(f.value) : f.value ? '#t' : '#f';
    case 'null':
      return top ? '' : f.wire;
    case 'bulk':
      return shorten(f.data);
    case 'verbatim':
      return `${f.format}:${shorten(f.data)}`;
    case 'array':
    case 'set':
    case 'push': {
      const inner = list(f.items.map((item) => payload(item)));
      if (top) return inner;
      return f.kind === 'array' ? `[${inner}]` : f.kind === 'set' ? `~[${inner}]` : `>[${inner}]`;
    }
    case 'map':
    case 'attribute': {
      const inner = list(
        f.entries.map(([k, v]) => `${payload(k)} => ${payload(v)}`),
        ', ',
      );
      const map = `{${inner}}`;
      return f.kind === 'attribute' ? `${map} then ${payload(f.reply)}` : map;
    }
  }
}

function list(items: string[], separator = ' '): string {
  if (items.length <= MAX_SHOWN_ELEMENTS) return items.join(separator);
  const more = items.length - MAX_SHOWN_ELEMENTS;
  return `${items.slice(0, MAX_SHOWN_ELEMENTS).join(separator)}${separator}... (${more} more)`;
}

/** Bytes quoted as MONITOR quotes them, the start only when long. */
function shorten(data: Buffer): string {
  if (data.length <= MAX_SHOWN_BYTES) return quoteArg(data.latin1Slice(0, data.length));
  const more = data.length - MAX_SHOWN_BYTES;
  return `${quoteArg(data.latin1Slice(0, MAX_SHOWN_BYTES))}... (${more} more bytes)`;
}

/**
 * Finds the requests in what a client sends, as the server's parser would see them: a multibulk
 * request (*N then N bulk strings) or an inline one (a line). Bytes that are not a valid request
 * are shown once as they are and dropped, since the server answers them with a protocol error.
 */
class RequestReader {
  private buf: Buffer = Buffer.alloc(0);

  feed(chunk: Buffer): string[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const lines: string[] = [];
    while (this.buf.length > 0) {
      const found = this.buf[0] === 0x2a /* '*' */ ? this.multibulk() : this.inline();
      if (found === null) break;
      lines.push(found.line);
      this.buf = this.buf.subarray(found.size);
    }
    return lines;
  }

  private inline(): { line: string; size: number } | null {
    const lf = this.buf.indexOf(0x0a);
    if (lf < 0) return null;
    const size = lf + 1;
    const text = this.buf.subarray(0, this.buf[lf - 1] === 0x0d ? lf - 1 : lf);
    return { line: columns('inline', '', size, shorten(text)), size };
  }

  private multibulk(): { line: string; size: number } | null {
    const buf = this.buf;
    let pos = 0;
    const lineAt = (): string | null => {
      const cr = buf.indexOf('\r\n', pos, 'latin1');
      if (cr < 0) return null;
      const text = buf.latin1Slice(pos, cr);
      pos = cr + 2;
      return text;
    };
    const invalid = () => {
      const size = buf.length;
      return { line: columns('invalid', '', size, shorten(buf)), size };
    };
    const count = lineAt()?.slice(1);
    if (count === undefined) return null;
    if (!/^-?\d+$/.test(count)) return invalid();
    const args: string[] = [];
    for (let i = 0; i < Number(count); i++) {
      const head = lineAt();
      if (head === null) return null;
      if (!/^\$\d+$/.test(head)) return invalid();
      const n = Number(head.slice(1));
      if (pos + n + 2 > buf.length) return null;
      args.push(shorten(buf.subarray(pos, pos + n)));
      pos += n + 2;
    }
    return { line: columns('array', `*${count}`, pos, list(args)), size: pos };
  }
}
