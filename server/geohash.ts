// Geohashes as Redis's GEO commands use them (geohash.c, geohash_helper.c): a longitude and latitude
// become a 52-bit integer, 26 bits of each interleaved, that a sorted set keeps as the member's score.
// Nearby points share a prefix, so a search reads the score ranges of the box around its centre and
// of the 8 boxes next to it, at a precision chosen for the radius, then checks each point's distance.
//
// The arithmetic is Redis's, step for step (the same double operations in the same order), so a
// score, a decoded position and a distance come out as Redis computes them. Bit operations on the
// 64-bit hashes use BigInt, wrapping where C's uint64_t wraps.

export const GEO_STEP_MAX = 26;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;
export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;

const D_R = Math.PI / 180.0;
/** Earth's quadratic mean radius for WGS-84, in meters. */
const EARTH_RADIUS_IN_METERS = 6372797.560856;
const MERCATOR_MAX = 20037726.37;

export interface HashBits {
  bits: bigint;
  step: number;
}

export interface Range {
  min: number;
  max: number;
}

export interface Area {
  hash: HashBits;
  longitude: Range;
  latitude: Range;
}

const LONG_RANGE: Range = { min: GEO_LONG_MIN, max: GEO_LONG_MAX };
const LAT_RANGE: Range = { min: GEO_LAT_MIN, max: GEO_LAT_MAX };

const ZERO: HashBits = { bits: 0n, step: 0 };
const isZero = (h: HashBits) => h.bits === 0n && h.step === 0;

// ---- encoding -----------------------------------------------------------------------------------

/** Interleave the low 32 bits of x (even bits) and y (odd bits). */
function interleave(x: number, y: number): bigint {
  let out = 0n;
  for (let i = 0; i < 32; i++) {
    if (Math.floor(x / 2 ** i) % 2 === 1) out |= 1n << BigInt(2 * i);
    if (Math.floor(y / 2 ** i) % 2 === 1) out |= 1n << BigInt(2 * i + 1);
  }
  return out;
}

/** Split interleaved bits back: [even bits, odd bits]. */
function deinterleave(bits: bigint): [number, number] {
  let x = 0;
  let y = 0;
  for (let i = 0; i < 32; i++) {
    if ((bits >> BigInt(2 * i)) & 1n) x += 2 ** i;
    if ((bits >> BigInt(2 * i + 1)) & 1n) y += 2 ** i;
  }
  return [x, y];
}

/** Redis's geohashEncode: null where Redis fails (out of range). */
export function geohashEncode(
  longRange: Range,
  latRange: Range,
  longitude: number,
  latitude: number,
  step: number,
): HashBits | null {
  if (step > 32 || step === 0) return null;
  if (
    longitude > GEO_LONG_MAX ||
    longitude < GEO_LONG_MIN ||
    latitude > GEO_LAT_MAX ||
    latitude < GEO_LAT_MIN
  ) {
    return null;
  }
  if (
    latitude < latRange.min ||
    latitude > latRange.max ||
    longitude < longRange.min ||
    longitude > longRange.max
  ) {
    return null;
  }
  let latOffset = (latitude - latRange.min) / (latRange.max - latRange.min);
  let longOffset = (longitude - longRange.min) / (longRange.max - longRange.min);
  latOffset *= 2 ** step;
  longOffset *= 2 ** step;
  // C converts to uint32_t: truncation.
  return { bits: interleave(Math.trunc(latOffset), Math.trunc(longOffset)), step };
}

/** The sorted-set score of a position: its 26-step geohash, as a number (GEOADD). */
export function geohashScore(longitude: number, latitude: number): number {
  const hash = geohashEncode(LONG_RANGE, LAT_RANGE, longitude, latitude, GEO_STEP_MAX)!;
  return Number(align52(hash));
}

/** geohashAlign52Bits: the hash's bits shifted up to 52. */
function align52(hash: HashBits): bigint {
  return BigInt.asUintN(64, hash.bits << BigInt(52 - hash.step * 2));
}

/** Redis's geohashDecode: the box a hash names. */
function geohashDecode(longRange: Range, latRange: Range, hash: HashBits): Area | null {
  if (isZero(hash)) return null;
  const [ilato, ilono] = deinterleave(hash.bits);
  const latScale = latRange.max - latRange.min;
  const longScale = longRange.max - longRange.min;
  const cells = 2 ** hash.step;
  return {
    hash,
    latitude: {
      min: latRange.min + ((ilato * 1.0) / cells) * latScale,
      max: latRange.min + (((ilato + 1) * 1.0) / cells) * latScale,
    },
    longitude: {
      min: longRange.min + ((ilono * 1.0) / cells) * longScale,
      max: longRange.min + (((ilono + 1) * 1.0) / cells) * longScale,
    },
  };
}

