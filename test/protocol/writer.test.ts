// ReplyWriter: every reply type, in RESP2 and in RESP3, as exact bytes.

import { describe, expect, it } from 'vitest';
import { type Proto, ReplyWriter } from '../../server/protocol/writer.js';

/** What `write` produces on a fresh writer speaking `proto`, as a byte string. */
function encode(proto: Proto, write: (w: ReplyWriter) => void): string {
  const w = new ReplyWriter();
  w.proto = proto;
  write(w);
  const out = w.take();
  expect(w.length).toBe(0);
  return out.toString('latin1');
}

/** The same bytes in both protocols. */
function bothProtocols(write: (w: ReplyWriter) => void): string {
  const two = encode(2, write);
  expect(encode(3, write)).toBe(two);
  return two;
}

const ALL_BYTES = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));

describe('ReplyWriter: the same in RESP2 and RESP3', () => {
  it('ok and simple strings', () => {
    expect(bothProtocols((w) => w.ok())).toBe('+OK\r\n');
    expect(bothProtocols((w) => w.simple('PONG'))).toBe('+PONG\r\n');
    expect(bothProtocols((w) => w.simple(''))).toBe('+\r\n');
    expect(bothProtocols((w) => w.simple('\xe9t\xe9'))).toBe('+\xe9t\xe9\r\n');
  });

  // As Redis's addReplyErrorFormat: CRs and LFs at the end are trimmed, the others made spaces.
  it('errors, with CR and LF trimmed at the end and made spaces inside', () => {
    expect(bothProtocols((w) => w.error('ERR syntax error'))).toBe('-ERR syntax error\r\n');
    expect(bothProtocols((w) => w.error('ERR a\r\nb\nc\rd'))).toBe('-ERR a  b c d\r\n');
    expect(bothProtocols((w) => w.error('ERR Unsupported option x\n'))).toBe('-ERR Unsupported option x\r\n');
    expect(bothProtocols((w) => w.error('ERR x\r\n\n\r y\r\n\r'))).toBe('-ERR x     y\r\n');
    expect(bothProtocols((w) => w.error("ERR got '\xff'"))).toBe("-ERR got '\xff'\r\n");
  });

  it('integers', () => {
    expect(bothProtocols((w) => w.integer(0))).toBe(':0\r\n');
    expect(bothProtocols((w) => w.integer(1023))).toBe(':1023\r\n');
    expect(bothProtocols((w) => w.integer(1024))).toBe(':1024\r\n');
    expect(bothProtocols((w) => w.integer(-1))).toBe(':-1\r\n');
    expect(bothProtocols((w) => w.integer(-0))).toBe(':0\r\n');
    expect(bothProtocols((w) => w.integer(2 ** 53))).toBe(':9007199254740992\r\n');
    expect(bothProtocols((w) => w.integer(9223372036854775807n))).toBe(':9223372036854775807\r\n');
    expect(bothProtocols((w) => w.integer(-9223372036854775808n))).toBe(':-9223372036854775808\r\n');
  });

  it('bulk strings: the length is the number of bytes', () => {
    expect(bothProtocols((w) => w.bulk(''))).toBe('$0\r\n\r\n');
    expect(bothProtocols((w) => w.bulk('abc'))).toBe('$3\r\nabc\r\n');
    expect(bothProtocols((w) => w.bulk('\0\r\n\xff'))).toBe('$4\r\n\0\r\n\xff\r\n');
    expect(bothProtocols((w) => w.bulk(ALL_BYTES))).toBe(`$256\r\n${ALL_BYTES}\r\n`);
    // "é" as UTF-8 is two bytes, and a byte string holds them as two characters.
    const utf8 = Buffer.from('é', 'utf8').toString('latin1');
    expect(bothProtocols((w) => w.bulk(utf8))).toBe(`$2\r\n${utf8}\r\n`);
    const big = 'x'.repeat(1024);
    expect(bothProtocols((w) => w.bulk(big))).toBe(`$1024\r\n${big}\r\n`);
    const huge = ALL_BYTES.repeat(4096); // 1 MB: the buffer grows
    expect(bothProtocols((w) => w.bulk(huge)) === `$1048576\r\n${huge}\r\n`).toBe(true);
  });

  it('bulkBuffer', () => {
    const b = Buffer.from([0, 255, 13, 10]);
    expect(bothProtocols((w) => w.bulkBuffer(b))).toBe('$4\r\n\0\xff\r\n\r\n');
    expect(bothProtocols((w) => w.bulkBuffer(Buffer.alloc(0)))).toBe('$0\r\n\r\n');
  });

  it('bulkText: text we generate, sent as UTF-8', () => {
    expect(bothProtocols((w) => w.bulkText('ok'))).toBe('$2\r\nok\r\n');
    const bytes = Buffer.from('héllo ✓', 'utf8');
    expect(bothProtocols((w) => w.bulkText('héllo ✓'))).toBe(
      `$${bytes.length}\r\n${bytes.toString('latin1')}\r\n`,
    );
    expect(bytes.length).toBe(10);
  });

  it('arrays and what goes in them', () => {
    expect(bothProtocols((w) => w.array(0))).toBe('*0\r\n');
    expect(bothProtocols((w) => w.array(5000))).toBe('*5000\r\n');
    expect(bothProtocols((w) => w.bulkArray(['a', '', '\xff\x00']))).toBe(
      '*3\r\n$1\r\na\r\n$0\r\n\r\n$2\r\n\xff\x00\r\n',
    );
    expect(bothProtocols((w) => w.bulkArray([]))).toBe('*0\r\n');
    expect(
      bothProtocols((w) => {
        w.array(3);
        w.integer(1);
        w.simple('x');
        w.array(1);
        w.bulk('y');
      }),
    ).toBe('*3\r\n:1\r\n+x\r\n*1\r\n$1\r\ny\r\n');
  });

  it('encoded: bytes spliced in as they are', () => {
    expect(bothProtocols((w) => w.encoded(Buffer.from('+OK\r\n:1\r\n')))).toBe('+OK\r\n:1\r\n');
  });
});

