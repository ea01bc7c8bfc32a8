// RequestParser on its own: bytes in, commands or a protocol error out.
//
// Every fixture is fed whole, split in two at every byte offset, byte by byte, and pipelined with the
// others, and must always give the same commands (and the same error, after the same commands). What
// Redis does with each of these inputs was checked against redis-server 7.0; the end-to-end tests in
// errors.test.ts compare the bytes on the wire.

import { afterEach, describe, expect, it, vi } from 'vitest';
import * as E from '../../server/errors.js';
import { PROTO_INLINE_MAX_SIZE, RequestParser, splitArgs } from '../../server/protocol/parser.js';

interface Outcome {
  commands: string[][];
  error: string | null;
}

interface Fixture {
  name: string;
  /** The request bytes, as a byte string. */
  bytes: string;
  commands: string[][];
  error?: string;
  /** The parser is left waiting for more bytes (so the fixture can only end a pipeline). */
  waits?: boolean;
}

function newParser(out: Outcome, onCommand: (argv: string[]) => boolean = () => true): RequestParser {
  return new RequestParser({
    onCommand(argv) {
      out.commands.push(argv);
      return onCommand(argv);
    },
    onError(message) {
      if (out.error !== null) throw new Error(`a second protocol error: ${message}`);
      out.error = message;
    },
  });
}

function bytes(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

/** Feed the chunks one after the other and return what the parser made of them. */
function parse(chunks: readonly string[], setup?: (p: RequestParser) => void): Outcome {
  const out: Outcome = { commands: [], error: null };
  const p = newParser(out);
  setup?.(p);
  for (const c of chunks) p.feed(bytes(c));
  return out;
}

function expected(f: Fixture): Outcome {
  return { commands: f.commands, error: f.error ?? null };
}

const ALL_BYTES = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));

/** A multibulk request for argv (byte strings). */
function mb(...argv: string[]): string {
  return `*${argv.length}\r\n${argv.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`;
}

