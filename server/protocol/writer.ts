// The reply encoder: the one place that knows RESP2 from RESP3.
//
// Handlers say what they reply (a bulk string, an integer, a map of n pairs, a null) and the writer
// turns it into the bytes of the connection's protocol:
//
//   reply            RESP2                  RESP3
//   null             $-1 (or *-1 for arrays) _
//   map of n pairs   *2n                    %n
//   set of n         *n                     ~n
//   double           $len "3.14" (a bulk)   ,3.14
//   boolean          :1 / :0                #t / #f
//   verbatim text    $len text              =len txt:text
//   push of n        *n                     >n
//
// Replies accumulate in one growing buffer; the connection takes them all after each read and writes
// them to the socket at once (one write per batch of pipelined commands).
//
// All strings given to the writer are byte strings (see bytes.ts): one character per byte.

import './bytes.js';

const INITIAL_SIZE = 16 * 1024;

/** Shortest form of a double as Redis prints it in RESP3 and for the score family (via formatDouble). */
export type Proto = 2 | 3;

// Small integers are common in replies (counts, booleans, lengths); their headers are precomputed.
const SMALL = 1024;
/** Longest line written by hand: a prefix, the 16 digits of a safe integer, CRLF. */
const MAX_LINE = 19;
/** Bulk strings up to this length are copied byte by byte rather than by latin1Write. */
const SHORT_BULK = 32;
const OK = Buffer.from('+OK\r\n', 'latin1');
const INT_LINES: Buffer[] = [];
const ARRAY_LINES: Buffer[] = [];
const BULK_LINES: Buffer[] = [];
for (let i = 0; i < SMALL; i++) {
  INT_LINES.push(Buffer.from(`:${i}\r\n`, 'latin1'));
  ARRAY_LINES.push(Buffer.from(`*${i}\r\n`, 'latin1'));
  BULK_LINES.push(Buffer.from(`$${i}\r\n`, 'latin1'));
}

export class ReplyWriter {
  proto: Proto = 2;
  private buf: Buffer = Buffer.allocUnsafe(INITIAL_SIZE);
  private len = 0;

  /** Bytes written since the last take(). */
  get length(): number {
    return this.len;
  }

  /** The replies written so far, as a Buffer the caller owns; the writer starts over. */
  take(): Buffer {
    const out = Buffer.allocUnsafe(this.len);
    this.buf.copy(out, 0, 0, this.len);
    this.len = 0;
    if (this.buf.length > 4 * INITIAL_SIZE * 16) this.buf = Buffer.allocUnsafe(INITIAL_SIZE);
    return out;
  }

  /** The byte at `offset` of what was written since the last take(). */
  byteAt(offset: number): number {
    return this.buf[offset];
  }

  /** The code of the error reply written at `offset` ("ERR", "WRONGTYPE"): its first word. */
  errorCodeAt(offset: number): string {
    let end = offset + 1;
    while (end < this.len && this.buf[end] !== 0x20 && this.buf[end] !== 0x0d) end++;
    return this.buf.latin1Slice(offset + 1, end);
  }

  /** Forget what was written after `mark` (used when a reply must be replaced, e.g. CLIENT REPLY OFF). */
  truncate(mark: number): void {
    this.len = mark;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  private raw(s: string): void {
    this.ensure(s.length);
    this.len += this.buf.latin1Write(s, this.len, s.length);
  }

  private line(prefix: string, n: number): void {
    if (n >= 0 && n <= Number.MAX_SAFE_INTEGER && Number.isInteger(n)) {
      this.ensure(MAX_LINE);
      this.buf[this.len++] = prefix.charCodeAt(0);
      this.digitsCrLf(n);
    } else {
      this.raw(`${prefix}${n}\r\n`);
    }
  }

  /**
   * The decimal digits of `n` (a safe non-negative integer) and CRLF, with room already ensured.
   * Byte by byte in JS: a list length or a counter goes out on every LPUSH or INCR reply, and formatting
   * it as a string for latin1Write costs more than the digits themselves.
   */
  private digitsCrLf(n: number): void {
    const buf = this.buf;
    let end = this.len;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) end++;
    this.len = end + 3;
    buf[end + 1] = 0x0d;
    buf[end + 2] = 0x0a;
    do {
      const q = Math.floor(n / 10);
      buf[end--] = 0x30 + (n - q * 10);
      n = q;
    } while (n > 0);
  }

