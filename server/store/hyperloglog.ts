// HyperLogLog, as Redis's hyperloglog.c: a string value that estimates how many distinct elements
// were added to it, byte for byte the string Redis builds (GET, DUMP-free copies and SETs of it
// between respite and Redis mean the same thing).
//
// Layout: a 16-byte header ("HYLL", the encoding, 3 zero bytes, the cached cardinality in 8 bytes,
// little endian, its top bit set when stale) and 16384 six-bit registers, each the longest run of
// zeros (plus one) seen in the hashes of the elements that fall into it.
//
//   dense   12288 bytes of packed registers
//   sparse  run-length opcodes: ZERO 00xxxxxx (1-64 zero registers), XZERO 01xxxxxx yyyyyyyy
//           (1-16384 zero registers), VAL 1vvvvvxx (1-4 registers of value 1-32)
//
// A new HLL is sparse; it turns dense, for good, when a register needs a value above 32 or the
// string would grow past hll-sparse-max-bytes. Updates split and merge opcodes exactly as Redis's
// hllSparseSet does, so the sparse bytes match too.

const HLL_P = 14;
const HLL_Q = 64 - HLL_P;
export const HLL_REGISTERS = 1 << HLL_P;
const HLL_P_MASK = HLL_REGISTERS - 1;
const HLL_BITS = 6;
const HLL_REGISTER_MAX = (1 << HLL_BITS) - 1;
export const HLL_HDR_SIZE = 16;
export const HLL_DENSE_SIZE = HLL_HDR_SIZE + Math.floor((HLL_REGISTERS * HLL_BITS + 7) / 8);
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;
const HLL_MAX_ENCODING = 1;
const HLL_ALPHA_INF = 0.7213475204444817; // 0.5 / ln(2): the double Redis's 0.721347520444481703680 parses to

const SPARSE_VAL_MAX_VALUE = 32;
const SPARSE_VAL_MAX_LEN = 4;
const SPARSE_ZERO_MAX_LEN = 64;
const SPARSE_XZERO_MAX_LEN = 16384;

const isZero = (op: number) => (op & 0xc0) === 0;
const isXzero = (op: number) => (op & 0xc0) === 0x40;
const isVal = (op: number) => (op & 0x80) !== 0;
const zeroLen = (op: number) => (op & 0x3f) + 1;
const xzeroLen = (op: number, next: number) => (((op & 0x3f) << 8) | next) + 1;
const valValue = (op: number) => ((op >> 2) & 0x1f) + 1;
const valLen = (op: number) => (op & 0x3) + 1;
const valOp = (value: number, len: number) => (((value - 1) << 2) | (len - 1) | 0x80) & 0xff;
const zeroOp = (len: number) => len - 1;
const xzeroOps = (len: number): [number, number] => [((len - 1) >> 8) | 0x40, (len - 1) & 0xff];

// ---- hashing ------------------------------------------------------------------------------------

const M64 = (1n << 64n) - 1n;
const MURMUR_M = 0xc6a4a7935bd1e995n;

/** MurmurHash64A, the variant Redis uses, with its seed 0xadc83b19. */
export function murmurHash64A(key: Buffer, seed = 0xadc83b19n): bigint {
  const len = key.length;
  let h = (seed ^ ((BigInt(len) * MURMUR_M) & M64)) & M64;
  const blocks = len - (len & 7);
  for (let i = 0; i < blocks; i += 8) {
    let k = key.readBigUInt64LE(i);
    k = (k * MURMUR_M) & M64;
    k ^= k >> 47n;
    k = (k * MURMUR_M) & M64;
    h ^= k;
    h = (h * MURMUR_M) & M64;
  }
  const rest = len & 7;
  if (rest !== 0) {
    for (let i = rest - 1; i >= 0; i--) h ^= BigInt(key[blocks + i]) << BigInt(8 * i);
    h = (h * MURMUR_M) & M64;
  }
  h ^= h >> 47n;
  h = (h * MURMUR_M) & M64;
  h ^= h >> 47n;
  return h;
}

/** hllPatLen: the register an element falls into, and its count (zeros before the first 1, plus one). */
export function patLen(element: Buffer): { index: number; count: number } {
  let hash = murmurHash64A(element);
  const index = Number(hash & BigInt(HLL_P_MASK));
  hash >>= BigInt(HLL_P);
  hash |= 1n << BigInt(HLL_Q);
  let count = 1;
  let bit = 1n;
  while ((hash & bit) === 0n) {
    count++;
    bit <<= 1n;
  }
  return { index, count };
}