const FIXTURES: Fixture[] = [
  // ---- multibulk -------------------------------------------------------------------------------
  { name: 'one argument', bytes: '*1\r\n$4\r\nPING\r\n', commands: [['PING']] },
  { name: 'three arguments', bytes: mb('SET', 'key', 'value'), commands: [['SET', 'key', 'value']] },
  { name: 'an empty bulk', bytes: mb('ECHO', ''), commands: [['ECHO', '']] },
  { name: 'every byte value in a bulk', bytes: mb('ECHO', ALL_BYTES), commands: [['ECHO', ALL_BYTES]] },
  {
    name: 'a bulk that looks like protocol',
    bytes: mb('ECHO', '\r\n*1\r\n$4\r\nPING\r\n'),
    commands: [['ECHO', '\r\n*1\r\n$4\r\nPING\r\n']],
  },
  { name: 'a bulk with NUL bytes', bytes: mb('SET', '\0k\0', '\0'), commands: [['SET', '\0k\0', '\0']] },
  {
    name: 'lower case and non-ASCII command names are passed as they are',
    bytes: mb('gEt', '\xe9'),
    commands: [['gEt', '\xe9']],
  },
  // Redis skips the two bytes after a bulk and after the count line without looking at them.
  { name: 'anything where the CRLF after a bulk goes', bytes: '*1\r\n$4\r\nPINGxy', commands: [['PING']] },
  { name: 'anything after the CR of a count', bytes: '*1\rX$4\r\nPING\r\n', commands: [['PING']] },
  {
    // Split inside it, the parser must read these bytes as data, not as the next $N header.
    name: 'a bulk whose data looks like a bulk header',
    bytes: mb('SET', '$3\r\nabc', '*1\r\n$4\r\nPING'),
    commands: [['SET', '$3\r\nabc', '*1\r\n$4\r\nPING']],
  },
  { name: 'a 100-byte bulk', bytes: mb('ECHO', 'v'.repeat(100)), commands: [['ECHO', 'v'.repeat(100)]] },
  { name: '*0 is ignored', bytes: '*0\r\n', commands: [] },
  { name: '*-1 is ignored', bytes: '*-1\r\n', commands: [] },
  { name: 'any negative count is ignored', bytes: '*-5\r\n', commands: [] },
  { name: 'a negative count beyond 2^53 is ignored', bytes: '*-999999999999999999\r\n', commands: [] },
  { name: 'the smallest long long count is ignored', bytes: '*-9223372036854775808\r\n', commands: [] },
  {
    name: 'a count of INT_MAX is accepted',
    bytes: '*2147483647\r\n$4\r\nPING\r\n',
    commands: [],
    waits: true,
  },
  {
    name: 'a bulk of proto-max-bulk-len is accepted',
    bytes: '*1\r\n$536870912\r\n',
    commands: [],
    waits: true,
  },
  { name: 'a header without its LF yet', bytes: '*1\r', commands: [], waits: true },

  // ---- inline ----------------------------------------------------------------------------------
  { name: 'inline', bytes: 'PING\r\n', commands: [['PING']] },
  { name: 'inline ended by LF alone', bytes: 'PING\n', commands: [['PING']] },
  { name: 'inline with arguments', bytes: 'SET a b\r\n', commands: [['SET', 'a', 'b']] },
  {
    name: 'inline white space',
    bytes: ' \t SET\t a   b \r\n',
    commands: [['SET', 'a', 'b']],
  },
  // isspace() skips \v and \f between arguments, but only space, \t, \r and \n end an unquoted one.
  { name: 'inline \\v and \\f', bytes: '\v\fECHO a\vb\f\r\n', commands: [['ECHO', 'a\vb\f']] },
  { name: 'inline CR inside the line', bytes: 'ECHO a\rb\r\r\n', commands: [['ECHO', 'a', 'b']] },
  { name: 'a blank line is ignored', bytes: '\r\n', commands: [] },
  { name: 'a lone LF is ignored', bytes: '\n', commands: [] },
  { name: 'a line of spaces is ignored', bytes: '   \t \r\n', commands: [] },
  { name: 'inline bytes above 127', bytes: 'ECHO \xe9\xff\x80\r\n', commands: [['ECHO', '\xe9\xff\x80']] },
  {
    name: 'double quotes',
    bytes: 'SET "a b" "" c\r\n',
    commands: [['SET', 'a b', '', 'c']],
  },
  {
    name: 'double-quote escapes',
    bytes: 'ECHO "\\n\\r\\t\\b\\a\\"\\\\\\q\\x41\\xfF\\x4\\xg1"\r\n',
    commands: [['ECHO', '\n\r\t\b\x07"\\qA\xffx4xg1']],
  },
  { name: 'single quotes', bytes: "ECHO 'a \"b\" \\n' ''\r\n", commands: [['ECHO', 'a "b" \\n', '']] },
  { name: "single-quote escape \\'", bytes: "ECHO 'it\\'s'\r\n", commands: [['ECHO', "it's"]] },
  {
    name: 'a quote inside a token starts quoting',
    bytes: 'ECHO ab"c d" x\'y z\'\r\n',
    commands: [['ECHO', 'abc d', 'xy z']],
  },
  {
    name: 'a closing quote followed by \\t, \\v, \\f or the end',
    bytes: 'ECHO "a"\t"b"\v"c"\f"d"\r\n',
    commands: [['ECHO', 'a', 'b', 'c', 'd']],
  },
  { name: 'a quoted CR', bytes: 'ECHO "a\rb"\r\n', commands: [['ECHO', 'a\rb']] },

  // ---- protocol errors -------------------------------------------------------------------------
  { name: 'a non-numeric count', bytes: '*x\r\n', commands: [], error: E.PROTO_INVALID_MULTIBULK },
  { name: 'an empty count', bytes: '*\r\n', commands: [], error: E.PROTO_INVALID_MULTIBULK },
  { name: 'a count with a plus', bytes: '*+1\r\n', commands: [], error: E.PROTO_INVALID_MULTIBULK },
  { name: 'a count with a leading zero', bytes: '*01\r\n', commands: [], error: E.PROTO_INVALID_MULTIBULK },
  { name: 'a count of -0', bytes: '*-0\r\n', commands: [], error: E.PROTO_INVALID_MULTIBULK },
  { name: 'a count with a space', bytes: '*1 \r\n', commands: [], error: E.PROTO_INVALID_MULTIBULK },
  { name: 'a count above INT_MAX', bytes: '*2147483648\r\n', commands: [], error: E.PROTO_INVALID_MULTIBULK },
  {
    name: 'a count beyond long long',
    bytes: '*-9223372036854775809\r\n',
    commands: [],
    error: E.PROTO_INVALID_MULTIBULK,
  },
  {
    name: 'a 21-digit count',
    bytes: `*${'1'.repeat(21)}\r\n`,
    commands: [],
    error: E.PROTO_INVALID_MULTIBULK,
  },
  { name: 'a negative bulk length', bytes: '*1\r\n$-1\r\n', commands: [], error: E.PROTO_INVALID_BULK },
  { name: 'a non-numeric bulk length', bytes: '*1\r\n$abc\r\n', commands: [], error: E.PROTO_INVALID_BULK },
  { name: 'an empty bulk length', bytes: '*1\r\n$\r\n', commands: [], error: E.PROTO_INVALID_BULK },
  {
    name: 'a bulk above proto-max-bulk-len',
    bytes: '*1\r\n$536870913\r\n',
    commands: [],
    error: E.PROTO_INVALID_BULK,
  },
  {
    name: "something else than '$'",
    bytes: '*1\r\nx\r\n',
    commands: [],
    error: E.PROTO_EXPECTED_DOLLAR('x'),
  },
  {
    name: "a multibulk where the next argument's '$' should be",
    bytes: '*2\r\n$3\r\nGET\r\n*1\r\n$4\r\nPING\r\n',
    commands: [],
    error: E.PROTO_EXPECTED_DOLLAR('*'),
  },
  { name: "CR where '$' should be", bytes: '*1\r\n\r\n', commands: [], error: E.PROTO_EXPECTED_DOLLAR('\r') },
  { name: 'an unclosed double quote', bytes: 'SET "a b\r\n', commands: [], error: E.PROTO_UNBALANCED_QUOTES },
  { name: 'an unclosed single quote', bytes: "SET 'a\r\n", commands: [], error: E.PROTO_UNBALANCED_QUOTES },
  {
    name: 'a closing double quote followed by a letter',
    bytes: 'SET "a"b c\r\n',
    commands: [],
    error: E.PROTO_UNBALANCED_QUOTES,
  },
  {
    name: 'a closing single quote followed by a letter',
    bytes: "SET 'a'b c\r\n",
    commands: [],
    error: E.PROTO_UNBALANCED_QUOTES,
  },
  {
    name: 'a backslash ending a quoted argument',
    bytes: 'SET "a\\"\r\n',
    commands: [],
    error: E.PROTO_UNBALANCED_QUOTES,
  },
  {
    name: 'commands before an error are still parsed',
    bytes: `PING\r\n${mb('ECHO', 'x')}*1\r\n$-5\r\n${mb('PING')}`,
    commands: [['PING'], ['ECHO', 'x']],
    error: E.PROTO_INVALID_BULK,
  },

  // ---- NUL before the end of a line --------------------------------------------------------------
  // Redis looks for the end of a line with strchr(), which stops at a NUL byte: a NUL before the LF
  // of an inline request or the CR of a count hides the end of the line, and the client waits (until
  // 64 KB have arrived, which is then a too-big request).
  { name: 'a NUL in an inline request', bytes: 'PING\0\r\nPING\r\n', commands: [], waits: true },
  { name: 'a NUL in an inline argument', bytes: 'ECHO a\0b\r\n', commands: [], waits: true },
  { name: 'a NUL in a count', bytes: '*1\0\r\n$4\r\nPING\r\n', commands: [], waits: true },
  { name: 'a NUL in a bulk length', bytes: '*1\r\n$4\0\r\nPING\r\n', commands: [], waits: true },
  { name: "a NUL where '$' should be", bytes: '*1\r\n\0$4\r\nPING\r\n', commands: [], waits: true },
];

