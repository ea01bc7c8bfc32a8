// Protocol fuzzing: random request streams (inline lines full of quotes and escapes, multibulk
// requests with odd but valid framing, empty requests, and sometimes a malformed request at the end)
// written to respite and to a real redis-server; the bytes sent back and whether the connection was
// closed must be the same. And, in-process, the parser must read any stream the same way however it
// is cut into chunks.
//
// Streams stay under 16 KB and go out in one write, so Redis reads each in one read: when Redis closes
// a connection with bytes still unread, its kernel resets it and the client may lose the last reply.
// Inline lines never hold a NUL (Redis waits forever for the end of such a line; see parser.test.ts).
//
// FUZZ_RUNS and FUZZ_SEED as in differential.test.ts; FUZZ_DEBUG=1 prints each stream and its outcome.

import net from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestParser } from '../../server/protocol/parser.js';
import { encodeCommand } from '../support/raw.js';
import { type Target, useTargets } from '../support/targets.js';

const both = useTargets();

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20240602);

const bytesOf = (a: Uint8Array) => Buffer.from(a).toString('latin1');

// ---- request streams -----------------------------------------------------------------------------

const letters = fc.constantFrom('a', 'b', 'x', '1', '\xff', '\x80', '\x01', '\\');
const escapes = fc.constantFrom(
  '\\"',
  '\\n',
  '\\r',
  '\\t',
  '\\b',
  '\\a',
  '\\x',
  '\\x4',
  '\\x41',
  '\\xfF',
  '\\xzz',
  '\\\\',
  '\\q',
);
const join = (parts: string[]) => parts.join('');

/** One inline argument as sdssplitargs sees it: plain, "double-quoted", 'single-quoted', or broken. */
const inlineArg = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(fc.oneof(letters, fc.constantFrom('\v', '\f')), { minLength: 1, maxLength: 4 })
      .map(join),
  },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.oneof(escapes, letters, fc.constantFrom(' ', "'", '\t', '\r')), { maxLength: 5 })
      .map((p) => `"${join(p)}"`),
  },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof(letters, fc.constantFrom(' ', '"', "\\'", '\\n', '\t')), { maxLength: 5 })
      .map((p) => `'${join(p)}'`),
  },
  // A quote inside an unquoted argument starts quoting: a"b c" is one argument.
  { weight: 1, arbitrary: fc.tuple(letters, letters).map(([a, b]) => `${a}"${b} ${b}"`) },
  { weight: 1, arbitrary: fc.constantFrom('"a', "'a", '"a"b', "'a'b", '"a\\"', '"\\', "'\\'") },
);
const inlineLine = fc
  .tuple(
    fc.constantFrom('ECHO', 'echo', '  ECHO', 'PING', '\tECHO'),
    fc.array(fc.tuple(fc.constantFrom(' ', '\t', '  ', ' \v'), inlineArg), { maxLength: 3 }),
    fc.constantFrom(' ', '', '\t'),
    fc.constantFrom('\r\n', '\n', '\r\r\n'),
  )
  .map(([head, args, trail, end]) => head + args.map(([sep, arg]) => sep + arg).join('') + trail + end);

/** A multibulk request, sometimes with the bytes Redis skips without looking (after a count's CR, a bulk's end) changed. */
const multibulk = fc
  .tuple(
    fc.constantFrom(
      ['ECHO'],
      ['PING'],
      ['ECHO', ''],
      ['SET', 'k'],
      ['GET', 'k'],
      ['echo'],
      ['ECHO', 'a', 'b'],
    ),
    fc.uint8Array({ maxLength: 100 }).map(bytesOf),
    fc.constantFrom('\r\n', '\r\n', '\r\n', 'xy', '\n\n', '\r\r'),
    fc.boolean(),
  )
  .map(([head, arg, bulkEnd, oddCount]) => {
    const argv = head.length === 1 ? [...head, arg] : head;
    let bytes = encodeCommand(argv).toString('latin1');
    if (bulkEnd !== '\r\n') bytes = `${bytes.slice(0, -2)}${bulkEnd}`;
    if (oddCount) bytes = bytes.replace('\r\n', '\rX');
    return bytes;
  });

const empty = fc.constantFrom('*0\r\n', '*-1\r\n', '*-99\r\n', '\r\n', '\n', '   \r\n', '\t\n');