describe('ReplyWriter: RESP2 and RESP3 differ', () => {
  const cases: { name: string; write: (w: ReplyWriter) => void; resp2: string; resp3: string }[] = [
    { name: 'nullBulk', write: (w) => w.nullBulk(), resp2: '$-1\r\n', resp3: '_\r\n' },
    { name: 'nullArray', write: (w) => w.nullArray(), resp2: '*-1\r\n', resp3: '_\r\n' },
    { name: 'bulkOrNull(null)', write: (w) => w.bulkOrNull(null), resp2: '$-1\r\n', resp3: '_\r\n' },
    {
      name: 'bulkOrNull(undefined)',
      write: (w) => w.bulkOrNull(undefined),
      resp2: '$-1\r\n',
      resp3: '_\r\n',
    },
    { name: 'bulkOrNull(string)', write: (w) => w.bulkOrNull(''), resp2: '$0\r\n\r\n', resp3: '$0\r\n\r\n' },
    {
      name: 'bulkOrNullArray',
      write: (w) => w.bulkOrNullArray(['a', null, '\xff']),
      resp2: '*3\r\n$1\r\na\r\n$-1\r\n$1\r\n\xff\r\n',
      resp3: '*3\r\n$1\r\na\r\n_\r\n$1\r\n\xff\r\n',
    },
    { name: 'boolean true', write: (w) => w.boolean(true), resp2: ':1\r\n', resp3: '#t\r\n' },
    { name: 'boolean false', write: (w) => w.boolean(false), resp2: ':0\r\n', resp3: '#f\r\n' },
    { name: 'double', write: (w) => w.double('3.14'), resp2: '$4\r\n3.14\r\n', resp3: ',3.14\r\n' },
    { name: 'double inf', write: (w) => w.double('inf'), resp2: '$3\r\ninf\r\n', resp3: ',inf\r\n' },
    { name: 'double -inf', write: (w) => w.double('-inf'), resp2: '$4\r\n-inf\r\n', resp3: ',-inf\r\n' },
    { name: 'double integral', write: (w) => w.double('10'), resp2: '$2\r\n10\r\n', resp3: ',10\r\n' },
    {
      name: 'double exponent',
      write: (w) => w.double('1.0000000000000001e+30'),
      resp2: '$22\r\n1.0000000000000001e+30\r\n',
      resp3: ',1.0000000000000001e+30\r\n',
    },
    {
      name: 'map of 2 pairs',
      write: (w) => {
        w.map(2);
        w.bulk('a');
        w.integer(1);
        w.bulk('b');
        w.nullBulk();
      },
      resp2: '*4\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n$-1\r\n',
      resp3: '%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n_\r\n',
    },
    { name: 'empty map', write: (w) => w.map(0), resp2: '*0\r\n', resp3: '%0\r\n' },
    { name: 'big map', write: (w) => w.map(600), resp2: '*1200\r\n', resp3: '%600\r\n' },
    {
      name: 'set',
      write: (w) => {
        w.set(2);
        w.bulk('x');
        w.bulk('y');
      },
      resp2: '*2\r\n$1\r\nx\r\n$1\r\ny\r\n',
      resp3: '~2\r\n$1\r\nx\r\n$1\r\ny\r\n',
    },
    { name: 'empty set', write: (w) => w.set(0), resp2: '*0\r\n', resp3: '~0\r\n' },
    {
      name: 'push',
      write: (w) => {
        w.push(3);
        w.bulk('message');
        w.bulk('ch');
        w.bulk('hi');
      },
      resp2: '*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n',
      resp3: '>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n',
    },
    {
      name: 'verbatim: 4 more bytes for "txt:", and UTF-8 lengths',
      write: (w) => w.verbatim('a:b ✓\r\n'),
      resp2: `$9\r\n${Buffer.from('a:b ✓\r\n').toString('latin1')}\r\n`,
      resp3: `=13\r\ntxt:${Buffer.from('a:b ✓\r\n').toString('latin1')}\r\n`,
    },
    {
      name: 'verbatim markdown',
      write: (w) => w.verbatim('# x', 'mkd'),
      resp2: '$3\r\n# x\r\n',
      resp3: '=7\r\nmkd:# x\r\n',
    },
    { name: 'empty verbatim', write: (w) => w.verbatim(''), resp2: '$0\r\n\r\n', resp3: '=4\r\ntxt:\r\n' },
  ];

  for (const c of cases) {
    it(c.name, () => {
      expect(encode(2, c.write)).toBe(c.resp2);
      expect(encode(3, c.write)).toBe(c.resp3);
    });
  }
});

