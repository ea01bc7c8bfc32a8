// The skip list behind sorted sets, as Redis's zskiplist (t_zset.c).
//
// Elements are ordered by score, then by member bytes. Each node has a random number of levels
// (probability 1/4 of each extra level, at most 32); each forward link records its span, the number
// of level-0 steps it jumps, so the rank of an element and the element at a rank are found in
// O(log n) while walking down, without touching the elements in between.

const MAX_LEVEL = 32;
const P = 0.25;

export interface Level {
  forward: SkipNode | null;
  span: number;
}

export class SkipNode {
  backward: SkipNode | null = null;
  readonly levels: Level[];

  constructor(
    public member: string,
    public score: number,
    level: number,
  ) {
    this.levels = new Array(level);
    for (let i = 0; i < level; i++) this.levels[i] = { forward: null, span: 0 };
  }

  /** The next element in order, or null at the end. */
  get next(): SkipNode | null {
    return this.levels[0].forward;
  }
}

/** A score interval: [min, max], either end exclusive. */
export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/**
 * A lex interval over members, as ZRANGEBYLEX takes it: `min`/`max` are byte strings, or the
 * sentinels -Infinity ("-") and +Infinity ("+").
 */
export interface LexRange {
  min: string | number;
  max: string | number;
  minex: boolean;
  maxex: boolean;
}

/** Order of (score, member) pairs: by score, then by member bytes. */
function before(score: number, member: string, node: SkipNode): boolean {
  return node.score < score || (node.score === score && node.member < member);
}

export function scoreGteMin(score: number, r: ScoreRange): boolean {
  return r.minex ? score > r.min : score >= r.min;
}

export function scoreLteMax(score: number, r: ScoreRange): boolean {
  return r.maxex ? score < r.max : score <= r.max;
}

