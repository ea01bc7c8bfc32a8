// A stream value: entries ordered by ID, and the consumer groups that read them (Redis's t_stream.c).
//
// IDs are two unsigned 64-bit numbers, <ms>-<seq>, past what a JS number holds exactly. Inside, an ID
// is a "key": an 8-character string of 16-bit code units, the ID as one 128-bit big-endian number.
// Keys compare with < and ===, work as Map keys, and increment or decrement with a carry, so no code
// here does 64-bit arithmetic; only parsing and printing convert (through BigInt past 2^53).
//
// The entries live in nodes, as Redis's radix tree of listpacks: each node holds consecutive entries
// (at most stream-node-max-entries, and about stream-node-max-bytes of listpack). The node layout is
// visible: MAXLEN ~ / MINID ~ trim whole nodes only, and XINFO STREAM reports radix-tree-keys and
// -nodes. So a node keeps Redis's listpack size (computed from the encodings it would use), deleted
// entries stay in their node as tombstones, and a node whose last live entry goes is dropped.
//
// XADD appends to the last node (O(1)); a range read finds its start by binary search over nodes and
// then within one (O(log n)); trimming pops whole nodes from the head and marks what it trims in one
// node (the cost of what it trims).
//
// A consumer group's pending entries list (PEL) is a Map from key to NACK with the keys in a sorted
// array (see Pel); a NACK is shared by the group's PEL and its consumer's PEL, as in Redis.

import { Deque } from './deque.js';
import type { RedisObject } from './keyspace.js';
import { LP_OVERHEAD, lpIntSize, lpStrSize } from './listpack.js';

// ---- IDs -------------------------------------------------------------------------------------------

const TWO16 = 65536;
const TWO32 = 4294967296;
const MAX_CHAR = String.fromCharCode(0xffff);
export const ZERO_KEY = '\0\0\0\0\0\0\0\0';
export const MAX_KEY = MAX_CHAR.repeat(8);
const U64_MAX = (1n << 64n) - 1n;

/** Four 16-bit code units of a u64 given as a number below 2^53. */
function u64Chars(n: number): string {
  const hi = Math.floor(n / TWO32);
  const lo = n - hi * TWO32;
  return String.fromCharCode(hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff);
}

function u64CharsBig(n: bigint): string {
  return String.fromCharCode(
    Number((n >> 48n) & 0xffffn),
    Number((n >> 32n) & 0xffffn),
    Number((n >> 16n) & 0xffffn),
    Number(n & 0xffffn),
  );
}

/** The key of <ms>-<seq>, each part a number below 2^53 or a bigint. */
export function makeKey(ms: number | bigint, seq: number | bigint): string {
  return (
    (typeof ms === 'number' ? u64Chars(ms) : u64CharsBig(ms)) +
    (typeof seq === 'number' ? u64Chars(seq) : u64CharsBig(seq))
  );
}

/** One u64 half of a key, as text. */
function partText(key: string, at: number): string {
  const hi = key.charCodeAt(at) * TWO16 + key.charCodeAt(at + 1);
  const lo = key.charCodeAt(at + 2) * TWO16 + key.charCodeAt(at + 3);
  if (hi < 2 ** 21) return String(hi * TWO32 + lo);
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/** "<ms>-<seq>", as Redis prints an ID. */
export function keyText(key: string): string {
  return `${partText(key, 0)}-${partText(key, 4)}`;
}

/** The ms part of a key as a number (inexact past 2^53: for sizes and clocks only). */
export function keyMs(key: string): number {
  return (
    key.charCodeAt(0) * 2 ** 48 + key.charCodeAt(1) * TWO32 + key.charCodeAt(2) * TWO16 + key.charCodeAt(3)
  );
}

/** The seq part of a key as a number (inexact past 2^53). */
function keySeq(key: string): number {
  return (
    key.charCodeAt(4) * 2 ** 48 + key.charCodeAt(5) * TWO32 + key.charCodeAt(6) * TWO16 + key.charCodeAt(7)
  );
}

/** Whether the seq part of a key is 2^64-1. */
export function seqIsMax(key: string): boolean {
  return key.endsWith(MAX_CHAR.repeat(4));
}

/** The next key (streamIncrID): seq + 1, carrying into ms; null past the maximum ID. */
export function keyIncr(key: string): string | null {
  let i = 7;
  while (i >= 0 && key.charCodeAt(i) === 0xffff) i--;
  if (i < 0) return null;
  return key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + '\0'.repeat(7 - i);
}

/** The previous key (streamDecrID): seq - 1, borrowing from ms; null below 0-0. */
export function keyDecr(key: string): string | null {
  let i = 7;
  while (i >= 0 && key.charCodeAt(i) === 0) i--;
  if (i < 0) return null;
  return key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) - 1) + MAX_CHAR.repeat(7 - i);
}