// ---- the value ----------------------------------------------------------------------------------

/** Whether `b` is an HLL Redis accepts (isHLLObjectOrReply). */
export function isHll(b: Buffer): boolean {
  if (b.length < HLL_HDR_SIZE) return false;
  if (b[0] !== 0x48 || b[1] !== 0x59 || b[2] !== 0x4c || b[3] !== 0x4c) return false;
  if (b[4] > HLL_MAX_ENCODING) return false;
  return !(b[4] === HLL_DENSE && b.length !== HLL_DENSE_SIZE);
}

/** createHLLObject: an empty sparse HLL (one XZERO opcode covering every register). */
export function createHll(): Buffer {
  const b = Buffer.alloc(HLL_HDR_SIZE + 2);
  b.write('HYLL', 0, 'latin1');
  b[4] = HLL_SPARSE;
  const [a, c] = xzeroOps(SPARSE_XZERO_MAX_LEN);
  b[HLL_HDR_SIZE] = a;
  b[HLL_HDR_SIZE + 1] = c;
  return b;
}

export const invalidateCache = (b: Buffer) => {
  b[15] |= 0x80;
};

function denseGet(b: Buffer, reg: number): number {
  const byte = HLL_HDR_SIZE + ((reg * HLL_BITS) >> 3);
  const fb = (reg * HLL_BITS) & 7;
  const b1 = byte + 1 < b.length ? b[byte + 1] : 0; // sds strings end with a NUL byte
  return ((b[byte] >> fb) | (b1 << (8 - fb))) & HLL_REGISTER_MAX;
}

function denseSetRaw(b: Buffer, reg: number, value: number): void {
  const byte = HLL_HDR_SIZE + ((reg * HLL_BITS) >> 3);
  const fb = (reg * HLL_BITS) & 7;
  const fb8 = 8 - fb;
  b[byte] = (b[byte] & ~(HLL_REGISTER_MAX << fb)) | ((value << fb) & 0xff);
  if (byte + 1 < b.length) b[byte + 1] = (b[byte + 1] & ~(HLL_REGISTER_MAX >> fb8)) | (value >> fb8);
}

/** hllDenseSet: raise a register; whether it changed. */
function denseSet(b: Buffer, reg: number, count: number): boolean {
  if (count <= denseGet(b, reg)) return false;
  denseSetRaw(b, reg, count);
  return true;
}

/** hllSparseToDense: null when the sparse opcodes are corrupt. */
export function sparseToDense(b: Buffer): Buffer | null {
  if (b[4] === HLL_DENSE) return b;
  const dense = Buffer.alloc(HLL_DENSE_SIZE);
  b.copy(dense, 0, 0, HLL_HDR_SIZE);
  dense[4] = HLL_DENSE;
  let idx = 0;
  for (let p = HLL_HDR_SIZE; p < b.length; ) {
    const op = b[p];
    if (isZero(op)) {
      idx += zeroLen(op);
      p++;
    } else if (isXzero(op)) {
      idx += xzeroLen(op, b[p + 1] ?? 0);
      p += 2;
    } else {
      let run = valLen(op);
      const value = valValue(op);
      if (run + idx > HLL_REGISTERS) break;
      while (run--) denseSetRaw(dense, idx++, value);
      p++;
    }
  }
  return idx === HLL_REGISTERS ? dense : null;
}

/**
 * An HLL being changed in place: the bytes are buf[0, length), with room after them to grow, as a
 * RawString holds a string (which is what PFADD edits).
 */
export interface HllBuf {
  buf: Buffer;
  length: number;
}

/** Make room for `extra` more bytes, doubling as sds strings do. */
function makeRoom(h: HllBuf, extra: number): void {
  if (h.length + extra <= h.buf.length) return;
  const next = Buffer.alloc(Math.max(h.length + extra, h.buf.length * 2));
  h.buf.copy(next, 0, 0, h.length);
  h.buf = next;
}

/** Turn `h` dense in place; false when its sparse opcodes are corrupt. */
export function toDense(h: HllBuf): boolean {
  const dense = sparseToDense(h.buf.subarray(0, h.length));
  if (dense === null) return false;
  h.buf = dense;
  h.length = dense.length;
  return true;
}

