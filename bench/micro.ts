// `npm run bench:micro`: the hot paths of one request, in process, without sockets.
//
//   parser    bytes -> argv (server/protocol/parser.ts): an inline PING, a multibulk SET, and a
//             pipelined batch of 16 GETs fed as one chunk
//   dispatch  argv -> handler -> reply bytes (server/dispatch.ts) on an in-process client, and the
//             whole path from bytes in to reply bytes out
//   writer    every reply type in RESP2 and in RESP3 (server/protocol/writer.ts), with redis-parser,
//             the parser ioredis uses, decoding the same RESP2 bytes as a yardstick
//
// Each task does a batch of operations per iteration so that timer overhead does not dominate; the
// tables report operations (commands, replies) per second.

import { Bench } from 'tinybench';
import type { Client } from '../server/client.js';
import { dispatch } from '../server/dispatch.js';
import { RequestParser } from '../server/protocol/parser.js';
import { ReplyWriter } from '../server/protocol/writer.js';
import { RespiteServer } from '../server/server.js';
import { encodeCommand, RedisParser } from './resp.js';
import { formatTable, opsPerSecond } from './table.js';

// A multiple of 16, the depth of the pipelined cases.
const BATCH = 1024;
const quick = process.argv.includes('--quick');
const TIME_MS = quick ? 100 : 500;

interface Case {
  name: string;
  /** Operations one call of `fn` performs. */
  ops: number;
  fn: () => void;
}

/** Run the cases; ops/s for each, by name. */
function measure(cases: Case[]): Map<string, number> {
  const bench = new Bench({ time: TIME_MS, warmupTime: TIME_MS / 5 });
  for (const c of cases) bench.add(c.name, c.fn);
  bench.runSync();
  const rates = new Map<string, number>();
  cases.forEach((c, i) => {
    const result = bench.tasks[i].result;
    if (result.state === 'errored') throw result.error;
    if (result.state !== 'completed') throw new Error(`${c.name}: ${result.state}`);
    rates.set(c.name, (c.ops * 1000) / result.period);
  });
  return rates;
}

function rateTable(label: string, rates: Map<string, number>): string {
  return formatTable(
    [label, 'ops/s', 'ns/op'],
    [...rates].map(([name, rate]) => [name, opsPerSecond(rate), (1e9 / rate).toFixed(0)]),
  );
}