/** Whitespace as C's isspace, which strtoull skips. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Redis's string2ull: a canonical integer (string2ll) that is not negative, or else whatever strtoull
 * accepts in full (leading spaces, a sign, leading zeros; a minus wraps around). null if invalid.
 */
export function parseU64(s: string): number | bigint | null {
  const n = s.length;
  if (n > 0 && n <= 15) {
    // The common case: plain digits, no leading zero.
    let v = 0;
    let ok = s.charCodeAt(0) !== 48 || n === 1;
    for (let i = 0; i < n && ok; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) ok = false;
      else v = v * 10 + c;
    }
    if (ok) return v;
  }
  let i = 0;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') {
    negative = s[i] === '-';
    i++;
  }
  const digits = s.slice(i);
  if (digits.length === 0 || !/^[0-9]+$/.test(digits)) return null;
  let v = BigInt(digits);
  if (v > U64_MAX) return null;
  if (negative) {
    // string2ll accepts a canonical negative number first, and string2ull refuses it; strtoull
    // negates anything else ("-0", "-01", " -1").
    if (i === 1 && /^[1-9][0-9]*$/.test(digits) && v <= 1n << 63n) return null;
    v = (U64_MAX + 1n - v) & U64_MAX;
  }
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** What parseId found: the key, and whether the seq part was given (false for "<ms>-*"). */
export interface ParsedId {
  key: string;
  seqGiven: boolean;
}

/**
 * Parse an ID argument as streamGenericParseIDOrReply: "<ms>-<seq>", "<ms>" (seq `missingSeq`), "-"
 * and "+" unless strict, "<ms>-*" when `allowAutoSeq`. null if invalid.
 */
export function parseId(
  arg: string,
  missingSeq: 'min' | 'max',
  strict: boolean,
  allowAutoSeq = false,
): ParsedId | null {
  if (arg.length > 127) return null;
  // The C code works on a NUL-terminated copy.
  const nul = arg.indexOf('\0');
  const s = nul >= 0 ? arg.slice(0, nul) : arg;
  if (s === '-' || s === '+') {
    if (strict) return null;
    return { key: s === '-' ? ZERO_KEY : MAX_KEY, seqGiven: true };
  }
  const dash = s.indexOf('-');
  const ms = parseU64(dash >= 0 ? s.slice(0, dash) : s);
  if (ms === null) return null;
  if (dash < 0) return { key: makeKey(ms, missingSeq === 'min' ? 0 : U64_MAX), seqGiven: true };
  const seqText = s.slice(dash + 1);
  if (allowAutoSeq && seqText === '*') return { key: makeKey(ms, 0), seqGiven: false };
  const seq = parseU64(seqText);
  if (seq === null) return null;
  return { key: makeKey(ms, seq), seqGiven: true };
}

/** Redis's STREAM_LISTPACK_MAX_SIZE. */
const LISTPACK_MAX_SIZE = 1 << 30;

// ---- entries and nodes -------------------------------------------------------------------------------

export class StreamEntry {
  constructor(
    readonly key: string,
    /** field, value, field, value, ...; null once deleted (a tombstone left in its node). */
    public fields: string[] | null,
  ) {}

  /** The ID as text. Printed when replied rather than kept: an entry costs less memory. */
  get text(): string {
    return keyText(this.key);
  }
}

class StreamNode {
  readonly entries: StreamEntry[] = [];
  live = 0;
  deleted = 0;
  /** Listpack bytes but the two counters of the master entry. */
  private base: number;
  readonly masterKey: string;
  readonly masterFields: string[];