/** hllSparseSet, opcode for opcode, in place: 1 changed, 0 not, -1 corrupt. */
function sparseSet(h: HllBuf, index: number, count: number, sparseMaxBytes: number): 1 | 0 | -1 {
  const promote = (): 1 | -1 => {
    if (!toDense(h)) return -1;
    denseSet(h.buf, index, count);
    return 1;
  };
  if (count > SPARSE_VAL_MAX_VALUE) return promote();
  makeRoom(h, 3);
  const b = h.buf;
  let end = h.length;
  // Step 1: the opcode covering `index`.
  let p = HLL_HDR_SIZE;
  let first = 0;
  let prev = -1;
  let span = 0;
  // The hot loop of a sparse HLL, so the opcode tests are written out.
  while (p < end) {
    const o = b[p];
    let oplen = 1;
    if ((o & 0xc0) === 0) {
      span = (o & 0x3f) + 1; // ZERO
    } else if ((o & 0x80) !== 0) {
      span = (o & 0x3) + 1; // VAL
    } else {
      span = (((o & 0x3f) << 8) | (p + 1 < end ? b[p + 1] : 0)) + 1; // XZERO (past the end, sds's NUL)
      oplen = 2;
    }
    if (index <= first + span - 1) break;
    prev = p;
    p += oplen;
    first += span;
  }
  if (span === 0 || p >= end) return -1;
  const op = b[p];
  const zero = isZero(op);
  const xzero = isXzero(op);
  const runlen = zero ? zeroLen(op) : xzero ? xzeroLen(op, p + 1 < end ? b[p + 1] : 0) : valLen(op);
  let updated = false;
  // Step 2: the easy cases.
  if (!zero && !xzero) {
    if (valValue(op) >= count) return 0;
    if (runlen === 1) {
      b[p] = valOp(count, 1);
      updated = true;
    }
  }
  if (!updated && zero && runlen === 1) {
    b[p] = valOp(count, 1);
    updated = true;
  }
  if (!updated) {
    // The general case: split the opcode into up to three (at most 5 bytes).
    const seq: number[] = [];
    const last = first + span - 1;
    if (zero || xzero) {
      const zeros = (len: number) =>
        len > SPARSE_ZERO_MAX_LEN ? seq.push(...xzeroOps(len)) : seq.push(zeroOp(len));
      if (index !== first) zeros(index - first);
      seq.push(valOp(count, 1));
      if (index !== last) zeros(last - index);
    } else {
      const curval = valValue(op);
      if (index !== first) seq.push(valOp(curval, index - first));
      seq.push(valOp(count, 1));
      if (index !== last) seq.push(valOp(curval, last - index));
    }
    const oldlen = xzero ? 2 : 1;
    const delta = seq.length - oldlen;
    if (delta > 0 && end + delta > sparseMaxBytes) return promote();
    // Step 3: the new sequence in place of the old opcode, what follows moved along.
    if (delta !== 0) b.copyWithin(p + seq.length, p + oldlen, end);
    for (let i = 0; i < seq.length; i++) b[p + i] = seq[i];
    end += delta;
  }
  // Step 4: merge adjacent VAL opcodes of the same value, up to 5 opcodes from the previous one.
  let q = prev >= 0 ? prev : HLL_HDR_SIZE;
  let scan = 5;
  while (q < end && scan-- > 0) {
    if (isXzero(b[q])) {
      q += 2;
      continue;
    }
    if (isZero(b[q])) {
      q++;
      continue;
    }
    if (q + 1 < end && isVal(b[q + 1])) {
      const v1 = valValue(b[q]);
      if (v1 === valValue(b[q + 1])) {
        const len = valLen(b[q]) + valLen(b[q + 1]);
        if (len <= SPARSE_VAL_MAX_LEN) {
          b[q + 1] = valOp(v1, len);
          b.copyWithin(q, q + 1, end);
          end--;
          continue;
        }
      }
    }
    q++;
  }
  h.length = end;
  invalidateCache(b);
  return 1;
}

/** Raise register `index` to `count` in either encoding (hllDenseSet / hllSparseSet). */
export function setRegister(h: HllBuf, index: number, count: number, sparseMaxBytes: number): 1 | 0 | -1 {
  if (h.buf[4] === HLL_DENSE) return denseSet(h.buf, index, count) ? 1 : 0;
  return sparseSet(h, index, count, sparseMaxBytes);
}

/** hllAdd: add an element, in place (a sparse HLL may grow, or turn dense). */
export function hllAdd(h: HllBuf, element: Buffer, sparseMaxBytes: number): 1 | 0 | -1 {
  const { index, count } = patLen(element);
  return setRegister(h, index, count, sparseMaxBytes);
}