function lexCompare(a: string, b: string | number): number {
  if (typeof b === 'number') return b < 0 ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function lexGteMin(member: string, r: LexRange): boolean {
  const c = lexCompare(member, r.min);
  return r.minex ? c > 0 : c >= 0;
}

export function lexLteMax(member: string, r: LexRange): boolean {
  const c = lexCompare(member, r.max);
  return r.maxex ? c < 0 : c <= 0;
}

/** Whether a score range can hold anything at all (Redis's zslIsInRange precheck). */
export function scoreRangeEmpty(r: ScoreRange): boolean {
  return r.min > r.max || (r.min === r.max && (r.minex || r.maxex));
}

export function lexRangeEmpty(r: LexRange): boolean {
  if (typeof r.min === 'number' && typeof r.max === 'number') return !(r.min < 0 && r.max > 0);
  if (typeof r.min === 'number') return r.min > 0;
  if (typeof r.max === 'number') return r.max < 0;
  return r.min > r.max || (r.min === r.max && (r.minex || r.maxex));
}

function randomLevel(): number {
  let level = 1;
  while (level < MAX_LEVEL && Math.random() < P) level++;
  return level;
}

export class SkipList {
  readonly header = new SkipNode('', 0, MAX_LEVEL);
  tail: SkipNode | null = null;
  length = 0;
  level = 1;

  /** The first element, or null when empty. */
  get first(): SkipNode | null {
    return this.header.levels[0].forward;
  }

  /** Insert a member that is not in the list yet. */
  insert(score: number, member: string): SkipNode {
    const update: SkipNode[] = new Array(MAX_LEVEL);
    const rank: number[] = new Array(MAX_LEVEL);
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      rank[i] = i === this.level - 1 ? 0 : rank[i + 1];
      let f = x.levels[i].forward;
      while (f !== null && before(score, member, f)) {
        rank[i] += x.levels[i].span;
        x = f;
        f = x.levels[i].forward;
      }
      update[i] = x;
    }
    const level = randomLevel();
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rank[i] = 0;
        update[i] = this.header;
        update[i].levels[i].span = this.length;
      }
      this.level = level;
    }
    const node = new SkipNode(member, score, level);
    for (let i = 0; i < level; i++) {
      node.levels[i].forward = update[i].levels[i].forward;
      update[i].levels[i].forward = node;
      node.levels[i].span = update[i].levels[i].span - (rank[0] - rank[i]);
      update[i].levels[i].span = rank[0] - rank[i] + 1;
    }
    for (let i = level; i < this.level; i++) update[i].levels[i].span++;
    node.backward = update[0] === this.header ? null : update[0];
    if (node.levels[0].forward) node.levels[0].forward.backward = node;
    else this.tail = node;
    this.length++;
    return node;
  }

  private unlink(x: SkipNode, update: SkipNode[]): void {
    for (let i = 0; i < this.level; i++) {
      if (update[i].levels[i].forward === x) {
        update[i].levels[i].span += x.levels[i].span - 1;
        update[i].levels[i].forward = x.levels[i].forward;
      } else {
        update[i].levels[i].span -= 1;
      }
    }
    if (x.levels[0].forward) x.levels[0].forward.backward = x.backward;
    else this.tail = x.backward;
    while (this.level > 1 && this.header.levels[this.level - 1].forward === null) this.level--;
    this.length--;
  }

  /** The update vector for (score, member): the last node before it on each level. */
  private findUpdate(score: number, member: string): SkipNode[] {
    const update: SkipNode[] = new Array(MAX_LEVEL);
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.levels[i].forward;
      while (f !== null && before(score, member, f)) {
        x = f;
        f = x.levels[i].forward;
      }
      update[i] = x;
    }
    return update;
  }

  /** Remove (score, member); returns whether it was there. */
  delete(score: number, member: string): boolean {
    const update = this.findUpdate(score, member);
    const x = update[0].levels[0].forward;
    if (x === null || x.score !== score || x.member !== member) return false;
    this.unlink(x, update);
    return true;
  }

  /** Change the score of an element, moving it only if its place changes (as zslUpdateScore). */
  updateScore(score: number, member: string, newScore: number): SkipNode {
    const update = this.findUpdate(score, member);
    const x = update[0].levels[0].forward!;
    const prev = x.backward;
    const next = x.levels[0].forward;
    if (
      (prev === null || prev.score < newScore || (prev.score === newScore && prev.member < member)) &&
      (next === null || next.score > newScore || (next.score === newScore && next.member > member))
    ) {
      x.score = newScore;
      return x;
    }
    this.unlink(x, update);
    return this.insert(newScore, member);
  }

  /** 1-based rank of (score, member), or 0 when absent. */
  rank(score: number, member: string): number {
    let rank = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.levels[i].forward;
      while (f !== null && (before(score, member, f) || (f.score === score && f.member === member))) {
        rank += x.levels[i].span;
        x = f;
        f = x.levels[i].forward;
      }
      if (x !== this.header && x.member === member) return rank;
    }
    return 0;
  }

  /** The element at 1-based `rank`, or null. */
  byRank(rank: number): SkipNode | null {
    if (rank < 1 || rank > this.length) return null;
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      while (x.levels[i].forward !== null && traversed + x.levels[i].span <= rank) {
        traversed += x.levels[i].span;
        x = x.levels[i].forward!;
      }
      if (traversed === rank) return x;
    }
    return null;
  }

  /** The first element with a score in range, or null. */
  firstInScoreRange(r: ScoreRange): SkipNode | null {
    if (scoreRangeEmpty(r) || this.tail === null || !scoreGteMin(this.tail.score, r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.levels[i].forward;
      while (f !== null && !scoreGteMin(f.score, r)) {
        x = f;
        f = x.levels[i].forward;
      }
    }
    const n = x.levels[0].forward;
    return n !== null && scoreLteMax(n.score, r) ? n : null;
  }

  /** The last element with a score in range, or null. */
  lastInScoreRange(r: ScoreRange): SkipNode | null {
    const first = this.first;
    if (scoreRangeEmpty(r) || first === null || !scoreLteMax(first.score, r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.levels[i].forward;
      while (f !== null && scoreLteMax(f.score, r)) {
        x = f;
        f = x.levels[i].forward;
      }
    }
    return x !== this.header && scoreGteMin(x.score, r) ? x : null;
  }

  /** The first element with a member in the lex range, or null. */
  firstInLexRange(r: LexRange): SkipNode | null {
    if (lexRangeEmpty(r) || this.tail === null || !lexGteMin(this.tail.member, r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.levels[i].forward;
      while (f !== null && !lexGteMin(f.member, r)) {
        x = f;
        f = x.levels[i].forward;
      }
    }
    const n = x.levels[0].forward;
    return n !== null && lexLteMax(n.member, r) ? n : null;
  }

  /** The last element with a member in the lex range, or null. */
  lastInLexRange(r: LexRange): SkipNode | null {
    const first = this.first;
    if (lexRangeEmpty(r) || first === null || !lexLteMax(first.member, r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.levels[i].forward;
      while (f !== null && lexLteMax(f.member, r)) {
        x = f;
        f = x.levels[i].forward;
      }
    }
    return x !== this.header && lexGteMin(x.member, r) ? x : null;
  }

  *[Symbol.iterator](): IterableIterator<SkipNode> {
    for (let x = this.first; x !== null; x = x.levels[0].forward) yield x;
  }
}