describe('ReplyWriter buffer', () => {
  it('take() hands over everything written and starts over', () => {
    const w = new ReplyWriter();
    w.ok();
    w.integer(7);
    expect(w.length).toBe(9);
    const first = w.take();
    w.bulk('x');
    expect(first.toString()).toBe('+OK\r\n:7\r\n');
    expect(w.take().toString()).toBe('$1\r\nx\r\n');
    expect(w.take().length).toBe(0);
  });

  it('a taken Buffer is not changed by later writes', () => {
    const w = new ReplyWriter();
    w.simple('first');
    const first = w.take();
    w.simple('later');
    expect(first.toString()).toBe('+first\r\n');
  });

  it('byteAt and truncate (used to drop a reply)', () => {
    const w = new ReplyWriter();
    w.ok();
    const mark = w.length;
    w.error('ERR x');
    expect(String.fromCharCode(w.byteAt(mark))).toBe('-');
    w.truncate(mark);
    w.integer(1);
    expect(w.take().toString()).toBe('+OK\r\n:1\r\n');
  });

  it('grows across many replies and after a big one', () => {
    const w = new ReplyWriter();
    let expected = '';
    for (let i = 0; i < 20_000; i++) {
      w.bulk(`v${i}`);
      expected += `$${String(i).length + 1}\r\nv${i}\r\n`;
    }
    expect(w.take().toString('latin1') === expected).toBe(true);
    w.bulk('z'.repeat(5_000_000));
    expect(w.take().length).toBe(5_000_000 + 12);
    w.ok();
    expect(w.take().toString()).toBe('+OK\r\n');
  });

  it('switching protocol changes the following replies only', () => {
    const w = new ReplyWriter();
    w.nullBulk();
    w.proto = 3;
    w.nullBulk();
    expect(w.take().toString()).toBe('$-1\r\n_\r\n');
  });
});
