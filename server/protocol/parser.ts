// The request parser: bytes from a client in, commands out.
//
// A client sends either a multibulk request, an array of bulk strings:
//
//     *2\r\n$3\r\nGET\r\n$3\r\nkey\r\n
//
// or an inline request, one line split on spaces with Redis's quoting rules (what telnet users and
// redis-benchmark's ping_inline send):
//
//     GET key\r\n        SET a "b c"\r\n
//
// The parser is a state machine that keeps its place between chunks, so a command may arrive split at
// any byte and any number of commands may arrive in one chunk (pipelining):
//
//     idle ──'*'──> count ──> bulk header ($N) ──> bulk data ──> (next header | command ready)
//       └──other──> inline line ──> command ready
//
// A command is handed to `onCommand` as soon as it is complete, before the next one is parsed, because
// what a command does can change how the rest must be read (AUTH lifts the unauthenticated limits,
// QUIT ends the connection, a blocking command pauses the client). `onCommand` returns false to pause;
// `resume()` continues with the bytes already received.
//
// Malformed input gets Redis's exact error through `onError`, after which the parser stops for good
// and the connection closes once the error is written, as Redis does.
//
// Redis finds the end of a line with strchr(), which stops at a NUL byte: a NUL before the LF of an
// inline request, or before the CR of a *N or $N line, hides the end of the line, and Redis waits for
// more bytes (until more than 64 KB have arrived, which is then a too-big request). The parser does
// the same, so such a client gets what it gets from Redis: no reply.

import * as E from '../errors.js';

const CR = 0x0d; // '\r'
const LF = 0x0a; // '\n'
const STAR = 0x2a; // '*'
const DOLLAR = 0x24; // '$'
const MINUS = 0x2d; // '-'
const ZERO = 0x30; // '0'

/** Longest inline request, and longest *N or $N line (Redis's PROTO_INLINE_MAX_SIZE). */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
/** Redis accepts a multibulk count up to INT_MAX. */
const MAX_MULTIBULK = 2147483647;
/** Before AUTH, Redis refuses requests this large so an unauthenticated client cannot use much memory. */
const UNAUTH_MAX_MULTIBULK = 10;
const UNAUTH_MAX_BULK = 16384;

const EMPTY = Buffer.alloc(0);

export interface ParserHooks {
  /** A complete command; argv[0] is the command name. Return false to pause parsing. */
  onCommand(argv: string[]): boolean;
  /** A protocol error: the message to send before the connection is closed. */
  onError(message: string): void;
}

export class RequestParser {
  /** proto-max-bulk-len: the longest bulk string accepted. */
  maxBulkLen = 512 * 1024 * 1024;
  /** True until the client has authenticated, when the server requires it. */
  unauthenticated = false;

  private buf: Buffer = EMPTY;
  private pos = 0;
  /** Arguments still to read in the current multibulk request; 0 when between requests. */
  private argsLeft = 0;
  private args: string[] = [];
  /** The last command name read: pipelines repeat it, and reusing it skips a string and its hashing. */
  private lastName = '';
  /** Length of the bulk being read, or -1 while its $N header is expected. */
  private bulkLen = -1;
  /** A bulk in the making: its chunks, and how many bytes the buffer must hold to complete it. */
  private chunks: Buffer[] = [];
  private have = 0;
  private need = 0;
  private paused = false;
  private failed = false;

  constructor(private readonly hooks: ParserHooks) {}

  /** Parse a chunk of bytes from the socket. */
  feed(chunk: Buffer): void {
    if (this.failed) return;
    if (this.need > 0) {
      this.chunks.push(chunk);
      this.have += chunk.length;
      if (this.have < this.need) return;
      this.buf = Buffer.concat(this.chunks, this.have);
      this.chunks = [];
      this.have = this.need = 0;
    } else if (this.pos < this.buf.length) {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
    } else {
      this.buf = chunk;
    }
    this.pos = 0;
    if (!this.paused) this.run();
  }

  /** Continue after onCommand returned false. */
  resume(): void {
    this.paused = false;
    if (!this.failed && this.need === 0) this.run();
  }

  /** Bytes received but not yet parsed (for CLIENT LIST's qbuf). */
  get pending(): number {
    return this.need > 0 ? this.have : this.buf.length - this.pos;
  }

  private run(): void {
    const buf = this.buf;
    while (this.pos < buf.length) {
      let argv: string[] | null;
      if (this.argsLeft === 0) {
        argv = buf[this.pos] === STAR ? this.multibulkHeader() : this.inline();
      } else {
        argv = this.multibulkArgs();
      }
      if (argv === null) break; // incomplete, or failed
      if (argv.length === 0) continue; // an empty request: Redis ignores it
      if (!this.hooks.onCommand(argv)) {
        this.paused = true;
        break;
      }
      if (this.failed) break;
    }
    if (this.pos >= buf.length) {
      this.buf = EMPTY;
      this.pos = 0;
    }
  }