describe('RequestParser fixtures', () => {
  for (const f of FIXTURES) {
    describe(f.name, () => {
      it('whole', () => {
        expect(parse([f.bytes])).toEqual(expected(f));
      });

      it('split in two at every offset', () => {
        for (let i = 1; i < f.bytes.length; i++) {
          const out = parse([f.bytes.slice(0, i), f.bytes.slice(i)]);
          expect(out, `split at ${i}`).toEqual(expected(f));
        }
      });

      it('byte by byte', () => {
        expect(parse([...f.bytes])).toEqual(expected(f));
      });
    });
  }
});

describe('RequestParser pipelines', () => {
  const complete = FIXTURES.filter((f) => !f.waits && f.error === undefined);
  const all = complete.map((f) => f.bytes).join('');
  const commands = complete.flatMap((f) => f.commands);

  it('every complete fixture in one chunk', () => {
    expect(parse([all])).toEqual({ commands, error: null });
  });

  it('every complete fixture, split in two at every offset', () => {
    for (let i = 1; i < all.length; i++) {
      expect(parse([all.slice(0, i), all.slice(i)]), `split at ${i}`).toEqual({ commands, error: null });
    }
  });

  it('every complete fixture, in chunks of 1 to 16 bytes', () => {
    for (let size = 1; size <= 16; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < all.length; i += size) chunks.push(all.slice(i, i + size));
      expect(parse(chunks), `chunks of ${size}`).toEqual({ commands, error: null });
    }
  });

  it('each error or wait after all the complete fixtures', () => {
    for (const f of FIXTURES.filter((f) => f.waits || f.error !== undefined)) {
      const want = { commands: [...commands, ...f.commands], error: f.error ?? null };
      expect(parse([all + f.bytes]), f.name).toEqual(want);
      expect(parse([all, f.bytes]), f.name).toEqual(want);
    }
  });

  it('nothing is parsed after an error', () => {
    const out: Outcome = { commands: [], error: null };
    const p = newParser(out);
    p.feed(bytes('*x\r\nPING\r\n'));
    p.feed(bytes('PING\r\n'));
    p.resume();
    expect(out).toEqual({ commands: [], error: E.PROTO_INVALID_MULTIBULK });
  });
});

