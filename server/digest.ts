// DEBUG DIGEST and DEBUG DIGEST-VALUE: SHA-1 digests of values and of the whole data set, as Redis's
// debug.c computes them, so a digest taken from respite equals Redis's for the same data (Redis's own
// tests compare data sets this way).
//
// Order matters where the type has one (list elements, stream entries: each is "mixed", the digest
// fed back into SHA-1) and not where it has none (set members, hash fields, sorted set members and
// the keys of a database: each one's digest is xored in).

import { createHash } from 'node:crypto';
import { formatDouble } from './numbers.js';
import { Hash } from './store/hash.js';
import type { Database, Value } from './store/keyspace.js';
import { List } from './store/list.js';
import { RawString } from './store/rawstring.js';
import { SetValue } from './store/set.js';
import { MAX_KEY, Stream, ZERO_KEY } from './store/stream.js';
import { ZSet } from './store/zset.js';

/** Redis's object type codes (OBJ_STRING ...), hashed first. */
const TYPE_CODES: Record<string, number> = { string: 0, list: 1, set: 2, zset: 3, hash: 4, stream: 6 };

const sha1 = (data: Buffer) => createHash('sha1').update(data).digest();
const bytes = (s: string) => Buffer.from(s, 'latin1');

/** digest ^= SHA1(data) */
function xorDigest(digest: Buffer, data: Buffer): void {
  const hash = sha1(data);
  for (let i = 0; i < 20; i++) digest[i] ^= hash[i];
}

/** digest = SHA1(digest ^ SHA1(data)) */
function mixDigest(digest: Buffer, data: Buffer): void {
  xorDigest(digest, data);
  sha1(digest).copy(digest);
}

/** An element digest of a field and a value (hash fields, sorted set members), xored into `digest`. */
function xorPair(digest: Buffer, a: string, b: string): void {
  const element = Buffer.alloc(20);
  mixDigest(element, bytes(a));
  mixDigest(element, bytes(b));
  xorDigest(digest, element);
}

/** Redis's xorObjectDigest: mix value `v` of `key` in `db` into `digest`. */
function objectDigest(db: Database, key: string, v: Value, digest: Buffer): void {
  const type = typeof v === 'string' ? 'string' : v.type;
  const code = Buffer.alloc(4);
  code.writeUInt32BE(TYPE_CODES[type] ?? 0);
  mixDigest(digest, code);
  if (typeof v === 'string') mixDigest(digest, bytes(v));
  else if (v instanceof RawString) mixDigest(digest, v.buf.subarray(0, v.length));
  else if (v instanceof List) {
    for (const element of v) mixDigest(digest, bytes(element));
  } else if (v instanceof SetValue) {
    for (const member of v.map.keys()) xorDigest(digest, bytes(member));
  } else if (v instanceof ZSet) {
    for (const [member, score] of v.map) xorPair(digest, member, formatDouble(score));
  } else if (v instanceof Hash) {
    for (const [field, value] of v.map) xorPair(digest, field, value);
  } else if (v instanceof Stream) {
    v.range(ZERO_KEY, MAX_KEY, false, 0, (e) => {
      mixDigest(digest, bytes(e.text.replace('-', '.'))); // "%U.%U"
      for (const part of e.fields ?? []) mixDigest(digest, bytes(part));
    });
  }
  if (db.expires.has(key)) xorDigest(digest, bytes('!!expire!!'));
}

/** DEBUG DIGEST-VALUE: a key's value digest in hex (40 zeros for no key), expired or not. */
export function valueDigest(db: Database, key: string): string {
  const digest = Buffer.alloc(20);
  const v = db.map.get(key);
  if (v !== undefined) objectDigest(db, key, v, digest);
  return digest.toString('hex');
}

/** DEBUG DIGEST: every database's keys and values in one digest, in hex (40 zeros when empty). */
export function datasetDigest(dbs: readonly Database[]): string {
  const final = Buffer.alloc(20);
  for (const db of dbs) {
    if (db.map.size === 0) continue;
    const id = Buffer.alloc(4);
    id.writeUInt32BE(db.id);
    mixDigest(final, id);
    for (const [key, v] of db.map) {
      const digest = Buffer.alloc(20);
      mixDigest(digest, bytes(key));
      objectDigest(db, key, v, digest);
      xorDigest(final, digest);
    }
  }
  return final.toString('hex');
}