  constructor(key: string, fields: string[]) {
    this.masterKey = key;
    this.masterFields = [];
    let base = LP_OVERHEAD + lpIntSize(fields.length / 2) + lpIntSize(0);
    for (let i = 0; i < fields.length; i += 2) {
      this.masterFields.push(fields[i]);
      base += lpStrSize(fields[i]);
    }
    this.base = base;
  }

  get bytes(): number {
    return this.base + lpIntSize(this.live) + lpIntSize(this.deleted);
  }

  get lastKey(): string {
    return this.entries[this.entries.length - 1].key;
  }

  sameFields(fields: string[]): boolean {
    const master = this.masterFields;
    if (fields.length !== master.length * 2) return false;
    for (let i = 0; i < master.length; i++) if (fields[i * 2] !== master[i]) return false;
    return true;
  }

  push(entry: StreamEntry): void {
    const fields = entry.fields!;
    const same = this.sameFields(fields);
    // Share the master entry's field names, as Redis's listpack stores them once per node.
    if (same) for (let i = 0; i < fields.length; i += 2) fields[i] = this.masterFields[i >> 1];
    let size =
      lpIntSize(same ? 2 : 0) +
      lpIntSize(keyMs(entry.key) - keyMs(this.masterKey)) +
      lpIntSize(keySeq(entry.key) - keySeq(this.masterKey));
    for (let i = same ? 1 : 0; i < fields.length; i += same ? 2 : 1) size += lpStrSize(fields[i]);
    const numfields = fields.length / 2;
    size += same ? lpIntSize(numfields + 3) : lpIntSize(numfields) + lpIntSize(numfields * 2 + 4);
    this.base += size;
    this.entries.push(entry);
    this.live++;
  }

