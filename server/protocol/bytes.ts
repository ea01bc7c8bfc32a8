// How respite holds bytes.
//
// Every key, value and argument inside the server is a JavaScript string in which each character is
// one byte (code units 0..255): the 'latin1' decoding of the bytes on the wire. This is binary-safe
// (any byte, including invalid UTF-8 and NUL, round-trips exactly), it makes a Map keyed by strings a
// keyspace, and V8 stores such a string as a one-byte sequential string: about 16 bytes of header plus
// one byte per character. A Buffer per value would cost around 100 bytes of object and backing-store
// bookkeeping before the first byte of data (measured with bench/memory), so Buffers appear only at
// the edges: the socket, and mutable strings that SETRANGE, SETBIT and APPEND grow in place.
//
// Buffer#latin1Slice and Buffer#latin1Write are Node's fast paths for exactly this conversion; they
// skip the encoding lookup of toString/write. They are stable but undocumented, hence these types.

declare global {
  interface Buffer {
    latin1Slice(start: number, end: number): string;
    latin1Write(s: string, offset: number, length: number): number;
  }
}

/** The byte string for text we produce ourselves (it is ASCII, or UTF-8 we want sent as UTF-8). */
export function fromUtf8(text: string): string {
  return Buffer.from(text, 'utf8').latin1Slice(0, Buffer.byteLength(text, 'utf8'));
}

/** Bytes as a byte string. */
export function fromBuffer(buf: Buffer): string {
  return buf.latin1Slice(0, buf.length);
}

/** A byte string as readable text, for logs and for the users of the embedding API. */
export function toUtf8(bytes: string): string {
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
