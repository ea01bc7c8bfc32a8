// Our own small RESP parser, beside redis-parser.
//
// redis-parser (what the client uses for RESP2) knows the five RESP2 types: + - : $ *. RESP3 added
// nine more, and redis-parser stops with a fatal "Protocol error" on the first of them:
//
//   _        null                 _\r\n
//   ,        double               ,3.14\r\n   ,inf\r\n   ,nan\r\n
//   #        boolean              #t\r\n
//   (        big number           (3492890328409238509324850943850943825024385\r\n
//   !        blob error           !21\r\nSYNTAX invalid syntax\r\n
//   =        verbatim string      =15\r\ntxt:Some string\r\n
//   %        map                  %2\r\n  key value key value
//   ~        set                  ~3\r\n  three elements
//   >        push                 >3\r\n  out-of-band data (pub/sub messages)
//   |        attribute            |1\r\n  key value, then the reply it describes
//
// So this parser reads all fourteen types (RESP3 is a superset of RESP2) and keeps each reply's type
// in a Frame. The client uses it once a connection has switched to RESP3 (HELLO 3); the CLI uses it
// always, because redis-cli's formatting depends on the wire type and redis-parser gives +OK and
// $2\r\nOK\r\n as the same JavaScript string.
//
// It is written for reading, not speed: when a reply is incomplete it keeps the bytes and starts that
// reply over on the next chunk. (redis-parser remembers where it was inside a huge bulk string.)

/** One reply as it was on the wire, with its RESP type. */
export type Frame =
  | { kind: 'simple'; text: string } // +OK
  | { kind: 'error'; text: string } // -ERR ... (and RESP3's blob error, !)
  | { kind: 'integer'; text: string } // :42 (the digits as sent: they may not fit a double)
  | { kind: 'bulk'; data: Buffer } // $3\r\nfoo
  | { kind: 'null'; wire: '$-1' | '*-1' | '_' } // which null it was on the wire
  | { kind: 'double'; text: string } // ,3.14 (as sent, so "inf" and "1e+300" stay as the server wrote them)
  | { kind: 'boolean'; value: boolean } // #t, #f
  | { kind: 'bignum'; text: string } // (123...
  | { kind: 'verbatim'; format: string; data: Buffer } // =15\r\ntxt:...
  | { kind: 'array' | 'set' | 'push'; items: Frame[] } // *, ~, >
  | { kind: 'map'; entries: [Frame, Frame][] } // %
  | { kind: 'attribute'; entries: [Frame, Frame][]; reply: Frame }; // | then the reply it annotates

/** The parser threw this: the bytes are not RESP. The connection cannot be trusted after it. */
export class ProtocolError extends Error {}

// Thrown (and caught in feed) when the buffer ends in the middle of a reply.
const INCOMPLETE = Symbol('incomplete');

export class Resp3Parser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;

  /**
   * Add bytes; return every complete reply they finish, each with its raw bytes (for --show-frames).
   * Bytes of an unfinished reply are kept for the next call.
   */
  feed(chunk: Buffer): { frame: Frame; raw: Buffer }[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: { frame: Frame; raw: Buffer }[] = [];
    let start = 0;
    while (start < this.buf.length) {
      this.pos = start;
      let frame: Frame;
      try {
        frame = this.reply();
      } catch (err) {
        if (err === INCOMPLETE) break;
        throw err;
      }
      out.push({ frame, raw: this.buf.subarray(start, this.pos) });
      start = this.pos;
    }
    this.buf = this.buf.subarray(start);
    return out;
  }

  /** Bytes received but not yet part of a complete reply (handed over when switching parsers). */
  takeLeftover(): Buffer {
    const rest = this.buf;
    this.buf = Buffer.alloc(0);
    return rest;
  }

  /** The line after the type byte, up to CRLF. */
  private line(): string {
    const cr = this.buf.indexOf('\r\n', this.pos, 'latin1');
    if (cr < 0) throw INCOMPLETE;
    const text = this.buf.latin1Slice(this.pos, cr);
    this.pos = cr + 2;
    return text;
  }

  /** A length or count: an integer, -1 meaning null. */
  private length(): number {
    const text = this.line();
    if (!/^-?\d+$/.test(text)) throw new ProtocolError(`invalid length ${JSON.stringify(text)}`);
    return Number(text);
  }

  /** `n` bytes of payload followed by CRLF. */
  private payload(n: number): Buffer {
    if (this.pos + n + 2 > this.buf.length) throw INCOMPLETE;
    const data = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n + 2;
    return data;
  }

  private items(n: number): Frame[] {
    const items: Frame[] = [];
    for (let i = 0; i < n; i++) items.push(this.reply());
    return items;
  }

  private entries(n: number): [Frame, Frame][] {
    const entries: [Frame, Frame][] = [];
    for (let i = 0; i < n; i++) entries.push([this.reply(), this.reply()]);
    return entries;
  }

  private reply(): Frame {
    if (this.pos >= this.buf.length) throw INCOMPLETE;
    const type = String.fromCharCode(this.buf[this.pos++]);
    switch (type) {
      case '+':
        return { kind: 'simple', text: this.line() };
      case '-':
        return { kind: 'error', text: this.line() };
      case ':':
        return { kind: 'integer', text: this.line() };
      case ',':
        return { kind: 'double', text: this.line() };
      case '(':
        return { kind: 'bignum', text: this.line() };
      case '#':
        return { kind: 'boolean', value: this.line() === 't' };
      case '_':
        this.line();
        return { kind: 'null', wire: '_' };
      case '$': {
        const n = this.length();
        return n < 0 ? { kind: 'null', wire: '$-1' } : { kind: 'bulk', data: this.payload(n) };
      }
      case '!':
        return { kind: 'error', text: this.payload(this.length()).toString('utf8') };
      case '=': {
        // The first four bytes are the format and a colon: "txt:" or "mkd:".
        const data = this.payload(this.length());
        return { kind: 'verbatim', format: data.latin1Slice(0, 3), data: data.subarray(4) };
      }
      case '*': {
        const n = this.length();
        return n < 0 ? { kind: 'null', wire: '*-1' } : { kind: 'array', items: this.items(n) };
      }
      case '~':
        return { kind: 'set', items: this.items(this.length()) };
      case '>':
        return { kind: 'push', items: this.items(this.length()) };
      case '%':
        return { kind: 'map', entries: this.entries(this.length()) };
      case '|': {
        const entries = this.entries(this.length());
        return { kind: 'attribute', entries, reply: this.reply() };
      }
      default:
        throw new ProtocolError(`unknown reply type byte ${JSON.stringify(type)}`);
    }
  }
}
