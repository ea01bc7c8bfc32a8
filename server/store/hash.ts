// A hash value: fields to values, both byte strings.
//
// Redis 7.0 keeps a small hash in a listpack (a flat array of field, value, field, value, ... in
// insertion order) and converts it to a hash table for good once it has more than
// hash-max-listpack-entries fields or a field or value longer than hash-max-listpack-value bytes.
// Here the data is a Map either way; `listpack` only records which encoding Redis would have, for
// OBJECT ENCODING and for the commands whose replies depend on it (HSCAN returns a listpack whole,
// in one call). A Map iterates in insertion order, as a listpack does, so replies that list a small
// hash (HGETALL, HKEYS, HRANDFIELD with a large count) come in the same order as Redis's.

import type { RedisObject } from './keyspace.js';
import type { Scannable } from './scan.js';

/** The listpack limits, from the config: hash-max-listpack-entries and hash-max-listpack-value. */
export interface ListpackLimits {
  readonly entries: number;
  readonly value: number;
}

export class Hash implements RedisObject, Scannable<string, string> {
  readonly type = 'hash';
  map = new Map<string, string>();
  /** How many fields were ever deleted (HSCAN cursors use it; see scan.ts). */
  deletions = 0;
  /** Whether Redis would still hold this hash as a listpack; once false it stays false. */
  listpack = true;
  lastAccess?: number;

  get size(): number {
    return this.map.size;
  }

  encoding(): string {
    return this.listpack ? 'listpack' : 'hashtable';
  }

  clone(): Hash {
    // COPY duplicates the listpack or the table as it is: the encoding is kept.
    const h = new Hash();
    h.map = new Map(this.map);
    h.listpack = this.listpack;
    return h;
  }

  get(field: string): string | undefined {
    return this.map.get(field);
  }

  /**
   * Set `field` to `value`; returns whether the field is new. As Redis's hashTypeSet, a field or value
   * over the value limit converts before the write, and a field count over the entries limit after.
   */
  set(field: string, value: string, limits: ListpackLimits): boolean {
    if (this.listpack && (field.length > limits.value || value.length > limits.value)) this.listpack = false;
    const size = this.map.size;
    this.map.set(field, value);
    if (this.listpack && this.map.size > limits.entries) this.listpack = false;
    return this.map.size !== size;
  }

  /** Remove `field`; returns whether it was there. */
  delete(field: string): boolean {
    if (!this.map.delete(field)) return false;
    this.deletions++;
    return true;
  }
}