/** Redis's decodeGeohash: the position a sorted-set score stands for, [longitude, latitude]. */
export function decodeScore(score: number): [number, number] | null {
  const bits = BigInt.asUintN(64, BigInt(Math.trunc(score)));
  const area = geohashDecode(LONG_RANGE, LAT_RANGE, { bits, step: GEO_STEP_MAX });
  if (area === null) return null;
  let x = (area.longitude.min + area.longitude.max) / 2;
  if (x > GEO_LONG_MAX) x = GEO_LONG_MAX;
  if (x < GEO_LONG_MIN) x = GEO_LONG_MIN;
  let y = (area.latitude.min + area.latitude.max) / 2;
  if (y > GEO_LAT_MAX) y = GEO_LAT_MAX;
  if (y < GEO_LAT_MIN) y = GEO_LAT_MIN;
  return [x, y];
}

const GEOALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';

/** GEOHASH's 11-character standard geohash of a score's position (latitude over -90..90). */
export function standardGeohash(score: number): string | null {
  const xy = decodeScore(score);
  if (xy === null) return null;
  const hash = geohashEncode({ min: -180, max: 180 }, { min: -90, max: 90 }, xy[0], xy[1], 26);
  const bits = hash?.bits ?? 0n;
  let out = '';
  for (let i = 0; i < 11; i++) {
    const idx = i === 10 ? 0 : Number((bits >> BigInt(52 - (i + 1) * 5)) & 0x1fn);
    out += GEOALPHABET[idx];
  }
  return out;
}

// ---- neighbours ---------------------------------------------------------------------------------

const EVEN = 0x5555555555555555n;
const ODD = 0xaaaaaaaaaaaaaaaan;

/**
 * Redis's geohash_move_x / geohash_move_y: one cell along the axis whose bits `axis` masks (ODD:
 * longitude, x; EVEN: latitude, y), wrapping around at the edge.
 */
function move(hash: HashBits, d: number, axis: bigint): HashBits {
  if (d === 0) return hash;
  const other = axis === ODD ? EVEN : ODD;
  const shift = BigInt(64 - hash.step * 2);
  let v = hash.bits & axis;
  const kept = hash.bits & other;
  const zz = other >> shift;
  if (d > 0) v = BigInt.asUintN(64, v + (zz + 1n));
  else v = BigInt.asUintN(64, (v | zz) - (zz + 1n));
  v &= axis >> shift;
  return { bits: v | kept, step: hash.step };
}

const moveX = (hash: HashBits, d: number) => move(hash, d, ODD);
const moveY = (hash: HashBits, d: number) => move(hash, d, EVEN);

interface Neighbors {
  north: HashBits;
  south: HashBits;
  east: HashBits;
  west: HashBits;
  northEast: HashBits;
  northWest: HashBits;
  southEast: HashBits;
  southWest: HashBits;
}

function neighbors(hash: HashBits): Neighbors {
  return {
    east: moveX(hash, 1),
    west: moveX(hash, -1),
    south: moveY(hash, -1),
    north: moveY(hash, 1),
    northWest: moveY(moveX(hash, -1), 1),
    northEast: moveY(moveX(hash, 1), 1),
    southEast: moveY(moveX(hash, 1), -1),
    southWest: moveY(moveX(hash, -1), -1),
  };
}

// ---- distances ----------------------------------------------------------------------------------

const degRad = (ang: number) => ang * D_R;
const radDeg = (ang: number) => ang / D_R;

function latDistance(lat1d: number, lat2d: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
}

/** Redis's geohashGetDistance: the haversine great-circle distance in meters. */
export function geoDistance(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const lon1r = degRad(lon1d);
  const lon2r = degRad(lon2d);
  const v = Math.sin((lon2r - lon1r) / 2);
  if (v === 0.0) return latDistance(lat1d, lat2d);
  const lat1r = degRad(lat1d);
  const lat2r = degRad(lat2d);
  const u = Math.sin((lat2r - lat1r) / 2);
  const a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
}

// ---- search shapes ------------------------------------------------------------------------------

