// A double-ended queue: the storage of list values (and of a stream's nodes).
//
// Redis lists are pushed and popped at both ends (queues, BullMQ's wait lists), so both ends must be
// O(1): Array#shift is O(n) in the worst case and unshift always is. Access by index (LINDEX, LSET,
// LRANGE) stays O(1) too; inserting or removing in the middle (LINSERT, LREM) moves the shorter side.
//
// Two shapes, as Redis's quicklist is a list of small listpacks:
//   - small: one ring buffer whose capacity doubles up to BLOCK elements (a short list stays short);
//   - large: fixed-size blocks of BLOCK elements, themselves in a ring (the directory). Element i is
//     at offset `start + i` counted from the first block's first slot.
// A large list never copies its elements to grow: a push at either end fills or adds one block. One
// big array would be copied whole each time it doubles, and as a long-lived object in the old
// generation every element stored into it would be remembered for the next scavenge; a young block
// filled with young strings is promoted with them.

const MIN_CAPACITY = 8;
/** Elements per block of a large deque: a power of two. */
const BLOCK = 128;

type Slots<T> = (T | undefined)[];

export class Deque<T> {
  // Small shape (blocks === null): a ring of `ring.length` (a power of two) slots from `head`.
  private ring: Slots<T>;
  private head = 0;
  // Large shape: a ring of `blocks.length` (a power of two) blocks from `first`, `used` of them in use.
  private blocks: (Slots<T> | undefined)[] | null = null;
  private first = 0;
  private used = 0;
  /** Large shape: the slot of element 0 in the first block in use. */
  private start = 0;
  private count = 0;
  private readonly blockSize: number;
  private readonly blockBits: number;

  /** `blockSize` (a power of two) is for tests, which want small blocks to cross their borders often. */
  constructor(capacity = MIN_CAPACITY, blockSize = BLOCK) {
    this.blockSize = blockSize;
    this.blockBits = 31 - Math.clz32(blockSize);
    let size = Math.min(MIN_CAPACITY, blockSize);
    while (size < capacity && size < blockSize) size *= 2;
    this.ring = new Array(size);
  }

  get length(): number {
    return this.count;
  }

  // ---- the shapes -----------------------------------------------------------------------------------

  /** Small shape: double the ring, or once it would pass a block, turn it into the first block. */
  private growRing(): void {
    const old = this.ring;
    const mask = old.length - 1;
    if (old.length < this.blockSize) {
      const next: Slots<T> = new Array(old.length * 2);
      for (let i = 0; i < this.count; i++) next[i] = old[(this.head + i) & mask];
      this.ring = next;
      this.head = 0;
      return;
    }
    const block: Slots<T> = new Array(this.blockSize);
    for (let i = 0; i < this.count; i++) block[i] = old[(this.head + i) & mask];
    this.blocks = new Array(MIN_CAPACITY);
    this.blocks[0] = block;
    this.first = 0;
    this.used = 1;
    this.start = 0;
    this.ring = [];
    this.head = 0;
  }

  /** Large shape: the block holding absolute offset `at` (start-based). */
  private blockAt(at: number): Slots<T> {
    const blocks = this.blocks!;
    return blocks[(this.first + (at >> this.blockBits)) & (blocks.length - 1)]!;
  }

  private growDirectory(): void {
    const old = this.blocks!;
    const next: (Slots<T> | undefined)[] = new Array(old.length * 2);
    for (let i = 0; i < this.used; i++) next[i] = old[(this.first + i) & (old.length - 1)];
    this.blocks = next;
    this.first = 0;
  }

  /** After a pop: a directory mostly empty is halved (its blocks are already gone). */
  private shrinkDirectory(): void {
    const old = this.blocks!;
    if (old.length <= MIN_CAPACITY * 4 || this.used >= old.length / 4) return;
    const next: (Slots<T> | undefined)[] = new Array(old.length / 2);
    for (let i = 0; i < this.used; i++) next[i] = old[(this.first + i) & (old.length - 1)];
    this.blocks = next;
    this.first = 0;
  }

  /** Small shape after a pop: a ring mostly empty is halved. */
  private shrinkRing(): void {
    const old = this.ring;
    if (old.length <= MIN_CAPACITY * 4 || this.count >= old.length / 4) return;
    const mask = old.length - 1;
    const next: Slots<T> = new Array(old.length / 2);
    for (let i = 0; i < this.count; i++) next[i] = old[(this.head + i) & mask];
    this.ring = next;
    this.head = 0;
  }

