// A sorted set value: members with scores, ordered by score and then by member bytes.
//
// Redis 7.0 holds a small sorted set in a listpack (a flat array of member, score pairs kept in
// order) and a big one in a skip list plus a dict from member to score. It starts as a listpack and
// converts, permanently, when an insert would take it over zset-max-listpack-entries members or the
// new member is longer than zset-max-listpack-value bytes. Here the data is always the skip list
// (skiplist.ts) and a Map from member to score; `listpack` records which encoding Redis would have.
// The encoding shows in three places: OBJECT ENCODING, ZSCAN (a listpack is returned whole in one
// call), and -0 scores, which a listpack stores as text and reads back as 0.

import type { RedisObject } from './keyspace.js';
import type { Scannable } from './scan.js';
import {
  type LexRange,
  lexGteMin,
  lexLteMax,
  lexRangeEmpty,
  type ScoreRange,
  SkipList,
  type SkipNode,
} from './skiplist.js';

/** The listpack thresholds, as read from the config when a command runs. */
export interface ZsetLimits {
  entries: number;
  value: number;
}

export class ZSet implements RedisObject, Scannable<string, number> {
  readonly type = 'zset';
  readonly list = new SkipList();
  readonly map = new Map<string, number>();
  /** How many members were ever removed (ZSCAN cursors use it; see scan.ts). */
  deletions = 0;
  /** Whether Redis would hold this set as a listpack; once false it stays false. */
  listpack = true;
  lastAccess?: number;

  get size(): number {
    return this.map.size;
  }

  encoding(): string {
    return this.listpack ? 'listpack' : 'skiplist';
  }

  clone(): ZSet {
    const z = new ZSet();
    z.listpack = this.listpack;
    for (const node of this.list) {
      z.list.insert(node.score, node.member);
      z.map.set(node.member, node.score);
    }
    return z;
  }

  score(member: string): number | undefined {
    return this.map.get(member);
  }

  /**
   * Set the score of `member`, adding it if new; returns whether it was added. An insert that would
   * outgrow the listpack converts first, as Redis's zsetAdd.
   */
  set(member: string, score: number, limits: ZsetLimits): boolean {
    const old = this.map.get(member);
    if (old === undefined) {
      if (this.listpack && (this.map.size + 1 > limits.entries || member.length > limits.value)) {
        this.listpack = false;
      }
      // A listpack keeps scores as text, and Redis writes -0 there as "0".
      if (this.listpack) score += 0;
      this.list.insert(score, member);
      this.map.set(member, score);
      return true;
    }
    // As Redis, an equal score (0 and -0 included) leaves the element alone.
    if (old !== score) {
      if (this.listpack) score += 0;
      this.list.updateScore(old, member, score);
      this.map.set(member, score);
    }
    return false;
  }

  /** Remove `member`; returns whether it was there. */
  delete(member: string): boolean {
    const score = this.map.get(member);
    if (score === undefined) return false;
    this.list.delete(score, member);
    this.map.delete(member);
    this.deletions++;
    return true;
  }

  /** Remove a node found by a walk over `list`. */
  deleteNode(node: SkipNode): void {
    this.list.delete(node.score, node.member);
    this.map.delete(node.member);
    this.deletions++;
  }

  /** 0-based rank of `member` in ascending order, or -1 when absent. */
  rank(member: string): number {
    const score = this.map.get(member);
    return score === undefined ? -1 : this.list.rank(score, member) - 1;
  }

  /** The element at 0-based rank `i` (ascending), or null. */
  at(i: number): SkipNode | null {
    return this.list.byRank(i + 1);
  }

  /** How many members have a score in `r`. */
  countInScoreRange(r: ScoreRange): number {
    const first = this.list.firstInScoreRange(r);
    if (first === null) return 0;
    const last = this.list.lastInScoreRange(r)!;
    return this.list.rank(last.score, last.member) - this.list.rank(first.score, first.member) + 1;
  }

  /**
   * The first element in the lex range `r`, or null. Lex ranges assume equal scores; when scores
   * differ the answer depends on how the search walks, so it follows Redis's: a listpack is scanned
   * from the front (zzlFirstInLexRange), a skip list searched level by level.
   */
  firstInLexRange(r: LexRange): SkipNode | null {
    if (!this.listpack) return this.list.firstInLexRange(r);
    if (!this.lexRangeMayHold(r)) return null;
    for (let n = this.list.first; n !== null; n = n.next) {
      if (lexGteMin(n.member, r)) return lexLteMax(n.member, r) ? n : null;
    }
    return null;
  }

  /** The last element in the lex range `r`, or null; see firstInLexRange. */
  lastInLexRange(r: LexRange): SkipNode | null {
    if (!this.listpack) return this.list.lastInLexRange(r);
    if (!this.lexRangeMayHold(r)) return null;
    for (let n = this.list.tail; n !== null; n = n.backward) {
      if (lexLteMax(n.member, r)) return lexGteMin(n.member, r) ? n : null;
    }
    return null;
  }

  /** Redis's zzlIsInLexRange: the range is not empty and overlaps the first and last members. */
  private lexRangeMayHold(r: LexRange): boolean {
    const first = this.list.first;
    const last = this.list.tail;
    return !lexRangeEmpty(r) && last !== null && lexGteMin(last.member, r) && lexLteMax(first!.member, r);
  }

  /**
   * How many members are in the lex range `r`: a listpack counts forward from the first one in range
   * while members stay under the maximum, a skip list subtracts ranks (as Redis's ZLEXCOUNT).
   */
  countInLexRange(r: LexRange): number {
    const first = this.firstInLexRange(r);
    if (first === null) return 0;
    if (this.listpack) {
      let count = 0;
      for (let n: SkipNode | null = first; n !== null && lexLteMax(n.member, r); n = n.next) count++;
      return count;
    }
    const last = this.list.lastInLexRange(r)!;
    return this.list.rank(last.score, last.member) - this.list.rank(first.score, first.member) + 1;
  }
}
