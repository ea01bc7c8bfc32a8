// How connections behave around the protocol: half-closed and dropped connections, and (respite only)
// a command handler that throws.

import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../server/commands/table.js';
import type { Handler } from '../../server/commands/types.js';
import { encodeCommand } from '../support/raw.js';
import { type Target, useTargets } from '../support/targets.js';

const both = useTargets();

/** Connect, write `bytes`, close our side, and collect everything until the server closes. */
function writeAndHalfClose(t: Target, bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(t.port, t.host, () => s.end(bytes));
    const got: Buffer[] = [];
    s.on('data', (d: Buffer) => got.push(d));
    s.on('error', reject);
    s.on('close', () => resolve(Buffer.concat(got).toString('latin1')));
  });
}

describe('connections', () => {
  it('a client that closes its side after writing still gets every reply', async () => {
    const request = Buffer.concat([
      encodeCommand(['SET', 'a', '1']),
      Buffer.from('GET a\r\nINCR a\r\n'),
      encodeCommand(['ECHO', 'x'.repeat(100_000)]),
    ]);
    const replies = await Promise.all(both.list.map((t) => writeAndHalfClose(t, request)));
    if (replies[1] !== undefined) expect(replies[0] === replies[1], 'respite vs redis').toBe(true);
    expect(replies[0].startsWith('+OK\r\n$1\r\n1\r\n:2\r\n$100000\r\n')).toBe(true);
  });

  it('a client dropped in the middle of a big bulk leaves the others served', async () => {
    await both.each(async (t) => {
      const other = await t.raw();
      const dropped = await t.raw();
      dropped.write(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1000000\r\n${'x'.repeat(300_000)}`);
      expect(await other.callText('SET', 'k', 'v')).toBe('+OK\r\n');
      dropped.close();
      expect(await other.callText('GET', 'k')).toBe('$1\r\nv\r\n');
      const again = await t.raw();
      expect(await again.callText('GET', 'k')).toBe('$1\r\nv\r\n');
    });
  });
});

describe('a command handler that throws (respite)', () => {
  const echo = COMMANDS.get('echo')!;
  const original = echo.handler!;

  afterEach(() => {
    echo.handler = original;
  });

  it('gets an error reply instead of bringing the server down, and what it wrote is dropped', async () => {
    const throwing: Handler = (c) => {
      c.out.array(2); // a reply begun, then abandoned
      throw new Error('boom');
    };
    echo.handler = throwing;
    const c = await both.respite.raw();
    const other = await both.respite.raw();
    c.write(`${encodeCommand(['SET', 'a', '1']).toString('latin1')}ECHO x\r\nGET a\r\n`);
    expect((await c.readReply()).toString()).toBe('+OK\r\n');
    expect((await c.readReply()).toString()).toBe("-ERR internal error in 'echo': boom\r\n");
    expect((await c.readReply()).toString()).toBe('$1\r\n1\r\n');
    echo.handler = original;
    expect(await other.callText('ECHO', 'still here')).toBe('$10\r\nstill here\r\n');
  });
});
