// Geospatial commands: GEOADD, GEOPOS, GEODIST, GEOHASH, GEOSEARCH, GEOSEARCHSTORE and the older
// GEORADIUS family, as Redis's geo.c. A geo index is a sorted set whose scores are 52-bit geohashes
// (geohash.ts): GEOADD is ZADD with positions turned into scores, every sorted set command works on
// it, and a search reads the score ranges of the boxes around its centre.

import { signalKeyReady } from '../blocking.js';
import type { Client } from '../client.js';
import * as E from '../errors.js';
import {
  boxScores,
  decodeScore,
  distanceIfWithin,
  GEO_LAT_MAX,
  GEO_LAT_MIN,
  GEO_LONG_MAX,
  GEO_LONG_MIN,
  type GeoShape,
  geoDistance,
  geohashScore,
  isZeroHash,
  searchBoxes,
  standardGeohash,
} from '../geohash.js';
import { formatLongDouble, longDoubleFromDouble } from '../longdouble.js';
import { keyMiss, NOTIFY_GENERIC, NOTIFY_ZSET, notifyKeyspaceEvent } from '../notify.js';
import { parseInt64 } from '../numbers.js';
import { ZSet } from '../store/zset.js';
import { option } from './args.js';
import { type CommandSpec, command, keyCommand } from './types.js';
import { limits, parseDouble, zadd } from './zsets.js';

// ---- arguments ----------------------------------------------------------------------------------

/** C's printf("%f"): six decimals, every integer digit. */
function printfF(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  if (Math.abs(x) < 1e21) return x.toFixed(6);
  return `${BigInt(x)}.000000`;
}

/** Redis's extractLongLatOrReply: longitude and latitude at argv[i], argv[i + 1], in range. */
function longLat(c: Client, argv: string[], i: number): [number, number] | null {
  const lon = parseDouble(argv[i]);
  if (lon === null) {
    c.out.error(E.ERR_NOT_FLOAT);
    return null;
  }
  const lat = parseDouble(argv[i + 1]);
  if (lat === null) {
    c.out.error(E.ERR_NOT_FLOAT);
    return null;
  }
  if (lon < GEO_LONG_MIN || lon > GEO_LONG_MAX || lat < GEO_LAT_MIN || lat > GEO_LAT_MAX) {
    c.out.error(E.ERR_GEO_PAIR(printfF(lon), printfF(lat)));
    return null;
  }
  return [lon, lat];
}

/** Redis's extractUnitOrReply: meters per unit, or null after the error. */
function unit(c: Client, arg: string): number | null {
  const u = option(arg);
  if (u === 'm') return 1;
  if (u === 'km') return 1000;
  if (u === 'ft') return 0.3048;
  if (u === 'mi') return 1609.34;
  c.out.error(E.ERR_GEO_UNIT);
  return null;
}

/** The sorted set at `key` for reading (a keymiss when absent); null after WRONGTYPE. */
function readGeo(c: Client, key: string): ZSet | undefined | null {
  const v = c.db.get(key);
  if (v === undefined) {
    keyMiss(c, key);
    return undefined;
  }
  if (!(v instanceof ZSet)) {
    c.out.error(E.WRONGTYPE);
    return null;
  }
  return v;
}

/** A position as Redis's addReplyHumanLongDouble writes it: "%.17Lf" without trailing zeros. */
function replyCoordinate(c: Client, x: number): void {
  c.out.double(formatLongDouble(longDoubleFromDouble(x)));
}