/** hllMerge: raise `max` to the registers of `b`; false when its sparse opcodes are corrupt. */
export function hllMerge(max: Uint8Array, b: Buffer): boolean {
  if (b[4] === HLL_DENSE) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const v = denseGet(b, i);
      if (v > max[i]) max[i] = v;
    }
    return true;
  }
  let i = 0;
  for (let p = HLL_HDR_SIZE; p < b.length; ) {
    const op = b[p];
    if (isZero(op)) {
      i += zeroLen(op);
      p++;
    } else if (isXzero(op)) {
      i += xzeroLen(op, b[p + 1] ?? 0);
      p += 2;
    } else {
      let run = valLen(op);
      const value = valValue(op);
      if (run + i > HLL_REGISTERS) break;
      while (run--) {
        if (value > max[i]) max[i] = value;
        i++;
      }
      p++;
    }
  }
  return i === HLL_REGISTERS;
}

/** The registers' histogram: count of registers per value (null when sparse opcodes are corrupt). */
function histogram(b: Buffer): number[] | null {
  const histo = new Array<number>(64).fill(0);
  if (b[4] === HLL_DENSE) {
    for (let i = 0; i < HLL_REGISTERS; i++) histo[denseGet(b, i)]++;
    return histo;
  }
  let idx = 0;
  for (let p = HLL_HDR_SIZE; p < b.length; ) {
    const op = b[p];
    if (isZero(op)) {
      idx += zeroLen(op);
      histo[0] += zeroLen(op);
      p++;
    } else if (isXzero(op)) {
      const run = xzeroLen(op, b[p + 1] ?? 0);
      idx += run;
      histo[0] += run;
      p += 2;
    } else {
      idx += valLen(op);
      histo[valValue(op)] += valLen(op);
      p++;
    }
  }
  return idx === HLL_REGISTERS ? histo : null;
}

function sigma(x: number): number {
  if (x === 1) return Number.POSITIVE_INFINITY;
  let zPrime: number;
  let y = 1;
  let z = x;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let zPrime: number;
  let y = 1.0;
  let z = 1 - x;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
  } while (zPrime !== z);
  return z / 3;
}

/** hllCount over a register histogram: Ertl's improved estimator, as Redis computes it. */
function countFromHistogram(histo: number[]): number {
  const m = HLL_REGISTERS;
  let z = m * tau((m - histo[HLL_Q + 1]) / m);
  for (let j = HLL_Q; j >= 1; --j) {
    z += histo[j];
    z *= 0.5;
  }
  z += m * sigma(histo[0] / m);
  return Math.round((HLL_ALPHA_INF * m * m) / z);
}

/** The estimate for one HLL value, or null when its sparse opcodes are corrupt. */
export function hllCount(b: Buffer): number | null {
  const histo = histogram(b);
  return histo === null ? null : countFromHistogram(histo);
}

/** The estimate for registers merged from several HLLs (PFCOUNT of many keys). */
export function countRegisters(max: Uint8Array): number {
  const histo = new Array<number>(64).fill(0);
  for (const v of max) histo[v]++;
  return countFromHistogram(histo);
}

/** The cached cardinality, or null when stale. */
export function cachedCount(b: Buffer): number | null {
  if ((b[15] & 0x80) !== 0) return null;
  return Number(b.readBigUInt64LE(8));
}

export function setCachedCount(b: Buffer, card: number): void {
  b.writeBigUInt64LE(BigInt(card), 8);
}

/** PFDEBUG GETREG: every register's value. */
export function registers(b: Buffer): number[] {
  const out: number[] = [];
  for (let i = 0; i < HLL_REGISTERS; i++) out.push(denseGet(b, i));
  return out;
}

/** PFDEBUG DECODE: the sparse opcodes as text ("z:3 v:1,2 Z:16000"), or null when not sparse. */
export function decodeSparse(b: Buffer): string | null {
  if (b[4] !== HLL_SPARSE) return null;
  const parts: string[] = [];
  for (let p = HLL_HDR_SIZE; p < b.length; ) {
    const op = b[p];
    if (isZero(op)) {
      parts.push(`z:${zeroLen(op)}`);
      p++;
    } else if (isXzero(op)) {
      parts.push(`Z:${xzeroLen(op, b[p + 1] ?? 0)}`);
      p += 2;
    } else {
      parts.push(`v:${valValue(op)},${valLen(op)}`);
      p++;
    }
  }
  return parts.join(' ');
}