describe('RequestParser limits', () => {
  const big = PROTO_INLINE_MAX_SIZE;

  it('an inline request of 64 KB without its newline yet waits', () => {
    expect(parse(['x'.repeat(big)])).toEqual({ commands: [], error: null });
    expect(parse(['x'.repeat(big), '\r\n'])).toEqual({ commands: [['x'.repeat(big)]], error: null });
  });

  it('more than 64 KB without a newline is a too-big inline request', () => {
    expect(parse(['x'.repeat(big + 1)])).toEqual({ commands: [], error: E.PROTO_TOO_BIG_INLINE });
    expect(parse(['x'.repeat(big), 'x'])).toEqual({ commands: [], error: E.PROTO_TOO_BIG_INLINE });
    // The limit counts from the start of the request, not of the buffer.
    expect(parse([`PING\r\n${'x'.repeat(big)}`])).toEqual({ commands: [['PING']], error: null });
  });

  it('a NUL hides the newline until 64 KB have arrived', () => {
    expect(parse(['PING\0\r\n', 'x'.repeat(big)])).toEqual({ commands: [], error: E.PROTO_TOO_BIG_INLINE });
  });

  it('more than 64 KB of count without a CR is a too-big mbulk count string', () => {
    expect(parse([`*${'1'.repeat(big - 1)}`])).toEqual({ commands: [], error: null });
    expect(parse([`*${'1'.repeat(big)}`])).toEqual({ commands: [], error: E.PROTO_TOO_BIG_MBULK_COUNT });
    expect(parse(['*1\0\r\n', '1'.repeat(big)])).toEqual({
      commands: [],
      error: E.PROTO_TOO_BIG_MBULK_COUNT,
    });
  });

  it('more than 64 KB of bulk length without a CR is a too-big bulk count string', () => {
    expect(parse([`*1\r\n$${'1'.repeat(big - 1)}`])).toEqual({ commands: [], error: null });
    expect(parse([`*1\r\n$${'1'.repeat(big)}`])).toEqual({ commands: [], error: E.PROTO_TOO_BIG_BULK_COUNT });
    expect(parse(['*1\r\n', `$${'1'.repeat(big)}`])).toEqual({
      commands: [],
      error: E.PROTO_TOO_BIG_BULK_COUNT,
    });
  });

  it('proto-max-bulk-len is the parser’s maxBulkLen', () => {
    const setup = (p: RequestParser) => {
      p.maxBulkLen = 1024 * 1024;
    };
    expect(parse(['*1\r\n$1048576\r\n'], setup)).toEqual({ commands: [], error: null });
    expect(parse(['*1\r\n$1048577\r\n'], setup)).toEqual({ commands: [], error: E.PROTO_INVALID_BULK });
  });

  describe('before authentication', () => {
    const unauth = (p: RequestParser) => {
      p.unauthenticated = true;
    };

    it('at most 10 arguments', () => {
      const ten = mb(...Array(10).fill('a'));
      expect(parse([ten], unauth)).toEqual({ commands: [Array(10).fill('a')], error: null });
      expect(parse(['*11\r\n'], unauth)).toEqual({ commands: [], error: E.PROTO_UNAUTH_MULTIBULK });
      // An invalid count is reported as such first.
      expect(parse(['*2147483648\r\n'], unauth)).toEqual({ commands: [], error: E.PROTO_INVALID_MULTIBULK });
      expect(parse(['*-100\r\n'], unauth)).toEqual({ commands: [], error: null });
    });

    it('bulks of at most 16384 bytes', () => {
      const arg = 'v'.repeat(16384);
      expect(parse([mb('ECHO', arg)], unauth)).toEqual({ commands: [['ECHO', arg]], error: null });
      expect(parse(['*2\r\n$4\r\nECHO\r\n$16385\r\n'], unauth)).toEqual({
        commands: [],
        error: E.PROTO_UNAUTH_BULK,
      });
      expect(parse(['*1\r\n$536870913\r\n'], unauth)).toEqual({ commands: [], error: E.PROTO_INVALID_BULK });
    });

    it('inline requests are not limited', () => {
      const line = `ECHO ${Array(20).fill('a').join(' ')} ${'v'.repeat(20000)}\r\n`;
      expect(parse([line], unauth).commands[0]).toHaveLength(22);
    });

    it('lifting the limits takes effect from the next request', () => {
      const out: Outcome = { commands: [], error: null };
      const p = newParser(out, (argv) => {
        if (argv[0] === 'AUTH') p.unauthenticated = false;
        return true;
      });
      p.unauthenticated = true;
      p.feed(bytes(mb('AUTH', 'pw') + mb(...Array(11).fill('a')) + mb('ECHO', 'v'.repeat(20000))));
      expect(out.error).toBeNull();
      expect(out.commands.map((c) => c.length)).toEqual([2, 11, 2]);
    });
  });
});

