// A string value that is changed in place: what APPEND, SETRANGE, SETBIT and BITFIELD leave behind.
//
// Most strings are stored as immutable byte strings (see keyspace.ts). A command that edits a string
// in place would copy the whole value on every call if it stayed one, so such a value becomes a
// RawString: a Buffer with spare capacity that grows by doubling, as Redis's sds strings do. Redis
// reports such a value's encoding as "raw", and so does OBJECT ENCODING here.
//
// INCRBYFLOAT results are RawStrings too, for OBJECT ENCODING's sake: Redis stores them as "embstr"
// even when they read as integers ("5"), where a plain string with that content would be "int".

import type { RedisObject } from './keyspace.js';
import '../protocol/bytes.js';

/** The longest string Redis allocates together with its object header ("embstr"). */
export const EMBSTR_LIMIT = 44;

export class RawString implements RedisObject {
  readonly type = 'string' as const;
  buf: Buffer;
  length: number;
  /** Still the short string Redis made in one allocation (INCRBYFLOAT), until edited in place. */
  embstr = false;

  constructor(initial: string | Buffer = '', capacity = 0) {
    const len = typeof initial === 'string' ? initial.length : initial.length;
    this.buf = Buffer.alloc(Math.max(capacity, len));
    if (typeof initial === 'string') this.buf.latin1Write(initial, 0, len);
    else initial.copy(this.buf);
    this.length = len;
  }

  /** Make room for `size` bytes; new bytes are zero (SETRANGE and SETBIT pad with zeros). */
  ensure(size: number): void {
    this.embstr = false;
    if (size <= this.length) return;
    if (size > this.buf.length) {
      const next = Buffer.alloc(Math.max(size, Math.min(this.buf.length * 2, size + 1024 * 1024)));
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    } else {
      this.buf.fill(0, this.length, size);
    }
    this.length = size;
  }

  append(s: string): void {
    const at = this.length;
    this.ensure(at + s.length);
    this.buf.latin1Write(s, at, s.length);
  }

  encoding(): string {
    return this.embstr ? 'embstr' : 'raw';
  }

  /** The value as a byte string. */
  toString(): string {
    return this.buf.latin1Slice(0, this.length);
  }

  clone(): RawString {
    return new RawString(this.buf.subarray(0, this.length));
  }
}

/** The bytes of a string value, whichever form it is stored in. */
export function stringBytes(v: string | RawString): string {
  return typeof v === 'string' ? v : v.toString();
}