  private fail(message: string): null {
    this.failed = true;
    this.buf = EMPTY;
    this.pos = 0;
    this.hooks.onError(message);
    return null;
  }

  /** The current line has no end yet: wait for more bytes, unless there are already too many. */
  private waitForLine(tooBig: string): null {
    return this.buf.length - this.pos > PROTO_INLINE_MAX_SIZE ? this.fail(tooBig) : null;
  }

  /** Where quickLength found the CR of the line it read. */
  private lineEnd = 0;

  /**
   * The fast path for the usual `*N\r\n` or `$N\r\n` line: N when the line is whole and N is plain
   * digits without a leading zero; otherwise -1, and the careful path (indexOf, Redis's string2ll,
   * its errors) reads the line. A JavaScript loop over a few bytes beats a native indexOf call here.
   */
  private quickLength(): number {
    const buf = this.buf;
    let i = this.pos + 1;
    const first = buf[i];
    if (first === undefined || first < 0x31 || first > 0x39) return -1;
    let n = first - ZERO;
    const limit = Math.min(buf.length - 1, i + 16);
    for (i++; i < limit; i++) {
      const c = buf[i];
      if (c === CR) {
        this.lineEnd = i;
        return n;
      }
      const d = c - ZERO;
      if (d < 0 || d > 9) return -1;
      n = n * 10 + d;
    }
    return -1;
  }

  /** `*N\r\n`: start a multibulk request, then read its arguments. */
  private multibulkHeader(): string[] | null {
    const quick = this.quickLength();
    if (quick >= 0 && quick <= MAX_MULTIBULK && !(quick > UNAUTH_MAX_MULTIBULK && this.unauthenticated)) {
      this.pos = this.lineEnd + 2;
      this.argsLeft = quick;
      this.args = [];
      this.bulkLen = -1;
      return this.multibulkArgs();
    }
    const buf = this.buf;
    const cr = buf.indexOf(CR, this.pos);
    if (cr < 0) return this.waitForLine(E.PROTO_TOO_BIG_MBULK_COUNT);
    if (cr + 1 >= buf.length) return null; // its LF has not arrived
    const count = parseLength(buf, this.pos + 1, cr);
    if (count === null || count > MAX_MULTIBULK) {
      if (hasNul(buf, this.pos, cr)) return this.waitForLine(E.PROTO_TOO_BIG_MBULK_COUNT);
      return this.fail(E.PROTO_INVALID_MULTIBULK);
    }
    if (count > UNAUTH_MAX_MULTIBULK && this.unauthenticated) return this.fail(E.PROTO_UNAUTH_MULTIBULK);
    this.pos = cr + 2;
    if (count <= 0) return EMPTY_ARGV;
    this.argsLeft = count;
    this.args = [];
    this.bulkLen = -1;
    return this.multibulkArgs();
  }

  /** The command name in [pos, end): the previous one again when the bytes are the same. */
  private commandName(end: number): string {
    const buf = this.buf;
    const prev = this.lastName;
    const n = end - this.pos;
    if (n === prev.length && n <= 32) {
      let i = 0;
      while (i < n && buf[this.pos + i] === prev.charCodeAt(i)) i++;
      if (i === n) return prev;
    }
    return (this.lastName = buf.latin1Slice(this.pos, end));
  }

  /** `$N\r\n<N bytes>\r\n`, as many as the request has. */
  private multibulkArgs(): string[] | null {
    const buf = this.buf;
    while (this.argsLeft > 0) {
      // A $N header is due only while no bulk is under way: a bulk's data may well begin with '$'.
      const quick = this.bulkLen < 0 && buf[this.pos] === DOLLAR ? this.quickLength() : -1;
      if (quick >= 0 && quick <= this.maxBulkLen && !(quick > UNAUTH_MAX_BULK && this.unauthenticated)) {
        this.pos = this.lineEnd + 2;
        this.bulkLen = quick;
      } else if (this.bulkLen < 0) {
        if (this.pos >= buf.length) return null;
        const cr = buf.indexOf(CR, this.pos);
        if (cr < 0) return this.waitForLine(E.PROTO_TOO_BIG_BULK_COUNT);
        if (cr + 1 >= buf.length) return null;
        if (buf[this.pos] !== DOLLAR) {
          if (hasNul(buf, this.pos, cr)) return this.waitForLine(E.PROTO_TOO_BIG_BULK_COUNT);
          return this.fail(E.PROTO_EXPECTED_DOLLAR(String.fromCharCode(buf[this.pos])));
        }
        const len = parseLength(buf, this.pos + 1, cr);
        if (len === null || len < 0 || len > this.maxBulkLen) {
          if (hasNul(buf, this.pos, cr)) return this.waitForLine(E.PROTO_TOO_BIG_BULK_COUNT);
          return this.fail(E.PROTO_INVALID_BULK);
        }
        if (len > UNAUTH_MAX_BULK && this.unauthenticated) return this.fail(E.PROTO_UNAUTH_BULK);
        this.pos = cr + 2;
        this.bulkLen = len;
      }
      // The bulk's bytes and its trailing CRLF, which Redis skips without looking at.
      const end = this.pos + this.bulkLen;
      if (end + 2 > buf.length) {
        // Gather the chunks that complete it and join them once: appending each chunk to what came
        // before would copy a bulk arriving in k chunks k times.
        const rest = buf.subarray(this.pos);
        this.chunks = [rest];
        this.have = rest.length;
        this.need = this.bulkLen + 2;
        this.buf = EMPTY;
        this.pos = 0;
        return null;
      }
      this.args.push(this.args.length === 0 ? this.commandName(end) : buf.latin1Slice(this.pos, end));
      this.pos = end + 2;
      this.bulkLen = -1;
      this.argsLeft--;
    }
    const argv = this.args;
    this.args = [];
    return argv;
  }