  /** The index of the first entry with a key >= `key` (entries.length if none). */
  lowerBound(key: string): number {
    const entries = this.entries;
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (entries[mid].key < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  clone(): StreamNode {
    const n = Object.create(StreamNode.prototype) as StreamNode;
    Object.assign(n, this);
    (n as { entries: StreamEntry[] }).entries = this.entries.map((e) => new StreamEntry(e.key, e.fields));
    return n;
  }
}

// ---- consumer groups ---------------------------------------------------------------------------------

/** A pending entry: delivered to `consumer` and not acknowledged yet. */
export interface Nack {
  readonly key: string;
  readonly text: string;
  consumer: Consumer | null;
  deliveryTime: number;
  deliveryCount: number;
}

/**
 * A PEL: NACKs by key, in key order. The order is a sorted array of keys; deliveries mostly append
 * (new IDs) and acknowledgements mostly take the oldest, so a removed key just leaves the Map and
 * its slot goes stale, skipped by readers and dropped when stale slots outnumber live ones. A key
 * given back keeps its slot, so no key is ever in the array twice.
 */
export class Pel {
  private keys: string[] = [];
  /** Slots before this one are stale. */
  private head = 0;
  private readonly map = new Map<string, Nack>();

  get size(): number {
    return this.map.size;
  }

  get(key: string): Nack | undefined {
    return this.map.get(key);
  }

  private lowerBound(keys: string[], key: string): number {
    let lo = this.head;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(nack: Nack): void {
    const key = nack.key;
    this.map.set(key, nack);
    const keys = this.keys;
    if (keys.length === this.head || keys[keys.length - 1] < key) {
      keys.push(key);
      return;
    }
    const i = this.lowerBound(keys, key);
    if (keys[i] !== key) keys.splice(i, 0, key);
  }

  delete(key: string): boolean {
    if (!this.map.delete(key)) return false;
    const keys = this.keys;
    const map = this.map;
    if (map.size === 0) {
      this.keys = [];
      this.head = 0;
      return true;
    }
    while (!map.has(keys[this.head])) this.head++;
    if (keys.length - map.size > map.size + 32) {
      // A new array: a reader iterating the old one goes on undisturbed.
      this.keys = keys.slice(this.head).filter((k) => map.has(k));
      this.head = 0;
    }
    return true;
  }

  first(): Nack | undefined {
    return this.map.size === 0 ? undefined : this.map.get(this.keys[this.head]);
  }

  last(): Nack | undefined {
    const keys = this.keys;
    for (let i = keys.length - 1; i >= this.head; i--) {
      const nack = this.map.get(keys[i]);
      if (nack) return nack;
    }
    return undefined;
  }

  /** NACKs with keys >= `key`, in order. Deleting while iterating is safe. */
  *from(key: string): IterableIterator<Nack> {
    const keys = this.keys;
    for (let i = this.lowerBound(keys, key); i < keys.length; i++) {
      const nack = this.map.get(keys[i]);
      if (nack) yield nack;
    }
  }

  *[Symbol.iterator](): IterableIterator<Nack> {
    yield* this.from(ZERO_KEY);
  }
}

export class Consumer {
  readonly pel = new Pel();

  constructor(
    readonly name: string,
    /** Server time of the last interaction (XINFO CONSUMERS idle). */
    public seenTime: number,
  ) {}
}

/** Redis's SCG_INVALID_ENTRIES_READ: the group's read counter is unknown. */
export const INVALID_ENTRIES_READ = -1;

export class ConsumerGroup {
  readonly pel = new Pel();
  readonly consumers = new Map<string, Consumer>();

  constructor(
    /** The last ID delivered to the group. */
    public lastKey: string,
    /** How many entries the group has read (its logical position), or INVALID_ENTRIES_READ. */
    public entriesRead: number,
  ) {}

  /** Consumers in Redis's order (a radix tree: by name bytes). */
  sortedConsumers(): Consumer[] {
    return [...this.consumers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  createConsumer(name: string, now: number): Consumer {
    const consumer = new Consumer(name, now);
    this.consumers.set(name, consumer);
    return consumer;
  }

  /** Remove a consumer and its pending entries from the group (streamDelConsumer). */
  deleteConsumer(consumer: Consumer): void {
    for (const nack of consumer.pel) this.pel.delete(nack.key);
    this.consumers.delete(consumer.name);
  }

  /** Deliver the entry `key` to `consumer`: a new NACK, or the existing one reassigned. */
  deliver(key: string, text: string, consumer: Consumer, now: number): void {
    const nack = this.pel.get(key);
    if (nack === undefined) {
      const fresh: Nack = { key, text, consumer, deliveryTime: now, deliveryCount: 1 };
      this.pel.add(fresh);
      consumer.pel.add(fresh);
      return;
    }
    nack.consumer?.pel.delete(key);
    nack.consumer = consumer;
    nack.deliveryTime = now;
    nack.deliveryCount = 1;
    consumer.pel.add(nack);
  }

  /** Acknowledge `key`: drop it from both PELs. Returns whether it was pending. */
  ack(key: string): boolean {
    const nack = this.pel.get(key);
    if (nack === undefined) return false;
    this.pel.delete(key);
    nack.consumer?.pel.delete(key);
    return true;
  }
}

// ---- the stream ----------------------------------------------------------------------------------

/** Limits read from the config when a command runs. */
export interface NodeLimits {
  maxBytes: number;
  maxEntries: number;
}

export const DEFAULT_NODE_LIMITS: NodeLimits = { maxBytes: 4096, maxEntries: 100 };

export interface TrimArgs {
  strategy: 'maxlen' | 'minid';
  maxlen: number;
  minid: string;
  approx: boolean;
  /** 0: no limit. */
  limit: number;
}

export class Stream implements RedisObject {
  readonly type = 'stream';
  lastAccess?: number;
  private nodes = new Deque<StreamNode>();
  length = 0;
  /** The last ID ever added (or set by XSETID). */
  lastKey = ZERO_KEY;
  /** The first live entry's ID (0-0 when empty), as Redis records it. */
  firstKey = ZERO_KEY;
  maxDeletedKey = ZERO_KEY;
  /** How many entries were ever added. */
  entriesAdded = 0;
  groups: Map<string, ConsumerGroup> | null = null;

  encoding(): string {
    return 'stream';
  }

  clone(): Stream {
    const s = new Stream();
    for (let i = 0; i < this.nodes.length; i++) s.nodes.pushBack(this.nodes.at(i)!.clone());
    s.length = this.length;
    s.lastKey = this.lastKey;
    s.firstKey = this.firstKey;
    s.maxDeletedKey = this.maxDeletedKey;
    s.entriesAdded = this.entriesAdded;
    if (this.groups) {
      s.groups = new Map();
      for (const [name, g] of this.groups) {
        const copy = new ConsumerGroup(g.lastKey, g.entriesRead);
        const consumers = new Map<Consumer, Consumer>();
        for (const c of g.consumers.values()) {
          const cc = copy.createConsumer(c.name, c.seenTime);
          consumers.set(c, cc);
        }
        for (const nack of g.pel) {
          const owner = nack.consumer ? consumers.get(nack.consumer)! : null;
          const n: Nack = { ...nack, consumer: owner };
          copy.pel.add(n);
          owner?.pel.add(n);
        }
        s.groups.set(name, copy);
      }
    }
    return s;
  }

  // ---- adding ----

  /**
   * The ID XADD would give: auto (`id` undefined), or a given one (seq auto when !seqGiven). Returns
   * null when it is not above the last ID (or the seq would overflow).
   */
  nextKey(now: number, id?: ParsedId): string | null {
    let key: string;
    if (id === undefined) {
      const lastMs = keyMs(this.lastKey);
      if (lastMs < now) key = makeKey(now, 0);
      else {
        const next = keyIncr(this.lastKey);
        if (next === null) return null;
        key = next;
      }
    } else if (id.seqGiven) {
      key = id.key;
    } else if (id.key.slice(0, 4) === this.lastKey.slice(0, 4)) {
      if (seqIsMax(this.lastKey)) return null;
      key = keyIncr(this.lastKey)!;
    } else {
      key = id.key;
    }
    return key > this.lastKey ? key : null;
  }

  /** Append an entry whose key is above lastKey (see nextKey). Returns the entry. */
  append(key: string, fields: string[], limits: NodeLimits = DEFAULT_NODE_LIMITS): StreamEntry {
    const entry = new StreamEntry(key, fields);
    let node = this.nodes.length > 0 ? this.nodes.at(this.nodes.length - 1)! : undefined;
    if (node !== undefined) {
      let maxBytes = limits.maxBytes;
      if (maxBytes === 0 || maxBytes > LISTPACK_MAX_SIZE) maxBytes = LISTPACK_MAX_SIZE;
      let total = 0;
      for (const f of fields) total += f.length;
      if (
        node.bytes + total >= maxBytes ||
        (limits.maxEntries > 0 && node.live + node.deleted >= limits.maxEntries)
      )
        node = undefined;
    }
    if (node === undefined) {
      node = new StreamNode(key, fields);
      this.nodes.pushBack(node);
    }
    node.push(entry);
    this.length++;
    this.entriesAdded++;
    this.lastKey = key;
    if (this.length === 1) this.firstKey = key;
    return entry;
  }

  // ---- reading ----

  /** Position of the first entry (live or not) with key >= `key`: [node index, entry index]. */
  private seek(key: string): [number, number] {
    const nodes = this.nodes;
    let lo = 0;
    let hi = nodes.length;
    // The last node whose master key is <= key.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (nodes.at(mid)!.masterKey <= key) lo = mid + 1;
      else hi = mid;
    }
    let n = lo - 1;
    if (n < 0) return [0, 0];
    let i = nodes.at(n)!.lowerBound(key);
    if (i === nodes.at(n)!.entries.length) {
      n++;
      i = 0;
    }
    return [n, i];
  }

  /**
   * Call `fn` with each live entry with start <= key <= end, ascending (or descending when `rev`),
   * at most `count` of them (0: all). Returns how many.
   */
  range(start: string, end: string, rev: boolean, count: number, fn: (e: StreamEntry) => void): number {
    if (start > end || this.length === 0) return 0;
    const nodes = this.nodes;
    let emitted = 0;
    if (!rev) {
      let [n, i] = this.seek(start);
      for (; n < nodes.length; n++, i = 0) {
        const entries = nodes.at(n)!.entries;
        for (; i < entries.length; i++) {
          const e = entries[i];
          if (e.key > end) return emitted;
          if (e.fields === null) continue;
          fn(e);
          if (++emitted === count) return emitted;
        }
      }
      return emitted;
    }
    const after = keyIncr(end);
    let [n, i] = after === null ? [nodes.length, 0] : this.seek(after);
    // Step back to the last entry with key <= end.
    for (;;) {
      if (i === 0) {
        n--;
        if (n < 0) return emitted;
        i = nodes.at(n)!.entries.length;
      }
      const entries = nodes.at(n)!.entries;
      for (i--; i >= 0; i--) {
        const e = entries[i];
        if (e.key < start) return emitted;
        if (e.fields === null) continue;
        fn(e);
        if (++emitted === count) return emitted;
      }
      i = 0;
    }
  }

  /** The live entry with `key`, or undefined. */
  get(key: string): StreamEntry | undefined {
    const [n, i] = this.seek(key);
    if (n >= this.nodes.length) return undefined;
    const e = this.nodes.at(n)!.entries[i];
    return e.key === key && e.fields !== null ? e : undefined;
  }

  /** The first or last live entry. */
  edge(last: boolean): StreamEntry | undefined {
    let found: StreamEntry | undefined;
    this.range(ZERO_KEY, MAX_KEY, last, 1, (e) => {
      found = e;
    });
    return found;
  }

  /** The last live entry's key (streamLastValidID), or 0-0. */
  lastValidKey(): string {
    return this.edge(true)?.key ?? ZERO_KEY;
  }

  // ---- deleting ----

  /** XDEL one ID: returns whether a live entry was deleted. */
  delete(key: string): boolean {
    const [n, i] = this.seek(key);
    if (n >= this.nodes.length) return false;
    const node = this.nodes.at(n)!;
    const e = node.entries[i];
    if (e.key !== key || e.fields === null) return false;
    e.fields = null;
    if (node.live === 1) this.nodes.removeAt(n);
    else {
      node.live--;
      node.deleted++;
    }
    this.length--;
    return true;
  }

  /** Trim as streamTrim; returns how many entries went. */
  trim(args: TrimArgs): number {
    const maxlen = args.strategy === 'maxlen';
    let deleted = 0;
    const nodes = this.nodes;
    while (nodes.length > 0) {
      if (maxlen && this.length <= args.maxlen) break;
      const node = nodes.at(0)!;
      const entries = node.live;
      if (args.limit && deleted + entries > args.limit) break;
      const removeNode = maxlen ? this.length - entries >= args.maxlen : node.lastKey < args.minid;
      if (removeNode) {
        nodes.popFront();
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (args.approx) break;
      for (const e of node.entries) {
        if (maxlen ? this.length <= args.maxlen : e.key >= args.minid) break;
        if (e.fields === null) continue;
        e.fields = null;
        node.live--;
        node.deleted++;
        this.length--;
        deleted++;
      }
      break;
    }
    if (this.length === 0) this.firstKey = ZERO_KEY;
    else if (deleted > 0) this.firstKey = this.edge(false)!.key;
    return deleted;
  }

  /** After XDEL: keep firstKey and maxDeletedKey as Redis does. */
  afterDelete(deletedKeys: string[]): void {
    let first = false;
    for (const key of deletedKeys) {
      if (key === this.firstKey) first = true;
      if (key > this.maxDeletedKey) this.maxDeletedKey = key;
    }
    if (deletedKeys.length === 0) return;
    if (this.length === 0) this.firstKey = ZERO_KEY;
    else if (first) this.firstKey = this.edge(false)!.key;
  }

  // ---- introspection ----

  /** XINFO STREAM's radix-tree-keys: the number of nodes. */
  get nodeCount(): number {
    return this.nodes.length;
  }

  /** Each node's listpack bytes, oldest node first (MEMORY USAGE). */
  nodeBytes(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.nodes.length; i++) out.push(this.nodes.at(i)!.bytes);
    return out;
  }

  /**
   * XINFO STREAM's radix-tree-nodes: the nodes of a radix tree holding the nodes' master IDs as
   * 16-byte big-endian keys, each path of single children compressed into one node.
   */
  radixTreeNodes(): number {
    const keys: string[] = [];
    for (let i = 0; i < this.nodes.length; i++) keys.push(this.nodes.at(i)!.masterKey);
    if (keys.length === 0) return 1;
    const byte = (k: string, at: number) => {
      const c = k.charCodeAt(at >> 1);
      return at & 1 ? c & 0xff : c >> 8;
    };
    // Nodes of the subtree holding keys[from..to) that starts at byte depth `depth`.
    const count = (from: number, to: number, depth: number): number => {
      if (to - from === 1) return depth === 16 ? 1 : 2;
      let d = depth;
      while (byte(keys[from], d) === byte(keys[to - 1], d)) d++;
      let total = (d > depth ? 1 : 0) + 1;
      let start = from;
      for (let i = from + 1; i <= to; i++) {
        if (i === to || byte(keys[i], d) !== byte(keys[start], d)) {
          total += count(start, i, d + 1);
          start = i;
        }
      }
      return total;
    };
    return count(0, keys.length, 0);
  }

  // ---- groups ----

  group(name: string): ConsumerGroup | undefined {
    return this.groups?.get(name);
  }

  /** Create a group; false when one of that name exists. */
  createGroup(name: string, lastKey: string, entriesRead: number): ConsumerGroup | null {
    if (this.groups === null) this.groups = new Map();
    if (this.groups.has(name)) return null;
    const g = new ConsumerGroup(lastKey, entriesRead);
    this.groups.set(name, g);
    return g;
  }

  /** Groups in Redis's order (by name bytes). */
  sortedGroups(): [string, ConsumerGroup][] {
    if (this.groups === null) return [];
    return [...this.groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** streamRangeHasTombstones with no end: a deleted ID at or after `start` while entries remain. */
  hasTombstonesFrom(start: string): boolean {
    if (this.length === 0 || this.maxDeletedKey === ZERO_KEY) return false;
    if (this.firstKey > this.maxDeletedKey) return false;
    return start <= this.maxDeletedKey;
  }

  /** streamEstimateDistanceFromFirstEverEntry: the read counter of `key`, or INVALID_ENTRIES_READ. */
  estimateDistance(key: string): number {
    if (this.entriesAdded === 0) return 0;
    if (this.length === 0 && key <= this.lastKey) return this.entriesAdded;
    if (key === this.lastKey) return this.entriesAdded;
    if (key > this.lastKey) return INVALID_ENTRIES_READ;
    if (this.maxDeletedKey === ZERO_KEY || this.maxDeletedKey < this.firstKey) {
      if (key < this.firstKey) return this.entriesAdded - this.length;
      if (key === this.firstKey) return this.entriesAdded - this.length + 1;
    }
    return INVALID_ENTRIES_READ;
  }

  /** A group's lag (streamReplyWithCGLag), or null when it cannot be known. */
  lag(g: ConsumerGroup): number | null {
    if (this.entriesAdded === 0) return 0;
    if (g.entriesRead !== INVALID_ENTRIES_READ && !this.hasTombstonesFrom(g.lastKey))
      return this.entriesAdded - g.entriesRead;
    const read = this.estimateDistance(g.lastKey);
    return read === INVALID_ENTRIES_READ ? null : this.entriesAdded - read;
  }

  /** A group read the entry `key`: move its last ID and read counter as streamReplyWithRange. */
  advanceGroup(g: ConsumerGroup, key: string): void {
    if (key <= g.lastKey) return;
    if (g.entriesRead !== INVALID_ENTRIES_READ && !this.hasTombstonesFrom(key)) g.entriesRead++;
    else if (this.entriesAdded) g.entriesRead = this.estimateDistance(key);
    g.lastKey = key;
  }
}

// ---- building streams from plain data (test doubles, seeding) ----------------------------------------

export interface StreamSeed {
  /** Entries in ID order: "ms-seq" and flat field/value pairs, or fields as an object. */
  entries: { id: string; fields: string[] | Record<string, string> }[];
  groups?: { name: string; lastId?: string; entriesRead?: number }[];
}

/**
 * A stream holding `seed`'s entries with the IDs given (each above the one before) and its groups
 * (lastId "$" or absent: the last entry). Throws on an invalid or out-of-order ID.
 */
export function streamFromSeed(seed: StreamSeed): Stream {
  const s = new Stream();
  for (const { id, fields } of seed.entries) {
    const parsed = parseId(id, 'min', true, true);
    const key = parsed && s.nextKey(0, parsed);
    if (!key) throw new Error(`stream seed: invalid or out-of-order ID ${id}`);
    s.append(key, Array.isArray(fields) ? [...fields] : Object.entries(fields).flat());
  }
  for (const g of seed.groups ?? []) {
    const last = g.lastId === undefined || g.lastId === '$' ? s.lastKey : parseId(g.lastId, 'min', true)?.key;
    if (last === undefined) throw new Error(`stream seed: invalid group ID ${g.lastId}`);
    s.createGroup(g.name, last, g.entriesRead ?? INVALID_ENTRIES_READ);
  }
  return s;
}
