// The client (client/) against both targets: values in RESP2 and RESP3, pipelining, HELLO switching
// parsers mid-stream, frames mode, pub/sub; and its RESP3 parser fed whole, split and byte by byte.

import { afterEach, describe, expect, it } from 'vitest';
import { type Frame, ReplyError, Resp3Parser, RespClient } from '../../client/index.js';
import { type Target, useTargets } from '../support/targets.js';

const both = useTargets();
const open: RespClient[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

async function connect(t: Target, options: { returnBuffers?: boolean; frames?: boolean } = {}) {
  const c = await RespClient.connect(t.port, { host: t.host, ...options });
  open.push(c);
  return c;
}

describe('client in RESP2 (redis-parser)', () => {
  it('maps each reply type to a value and throws error replies', async () => {
    await both.each(async (t) => {
      const c = await connect(t);
      expect(await c.call('SET', 'k', 'v')).toBe('OK');
      expect(await c.call('GET', 'k')).toBe('v');
      expect(await c.call('GET', 'missing')).toBe(null);
      expect(await c.call('INCRBY', 'n', 41)).toBe(41);
      await c.call('RPUSH', 'l', 'a', 'b');
      expect(await c.call('LRANGE', 'l', 0, -1)).toEqual(['a', 'b']);
      expect(await c.call('BLPOP', 'nothing', '0.01')).toBe(null);
      const err = await c.call('INCR', 'k').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReplyError);
      expect((err as ReplyError).message).toBe('ERR value is not an integer or out of range');
      expect((err as ReplyError).code).toBe('ERR');
      expect(await c.call('GET', 'k')).toBe('v'); // the connection goes on after an error
    });
  });

  it('sends any bytes and reads them back with returnBuffers', async () => {
    await both.each(async (t) => {
      const c = await connect(t, { returnBuffers: true });
      const bytes = Buffer.from([0, 0xff, 0x0d, 0x0a, 0x20, 0x24]);
      await c.call('SET', bytes, bytes);
      expect(await c.call('GET', bytes)).toEqual(bytes);
      expect(await c.call('STRLEN', bytes)).toBe(6);
      expect(await c.call('SET', 'utf', 'é')).toEqual(Buffer.from('OK'));
      expect(await c.call('STRLEN', 'utf')).toBe(2); // strings go out as UTF-8
    });
  });

  it('pipelines: one write, replies in order, errors as values', async () => {
    await both.each(async (t) => {
      const c = await connect(t);
      const written: Buffer[] = [];
      c.onBytes = (direction, bytes) => direction === 'sent' && written.push(bytes);
      const commands = Array.from({ length: 200 }, () => ['INCR', 'counter']);
      const replies = await c.pipeline([...commands, ['HSET', 'counter', 'f', 'v'], ['GET', 'counter']]);
      expect(written.length).toBe(1);
      expect(replies.slice(0, 200)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(replies[200]).toBeInstanceOf(ReplyError);
      expect((replies[200] as ReplyError).code).toBe('WRONGTYPE');
      expect(replies[201]).toBe('200');
    });
  });

  it('many calls in flight at once resolve in order', async () => {
    await both.each(async (t) => {
      const c = await connect(t);
      const all = await Promise.all(Array.from({ length: 50 }, (_, i) => c.call('ECHO', `m${i}`)));
      expect(all).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`));
    });
  });

  it('rejects waiting commands when the connection closes', async () => {
    await both.each(async (t) => {
      const c = await connect(t);
      const pending = c.call('BLPOP', 'never', 0);
      c.close();
      await expect(pending).rejects.toThrow('connection closed');
      await expect(c.call('PING')).rejects.toThrow('connection closed');
    });
  });
});

describe('client in RESP3 (our parser)', () => {
  it('HELLO 3 switches protocol even with commands still in flight', async () => {
    await both.each(async (t) => {
      const c = await connect(t);
      const before = c.pipeline([
        ['SET', 'a', '1'],
        ['DEBUG', 'SLEEP', '0'],
        ['GET', 'a'],
      ]);
      const hello = (await c.hello(3)) as Map<string, unknown>;
      expect(await before).toEqual(['OK', 'OK', '1']);
      expect(hello).toBeInstanceOf(Map);
      expect(hello.get('proto')).toBe(3);
      expect(hello.get('server')).toBe('redis');
      expect(c.protocol).toBe(3);
    });
  });

  it('maps, sets, doubles, booleans, nulls and big numbers become JavaScript values', async () => {
    await both.each(async (t) => {
      const c = await connect(t);
      await c.hello(3);
      await c.call('HSET', 'h', 'f1', 'v1', 'f2', 'v2');
      expect(await c.call('HGETALL', 'h')).toEqual(
        new Map([
          ['f1', 'v1'],
          ['f2', 'v2'],
        ]),
      );
      await c.call('SADD', 's', 'x');
      expect(await c.call('SMEMBERS', 's')).toEqual(new Set(['x']));
      await c.call('ZADD', 'z', '1.5', 'm');
      expect(await c.call('ZSCORE', 'z', 'm')).toBe(1.5);
      expect(await c.call('ZINCRBY', 'z', 'inf', 'm')).toBe(Infinity);
      expect(await c.call('GET', 'missing')).toBe(null);
      expect(await c.call('CLIENT', 'INFO')).toMatch(/^id=\d+ addr=/); // a verbatim string
      // Booleans and big numbers: Redis 7.0 has no command replying with them but DEBUG PROTOCOL.
      if (t.kind === 'redis') {
        expect(await c.call('DEBUG', 'PROTOCOL', 'true')).toBe(true);
        expect(await c.call('DEBUG', 'PROTOCOL', 'bignum')).toBe(1234567999999999999999999999999999999n);
      }
    });
  });

  it('HELLO 2 switches back to redis-parser, bytes after the HELLO reply included', async () => {
    await both.each(async (t) => {
      const c = await connect(t);
      await c.hello(3);
      const [hello, get] = await Promise.all([c.hello(2), c.call('ECHO', 'after')]);
      expect(Array.isArray(hello)).toBe(true); // a flat RESP2 array
      expect(get).toBe('after');
      expect(c.protocol).toBe(2);
      expect(await c.call('HGETALL', 'none')).toEqual([]);
    });
  });

  it('HELLO without a version describes the server and changes nothing', async () => {
    await both.each(async (t) => {
      const c = await connect(t);
      const hello = (await c.call('HELLO')) as unknown[];
      expect(hello.slice(0, 6)).toEqual(['server', 'redis', 'version', '7.0.15', 'proto', 2]);
      expect(c.protocol).toBe(2);
    });
  });

  it('a refused HELLO leaves the protocol as it was', async () => {
    await both.each(async (t) => {
      const c = await connect(t);
      await expect(c.hello(4)).rejects.toThrow('NOPROTO unsupported protocol version');
      expect(c.protocol).toBe(2);
      expect(await c.call('PING')).toBe('PONG');
    });
  });

  it('frames mode keeps the wire types and the raw bytes of each reply', async () => {
    await both.each(async (t) => {
      const c = await connect(t, { frames: true });
      const received: string[] = [];
      c.onBytes = (direction, bytes) => direction === 'received' && received.push(bytes.toString('latin1'));
      expect(await c.send(['SET', 'k', 'OK'])).toEqual({ kind: 'simple', text: 'OK' });
      expect(await c.send(['GET', 'k'])).toEqual({ kind: 'bulk', data: Buffer.from('OK') });
      expect(await c.send(['GET', 'x'])).toEqual({ kind: 'null', wire: '$-1' });
      expect(await c.send(['NOPE'])).toMatchObject({ kind: 'error' });
      expect(received).toEqual([
        '+OK\r\n',
        '$2\r\nOK\r\n',
        '$-1\r\n',
        expect.stringMatching(/^-ERR unknown/),
      ]);
      await c.hello(3);
      expect(await c.send(['HGETALL', 'none'])).toEqual({ kind: 'map', entries: [] });
    });
  });
});

describe('client pub/sub', () => {
  for (const proto of [2, 3] as const) {
    it(`subscribes, receives messages and unsubscribes (RESP${proto})`, async () => {
      await both.each(async (t) => {
        const sub = await connect(t);
        const pub = await connect(t);
        if (proto === 3) await sub.hello(3);
        const got: unknown[] = [];
        let arrived: () => void = () => {};
        const three = new Promise<void>((resolve) => (arrived = resolve));
        sub.onMessage = (m) => {
          got.push(m);
          if (got.length === 3) arrived();
        };
        expect(await sub.subscribe('news', 'sport')).toBe(2);
        expect(await sub.psubscribe('w*')).toBe(3);
        expect(await pub.call('PUBLISH', 'news', 'hello')).toBe(1);
        expect(await pub.call('PUBLISH', 'weather', 'rain')).toBe(1);
        expect(await pub.call('PUBLISH', 'sport', 'goal')).toBe(1);
        await three;
        expect(got).toEqual([
          { kind: 'message', channel: 'news', message: 'hello' },
          { kind: 'pmessage', pattern: 'w*', channel: 'weather', message: 'rain' },
          { kind: 'message', channel: 'sport', message: 'goal' },
        ]);
        if (proto === 3) expect(await sub.call('GET', 'k')).toBe(null); // RESP3 allows commands
        expect(await sub.unsubscribe()).toBe(1);
        expect(await sub.punsubscribe()).toBe(0);
        expect(sub.subscriptions).toBe(0);
        expect(await sub.call('PING')).toBe('PONG');
      });
    });
  }

  it('in RESP3 a subscribed connection’s replies are replies, even an array that reads like a message', async () => {
    await both.each(async (t) => {
      const sub = await connect(t);
      await sub.hello(3);
      const got: unknown[] = [];
      sub.onMessage = (m) => got.push(m);
      await sub.subscribe('news');
      await sub.call('RPUSH', 'l', 'message', 'news', 'not a push');
      // Only a push (>) is a message in RESP3; this array is LRANGE's reply.
      expect(await sub.call('LRANGE', 'l', 0, -1)).toEqual(['message', 'news', 'not a push']);
      await sub.call('RPUSH', 'p', 'subscribe', 'x', '1');
      expect(await sub.call('LRANGE', 'p', 0, -1)).toEqual(['subscribe', 'x', '1']);
      expect(sub.subscriptions).toBe(1);
      expect(got).toEqual([]);
    });
  });
});

describe('Resp3Parser', () => {
  const fixtures: [string, Frame][] = [
    ['+OK\r\n', { kind: 'simple', text: 'OK' }],
    ['-ERR bad\r\n', { kind: 'error', text: 'ERR bad' }],
    [':-42\r\n', { kind: 'integer', text: '-42' }],
    ['$5\r\na\r\nb\x00\r\n', { kind: 'bulk', data: Buffer.from('a\r\nb\x00', 'latin1') }],
    ['$-1\r\n', { kind: 'null', wire: '$-1' }],
    ['*-1\r\n', { kind: 'null', wire: '*-1' }],
    ['_\r\n', { kind: 'null', wire: '_' }],
    [',-inf\r\n', { kind: 'double', text: '-inf' }],
    ['#f\r\n', { kind: 'boolean', value: false }],
    ['(12345678901234567890\r\n', { kind: 'bignum', text: '12345678901234567890' }],
    ['!9\r\nERR blob!\r\n', { kind: 'error', text: 'ERR blob!' }],
    ['=8\r\ntxt:a\r\nb\r\n', { kind: 'verbatim', format: 'txt', data: Buffer.from('a\r\nb') }],
    [
      '*2\r\n:1\r\n*1\r\n$0\r\n\r\n',
      {
        kind: 'array',
        items: [
          { kind: 'integer', text: '1' },
          { kind: 'array', items: [{ kind: 'bulk', data: Buffer.alloc(0) }] },
        ],
      },
    ],
    ['~1\r\n+x\r\n', { kind: 'set', items: [{ kind: 'simple', text: 'x' }] }],
    [
      '>2\r\n+a\r\n+b\r\n',
      {
        kind: 'push',
        items: [
          { kind: 'simple', text: 'a' },
          { kind: 'simple', text: 'b' },
        ],
      },
    ],
    [
      '%1\r\n+k\r\n:1\r\n',
      {
        kind: 'map',
        entries: [
          [
            { kind: 'simple', text: 'k' },
            { kind: 'integer', text: '1' },
          ],
        ],
      },
    ],
    [
      '|1\r\n+ttl\r\n:3\r\n+v\r\n',
      {
        kind: 'attribute',
        entries: [
          [
            { kind: 'simple', text: 'ttl' },
            { kind: 'integer', text: '3' },
          ],
        ],
        reply: { kind: 'simple', text: 'v' },
      },
    ],
  ];
  const all = fixtures.map(([wire]) => wire).join('');
  const expected = fixtures.map(([, frame]) => frame);

  it('parses every type fed whole', () => {
    const got = new Resp3Parser().feed(Buffer.from(all, 'latin1'));
    expect(got.map((r) => r.frame)).toEqual(expected);
    expect(got.map((r) => r.raw.toString('latin1'))).toEqual(fixtures.map(([wire]) => wire));
  });

  it('parses the same split at every offset and byte by byte', () => {
    const bytes = Buffer.from(all, 'latin1');
    for (let at = 0; at <= bytes.length; at++) {
      const p = new Resp3Parser();
      const frames = [...p.feed(bytes.subarray(0, at)), ...p.feed(bytes.subarray(at))].map((r) => r.frame);
      expect(frames).toEqual(expected);
    }
    const p = new Resp3Parser();
    const frames: Frame[] = [];
    for (const b of bytes) frames.push(...p.feed(Buffer.from([b])).map((r) => r.frame));
    expect(frames).toEqual(expected);
  });

  it('refuses bytes that are not RESP', () => {
    expect(() => new Resp3Parser().feed(Buffer.from('hello\r\n'))).toThrow('unknown reply type byte "h"');
    expect(() => new Resp3Parser().feed(Buffer.from('$x\r\n'))).toThrow('invalid length "x"');
  });
});