function bytes(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

// ---- request parser -------------------------------------------------------------------------------

function parserCases(): Case[] {
  let commands = 0;
  const parser = new RequestParser({
    onCommand: () => {
      commands++;
      return true;
    },
    onError: (message) => {
      throw new Error(message);
    },
  });
  const feed = (chunk: Buffer, perChunk: number) => () => {
    for (let i = 0; i < BATCH / perChunk; i++) parser.feed(chunk);
  };
  const inline = bytes('PING\r\n');
  const set = bytes(encodeCommand(['SET', 'key:000000000001', 'value:0000000001']));
  const gets = bytes(
    Array.from({ length: 16 }, (_, i) => encodeCommand(['GET', `key:${String(i).padStart(12, '0')}`])).join(
      '',
    ),
  );
  const cases = [
    { name: 'inline PING', ops: BATCH, fn: feed(inline, 1) },
    { name: 'multibulk SET (16-byte key and value)', ops: BATCH, fn: feed(set, 1) },
    { name: '16 pipelined GETs in one chunk, per GET', ops: BATCH, fn: feed(gets, 16) },
  ];
  // A parser that produced nothing would make every number above meaningless.
  cases[2].fn();
  if (commands !== BATCH) throw new Error(`parser produced ${commands} commands from ${BATCH}`);
  return cases;
}

// ---- dispatch -------------------------------------------------------------------------------------

function dispatchCases(): Case[] {
  const server = new RespiteServer();
  const client: Client = server.createClient();
  client.db.set('key:000000000001', 'value:0000000001');
  const run = (argv: string[]) => () => {
    for (let i = 0; i < BATCH; i++) dispatch(client, argv);
    client.out.truncate(0);
  };
  const gets = bytes(Array.from({ length: 16 }, () => encodeCommand(['GET', 'key:000000000001'])).join(''));
  const sets = bytes(
    Array.from({ length: 16 }, () => encodeCommand(['SET', 'key:000000000002', 'value:0000000002'])).join(''),
  );
  const feed = (chunk: Buffer) => () => {
    for (let i = 0; i < BATCH / 16; i++) client.parser.feed(chunk);
    client.out.truncate(0);
  };
  const cases = [
    { name: 'GET (hit) via dispatch', ops: BATCH, fn: run(['GET', 'key:000000000001']) },
    { name: 'GET (miss) via dispatch', ops: BATCH, fn: run(['GET', 'missing']) },
    { name: 'SET via dispatch', ops: BATCH, fn: run(['SET', 'key:000000000002', 'value:0000000002']) },
    { name: 'bytes -> parser -> GET -> reply bytes (16 per chunk)', ops: BATCH, fn: feed(gets) },
    { name: 'bytes -> parser -> SET -> reply bytes (16 per chunk)', ops: BATCH, fn: feed(sets) },
  ];
  // The GET must really hit: its reply is the value.
  dispatch(client, ['GET', 'key:000000000001']);
  const reply = client.out.take().toString('latin1');
  if (reply !== '$16\r\nvalue:0000000001\r\n') throw new Error(`GET replied ${JSON.stringify(reply)}`);
  return cases;
}

// ---- reply writer ---------------------------------------------------------------------------------

const VALUE = 'value:0000000001';
const TEN = Array.from({ length: 10 }, (_, i) => `member:${i}`);
const TEN_WITH_NULLS = TEN.map((s, i) => (i % 3 === 0 ? null : s));

/** One reply of each kind, written through the writer's own methods. */
const REPLIES: [string, (w: ReplyWriter) => void][] = [
  ['ok', (w) => w.ok()],
  ['simple (PONG)', (w) => w.simple('PONG')],
  ['error', (w) => w.error('ERR value is not an integer or out of range')],
  ['integer (small)', (w) => w.integer(42)],
  ['integer (large)', (w) => w.integer(1234567890123)],
  ['bulk (16 bytes)', (w) => w.bulk(VALUE)],
  ['bulk (4 KB)', (w) => w.bulk(VALUE.repeat(256))],
  ['nullBulk', (w) => w.nullBulk()],
  ['nullArray', (w) => w.nullArray()],
  ['double', (w) => w.double('3.1415926535897931')],
  ['boolean', (w) => w.boolean(true)],
  ['verbatim', (w) => w.verbatim('# Server\r\nredis_version:7.0.15\r\n')],
  [
    'array of 3 bulks',
    (w) => {
      w.array(3);
      w.bulk('a');
      w.bulk('b');
      w.bulk('c');
    },
  ],
  [
    'map of 2 pairs',
    (w) => {
      w.map(2);
      w.bulk('field1');
      w.bulk('value1');
      w.bulk('field2');
      w.integer(2);
    },
  ],
  [
    'set of 3',
    (w) => {
      w.set(3);
      w.bulk('a');
      w.bulk('b');
      w.bulk('c');
    },
  ],
  [
    'push (pub/sub message)',
    (w) => {
      w.push(3);
      w.bulk('message');
      w.bulk('channel');
      w.bulk(VALUE);
    },
  ],
  ['bulkArray (10)', (w) => w.bulkArray(TEN)],
  ['bulkOrNullArray (10)', (w) => w.bulkOrNullArray(TEN_WITH_NULLS)],
];

function writerCases(proto: 2 | 3): Case[] {
  const w = new ReplyWriter();
  w.proto = proto;
  return REPLIES.map(([name, write]) => ({
    name,
    ops: BATCH,
    fn: () => {
      for (let i = 0; i < BATCH; i++) write(w);
      w.truncate(0);
    },
  }));
}

/** redis-parser decoding BATCH of each RESP2 reply, concatenated. */
function redisParserCases(): Case[] {
  let replies = 0;
  const parser = new RedisParser({
    returnReply: () => replies++,
    returnError: () => replies++,
  });
  return REPLIES.map(([name, write]) => {
    const w = new ReplyWriter();
    for (let i = 0; i < BATCH; i++) write(w);
    const encoded = w.take();
    return {
      name,
      ops: BATCH,
      fn: () => {
        replies = 0;
        parser.execute(encoded);
        if (replies !== BATCH) throw new Error(`redis-parser returned ${replies} replies for ${name}`);
      },
    };
  });
}

// ---- report ---------------------------------------------------------------------------------------

console.log(`micro-benchmarks (tinybench, ${TIME_MS} ms per task, Node ${process.version})\n`);

console.log(rateTable('request parser', measure(parserCases())));
console.log();
console.log(rateTable('dispatch (in-process client)', measure(dispatchCases())));
console.log();

const resp2 = measure(writerCases(2));
const resp3 = measure(writerCases(3));
const reference = measure(redisParserCases());
console.log(
  formatTable(
    ['reply', 'encode RESP2 ops/s', 'encode RESP3 ops/s', 'redis-parser decode RESP2 ops/s'],
    REPLIES.map(([name]) => [
      name,
      opsPerSecond(resp2.get(name)!),
      opsPerSecond(resp3.get(name)!),
      opsPerSecond(reference.get(name)!),
    ]),
  ),
);