  // ---- the ends -------------------------------------------------------------------------------------

  pushBack(v: T): void {
    const blocks = this.blocks;
    if (blocks === null) {
      if (this.count === this.ring.length) this.growRing();
      if (this.blocks === null) {
        this.ring[(this.head + this.count) & (this.ring.length - 1)] = v;
        this.count++;
        return;
      }
      return this.pushBack(v);
    }
    const at = this.start + this.count;
    if (at >> this.blockBits === this.used) {
      if (this.used === blocks.length) this.growDirectory();
      const dir = this.blocks!;
      dir[(this.first + this.used) & (dir.length - 1)] = new Array(this.blockSize);
      this.used++;
    }
    this.blockAt(at)[at & (this.blockSize - 1)] = v;
    this.count++;
  }

  pushFront(v: T): void {
    const blocks = this.blocks;
    if (blocks === null) {
      if (this.count === this.ring.length) this.growRing();
      if (this.blocks === null) {
        this.head = (this.head - 1) & (this.ring.length - 1);
        this.ring[this.head] = v;
        this.count++;
        return;
      }
      return this.pushFront(v);
    }
    if (this.start === 0) {
      if (this.used === blocks.length) this.growDirectory();
      const dir = this.blocks!;
      this.first = (this.first - 1) & (dir.length - 1);
      dir[this.first] = new Array(this.blockSize);
      this.used++;
      this.start = this.blockSize;
    }
    this.start--;
    this.blocks![this.first]![this.start] = v;
    this.count++;
  }

  popFront(): T | undefined {
    if (this.count === 0) return undefined;
    const blocks = this.blocks;
    if (blocks === null) {
      const v = this.ring[this.head];
      this.ring[this.head] = undefined;
      this.head = (this.head + 1) & (this.ring.length - 1);
      this.count--;
      this.shrinkRing();
      return v;
    }
    const block = blocks[this.first]!;
    const v = block[this.start];
    block[this.start] = undefined;
    this.start++;
    this.count--;
    if (this.start === this.blockSize || this.count === 0) this.dropFirstBlock();
    return v;
  }

  popBack(): T | undefined {
    if (this.count === 0) return undefined;
    const blocks = this.blocks;
    if (blocks === null) {
      const i = (this.head + this.count - 1) & (this.ring.length - 1);
      const v = this.ring[i];
      this.ring[i] = undefined;
      this.count--;
      this.shrinkRing();
      return v;
    }
    const at = this.start + this.count - 1;
    const block = this.blockAt(at);
    const slot = at & (this.blockSize - 1);
    const v = block[slot];
    block[slot] = undefined;
    this.count--;
    if (this.count === 0) this.dropFirstBlock();
    else if (slot === 0) this.dropLastBlock();
    return v;
  }

  private dropFirstBlock(): void {
    const blocks = this.blocks!;
    blocks[this.first] = undefined;
    this.first = (this.first + 1) & (blocks.length - 1);
    this.used--;
    this.start = 0;
    this.shrinkDirectory();
  }

  private dropLastBlock(): void {
    const blocks = this.blocks!;
    this.used--;
    blocks[(this.first + this.used) & (blocks.length - 1)] = undefined;
    this.shrinkDirectory();
  }

  // ---- by index -------------------------------------------------------------------------------------

  /** The element at `index` (0-based from the front), or undefined when out of range. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.count) return undefined;
    if (this.blocks === null) return this.ring[(this.head + index) & (this.ring.length - 1)];
    const at = this.start + index;
    return this.blockAt(at)[at & (this.blockSize - 1)];
  }

  /** Replace the element at `index` (which must be in range). */
  set(index: number, v: T): void {
    if (this.blocks === null) {
      this.ring[(this.head + index) & (this.ring.length - 1)] = v;
      return;
    }
    const at = this.start + index;
    this.blockAt(at)[at & (this.blockSize - 1)] = v;
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
    this.blocks = null;
    this.first = this.used = this.start = 0;
    this.count = 0;
    let size = Math.min(MIN_CAPACITY, this.blockSize);
    while (size < values.length && size < this.blockSize) size *= 2;
    this.ring = new Array(size);
    this.head = 0;
    for (const v of values) this.pushBack(v);
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.count; i++) yield this.at(i)!;
  }

  toArray(): T[] {
    return [...this];
  }
}