describe('RequestParser big bulks', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Feed `request` in chunks of `size` and count the bytes the parser copies with Buffer.concat. */
  function copiedBytes(request: string, size: number): { out: Outcome; copied: number } {
    const concat = Buffer.concat;
    let copied = 0;
    vi.spyOn(Buffer, 'concat').mockImplementation((list, total) => {
      const b = concat(list, total);
      copied += b.length;
      return b;
    });
    const chunks: Buffer[] = [];
    const all = bytes(request);
    for (let i = 0; i < all.length; i += size) chunks.push(all.subarray(i, i + size));
    const out: Outcome = { commands: [], error: null };
    const p = newParser(out);
    for (const c of chunks) p.feed(c);
    vi.restoreAllMocks();
    return { out, copied };
  }

  it('a 4 MB bulk in 1 KB chunks is copied about once', () => {
    const value = 'abcdefgh'.repeat(512 * 1024);
    const { out, copied } = copiedBytes(mb('SET', 'k', value), 1024);
    expect(out.commands).toHaveLength(1);
    expect(out.commands[0][2] === value).toBe(true);
    expect(copied).toBeLessThan(2 * value.length);
  });

  it('a 30 KB bulk in 100-byte chunks is copied about once', () => {
    const value = 'x'.repeat(30 * 1024);
    const { out, copied } = copiedBytes(mb('SET', 'k', value), 100);
    expect(out.commands[0][2] === value).toBe(true);
    expect(copied).toBeLessThan(2 * value.length);
  });

  it('pipelined 500-byte values in 64-byte chunks are copied a few times at most', () => {
    const value = 'y'.repeat(500);
    const request = mb('SET', 'k', value).repeat(200);
    const { out, copied } = copiedBytes(request, 64);
    expect(out.commands).toHaveLength(200);
    expect(copied).toBeLessThan(3 * request.length);
  });

  it('a bulk and the commands after it in the last chunk', () => {
    const value = '\xff'.repeat(100_000);
    const request = `${mb('SET', 'k', value)}${mb('GET', 'k')}PING\r\n*1\r\n$4\r\n`;
    for (const size of [1000, 4096, 65536, 99_999]) {
      const { out } = copiedBytes(request, size);
      expect(out.commands.map((c) => c[0])).toEqual(['SET', 'GET', 'PING']);
      expect(out.commands[0][2] === value).toBe(true);
    }
  });

  it('pending counts the bytes received and not yet parsed', () => {
    const out: Outcome = { commands: [], error: null };
    const p = newParser(out);
    p.feed(bytes('*1\r\n$100000\r\n'));
    p.feed(bytes('x'.repeat(50_000)));
    expect(p.pending).toBe(50_000);
    p.feed(bytes(`${'x'.repeat(50_000)}\r\nPI`));
    expect(out.commands).toHaveLength(1);
    expect(p.pending).toBe(2);
  });
});