/** A search area: a circle of `radius`, or a `width` × `height` box, in units of `conversion` meters. */
export type GeoShape = {
  xy: [number, number];
  conversion: number;
} & ({ type: 'circle'; radius: number } | { type: 'box'; width: number; height: number });

/** Whether a point is inside the shape: its distance from the centre (meters), or null. */
export function distanceIfWithin(shape: GeoShape, x: number, y: number): number | null {
  const [cx, cy] = shape.xy;
  if (shape.type === 'circle') {
    const d = geoDistance(cx, cy, x, y);
    return d > shape.radius * shape.conversion ? null : d;
  }
  // geohashGetDistanceIfInRectangle: latitude first, it is cheaper.
  const width = shape.width * shape.conversion;
  const height = shape.height * shape.conversion;
  if (latDistance(y, cy) > height / 2) return null;
  if (geoDistance(x, y, cx, y) > width / 2) return null;
  return geoDistance(cx, cy, x, y);
}

function estimateSteps(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2;
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

function boundingBox(shape: GeoShape): [number, number, number, number] {
  const [longitude, latitude] = shape.xy;
  const height = shape.conversion * (shape.type === 'circle' ? shape.radius : shape.height / 2);
  const width = shape.conversion * (shape.type === 'circle' ? shape.radius : shape.width / 2);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude + latDelta)));
  const longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude - latDelta)));
  const southern = latitude < 0;
  return [
    southern ? longitude - longDeltaBottom : longitude - longDeltaTop,
    latitude - latDelta,
    southern ? longitude + longDeltaBottom : longitude + longDeltaTop,
    latitude + latDelta,
  ];
}

/**
 * Redis's geohashCalculateAreasByShapeWGS84: the centre box and its neighbours, in the order
 * membersOfAllNeighbors reads them (centre, N, S, E, W, NE, NW, SE, SW); boxes that cannot hold a
 * match are zero.
 */
export function searchBoxes(shape: GeoShape): HashBits[] {
  const [minLon, minLat, maxLon, maxLat] = boundingBox(shape);
  const [longitude, latitude] = shape.xy;
  const radiusMeters =
    (shape.type === 'circle'
      ? shape.radius
      : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2))) *
    shape.conversion;
  let steps = estimateSteps(radiusMeters, latitude);
  let hash = geohashEncode(LONG_RANGE, LAT_RANGE, longitude, latitude, steps) ?? { bits: 0n, step: steps };
  let n = neighbors(hash);
  let area = geohashDecode(LONG_RANGE, LAT_RANGE, hash);
  // The step may be too coarse near the edge of the centre box: one finer step then.
  const north = geohashDecode(LONG_RANGE, LAT_RANGE, n.north);
  const south = geohashDecode(LONG_RANGE, LAT_RANGE, n.south);
  const east = geohashDecode(LONG_RANGE, LAT_RANGE, n.east);
  const west = geohashDecode(LONG_RANGE, LAT_RANGE, n.west);
  const decrease =
    (north !== null && north.latitude.max < maxLat) ||
    (south !== null && south.latitude.min > minLat) ||
    (east !== null && east.longitude.max < maxLon) ||
    (west !== null && west.longitude.min > minLon);
  if (steps > 1 && decrease) {
    steps--;
    hash = geohashEncode(LONG_RANGE, LAT_RANGE, longitude, latitude, steps) ?? { bits: 0n, step: steps };
    n = neighbors(hash);
    area = geohashDecode(LONG_RANGE, LAT_RANGE, hash);
  }
  if (steps >= 2 && area !== null) {
    if (area.latitude.min < minLat) n.south = n.southWest = n.southEast = ZERO;
    if (area.latitude.max > maxLat) n.north = n.northEast = n.northWest = ZERO;
    if (area.longitude.min < minLon) n.west = n.southWest = n.northWest = ZERO;
    if (area.longitude.max > maxLon) n.east = n.southEast = n.northEast = ZERO;
  }
  return [hash, n.north, n.south, n.east, n.west, n.northEast, n.northWest, n.southEast, n.southWest];
}

/** scoresOfGeoHashBox: the score range [min, max) of the points inside a box. */
export function boxScores(hash: HashBits): [number, number] {
  const min = align52(hash);
  const max = align52({ bits: hash.bits + 1n, step: hash.step });
  return [Number(min), Number(max)];
}

export const isZeroHash = isZero;
