// ReplyWriter's hand-written digits and short bulk strings against JS's own formatting, at the edges
// (powers of ten, 2^53 - 1, the switch between the byte loop and latin1Write).

import { expect, it } from 'vitest';
import { ReplyWriter } from '../../server/protocol/writer.js';

function take(w: ReplyWriter): string {
  return w.take().toString('latin1');
}

it('writes integers and length lines as JS prints them', () => {
  const w = new ReplyWriter();
  const values = [0, 1, 9, 10, 1023, 1024, 1025, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53 - 2, 2 ** 53, 1e21];
  for (let p = 1; p <= 1e15; p *= 10) values.push(p - 1, p, p + 1);
  for (const v of [...values]) values.push(-v);
  for (const v of values) {
    w.integer(v);
    expect(take(w)).toBe(`:${v}\r\n`);
    if (v >= 0 && v < 2 ** 40) {
      w.array(v);
      expect(take(w)).toBe(`*${v}\r\n`);
    }
  }
  w.integer(-(2n ** 63n));
  expect(take(w)).toBe(':-9223372036854775808\r\n');
});

it('copies bulk strings of every byte, short and long', () => {
  const w = new ReplyWriter();
  for (const n of [0, 1, 31, 32, 33, 100, 1023, 1024, 5000]) {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode((i * 37 + 255) & 255);
    w.bulk(s);
    expect(take(w)).toBe(`$${n}\r\n${s}\r\n`);
  }
});
