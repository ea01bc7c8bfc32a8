// --trace: a fixed session's trace compared with the transcript it must produce, line for line.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/server.js';
import { RawClient } from '../support/raw.js';

let server: RunningServer;
let untraced: RunningServer;
const lines: string[] = [];

beforeAll(async () => {
  server = await startServer({ trace: (line) => lines.push(line) });
  untraced = await startServer();
});
afterAll(async () => {
  await server.close();
  await untraced.close();
});

/** Run the session on a fresh connection; return its trace, the client's port shown as PORT. */
async function traceOf(session: (c: RawClient) => Promise<void>): Promise<string[]> {
  lines.length = 0;
  const c = await RawClient.connect(server.port, server.host);
  await session(c);
  c.close();
  await new Promise((r) => setTimeout(r, 20)); // the server sees the close
  const id = /^#(\d+) /.exec(lines[0])?.[1];
  return lines.map((l) => l.replace(/:\d+$/, ':PORT').replace(`#${id} `, '#N '));
}

describe('--trace', () => {
  it('annotates every RESP2 frame: type, header, size, payload', async () => {
    const trace = await traceOf(async (c) => {
      c.write('PING\r\n');
      await c.readReply();
      await c.call('SET', 'greeting', 'hello');
      await c.call('GET', 'greeting');
      await c.call('GET', 'missing');
      await c.call('INCRBY', 'n', '-7');
      await c.call('LPUSH', 'greeting', 'x');
      await c.call('RPUSH', 'list', ...'abcdefghij');
      await c.call('LRANGE', 'list', '0', '2');
      await c.call('BLPOP', 'nothing', '0.001');
      await c.call('SET', 'long', 'x'.repeat(100));
      await c.call('SET', 'bin', '\x00\xff\r\n');
      c.write('*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n'); // a pipeline: one chunk in, one out
      await c.readReply();
      await c.readReply();
    });
    expect(trace).toEqual([
      '#N connected 127.0.0.1:PORT',
      '#N in  inline         (6 bytes)    "PING"',
      '#N out simple    +    (7 bytes)    PONG',
      '#N in  array     *3   (38 bytes)   "SET" "greeting" "hello"',
      '#N out simple    +    (5 bytes)    OK',
      '#N in  array     *2   (27 bytes)   "GET" "greeting"',
      '#N out bulk      $5   (11 bytes)   "hello"',
      '#N in  array     *2   (26 bytes)   "GET" "missing"',
      '#N out null      $-1  (5 bytes)',
      '#N in  array     *3   (31 bytes)   "INCRBY" "n" "-7"',
      '#N out integer   :    (5 bytes)    -7',
      '#N in  array     *3   (36 bytes)   "LPUSH" "greeting" "x"',
      '#N out error     -    (68 bytes)   WRONGTYPE Operation against a key holding the wrong kind of value',
      '#N in  array     *12  (96 bytes)   "RPUSH" "list" "a" "b" "c" "d" "e" "f" ... (4 more)',
      '#N out integer   :    (5 bytes)    10',
      '#N in  array     *4   (40 bytes)   "LRANGE" "list" "0" "2"',
      '#N out array     *3   (25 bytes)   "a" "b" "c"',
      '#N in  array     *3   (39 bytes)   "BLPOP" "nothing" "0.001"',
      '#N out null      *-1  (5 bytes)',
      '#N in  array     *3   (131 bytes)  "SET" "long" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"... (60 more bytes)',
      '#N out simple    +    (5 bytes)    OK',
      '#N in  array     *3   (32 bytes)   "SET" "bin" "\\x00\\xff\\r\\n"',
      '#N out simple    +    (5 bytes)    OK',
      '#N in  array     *1   (14 bytes)   "PING"',
      '#N in  array     *2   (22 bytes)   "ECHO" "hi"',
      '#N out simple    +    (7 bytes)    PONG',
      '#N out bulk      $2   (8 bytes)    "hi"',
      '#N closed',
    ]);
  });

  it('shows RESP3 maps, sets, doubles and nested aggregates, and a protocol error', async () => {
    const trace = await traceOf(async (c) => {
      await c.call('HELLO', '3');
      await c.call('HSET', 'h', 'f', 'v');
      await c.call('HGETALL', 'h');
      await c.call('SADD', 's', 'm');
      await c.call('SMEMBERS', 's');
      await c.call('ZADD', 'z', '1.5', 'm');
      await c.call('ZSCORE', 'z', 'm');
      await c.call('ZRANGE', 'z', '0', '-1', 'WITHSCORES');
      await c.call('GET', 'missing');
      c.write('*1\r\n$x\r\n');
      await c.readUntilClose();
    });
    expect(trace.slice(1, 3)).toEqual([
      '#N in  array     *2   (22 bytes)   "HELLO" "3"',
      expect.stringMatching(
        /^#N out map {7}%7 {3}\(\d+ bytes\) +\{"server" => "redis", "version" => "7\.0\.15", "proto" => :3, "id" => :\d+, "mode" => "standalone", "role" => "master", "modules" => \[\]\}$/,
      ),
    ]);
    expect(trace.slice(3)).toEqual([
      '#N in  array     *4   (35 bytes)   "HSET" "h" "f" "v"',
      '#N out integer   :    (4 bytes)    1',
      '#N in  array     *2   (24 bytes)   "HGETALL" "h"',
      '#N out map       %1   (18 bytes)   {"f" => "v"}',
      '#N in  array     *3   (28 bytes)   "SADD" "s" "m"',
      '#N out integer   :    (4 bytes)    1',
      '#N in  array     *2   (25 bytes)   "SMEMBERS" "s"',
      '#N out set       ~1   (11 bytes)   "m"',
      '#N in  array     *4   (37 bytes)   "ZADD" "z" "1.5" "m"',
      '#N out integer   :    (4 bytes)    1',
      '#N in  array     *3   (30 bytes)   "ZSCORE" "z" "m"',
      '#N out double    ,    (6 bytes)    1.5',
      '#N in  array     *5   (55 bytes)   "ZRANGE" "z" "0" "-1" "WITHSCORES"',
      '#N out array     *1   (21 bytes)   ["m" ,1.5]',
      '#N in  array     *2   (26 bytes)   "GET" "missing"',
      '#N out null      _    (3 bytes)',
      '#N in  invalid        (8 bytes)    "*1\\r\\n$x\\r\\n"',
      '#N out error     -    (42 bytes)   ERR Protocol error: invalid bulk length',
      '#N closed',
    ]);
  });

  it('costs nothing when off: an untraced server leaves the socket alone', async () => {
    const c = await RawClient.connect(untraced.port, untraced.host);
    expect((await c.call('PING')).toString()).toBe('+PONG\r\n');
    const [client] = untraced.server.clients.values();
    expect(client.socket?.listenerCount('data')).toBe(1);
    expect(Object.hasOwn(client.socket!, 'write')).toBe(false);
    expect(untraced.server.trace).toBe(null);
    c.close();
  });
});