/** A request Redis answers with a protocol error (or an unbalanced-quotes one from inlineLine). */
const malformed = fc.oneof(
  fc.constantFrom(
    '*x\r\n',
    '*\r\n',
    '*01\r\n',
    '*2147483648\r\n',
    '*1\r\n$-1\r\n',
    '*1\r\n$x\r\n',
    '*1\r\n$536870913\r\n',
    '*1\r\nx\r\n',
    '*1\r\n\r\n',
    '*2\r\n$4\r\nECHO\r\n*1\r\n',
    'ECHO "a"b\r\n',
    "ECHO 'a\r\n",
  ),
  fc
    .uint8Array({ minLength: 1, maxLength: 3 })
    .map((b) => `*1\r\n${bytesOf(b).replace(/[$\0\r]/g, 'x')}\r\n`),
  fc.uint8Array({ minLength: 1, maxLength: 6 }).map((b) => `*${bytesOf(b).replace(/[\0\r]/g, 'x')}\r\n`),
);

const stream = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 4, arbitrary: inlineLine },
        { weight: 4, arbitrary: multibulk },
        { weight: 1, arbitrary: empty },
      ),
      {
        maxLength: 10,
      },
    ),
    fc.option(fc.tuple(malformed, fc.constantFrom('', 'PING\r\n', '*1\r\n$4\r\nPING\r\n')), { freq: 3 }),
  )
  .map(([requests, bad]) => requests.join('') + (bad ? bad[0] + bad[1] : ''));

// ---- running -------------------------------------------------------------------------------------

const MARKER = '*2\r\n$4\r\nECHO\r\n$20\r\nend-of-fuzz-stream!!\r\n';
const MARKER_REPLY = '$20\r\nend-of-fuzz-stream!!\r\n';

interface Outcome {
  bytes: string;
  closed: boolean;
}

/**
 * Write `bytes` and then a marker ECHO in one write; read until the marker's reply comes back or the
 * server closes the connection. (A stream can leave a multibulk request unfinished, which then eats
 * the marker: such a stream gets a timeout, and both targets must time out.)
 */
function exchange(t: Target, bytes: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const s = net.connect(t.port, t.host, () => s.write(Buffer.from(bytes + MARKER, 'latin1')));
    let got = '';
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      resolve({ bytes: got, closed });
    };
    const timer = setTimeout(() => finish(false), 1000);
    s.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      if (got.endsWith(MARKER_REPLY)) finish(false);
    });
    s.on('close', () => finish(true));
    s.on('error', (err) => (done ? undefined : reject(err)));
  });
}

/** How the parser reads `bytes` fed in the given pieces: commands (joined) and the error. */
function parseInPieces(bytes: Buffer, cuts: number[]): string[] {
  const seen: string[] = [];
  const p = new RequestParser({
    onCommand: (argv) => {
      seen.push(JSON.stringify(argv));
      return true;
    },
    onError: (message) => {
      seen.push(`error: ${message}`);
    },
  });
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    p.feed(bytes.subarray(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  p.feed(bytes.subarray(at));
  return seen;
}

describe('protocol fuzzing', () => {
  it(`random request streams get the same bytes and closing from both targets (${RUNS} streams)`, async () => {
    if (both.list.length < 2) return;
    await fc.assert(
      fc.asyncProperty(stream, async (bytes) => {
        const [respite, redis] = await Promise.all(both.list.map((t) => exchange(t, bytes)));
        if (process.env.FUZZ_DEBUG) console.log(JSON.stringify(bytes), '->', JSON.stringify(respite));
        expect(respite, `stream ${JSON.stringify(bytes)}`).toEqual(redis);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 120_000);

  it('the parser reads any byte stream the same way however it is cut', () => {
    const anyBytes = fc.oneof(
      stream,
      fc.uint8Array({ maxLength: 200 }).map(bytesOf),
      fc
        .array(fc.oneof(stream, fc.constantFrom('\0', '*', '$', '\r', '\n', '"', '1', '-')), {
          maxLength: 20,
        })
        .map((a) => a.join('')),
    );
    fc.assert(
      fc.property(anyBytes, fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => {
        const bytes = Buffer.from(text, 'latin1');
        const whole = parseInPieces(bytes, []);
        const pieces = parseInPieces(
          bytes,
          cuts.map((c) => c % (bytes.length + 1)),
        );
        expect(pieces).toEqual(whole);
        const byteByByte = parseInPieces(
          bytes,
          Array.from({ length: bytes.length }, (_, i) => i),
        );
        expect(byteByByte).toEqual(whole);
      }),
      { seed: SEED, numRuns: RUNS * 10 },
    );
  });
});