  /** One line of space-separated arguments. */
  private inline(): string[] | null {
    const buf = this.buf;
    const lf = buf.indexOf(LF, this.pos);
    if (lf < 0) return this.waitForLine(E.PROTO_TOO_BIG_INLINE);
    const end = lf > this.pos && buf[lf - 1] === CR ? lf - 1 : lf;
    const line = buf.latin1Slice(this.pos, end);
    if (line.includes('\0')) return this.waitForLine(E.PROTO_TOO_BIG_INLINE);
    this.pos = lf + 1;
    const argv = splitArgs(line);
    if (argv === null) return this.fail(E.PROTO_UNBALANCED_QUOTES);
    return argv;
  }
}

const EMPTY_ARGV: string[] = [];

/** Whether the bytes [start, end) hold a NUL (only asked about short lines that failed to parse). */
function hasNul(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] === 0) return true;
  return false;
}

/** The digits of LLONG_MAX and of -LLONG_MIN: the longest lengths Redis's string2ll accepts. */
const LLONG_MAX_DIGITS = '9223372036854775807';
const LLONG_MIN_DIGITS = '9223372036854775808';

/**
 * Redis's string2ll on the bytes [start, end): an optional '-', then digits without leading zeros,
 * within a long long. Returns null when they are not such a number. Beyond 2^53 the value is
 * approximate, which is enough for the comparisons made with it (any negative count is an empty
 * request, and no count or bulk length that large is accepted).
 */
function parseLength(buf: Buffer, start: number, end: number): number | null {
  if (start >= end || end - start > 20) return null;
  let i = start;
  let negative = false;
  if (buf[i] === MINUS) {
    negative = true;
    if (++i === end) return null;
  }
  if (buf[i] === ZERO) return end - i === 1 && !negative ? 0 : null;
  const digits = end - i;
  let n = 0;
  for (; i < end; i++) {
    const d = buf[i] - ZERO;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  if (digits >= LLONG_MAX_DIGITS.length) {
    const limit = negative ? LLONG_MIN_DIGITS : LLONG_MAX_DIGITS;
    if (digits > limit.length || buf.latin1Slice(end - digits, end) > limit) return null;
  }
  return negative ? -n : n;
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\v' || c === '\f';
}

function isHex(c: string): boolean {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' };

/**
 * Split an inline request into arguments as Redis's sdssplitargs does: arguments are separated by
 * white space; "double quotes" allow \n \r \t \b \a \xHH and \<char> escapes; 'single quotes' allow
 * only \'; a closing quote must be followed by white space or the end. A NUL byte ends the line, as it
 * ends the C string Redis parses. Returns null for unbalanced quotes.
 */
export function splitArgs(line: string): string[] | null {
  const nul = line.indexOf('\0');
  if (nul >= 0) line = line.slice(0, nul);
  const args: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) return args;
    let current = '';
    let inDouble = false;
    let inSingle = false;
    for (;;) {
      const c = i < n ? line[i] : '';
      if (inDouble) {
        if (c === '\\' && line[i + 1] === 'x' && i + 3 < n && isHex(line[i + 2]) && isHex(line[i + 3])) {
          current += String.fromCharCode(Number.parseInt(line.slice(i + 2, i + 4), 16));
          i += 4;
          continue;
        }
        if (c === '\\' && i + 1 < n) {
          const e = line[i + 1];
          current += ESCAPES[e] ?? e;
          i += 2;
          continue;
        }
        if (c === '"') {
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          i++;
          break;
        }
        if (c === '') return null;
        current += c;
        i++;
      } else if (inSingle) {
        if (c === '\\' && line[i + 1] === "'") {
          current += "'";
          i += 2;
          continue;
        }
        if (c === "'") {
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          i++;
          break;
        }
        if (c === '') return null;
        current += c;
        i++;
      } else {
        if (c === '' || c === ' ' || c === '\n' || c === '\r' || c === '\t') break;
        if (c === '"') inDouble = true;
        else if (c === "'") inSingle = true;
        else current += c;
        i++;
      }
    }
    args.push(current);
  }
}
