// A double-ended queue on a ring buffer: the storage of list values.
//
// Redis lists are pushed and popped at both ends (queues, BullMQ's wait lists), so both ends must be
// O(1): Array#shift is O(n) in the worst case and unshift always is. A ring buffer gives O(1) pushes
// and pops at both ends and O(1) access by index (LINDEX, LSET, LRANGE); inserting or removing in the
// middle (LINSERT, LREM) moves the shorter side, as any array-backed list must.

const MIN_CAPACITY = 8;

export class Deque<T> {
  private items: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(capacity = MIN_CAPACITY) {
    this.items = new Array(Math.max(MIN_CAPACITY, capacity));
  }

  get length(): number {
    return this.count;
  }

  private grow(): void {
    const old = this.items;
    const next = new Array<T | undefined>(old.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = old[(this.head + i) % old.length];
    this.items = next;
    this.head = 0;
  }

  private shrinkIfSparse(): void {
    if (this.items.length > MIN_CAPACITY * 4 && this.count < this.items.length / 4) {
      const next = new Array<T | undefined>(this.items.length / 2);
      for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) % this.items.length];
      this.items = next;
      this.head = 0;
    }
  }

  pushBack(v: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) % this.items.length] = v;
    this.count++;
  }

  pushFront(v: T): void {
    if (this.count === this.items.length) this.grow();
    this.head = (this.head - 1 + this.items.length) % this.items.length;
    this.items[this.head] = v;
    this.count++;
  }

  popFront(): T | undefined {
    if (this.count === 0) return undefined;
    const v = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    this.shrinkIfSparse();
    return v;
  }

  popBack(): T | undefined {
    if (this.count === 0) return undefined;
    const i = (this.head + this.count - 1) % this.items.length;
    const v = this.items[i];
    this.items[i] = undefined;
    this.count--;
    this.shrinkIfSparse();
    return v;
  }

  /** The element at `index` (0-based from the front), or undefined when out of range. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.items[(this.head + index) % this.items.length];
  }

  /** Replace the element at `index` (which must be in range). */
  set(index: number, v: T): void {
    this.items[(this.head + index) % this.items.length] = v;
  }

  /** Insert `v` so that it ends up at `index` (0 ..length). */
  insert(index: number, v: T): void {
    if (index <= 0) return this.pushFront(v);
    if (index >= this.count) return this.pushBack(v);
    if (index < this.count / 2) {
      this.pushFront(v);
      for (let i = 0; i < index; i++) this.set(i, this.at(i + 1)!);
    } else {
      this.pushBack(v);
      for (let i = this.count - 1; i > index; i--) this.set(i, this.at(i - 1)!);
    }
    this.set(index, v);
  }

  /** Remove the element at `index` (which must be in range). */
  removeAt(index: number): void {
    if (index < this.count / 2) {
      for (let i = index; i > 0; i--) this.set(i, this.at(i - 1)!);
      this.popFront();
    } else {
      for (let i = index; i < this.count - 1; i++) this.set(i, this.at(i + 1)!);
      this.popBack();
    }
  }

  /** Keep only the elements for which `keep` is true, in order; returns how many were removed. */
  filter(keep: (v: T, index: number) => boolean): number {
    const kept: T[] = [];
    for (let i = 0; i < this.count; i++) {
      const v = this.at(i)!;
      if (keep(v, i)) kept.push(v);
    }
    const removed = this.count - kept.length;
    if (removed > 0) this.reset(kept);
    return removed;
  }

  /** Keep only the elements from `start` to `end` inclusive (LTRIM). */
  slice(start: number, end: number): void {
    const kept: T[] = [];
    for (let i = Math.max(0, start); i <= end && i < this.count; i++) kept.push(this.at(i)!);
    this.reset(kept);
  }

  private reset(values: T[]): void {
    this.items = new Array(Math.max(MIN_CAPACITY, values.length));
    for (let i = 0; i < values.length; i++) this.items[i] = values[i];
    this.head = 0;
    this.count = values.length;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.count; i++) yield this.items[(this.head + i) % this.items.length]!;
  }

  toArray(): T[] {
    return [...this];
  }
}
