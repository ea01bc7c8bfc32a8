// Glob-style patterns as Redis matches them (stringmatchlen in util.c): KEYS, SCAN MATCH, and later
// PSUBSCRIBE, HSCAN/SSCAN/ZSCAN MATCH and CONFIG GET. Patterns and subjects are byte strings.
//
//   *        any run of bytes, including none
//   ?        exactly one byte
//   [abc]    one byte from the set; [^abc] one byte not in it; [a-z] a range, also written [z-a]
//   \x       the byte x itself, outside and inside brackets
//
// Redis's quirks are part of the contract, because clients see them:
//   - An empty subject matches only the empty pattern: "*" does not match "". (KEYS and SCAN treat a
//     pattern of exactly "*" as "everything" before matching, so they still return the key "".)
//   - An unterminated "[" runs to the end of the pattern: "[ab" is the set {a, b}. A lone "[" is an
//     empty set, which never matches; "[^" is a negated empty set, which matches any byte.
//   - A range may end in "]": "[a-]" is the range from "]" to "a" and is unterminated.
//   - Range bounds compare as C's signed chars, so bytes 0x80-0xff sort below 0x00: "[a-\xff]" is
//     the range -1..97, which holds \x00-a but not \x80-\xff.
//   - With nocase, a range is lowered after its ends are swapped, and an escaped byte inside
//     brackets still compares case-sensitively.
//
// A pattern compiles once, so matching many keys does no parsing. A pattern of plain bytes and stars
// (most real ones: "user:*", "*:name") becomes startsWith/indexOf/endsWith on its literal pieces.
// Any other becomes a list of 256-entry tables, one per byte position, with stars between them.
// Matching keeps one backtrack point, the last star seen: each element between stars consumes
// exactly one byte, so when the elements after the latest star cannot match at any later position,
// no earlier star can help either. That is the same pruning Redis's skipLongerMatches does, and
// keeps a match O(pattern x subject) with no recursion.

/** A compiled pattern: tests one subject. */
export type GlobMatcher = (subject: string) => boolean;

const ANY = -1;
const STAR = -2;
/** A byte to match exactly, ANY, STAR, or a table of the bytes that match. */
type Element = number | Uint8Array;

const BACKSLASH = 0x5c;

/** C's (signed) char value of a byte. */
function signed(b: number): number {
  return b >= 0x80 ? b - 0x100 : b;
}

/** C's tolower in the "C" locale, on a char value (which may be negative). */
function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/** Compile `pattern` into a matcher. `nocase` folds ASCII letters, as Redis's nocase flag does. */
export function compileGlob(pattern: string, nocase = false): GlobMatcher {
  const elements = parse(pattern, nocase);
  if (elements.every((e) => typeof e === 'number' && e !== ANY)) return literalMatcher(elements as number[]);
  // Every other element becomes a table, so the matching loop sees one shape.
  const tables = elements.map((e) => (e === STAR ? null : typeof e === 'number' ? byteTable(e) : e));
  return (s) => run(tables, s);
}

/**
 * A pattern of exact bytes and stars ("user:42", "user:*", "*:name", "a*b*c"): its literal pieces
 * are found with startsWith, indexOf and endsWith. Taking each middle piece at its first occurrence
 * leaves the most room for the rest, so this agrees with the backtracking match.
 */
function literalMatcher(elements: number[]): GlobMatcher {
  const pieces: string[] = [];
  let piece: number[] = [];
  for (const e of elements) {
    if (e === STAR) {
      pieces.push(Buffer.from(piece).toString('latin1'));
      piece = [];
    } else {
      piece.push(e);
    }
  }
  pieces.push(Buffer.from(piece).toString('latin1'));
  if (pieces.length === 1) {
    const text = pieces[0];
    return (s) => s === text;
  }
  const head = pieces[0];
  const tail = pieces[pieces.length - 1];
  const middle = pieces.slice(1, -1);
  return (s) => {
    if (s.length === 0 || !s.startsWith(head)) return false; // a star never matches ""
    const end = s.length - tail.length;
    let at = head.length;
    for (const m of middle) {
      const found = s.indexOf(m, at);
      if (found < 0) return false;
      at = found + m.length;
    }
    return at <= end && s.endsWith(tail);
  };
}

const ANY_TABLE = new Uint8Array(256).fill(1);
const BYTE_TABLES: Uint8Array[] = [];