  private copy(b: Buffer): void {
    this.ensure(b.length);
    // TypedArray#set: Buffer#copy's argument checks cost more than copying a few header bytes.
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  // ---- simple types ------------------------------------------------------------------------------

  /** +OK */
  ok(): void {
    this.copy(OK);
  }

  /** +<status> */
  simple(s: string): void {
    this.raw(`+${s}\r\n`);
  }

  /**
   * -<message>. As Redis's addReplyErrorFormat does (errors often quote what the client sent), CRs and
   * LFs at the end are trimmed and the others become spaces, so a message cannot break the protocol.
   */
  error(message: string): void {
    if (/[\r\n]/.test(message)) message = message.replace(/[\r\n]+$/, '').replace(/[\r\n]/g, ' ');
    this.raw(`-${message}\r\n`);
  }

  /** :<n> */
  integer(n: number | bigint): void {
    if (typeof n === 'number' && n >= 0 && n < SMALL && Number.isInteger(n)) this.copy(INT_LINES[n]);
    else if (typeof n === 'number' && n < 0 && n >= -Number.MAX_SAFE_INTEGER && Number.isInteger(n)) {
      this.ensure(MAX_LINE + 1);
      this.buf[this.len++] = 0x3a; // ':'
      this.buf[this.len++] = 0x2d; // '-'
      this.digitsCrLf(-n);
    } else if (typeof n === 'number') this.line(':', n);
    else this.raw(`:${n}\r\n`);
  }

  /** A bulk string: a byte string or a Buffer. */
  bulk(s: string): void {
    const n = s.length;
    if (n < SMALL) this.copy(BULK_LINES[n]);
    else this.line('$', n);
    this.ensure(n + 2);
    // A short value (a list element, a counter) is copied faster by hand than through a call into C++.
    if (n <= SHORT_BULK) {
      const buf = this.buf;
      const at = this.len;
      for (let i = 0; i < n; i++) buf[at + i] = s.charCodeAt(i);
      this.len += n;
    } else {
      this.len += this.buf.latin1Write(s, this.len, n);
    }
    this.buf[this.len++] = 0x0d;
    this.buf[this.len++] = 0x0a;
  }

  bulkBuffer(b: Buffer): void {
    this.line('$', b.length);
    this.copy(b);
    this.raw('\r\n');
  }

  /** A bulk string or a null bulk. */
  bulkOrNull(s: string | null | undefined): void {
    if (s === null || s === undefined) this.nullBulk();
    else this.bulk(s);
  }

  /** Text we produce ourselves (INFO, CLIENT LIST): written as UTF-8. */
  bulkText(text: string): void {
    const b = Buffer.from(text, 'utf8');
    this.bulkBuffer(b);
  }

  /** RESP3 verbatim string (=len txt:...), a bulk string in RESP2. */
  verbatim(text: string, format = 'txt'): void {
    if (this.proto === 2) return this.bulkText(text);
    const b = Buffer.from(text, 'utf8');
    this.line('=', b.length + 4);
    this.raw(`${format}:`);
    this.copy(b);
    this.raw('\r\n');
  }

  /** The null of a missing string: $-1 in RESP2, _ in RESP3. */
  nullBulk(): void {
    this.raw(this.proto === 2 ? '$-1\r\n' : '_\r\n');
  }

  /** The null of a missing array: *-1 in RESP2, _ in RESP3. */
  nullArray(): void {
    this.raw(this.proto === 2 ? '*-1\r\n' : '_\r\n');
  }

  /** A double: a bulk string in RESP2, ,<d> in RESP3. `text` is its formatted form. */
  double(text: string): void {
    if (this.proto === 2) this.bulk(text);
    else this.raw(`,${text}\r\n`);
  }

  /** A boolean: :1/:0 in RESP2, #t/#f in RESP3. */
  boolean(b: boolean): void {
    if (this.proto === 2) this.integer(b ? 1 : 0);
    else this.raw(b ? '#t\r\n' : '#f\r\n');
  }

  // ---- aggregates: the header, then the elements written one by one ------------------------------

  array(n: number): void {
    if (n < SMALL) this.copy(ARRAY_LINES[n]);
    else this.line('*', n);
  }

  /** A map of n pairs: %n in RESP3, a flat array of 2n in RESP2. */
  map(n: number): void {
    if (this.proto === 2) this.array(n * 2);
    else this.line('%', n);
  }

  /** A set: ~n in RESP3, an array in RESP2. */
  set(n: number): void {
    if (this.proto === 2) this.array(n);
    else this.line('~', n);
  }

  /** An out-of-band push (pub/sub messages, invalidations): >n in RESP3, an array in RESP2. */
  push(n: number): void {
    if (this.proto === 2) this.array(n);
    else this.line('>', n);
  }

  /** An array of byte strings. */
  bulkArray(items: readonly string[]): void {
    this.array(items.length);
    for (const s of items) this.bulk(s);
  }

  /** An array whose missing elements are null bulks (MGET). */
  bulkOrNullArray(items: readonly (string | null)[]): void {
    this.array(items.length);
    for (const s of items) this.bulkOrNull(s);
  }

  /** Bytes already encoded (EXEC and scripts splice in replies produced elsewhere). */
  encoded(b: Buffer): void {
    this.copy(b);
  }
}
