// ioredis 6, as applications use it, against both targets: the same calls must give the same results.
// ioredis 6 speaks RESP3 by default (HELLO 3 on connect, then CLIENT SETINFO and an INFO ready
// check); `protocol: 2` makes it speak RESP2. Its error replies are SimpleError, a ReplyError.

import { type Redis, ReplyError } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { type Target, useTargets } from '../support/targets.js';

const both = useTargets();

type Scenario = (client: Redis) => Promise<unknown[]>;

/** A rejected call as data: its class and message. */
async function outcome(promise: Promise<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (err) {
    return { error: (err as Error).constructor.name, message: (err as Error).message };
  }
}

/** What `scenario` gives on each target, with a client made by `connect`; all must be equal. */
async function sameResults(connect: (t: Target) => Redis, scenario: Scenario): Promise<unknown[]> {
  const results: unknown[][] = [];
  for (const t of both.list) {
    const client = connect(t);
    results.push(await scenario(client));
  }
  if (results.length === 2) expect(results[0], 'respite vs redis').toEqual(results[1]);
  return results[0];
}

/** The protocol the connection speaks, as HELLO without arguments reports it. */
async function protocolOf(client: Redis): Promise<number> {
  const hello = (await client.call('HELLO')) as unknown[];
  return Number(hello[hello.indexOf('proto') + 1]);
}

const typical: Scenario = async (r) => [
  await r.set('a', '1'),
  await r.get('a'),
  await r.get('missing'),
  await r.incr('a'),
  await r.incrby('a', 10),
  await r.decr('a'),
  await r.incrbyfloat('f', '0.1'),
  await r.incrbyfloat('f', '0.2'),
  await r.append('s', 'hello'),
  await r.append('s', ' world'),
  await r.strlen('s'),
  await r.getrange('s', 0, 4),
  await r.mset('m1', 'x', 'm2', 'y'),
  await r.mget('m1', 'missing', 'm2'),
  await r.exists('a', 'm1', 'missing'),
  await r.type('a'),
  await r.type('missing'),
  (await r.keys('m*')).sort(),
  await r.del('m1', 'm2', 'missing'),
  await r.setnx('a', 'other'),
  await r.getset('a', 'new'),
  await r.getdel('a'),
  await r.set('k', 'v', 'NX'),
  await r.set('k', 'v2', 'XX', 'GET'),
  await r.dbsize(),
  await r.echo('héllo'),
  await r.ping(),
  await r.ping('x'),
];

const expiry: Scenario = async (r) => {
  await r.set('e', 'v');
  const results: unknown[] = [
    await r.ttl('e'),
    await r.expire('e', 100),
    await r.persist('e'),
    await r.expire('e', 100),
    await r.set('p', 'v', 'PX', 100_000),
    await r.ttl('missing'),
  ];
  const ttl = await r.ttl('e');
  const pttl = await r.pttl('p');
  results.push(ttl > 95 && ttl <= 100, pttl > 95_000 && pttl <= 100_000);
  results.push(await r.expire('e', -1), await r.exists('e'));
  return results;
};

const binary: Scenario = async (r) => {
  const key = Buffer.from([0, 0xff, 0x0d, 0x0a, 0x80]);
  const value = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  await r.set(key, value);
  const back = await r.getBuffer(key);
  return [
    back?.equals(value),
    back?.length,
    await r.strlen(key),
    (await r.mgetBuffer(key, 'missing')).map((b) => b?.toString('hex') ?? null),
    await r.setbit('bits', 7, 1),
    await r.getbit('bits', 7),
    await r.bitcount('bits'),
    (await r.getBuffer('bits'))?.toString('hex'),
    await r.exists(key),
    await r.del(key),
  ];
};

const errors: Scenario = async (r) => {
  await r.set('s', 'not a number');
  const incr = await outcome(r.incr('s'));
  let isReplyError = false;
  try {
    await r.incr('s');
  } catch (err) {
    isReplyError = err instanceof ReplyError;
  }
  return [
    incr,
    isReplyError,
    await outcome(r.call('NOSUCHCOMMAND', 'x')),
    await outcome(r.call('GET')),
    await outcome(r.set('a', 'b', 'EX', 0)),
    await outcome(r.call('SELECT', '99')),
    await r.get('s'), // the connection is still usable
  ];
};

const pipelines: Scenario = async (r) => {
  const plain = await r.pipeline().set('a', '1').incr('a').get('a').mget('a', 'missing').exec();
  const withError = await r.pipeline().set('s', 'x').incr('s').get('s').call('NOSUCH').exec();
  const many = r.pipeline();
  for (let i = 0; i < 1000; i++) many.set(`k${i}`, String(i)).get(`k${i}`);
  const manyResults = await many.exec();
  return [
    plain,
    withError?.map(([err, value]) => [
      err ? `${(err as Error).constructor.name}: ${err.message}` : null,
      value,
    ]),
    manyResults?.length,
    manyResults?.every(([err], i) => err === null && i >= 0),
    manyResults?.slice(-2),
    await r.dbsize(),
  ];
};

describe('ioredis 6 with its defaults', () => {
  const connect = (t: Target) => t.ioredis();

  it('negotiates RESP3 with HELLO 3', async () => {
    expect(await sameResults(connect, async (r) => [await protocolOf(r)])).toEqual([3]);
  });

  it('typical commands', async () => {
    await sameResults(connect, typical);
  });

  it('expiry', async () => {
    await sameResults(connect, expiry);
  });

  it('binary keys and values as Buffers', async () => {
    const results = await sameResults(connect, binary);
    expect(results[0]).toBe(true);
  });

  it('error replies surface as ReplyError', async () => {
    const results = await sameResults(connect, errors);
    expect(results[0]).toEqual({
      error: 'SimpleError',
      message: 'ERR value is not an integer or out of range',
    });
    expect(results[1]).toBe(true);
  });

  it('pipelines without MULTI', async () => {
    await sameResults(connect, pipelines);
  });
});

describe('ioredis 6 forced to RESP2', () => {
  const connect = (t: Target) => t.ioredis({ protocol: 2 });

  it('speaks RESP2', async () => {
    expect(await sameResults(connect, async (r) => [await protocolOf(r)])).toEqual([2]);
  });

  it('typical commands', async () => {
    await sameResults(connect, typical);
  });

  it('expiry', async () => {
    await sameResults(connect, expiry);
  });

  it('binary keys and values as Buffers', async () => {
    await sameResults(connect, binary);
  });

  it('error replies surface as ReplyError', async () => {
    const results = await sameResults(connect, errors);
    expect(results[0]).toEqual({
      error: 'SimpleError',
      message: 'ERR value is not an integer or out of range',
    });
    expect(results[1]).toBe(true);
  });

  it('pipelines without MULTI', async () => {
    await sameResults(connect, pipelines);
  });
});

describe('ioredis 6 with RESP3 reply mapping', () => {
  const connect = (t: Target) => t.ioredis({ protocol: 3, replyMapping: 'resp3' });

  it('typical commands', async () => {
    await sameResults(connect, typical);
  });
});