describe('RequestParser pause and resume', () => {
  /** A parser whose onCommand pauses after each command named in `pauseOn`. */
  function pausing(pauseOn: string[]) {
    const out: Outcome = { commands: [], error: null };
    const p = newParser(out, (argv) => !pauseOn.includes(argv[0]));
    return { out, p, names: () => out.commands.map((c) => c.join(' ')) };
  }

  it('stops after the command that paused, with the rest of the chunk kept', () => {
    const { p, names } = pausing(['BLPOP']);
    p.feed(bytes(`${mb('SET', 'a', '1')}BLPOP l 0\r\n${mb('GET', 'a')}PING\r\n`));
    expect(names()).toEqual(['SET a 1', 'BLPOP l 0']);
    p.resume();
    expect(names()).toEqual(['SET a 1', 'BLPOP l 0', 'GET a', 'PING']);
  });

  it('keeps what arrives while paused', () => {
    const { p, names } = pausing(['BLPOP']);
    p.feed(bytes(`BLPOP l 0\r\nGET`));
    p.feed(bytes(' a\r\n*1\r\n$4'));
    p.feed(bytes('\r\nPING\r\n'));
    expect(names()).toEqual(['BLPOP l 0']);
    p.resume();
    expect(names()).toEqual(['BLPOP l 0', 'GET a', 'PING']);
  });

  it('a paused parser does not report a protocol error that follows', () => {
    const { out, p, names } = pausing(['BLPOP']);
    p.feed(bytes('BLPOP l 0\r\n*x\r\n'));
    expect(out.error).toBeNull();
    p.resume();
    expect(names()).toEqual(['BLPOP l 0']);
    expect(out.error).toBe(E.PROTO_INVALID_MULTIBULK);
  });

  it('pauses again on the next pausing command', () => {
    const { p, names } = pausing(['WAIT']);
    p.feed(bytes('WAIT\r\nWAIT\r\nPING\r\n'));
    expect(names()).toEqual(['WAIT']);
    p.resume();
    expect(names()).toEqual(['WAIT', 'WAIT']);
    p.resume();
    expect(names()).toEqual(['WAIT', 'WAIT', 'PING']);
    p.resume(); // nothing left: a no-op
    p.feed(bytes('PING\r\n'));
    expect(names()).toEqual(['WAIT', 'WAIT', 'PING', 'PING']);
  });

  it('pausing on the last command of a chunk, then a big bulk arriving in pieces', () => {
    const { p, out } = pausing(['WAIT']);
    const value = 'z'.repeat(200_000);
    const request = bytes(mb('SET', 'k', value));
    p.feed(bytes('WAIT\r\n'));
    p.feed(request.subarray(0, 1000));
    p.feed(request.subarray(1000, 100_000));
    expect(out.commands).toHaveLength(1);
    p.resume();
    expect(out.commands).toHaveLength(1);
    p.feed(request.subarray(100_000));
    expect(out.commands).toHaveLength(2);
    expect(out.commands[1][2] === value).toBe(true);
  });
});

describe('splitArgs (sdssplitargs)', () => {
  it('splits and unquotes', () => {
    expect(splitArgs('')).toEqual([]);
    expect(splitArgs('  a  b ')).toEqual(['a', 'b']);
    expect(splitArgs('"a\\x00b"')).toEqual(['a\0b']);
    expect(splitArgs('"\\x"')).toEqual(['x']);
    expect(splitArgs("'\\x41'")).toEqual(['\\x41']);
    expect(splitArgs('a"b"')).toEqual(['ab']);
    expect(splitArgs("a'b'c")).toBeNull();
    expect(splitArgs('"')).toBeNull();
    expect(splitArgs("'")).toBeNull();
  });

  it('a NUL ends the string, as it ends the C string Redis splits', () => {
    expect(splitArgs('a b\0c d')).toEqual(['a', 'b']);
  });
});