/** Redis's addReplyDoubleDistance: four decimals (fixedpoint_d2string, rounding as llrint). */
function formatDistance(d: number): string {
  if (d === 0) return '0.0000';
  const scaled = d * 10000;
  let n = Math.round(scaled);
  if (Math.abs(scaled % 1) === 0.5) n = 2 * Math.round(scaled / 2); // llrint: ties to even
  const negative = n < 0;
  const digits = String(Math.abs(n)).padStart(5, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -4)}.${digits.slice(-4)}`;
}

// ---- GEOADD, GEOPOS, GEODIST, GEOHASH -----------------------------------------------------------

// GEOADD key [NX | XX] [CH] longitude latitude member [longitude latitude member ...]
function geoadd(c: Client, argv: string[]): void {
  let nx = false;
  let xx = false;
  let first = 2;
  for (; first < argv.length; first++) {
    const opt = option(argv[first]);
    if (opt === 'nx') nx = true;
    else if (opt === 'xx') xx = true;
    else if (opt !== 'ch') break;
  }
  if ((argv.length - first) % 3 !== 0 || (xx && nx)) return c.out.error(E.ERR_SYNTAX);
  // As Redis: ZADD key [options] score member ..., with each position encoded as its score.
  const zaddArgv = argv.slice(0, first);
  zaddArgv[0] = 'zadd';
  for (let i = first; i < argv.length; i += 3) {
    const xy = longLat(c, argv, i);
    if (xy === null) return;
    zaddArgv.push(String(geohashScore(xy[0], xy[1])), argv[i + 2]);
  }
  zadd(c, zaddArgv);
}

// GEOPOS key [member [member ...]]
function geopos(c: Client, argv: string[]): void {
  const z = readGeo(c, argv[1]);
  if (z === null) return;
  c.out.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = z?.score(argv[j]);
    const xy = score === undefined ? null : decodeScore(score);
    if (xy === null) {
      c.out.nullArray();
      continue;
    }
    c.out.array(2);
    replyCoordinate(c, xy[0]);
    replyCoordinate(c, xy[1]);
  }
}

// GEODIST key member1 member2 [M | KM | FT | MI]
function geodist(c: Client, argv: string[]): void {
  let toMeter = 1;
  if (argv.length === 5) {
    const u = unit(c, argv[4]);
    if (u === null) return;
    toMeter = u;
  } else if (argv.length > 5) {
    return c.out.error(E.ERR_SYNTAX);
  }
  const z = readGeo(c, argv[1]);
  if (z === null) return;
  const s1 = z?.score(argv[2]);
  const s2 = z?.score(argv[3]);
  const a = s1 === undefined ? null : decodeScore(s1);
  const b = s2 === undefined ? null : decodeScore(s2);
  if (a === null || b === null) return c.out.nullBulk();
  c.out.bulk(formatDistance(geoDistance(a[0], a[1], b[0], b[1]) / toMeter));
}

// GEOHASH key [member [member ...]]
function geohash(c: Client, argv: string[]): void {
  const z = readGeo(c, argv[1]);
  if (z === null) return;
  c.out.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = z?.score(argv[j]);
    const hash = score === undefined ? null : standardGeohash(score);
    if (hash === null) c.out.nullBulk();
    else c.out.bulk(hash);
  }
}

// ---- searching ----------------------------------------------------------------------------------

const RADIUS_COORDS = 1 << 0; // GEORADIUS: around a longitude and latitude
const RADIUS_MEMBER = 1 << 1; // GEORADIUSBYMEMBER: around a member
const RADIUS_NOSTORE = 1 << 2; // the _RO forms: no STORE or STOREDIST
const GEOSEARCH = 1 << 3;
const GEOSEARCHSTORE = 1 << 4;

interface GeoPoint {
  member: string;
  score: number;
  longitude: number;
  latitude: number;
  dist: number;
}

/**
 * Redis's geoGetPointsInRange over every box searchBoxes gives (membersOfAllNeighbors): members with
 * min <= score < max that lie in the shape, in score order per box, stopping at `limit` (ANY).
 */
function pointsInShape(z: ZSet, shape: GeoShape, limit: number): GeoPoint[] {
  const found: GeoPoint[] = [];
  const boxes = searchBoxes(shape);
  let last = 0;
  for (let i = 0; i < boxes.length; i++) {
    const box = boxes[i];
    if (isZeroHash(box)) continue;
    // Redis skips a box equal to the last one it read, never comparing with the centre (index 0).
    if (last !== 0 && box.bits === boxes[last].bits && box.step === boxes[last].step) continue;
    if (found.length !== 0 && limit !== 0 && found.length >= limit) break;
    const [min, max] = boxScores(box);
    for (
      let node = z.list.firstInScoreRange({ min, max, minex: false, maxex: true });
      node;
      node = node.next
    ) {
      if (node.score >= max) break;
      const xy = decodeScore(node.score);
      if (xy !== null) {
        const dist = distanceIfWithin(shape, xy[0], xy[1]);
        if (dist !== null) {
          found.push({ member: node.member, score: node.score, longitude: xy[0], latitude: xy[1], dist });
        }
      }
      if (found.length !== 0 && limit !== 0 && found.length >= limit) break;
    }
    last = i;
  }
  return found;
}

/** Redis's georadiusGeneric, for all six search commands. */
function georadiusGeneric(c: Client, argv: string[], srcKeyIndex: number, flags: number): void {
  let storeKey: string | null = null;
  let storedist = false;
  const z = readGeo(c, argv[srcKeyIndex]);
  if (z === null) return;

  let baseArgs: number;
  let xy: [number, number] = [0, 0];
  let conversion = 1;
  let radius = 0;
  let width = 0;
  let height = 0;
  let type: 'circle' | 'box' | null = null;
  const distanceAt = (i: number): boolean => {
    const d = parseDouble(argv[i]);
    if (d === null) {
      c.out.error(E.ERR_GEO_NEED_RADIUS);
      return false;
    }
    if (d < 0) {
      c.out.error(E.ERR_GEO_NEGATIVE_RADIUS);
      return false;
    }
    const u = unit(c, argv[i + 1]);
    if (u === null) return false;
    radius = d;
    conversion = u;
    type = 'circle';
    return true;
  };
  if (flags & RADIUS_COORDS) {
    baseArgs = 6;
    const center = longLat(c, argv, 2);
    if (center === null) return;
    xy = center;
    if (!distanceAt(4)) return;
  } else if (flags & RADIUS_MEMBER && z === undefined) {
    baseArgs = 5;
  } else if (flags & RADIUS_MEMBER) {
    baseArgs = 5;
    const score = z!.score(argv[2]);
    const center = score === undefined ? null : decodeScore(score);
    if (center === null) return c.out.error(E.ERR_GEO_MEMBER);
    xy = center;
    if (!distanceAt(3)) return;
  } else {
    baseArgs = 2;
    if (flags & GEOSEARCHSTORE) {
      baseArgs = 3;
      storeKey = argv[1];
    }
  }

  let withdist = false;
  let withhash = false;
  let withcoords = false;
  let frommember = false;
  let fromloc = false;
  let byradius = false;
  let bybox = false;
  let sort: 'none' | 'asc' | 'desc' = 'none';
  let any = false;
  let count = 0;
  const remaining = argv.length - baseArgs;
  for (let i = 0; i < remaining; i++) {
    const at = baseArgs + i;
    const arg = option(argv[at]);
    if (arg === 'withdist') withdist = true;
    else if (arg === 'withhash') withhash = true;
    else if (arg === 'withcoord') withcoords = true;
    else if (arg === 'any') any = true;
    else if (arg === 'asc') sort = 'asc';
    else if (arg === 'desc') sort = 'desc';
    else if (arg === 'count' && i + 1 < remaining) {
      const n = parseInt64(argv[at + 1]);
      if (n === null) return c.out.error(E.ERR_NOT_INTEGER);
      if (n <= 0) return c.out.error(E.ERR_GEO_COUNT);
      count = n;
      i++;
    } else if (
      (arg === 'store' || arg === 'storedist') &&
      i + 1 < remaining &&
      !(flags & RADIUS_NOSTORE) &&
      !(flags & GEOSEARCH)
    ) {
      storeKey = argv[at + 1];
      storedist = arg === 'storedist';
      i++;
    } else if (arg === 'storedist' && flags & GEOSEARCH && flags & GEOSEARCHSTORE) {
      storedist = true;
    } else if (arg === 'frommember' && i + 1 < remaining && flags & GEOSEARCH && !fromloc) {
      if (z !== undefined) {
        const score = z.score(argv[at + 1]);
        const center = score === undefined ? null : decodeScore(score);
        if (center === null) return c.out.error(E.ERR_GEO_MEMBER);
        xy = center;
      }
      frommember = true;
      i++;
    } else if (arg === 'fromlonlat' && i + 2 < remaining && flags & GEOSEARCH && !frommember) {
      const center = longLat(c, argv, at + 1);
      if (center === null) return;
      xy = center;
      fromloc = true;
      i += 2;
    } else if (arg === 'byradius' && i + 2 < remaining && flags & GEOSEARCH && !bybox) {
      if (!distanceAt(at + 1)) return;
      byradius = true;
      i += 2;
    } else if (arg === 'bybox' && i + 3 < remaining && flags & GEOSEARCH && !byradius) {
      const w = parseDouble(argv[at + 1]);
      if (w === null) return c.out.error(E.ERR_GEO_NEED_WIDTH);
      const h = parseDouble(argv[at + 2]);
      if (h === null) return c.out.error(E.ERR_GEO_NEED_HEIGHT);
      if (h < 0 || w < 0) return c.out.error(E.ERR_GEO_NEGATIVE_BOX);
      const u = unit(c, argv[at + 3]);
      if (u === null) return;
      width = w;
      height = h;
      conversion = u;
      type = 'box';
      bybox = true;
      i += 3;
    } else {
      return c.out.error(E.ERR_SYNTAX);
    }
  }

  if (storeKey !== null && (withdist || withhash || withcoords)) {
    return c.out.error(
      E.ERR_GEO_STORE_WITH(flags & GEOSEARCHSTORE ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS'),
    );
  }
  if (flags & GEOSEARCH && !(frommember || fromloc)) return c.out.error(E.ERR_GEO_FROM(argv[0]));
  if (flags & GEOSEARCH && !(byradius || bybox)) return c.out.error(E.ERR_GEO_BY(argv[0]));
  if (any && count === 0) return c.out.error(E.ERR_GEO_ANY);

  if (z === undefined) {
    if (storeKey === null) return c.out.array(0);
    if (c.db.delete(storeKey)) notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', storeKey, c.db.id);
    return c.out.integer(0);
  }
  if (count !== 0 && sort === 'none' && !any) sort = 'asc';

  const shape: GeoShape =
    type === 'box' ? { type, xy, conversion, width, height } : { type: 'circle', xy, conversion, radius };
  const points = pointsInShape(z, shape, any ? count : 0);
  if (points.length === 0 && storeKey === null) return c.out.array(0);
  const returned = count === 0 || points.length < count ? points.length : count;
  if (sort === 'asc') points.sort((a, b) => (a.dist > b.dist ? 1 : a.dist === b.dist ? 0 : -1));
  else if (sort === 'desc') points.sort((a, b) => (a.dist > b.dist ? -1 : a.dist === b.dist ? 0 : 1));

  if (storeKey === null) {
    const options = (withdist ? 1 : 0) + (withcoords ? 1 : 0) + (withhash ? 1 : 0);
    c.out.array(returned);
    for (let i = 0; i < returned; i++) {
      const p = points[i];
      if (options !== 0) c.out.array(options + 1);
      c.out.bulk(p.member);
      if (withdist) c.out.bulk(formatDistance(p.dist / shape.conversion));
      if (withhash) c.out.integer(Math.trunc(p.score));
      if (withcoords) {
        c.out.array(2);
        replyCoordinate(c, p.longitude);
        replyCoordinate(c, p.latitude);
      }
    }
    return;
  }
  if (returned === 0) {
    if (c.db.delete(storeKey)) notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', storeKey, c.db.id);
    return c.out.integer(0);
  }
  const stored = new ZSet();
  const lim = limits(c);
  for (let i = 0; i < returned; i++) {
    const p = points[i];
    stored.set(p.member, storedist ? p.dist / shape.conversion : p.score, lim);
  }
  c.db.set(storeKey, stored);
  notifyKeyspaceEvent(
    c.server,
    NOTIFY_ZSET,
    flags & GEOSEARCH ? 'geosearchstore' : 'georadiusstore',
    storeKey,
    c.db.id,
  );
  signalKeyReady(c.server, c.db, storeKey);
  c.out.integer(returned);
}

// GEORADIUS key longitude latitude radius M | KM | FT | MI [WITHCOORD] [WITHDIST] [WITHHASH]
//   [COUNT count [ANY]] [ASC | DESC] [STORE key | STOREDIST key]
function georadius(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, RADIUS_COORDS);
}

// GEORADIUSBYMEMBER key member radius M | KM | FT | MI [WITHCOORD] [WITHDIST] [WITHHASH]
//   [COUNT count [ANY]] [ASC | DESC] [STORE key | STOREDIST key]
function georadiusbymember(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, RADIUS_MEMBER);
}

// GEORADIUS_RO key longitude latitude radius M | KM | FT | MI [WITHCOORD] [WITHDIST] [WITHHASH]
//   [COUNT count [ANY]] [ASC | DESC]
function georadiusRo(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, RADIUS_COORDS | RADIUS_NOSTORE);
}

// GEORADIUSBYMEMBER_RO key member radius M | KM | FT | MI [WITHCOORD] [WITHDIST] [WITHHASH]
//   [COUNT count [ANY]] [ASC | DESC]
function georadiusbymemberRo(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, RADIUS_MEMBER | RADIUS_NOSTORE);
}

// GEOSEARCH key FROMMEMBER member | FROMLONLAT longitude latitude
//   BYRADIUS radius M | KM | FT | MI | BYBOX width height M | KM | FT | MI
//   [ASC | DESC] [COUNT count [ANY]] [WITHCOORD] [WITHDIST] [WITHHASH]
function geosearch(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, GEOSEARCH);
}

// GEOSEARCHSTORE destination source FROMMEMBER member | FROMLONLAT longitude latitude
//   BYRADIUS radius M | KM | FT | MI | BYBOX width height M | KM | FT | MI
//   [ASC | DESC] [COUNT count [ANY]] [STOREDIST]
function geosearchstore(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 2, GEOSEARCH | GEOSEARCHSTORE);
}

/**
 * The keys of GEORADIUS (options from argument `from`) as Redis's key specs find them: the source,
 * the key after the first STORE, and the key after the first STOREDIST.
 */
function keysWithStore(from: number): (argv: string[]) => number[] {
  const after = (argv: string[], keyword: string) => {
    for (let i = from; i < argv.length - 1; i++) if (argv[i].toLowerCase() === keyword) return [i + 1];
    return [];
  };
  return (argv) => [1, ...after(argv, 'store'), ...after(argv, 'storedist')];
}

// ---- the table ----------------------------------------------------------------------------------

const SEARCH_COMPLEXITY_RADIUS =
  'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.';
const SEARCH_COMPLEXITY_SHAPE =
  'O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape';

export const commands: CommandSpec[] = [
  keyCommand({
    name: 'geoadd',
    arity: -5,
    flags: ['write', 'denyoom'],
    group: 'geo',
    since: '3.2.0',
    summary: 'Add one or more geospatial items in the geospatial index represented using a sorted set',
    complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
    handler: geoadd,
  }),
  keyCommand({
    name: 'geodist',
    arity: -4,
    flags: ['readonly'],
    group: 'geo',
    since: '3.2.0',
    summary: 'Returns the distance between two members of a geospatial index',
    complexity: 'O(log(N))',
    handler: geodist,
  }),
  keyCommand({
    name: 'geohash',
    arity: -2,
    flags: ['readonly'],
    group: 'geo',
    since: '3.2.0',
    summary: 'Returns members of a geospatial index as standard geohash strings',
    complexity: 'O(log(N)) for each member requested, where N is the number of elements in the sorted set.',
    handler: geohash,
  }),
  keyCommand({
    name: 'geopos',
    arity: -2,
    flags: ['readonly'],
    group: 'geo',
    since: '3.2.0',
    summary: 'Returns longitude and latitude of members of a geospatial index',
    complexity: 'O(N) where N is the number of members requested.',
    handler: geopos,
  }),
  command({
    name: 'georadius',
    arity: -6,
    flags: ['write', 'denyoom', 'movablekeys'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    getKeys: keysWithStore(6),
    group: 'geo',
    since: '3.2.0',
    summary:
      'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point',
    complexity: SEARCH_COMPLEXITY_RADIUS,
    handler: georadius,
  }),
  keyCommand({
    name: 'georadius_ro',
    arity: -6,
    flags: ['readonly'],
    group: 'geo',
    since: '3.2.10',
    summary: 'A read-only variant for GEORADIUS',
    complexity: SEARCH_COMPLEXITY_RADIUS,
    handler: georadiusRo,
  }),
  command({
    name: 'georadiusbymember',
    arity: -5,
    flags: ['write', 'denyoom', 'movablekeys'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    getKeys: keysWithStore(5),
    group: 'geo',
    since: '3.2.0',
    summary:
      'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member',
    complexity: SEARCH_COMPLEXITY_RADIUS,
    handler: georadiusbymember,
  }),
  keyCommand({
    name: 'georadiusbymember_ro',
    arity: -5,
    flags: ['readonly'],
    group: 'geo',
    since: '3.2.10',
    summary: 'A read-only variant for GEORADIUSBYMEMBER',
    complexity: SEARCH_COMPLEXITY_RADIUS,
    handler: georadiusbymemberRo,
  }),
  keyCommand({
    name: 'geosearch',
    arity: -7,
    flags: ['readonly'],
    group: 'geo',
    since: '6.2.0',
    summary:
      'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.',
    complexity: SEARCH_COMPLEXITY_SHAPE,
    handler: geosearch,
  }),
  command({
    name: 'geosearchstore',
    arity: -8,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    group: 'geo',
    since: '6.2.0',
    summary:
      'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.',
    complexity: SEARCH_COMPLEXITY_SHAPE,
    handler: geosearchstore,
  }),
];
