// GEO commands against real Redis, byte for byte: positions become the same scores, come back as
// the same coordinates and geohashes, distances print the same, and searches find the same members
// in the same order (a seeded random comparison over many points, shapes and options).

import { describe, it } from 'vitest';
import { prng } from '../support/prng.js';
import { type Cmd, useTargets } from '../support/targets.js';

const both = useTargets();

const SICILY: Cmd[] = [
  ['DEL', 'Sicily'],
  ['GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania'],
  ['GEOADD', 'Sicily', '13.583333', '37.316667', 'Agrigento'],
];

describe('GEOADD, GEOPOS, GEODIST, GEOHASH', () => {
  it("Redis's documented examples, and the scores GEOADD stores", async () => {
    await both.same(
      ...SICILY,
      ['ZRANGE', 'Sicily', '0', '-1', 'WITHSCORES'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'km'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'MI'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'ft'],
      ['GEODIST', 'Sicily', 'Palermo', 'Palermo'],
      ['GEODIST', 'Sicily', 'Foo', 'Bar'],
      ['GEODIST', 'nokey', 'Foo', 'Bar'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'parsec'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'km', 'x'],
      ['GEOHASH', 'Sicily', 'Palermo', 'Catania', 'Agrigento', 'nope'],
      ['GEOHASH', 'nokey', 'a'],
      ['GEOHASH', 'Sicily'],
      ['GEOPOS', 'Sicily', 'Palermo', 'Catania', 'NonExisting'],
      ['GEOPOS', 'nokey', 'a', 'b'],
      ['GEOPOS', 'Sicily'],
    );
  });

  it('RESP3: coordinates are doubles, distances stay bulk strings, missing positions are nulls', async () => {
    await both.compare(
      { proto: 3 },
      ...SICILY,
      ['GEOPOS', 'Sicily', 'Palermo', 'NonExisting'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania'],
      ['GEODIST', 'Sicily', 'Palermo', 'Nope'],
      ['GEOHASH', 'Sicily', 'Palermo', 'Nope'],
      [
        'GEOSEARCH',
        'Sicily',
        'FROMLONLAT',
        '15',
        '37',
        'BYRADIUS',
        '200',
        'km',
        'WITHCOORD',
        'WITHDIST',
        'WITHHASH',
      ],
    );
  });

  it('GEOADD options, ranges and errors; it is ZADD underneath', async () => {
    await both.same(
      ['DEL', 'g'],
      ['GEOADD', 'g', '200', '100', 'x'],
      ['GEOADD', 'g', '0', '85.06', 'x'],
      ['GEOADD', 'g', '-180.0001', '0', 'x'],
      ['GEOADD', 'g', 'inf', '0', 'x'],
      ['GEOADD', 'g', '1e300', '0', 'x'],
      ['GEOADD', 'g', 'abc', '2', 'm'],
      ['GEOADD', 'g', '1', 'abc', 'm'],
      ['GEOADD', 'g', '1', '2', 'm', '3'],
      ['GEOADD', 'g', 'nx', 'xx', '1', '2', 'm'],
      ['GEOADD', 'g', 'gt', '1', '2', 'm'],
      ['GEOADD', 'g', '1', '2', 'm', '1', '2', 'm'],
      ['GEOADD', 'g', 'ch', '1', '2', 'm'],
      ['GEOADD', 'g', 'CH', '1.5', '2', 'm', '3', '4', 'n'],
      ['GEOADD', 'g', 'xx', 'ch', '1', '2', 'm', '5', '6', 'o'],
      ['GEOADD', 'g', 'nx', '9', '9', 'm'],
      ['ZRANGE', 'g', '0', '-1', 'WITHSCORES'],
      ['OBJECT', 'ENCODING', 'g'],
      ['GEOADD', 'g', '180', '85.05112878', 'ne', '-180', '-85.05112878', 'sw', '0', '0', 'origin'],
      ['GEOPOS', 'g', 'ne', 'sw', 'origin'],
      ['GEOHASH', 'g', 'ne', 'sw', 'origin'],
      ['SET', 'str', 'x'],
      ['GEOADD', 'str', '1', '2', 'm'],
      ['GEOPOS', 'str', 'm'],
      ['GEODIST', 'str', 'a', 'b'],
      ['GEOHASH', 'str', 'm'],
      ['GEOSEARCH', 'str', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'],
      ['GEOADD', 'g'],
      ['GEOADD', 'g', '1', '2'],
    );
  });
});

describe('searches', () => {
  it('GEORADIUS, GEORADIUSBYMEMBER, GEOSEARCH and their options', async () => {
    await both.same(
      ...SICILY,
      ['GEORADIUS', 'Sicily', '15', '37', '100', 'km'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHDIST', 'WITHCOORD', 'WITHHASH'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHDIST', 'ASC', 'COUNT', '1'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'DESC'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '2', 'ANY'],
      ['GEORADIUS_RO', 'Sicily', '15', '37', '200000', 'm', 'WITHDIST'],
      ['GEORADIUSBYMEMBER', 'Sicily', 'Agrigento', '100', 'km'],
      ['GEORADIUSBYMEMBER_RO', 'Sicily', 'Agrigento', '100', 'km', 'WITHDIST', 'DESC'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ASC'],
      [
        'GEOSEARCH',
        'Sicily',
        'FROMLONLAT',
        '15',
        '37',
        'BYBOX',
        '400',
        '400',
        'km',
        'ASC',
        'WITHCOORD',
        'WITHDIST',
      ],
      [
        'GEOSEARCH',
        'Sicily',
        'FROMMEMBER',
        'Palermo',
        'BYBOX',
        '400',
        '400',
        'km',
        'DESC',
        'COUNT',
        '2',
        'WITHHASH',
      ],
      ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '0', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '0', '0', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'],
    );
  });

  it('STORE, STOREDIST and GEOSEARCHSTORE write a sorted set, or delete the destination', async () => {
    await both.same(
      ...SICILY,
      ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STOREDIST'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'COUNT', '1'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'dst2'],
      ['ZRANGE', 'dst2', '0', '-1', 'WITHSCORES'],
      ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '300', 'km', 'STOREDIST', 'dst3', 'DESC'],
      ['ZRANGE', 'dst3', '0', '-1', 'WITHSCORES'],
      ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'],
      ['EXISTS', 'dst'],
      ['GEOSEARCHSTORE', 'dst2', 'nokey', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'],
      ['EXISTS', 'dst2'],
      ['GEORADIUSBYMEMBER', 'nokey', 'nope', 'x', 'y', 'STORE', 'dst3'],
      ['EXISTS', 'dst3'],
      ['COMMAND', 'GETKEYS', 'GEORADIUS', 'a', '0', '0', '1', 'km', 'STORE', 'b', 'STOREDIST', 'c'],
      ['COMMAND', 'GETKEYS', 'GEORADIUSBYMEMBER', 'a', 'm', '1', 'km', 'storedist', 'c'],
      ['COMMAND', 'GETKEYS', 'GEOSEARCHSTORE', 'd', 's', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'],
    );
  });

  it('argument errors in the order Redis checks them', async () => {
    await both.same(
      ...SICILY,
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ANY'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'COUNT', '0'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'COUNT', 'x'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'COUNT'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'ASC', 'WITHDIST'],
      ['GEOSEARCH', 'Sicily', 'BYRADIUS', '200', 'km', 'ASC'],
      ['geosearch', 'Sicily', 'BYRADIUS', '200', 'km', 'ASC'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '-1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', 'x', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'parsec'],
      ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'nope', 'BYRADIUS', '1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'BYBOX', '1', '1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', 'x', '1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', 'x', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', '-1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '200', '37', 'BYBOX', '1', '1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STORE', 'x'],
      ['GEOSEARCH', 'nokey', 'FROMMEMBER', 'nope', 'BYRADIUS', '1', 'km'],
      ['GEOSEARCH', 'nokey', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ANY'],
      ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'WITHDIST'],
      ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STORE', 'x'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'dst', 'WITHDIST'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'FROMMEMBER', 'Palermo'],
      ['GEORADIUS_RO', 'Sicily', '15', '37', '200', 'km', 'STORE', 'dst'],
      ['GEORADIUS', 'Sicily', '15', 'x', '200', 'km'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'lightyear'],
      ['GEORADIUSBYMEMBER', 'Sicily', 'nope', '1', 'km'],
      ['GEORADIUSBYMEMBER', 'nokey', 'nope', 'x', 'y'],
      ['GEORADIUS', 'Sicily', '15', '37', '200'],
    );
  });

  it('random points and searches agree with Redis (seeded)', async () => {
    const rand = prng(20261126);
    const between = (lo: number, hi: number) => lo + rand() * (hi - lo);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const units = ['m', 'km', 'mi', 'ft'];
    const commands: Cmd[] = [['DEL', 'pts']];
    // Clusters around a few centres (some near the date line and the poles), and some anywhere.
    const centres: [number, number][] = [
      [2.35, 48.85],
      [-122.42, 37.77],
      [179.9, -16.5],
      [-179.9, 65],
      [10, 82],
      [0, 0],
    ];
    for (let i = 0; i < 400; i++) {
      const [cx, cy] = pick(centres);
      const far = rand() < 0.2;
      const lon = far ? between(-180, 180) : Math.max(-180, Math.min(180, cx + between(-2, 2)));
      const lat = far ? between(-85, 85) : Math.max(-85, Math.min(85, cy + between(-2, 2)));
      commands.push(['GEOADD', 'pts', lon.toFixed(6), lat.toFixed(6), `p${i}`]);
    }
    for (let i = 0; i < 150; i++) {
      const [cx, cy] = pick(centres);
      const from =
        rand() < 0.3
          ? ['FROMMEMBER', `p${Math.floor(rand() * 400)}`]
          : [
              'FROMLONLAT',
              (cx + between(-1, 1)).toFixed(4),
              Math.max(-85, Math.min(85, cy + between(-1, 1))).toFixed(4),
            ];
      const unit = pick(units);
      const scale = unit === 'm' ? 1000 : unit === 'ft' ? 3280 : 1;
      const by =
        rand() < 0.5
          ? ['BYRADIUS', String(Math.round(between(1, 400) * scale)), unit]
          : [
              'BYBOX',
              String(Math.round(between(1, 600) * scale)),
              String(Math.round(between(1, 600) * scale)),
              unit,
            ];
      const options: string[] = [];
      if (rand() < 0.5) options.push(pick(['ASC', 'DESC']));
      if (rand() < 0.4)
        options.push('COUNT', String(1 + Math.floor(rand() * 10)), ...(rand() < 0.3 ? ['ANY'] : []));
      if (rand() < 0.5) options.push('WITHDIST');
      if (rand() < 0.3) options.push('WITHCOORD');
      if (rand() < 0.3) options.push('WITHHASH');
      commands.push(['GEOSEARCH', 'pts', ...from, ...by, ...options]);
    }
    for (let i = 0; i < 100; i++) {
      const a = `p${Math.floor(rand() * 400)}`;
      const b = `p${Math.floor(rand() * 400)}`;
      commands.push(['GEODIST', 'pts', a, b, pick(units)], ['GEOPOS', 'pts', a], ['GEOHASH', 'pts', b]);
    }
    await both.same(...commands);
  });
});
