// The list value: a deque of byte strings (see deque.ts), so LPUSH/RPUSH/LPOP/RPOP are O(1) at both
// ends and LINDEX/LSET/LRANGE reach any index in O(1).
//
// Redis 7.0 stores every list as a quicklist (a linked list of listpacks), whatever its size, and
// OBJECT ENCODING says so; there is no small encoding to convert from.

import { Deque } from './deque.js';
import type { RedisObject } from './keyspace.js';

/** Which end of a list: LEFT (the head, index 0) or RIGHT (the tail). */
export type End = 'left' | 'right';

export class List extends Deque<string> implements RedisObject {
  readonly type = 'list';
  lastAccess?: number;

  constructor(capacity?: number) {
    super(capacity);
  }

  encoding(): string {
    return 'quicklist';
  }

  clone(): List {
    const copy = new List(this.length);
    for (const v of this) copy.pushBack(v);
    return copy;
  }

  push(end: End, v: string): void {
    if (end === 'left') this.pushFront(v);
    else this.pushBack(v);
  }

  /** Remove and return the element at `end`; undefined when the list is empty. */
  pop(end: End): string | undefined {
    return end === 'left' ? this.popFront() : this.popBack();
  }

  /** Index of the first element equal to `v` from the head, or -1. */
  indexOf(v: string): number {
    for (let i = 0; i < this.length; i++) if (this.at(i) === v) return i;
    return -1;
  }
}
