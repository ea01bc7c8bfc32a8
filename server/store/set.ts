// A set value: distinct byte-string members.
//
// Redis 7.0 keeps a set whose members are all integers (canonical int64 strings) in an intset, a
// sorted array of integers, until it has more than set-max-intset-entries members; any other set is
// a hash table, and a converted set never goes back. Here the members are in a Map either way, and
// `intset` records which encoding Redis would have. The encoding shows in replies: an intset is
// iterated in ascending numeric order (SMEMBERS, SSCAN, SUNION and friends list it sorted), and
// SSCAN returns it whole in one call. A hash table's order in Redis is arbitrary, so the Map's
// insertion order serves.

import { isInt64 } from '../numbers.js';
import type { RedisObject } from './keyspace.js';
import type { Scannable } from './scan.js';

/** Ascending numeric order of two canonical int64 strings. */
function compareIntegers(a: string, b: string): number {
  // Up to 15 digits a double is exact; beyond that compare as bigints.
  if (a.length < 16 && b.length < 16) return Number(a) - Number(b);
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export class SetValue implements RedisObject, Scannable<string, true> {
  readonly type = 'set';
  map = new Map<string, true>();
  /** How many members were ever removed (SSCAN cursors use it; see scan.ts). */
  deletions = 0;
  /** Whether Redis would hold this set as an intset; once false it stays false. */
  intset: boolean;
  lastAccess?: number;
  /** The intset's members in ascending order, built on demand and dropped by any change. */
  private ordered: string[] | null = null;

  /**
   * An empty set. Redis's setTypeCreate picks the encoding from the first member to be added: an
   * intset if it is an integer (and the set converts as others arrive), else a hash table.
   */
  constructor(intset = true) {
    this.intset = intset;
  }

  /** A new empty set for a first member `member`, as Redis's setTypeCreate. */
  static for(member: string): SetValue {
    return new SetValue(isInt64(member));
  }

  get size(): number {
    return this.map.size;
  }

  encoding(): string {
    return this.intset ? 'intset' : 'hashtable';
  }

  clone(): SetValue {
    const s = new SetValue(this.intset);
    s.map = new Map(this.map);
    return s;
  }

  has(member: string): boolean {
    return this.map.has(member);
  }

  /**
   * Add `member`; returns whether it is new. As Redis's setTypeAdd, a non-integer converts an intset
   * to a hash table before the add, and a size over `maxIntsetEntries` after.
   */
  add(member: string, maxIntsetEntries: number): boolean {
    if (this.map.has(member)) return false;
    if (this.intset && !isInt64(member)) this.intset = false;
    this.map.set(member, true);
    if (this.intset && this.map.size > maxIntsetEntries) this.intset = false;
    this.ordered = null;
    return true;
  }

  /** Remove `member`; returns whether it was there. */
  delete(member: string): boolean {
    if (!this.map.delete(member)) return false;
    this.deletions++;
    this.ordered = null;
    return true;
  }

  /** The members in Redis's iteration order: ascending for an intset. */
  members(): readonly string[] | IterableIterator<string> {
    if (!this.intset) return this.map.keys();
    if (this.ordered === null) this.ordered = [...this.map.keys()].sort(compareIntegers);
    return this.ordered;
  }

  /** The members as an array, in iteration order. */
  toArray(): string[] {
    return this.intset ? [...this.members()] : [...this.map.keys()];
  }

  /**
   * A uniformly random member (the set must not be empty). An intset has random access through its
   * sorted array; a Map has none, so a hash table walks to a random position: O(n).
   */
  randomMember(): string {
    const i = Math.floor(Math.random() * this.map.size);
    if (this.intset) return (this.members() as readonly string[])[i];
    let skip = i;
    for (const m of this.map.keys()) if (skip-- === 0) return m;
    throw new Error('randomMember of an empty set');
  }
}