/** The table for one exact byte or ANY (shared between patterns). */
function byteTable(b: number): Uint8Array {
  if (b === ANY) return ANY_TABLE;
  let t = BYTE_TABLES[b];
  if (t === undefined) {
    t = new Uint8Array(256);
    t[b] = 1;
    BYTE_TABLES[b] = t;
  }
  return t;
}

/** Whether `subject` matches `pattern` (a one-off match; compile once to match many). */
export function globMatch(pattern: string, subject: string, nocase = false): boolean {
  return compileGlob(pattern, nocase)(subject);
}

/** Split a pattern into elements, resolving escapes, brackets and the nocase flag. */
function parse(pattern: string, nocase: boolean): Element[] {
  const out: Element[] = [];
  const n = pattern.length;
  let p = 0;
  while (p < n) {
    const ch = pattern.charCodeAt(p);
    if (ch === 0x2a /* * */) {
      while (p < n && pattern.charCodeAt(p) === 0x2a) p++;
      out.push(STAR);
    } else if (ch === 0x3f /* ? */) {
      out.push(ANY);
      p++;
    } else if (ch === 0x5b /* [ */) {
      p = parseSet(pattern, p + 1, nocase, out);
    } else {
      // "\x" is x; a backslash that ends the pattern is itself.
      const b = ch === BACKSLASH && p + 1 < n ? pattern.charCodeAt(++p) : ch;
      p++;
      out.push(nocase && lower(b) !== upper(b) ? caseless(b) : b);
    }
  }
  return out;
}

function upper(c: number): number {
  return c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
}

/** A table matching byte b in either case. */
function caseless(b: number): Uint8Array {
  const t = new Uint8Array(256);
  t[lower(b)] = 1;
  t[upper(b)] = 1;
  return t;
}

/**
 * Parse the set that starts at `p` (just after the "["), push its table, and return where the next
 * element starts.
 */
function parseSet(pattern: string, p: number, nocase: boolean, out: Element[]): number {
  const n = pattern.length;
  const table = new Uint8Array(256);
  const negate = p < n && pattern.charCodeAt(p) === 0x5e; /* ^ */
  if (negate) p++;
  for (;;) {
    if (p >= n) break; // unterminated: the set runs to the end of the pattern
    const ch = pattern.charCodeAt(p);
    if (ch === BACKSLASH && p + 1 < n) {
      table[pattern.charCodeAt(p + 1)] = 1; // escaped: exact, even with nocase
      p += 2;
    } else if (ch === 0x5d /* ] */) {
      p++;
      break;
    } else if (p + 2 < n && pattern.charCodeAt(p + 1) === 0x2d /* - */) {
      let lo = signed(ch);
      let hi = signed(pattern.charCodeAt(p + 2));
      if (lo > hi) [lo, hi] = [hi, lo];
      if (nocase) {
        lo = lower(lo);
        hi = lower(hi);
      }
      for (let b = 0; b < 256; b++) {
        const c = nocase ? lower(signed(b)) : signed(b);
        if (c >= lo && c <= hi) table[b] = 1;
      }
      p += 3;
    } else {
      if (nocase) {
        table[lower(ch)] = 1;
        table[upper(ch)] = 1;
      }
      table[ch] = 1;
      p++;
    }
  }
  if (negate) for (let b = 0; b < 256; b++) table[b] ^= 1;
  out.push(table);
  return p;
}

/** Match compiled elements (a table per byte, null for a star), backtracking only to the last star. */
function run(elements: (Uint8Array | null)[], s: string): boolean {
  const n = s.length;
  const m = elements.length;
  if (n === 0) return m === 0;
  let p = 0;
  let i = 0;
  let starP = -1; // the element after the last star
  let starI = 0; // where in the subject the elements after that star are being tried from
  while (i < n) {
    if (p < m) {
      const e = elements[p];
      if (e === null) {
        if (p === m - 1) return true;
        starP = ++p;
        starI = i;
        continue;
      }
      if (e[s.charCodeAt(i)] === 1) {
        p++;
        i++;
        continue;
      }
    }
    // A mismatch, or pattern left over: let the last star swallow one more byte.
    if (starP < 0) return false;
    i = ++starI;
    p = starP;
  }
  // The subject is used up. Trailing stars match nothing; anything else needs a byte that is not
  // there, and starting the last star's elements later would only leave fewer bytes for them.
  while (p < m && elements[p] === null) p++;
  return p === m;
}
