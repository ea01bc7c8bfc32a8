// CLIENT and its subcommands against real Redis: ID, SETNAME, GETNAME, LIST, INFO, KILL, NO-EVICT,
// REPLY, HELP; and Redis 7.2's SETINFO and NO-TOUCH, which respite answers ahead of 7.0.

import { describe, expect, it } from 'vitest';
import { relax, useTargets } from '../support/targets.js';

const both = useTargets();

/** A bulk or verbatim string's text. */
function text(reply: string): string {
  return reply.slice(reply.indexOf('\r\n') + 2, -2).replace(/^txt:/, '');
}

/** The fields of one CLIENT LIST / CLIENT INFO line. */
function fields(line: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const pair of line.trim().split(' ')) {
    const eq = pair.indexOf('=');
    m.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return m;
}

describe('CLIENT ID, SETNAME, GETNAME', () => {
  it('names: set, read, cleared by an empty name, refused with spaces or special characters', async () => {
    await both.same(
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', 'worker-1'],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', 'a b'],
      ['CLIENT', 'SETNAME', 'a\nb'],
      ['CLIENT', 'SETNAME', 'a\x00'],
      ['CLIENT', 'SETNAME', '\xff'],
      ['CLIENT', 'SETNAME', '\x7f'],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', '!~"\'{}'],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', ''],
      ['CLIENT', 'GETNAME'],
      ['client', 'setname', 'x'],
      ['CLIENT', 'SETNAME'],
      ['CLIENT', 'SETNAME', 'a', 'b'],
      ['CLIENT', 'GETNAME', 'x'],
    );
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('HELLO', '2', 'SETNAME', 'from-hello');
      expect(await c.callText('CLIENT', 'GETNAME')).toBe('$10\r\nfrom-hello\r\n');
    });
    await both.compare(
      { proto: 3 },
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', 'n'],
      ['CLIENT', 'GETNAME'],
    );
  });

  it('ids are integers, increasing with each connection', async () => {
    await both.each(async (t) => {
      const a = await t.raw();
      const b = await t.raw();
      const idA = await a.callText('CLIENT', 'ID');
      const idB = await b.callText('CLIENT', 'ID');
      expect(idA).toMatch(/^:\d+\r\n$/);
      expect(Number(idB.slice(1, -2))).toBeGreaterThan(Number(idA.slice(1, -2)));
    });
    await both.same(['CLIENT', 'ID', 'x']);
  });

  it('ioredis connectionName and its CLIENT SETINFO handshake', async () => {
    await both.each(async (t) => {
      const redis = t.ioredis({ connectionName: 'io-conn' });
      expect(await redis.client('GETNAME')).toBe('io-conn');
      const info = fields(String(await redis.client('INFO')));
      expect(info.get('name')).toBe('io-conn');
      if (t.respite) {
        const id = Number(info.get('id'));
        const client = t.respite.server.clients.get(id)!;
        expect(client.libName).toBe('ioredis');
        expect(client.libVer).toMatch(/^\d+\.\d+/);
      }
    });
  });
});

describe('CLIENT LIST and CLIENT INFO', () => {
  it('fields as Redis 7.0.15 prints them, in order', async () => {
    await both.compare({ normalize: relax.clientFields }, ['CLIENT', 'INFO'], ['CLIENT', 'SETNAME', 'x']);
    await both.compare({ proto: 3, normalize: relax.clientFields }, ['CLIENT', 'INFO']);
    await both.each(async (t) => {
      const c = await t.raw();
      const id = (await c.callText('CLIENT', 'ID')).slice(1, -2);
      const reply = await c.callText('CLIENT', 'LIST', 'ID', id);
      expect(reply[0]).toBe('$');
      const ownInfo = text(await c.callText('CLIENT', 'INFO'));
      expect([...fields(text(reply)).keys()]).toEqual([...fields(ownInfo).keys()]);
    });
  });

  it('values: id, name, db, flags, cmd, resp, addresses; one line per client ending in a newline', async () => {
    await both.each(async (t) => {
      const other = await t.raw();
      await other.call('CLIENT', 'SETNAME', 'other');
      await other.call('SELECT', '5');
      const c = await t.raw();
      await c.call('HELLO', '3', 'SETNAME', 'me');
      await c.call('CLIENT', 'NO-EVICT', 'on');
      const id = (await c.callText('CLIENT', 'ID')).slice(1, -2);
      const otherId = (await other.callText('CLIENT', 'ID')).slice(1, -2);
      const listing = text(await c.callText('CLIENT', 'LIST'));
      expect(listing.endsWith('\n')).toBe(true);
      const lines = listing.slice(0, -1).split('\n').map(fields);
      const mine = lines.find((l) => l.get('id') === id)!;
      const theirs = lines.find((l) => l.get('id') === otherId)!;
      expect(mine.get('name')).toBe('me');
      expect(mine.get('flags')).toBe('e');
      expect(mine.get('cmd')).toBe('client|list');
      expect(mine.get('resp')).toBe('3');
      expect(mine.get('db')).toBe('0');
      expect(mine.get('addr')).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(mine.get('laddr')).toBe(`127.0.0.1:${t.port}`);
      expect(mine.get('argv-mem')).toBe('10');
      expect(mine.get('user')).toBe('default');
      expect(theirs.get('name')).toBe('other');
      expect(theirs.get('db')).toBe('5');
      expect(theirs.get('cmd')).toBe('client|id');
      expect(theirs.get('flags')).toBe('N');
      expect(theirs.get('resp')).toBe('2');
      expect(theirs.get('argv-mem')).toBe('0');
      // LIST ID picks clients in the order given, skipping unknown ids.
      const picked = text(await c.callText('CLIENT', 'LIST', 'ID', otherId, '999999', id));
      expect(picked.split('\n').map((l) => fields(l).get('id'))).toEqual([otherId, id, undefined]);
    });
  });

  it('a MONITOR client is flagged O and is a normal client', async () => {
    await both.each(async (t) => {
      const m = await t.raw();
      await m.call('MONITOR');
      const c = await t.raw();
      const normal = text(await c.callText('CLIENT', 'LIST', 'TYPE', 'normal'));
      expect(normal).toMatch(/flags=O .*cmd=monitor/);
    });
  });

  it('age and idle follow the server clock (respite)', async () => {
    const t = both.respite;
    t.respite!.clock.freeze();
    const c = await t.raw();
    await c.call('PING');
    t.respite!.clock.advance(65_000);
    const other = await t.raw();
    const id = (await c.callText('CLIENT', 'ID')).slice(1, -2);
    t.respite!.clock.advance(5_000);
    const line = fields(text(await other.callText('CLIENT', 'LIST', 'ID', id)));
    expect(line.get('age')).toBe('70');
    expect(line.get('idle')).toBe('5');
  });

  it('filters and their errors', async () => {
    await both.same(
      ['CLIENT', 'LIST', 'TYPE', 'foo'],
      ['CLIENT', 'LIST', 'TYPE', 'master'],
      ['CLIENT', 'LIST', 'TYPE', 'replica'],
      ['CLIENT', 'LIST', 'TYPE', 'SLAVE'],
      ['CLIENT', 'LIST', 'TYPE', 'pubsub'],
      ['CLIENT', 'LIST', 'TYPE'],
      ['CLIENT', 'LIST', 'TYPE', 'normal', 'x'],
      ['CLIENT', 'LIST', 'ID'],
      ['CLIENT', 'LIST', 'ID', 'x'],
      ['CLIENT', 'LIST', 'ID', '1', 'x'],
      ['CLIENT', 'LIST', 'ID', '0'],
      ['CLIENT', 'LIST', 'ID', '-5', '99999999'],
      ['CLIENT', 'LIST', 'ID', '99999999999999999999'],
      ['CLIENT', 'LIST', 'foo'],
      ['CLIENT', 'INFO', 'x'],
    );
    await both.compare({ proto: 3 }, ['CLIENT', 'LIST', 'TYPE', 'pubsub'], ['CLIENT', 'LIST', 'ID', '0']);
  });
});

describe('CLIENT LIST flags', () => {
  it('x in MULTI, b while blocked, d when a watched key changed, in Redis order', async () => {
    await both.each(async (t) => {
      const flagsOf = async (admin: Awaited<ReturnType<typeof t.raw>>, id: string) =>
        fields(text(await admin.callText('CLIENT', 'LIST', 'ID', id))).get('flags');
      const idOf = async (c: Awaited<ReturnType<typeof t.raw>>) =>
        (await c.callText('CLIENT', 'ID')).slice(1, -2);
      const admin = await t.raw();
      const tx = await t.raw();
      const blocked = await t.raw();
      const txId = await idOf(tx);
      const blockedId = await idOf(blocked);
      await tx.call('WATCH', 'k');
      await tx.call('MULTI');
      expect(await flagsOf(admin, txId)).toBe('x');
      await admin.call('SET', 'k', 'v');
      expect(await flagsOf(admin, txId)).toBe('xd');
      await tx.call('SUBSCRIBE', 'ch'); // queued: not subscribed yet
      expect(await flagsOf(admin, txId)).toBe('xd');
      await tx.call('DISCARD');
      expect(await flagsOf(admin, txId)).toBe('N');
      blocked.write(Buffer.from('*3\r\n$5\r\nBLPOP\r\n$4\r\nlist\r\n$1\r\n0\r\n'));
      for (let i = 0; i < 100 && (await flagsOf(admin, blockedId)) !== 'b'; i++) await t.pass(1);
      expect(await flagsOf(admin, blockedId)).toBe('b');
      await admin.call('RPUSH', 'list', 'x');
      await blocked.readReply();
      expect(await flagsOf(admin, blockedId)).toBe('N');
    });
  });
});

describe('CLIENT UNBLOCK ... ERROR in the statistics', () => {
  it('counts a failed call of the blocked command and the UNBLOCKED error, as Redis', async () => {
    await both.each(async (t) => {
      const admin = await t.raw();
      await admin.call('CONFIG', 'RESETSTAT');
      const blocked = await t.raw();
      const id = (await blocked.callText('CLIENT', 'ID')).slice(1, -2);
      blocked.write(Buffer.from('*3\r\n$5\r\nBLPOP\r\n$4\r\nlist\r\n$1\r\n0\r\n'));
      for (let i = 0; i < 100 && (await admin.callText('CLIENT', 'UNBLOCK', id, 'ERROR')) !== ':1\r\n'; i++);
      expect((await blocked.readReply()).toString('latin1')).toBe(
        '-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n',
      );
      const stats = text(await admin.callText('INFO', 'commandstats'));
      expect(stats).toMatch(
        /cmdstat_blpop:calls=1,usec=\d+,usec_per_call=[\d.]+,rejected_calls=0,failed_calls=1\r\n/,
      );
      expect(text(await admin.callText('INFO', 'errorstats'))).toContain('errorstat_UNBLOCKED:count=1\r\n');
      expect(text(await admin.callText('INFO', 'stats'))).toContain('total_error_replies:1\r\n');
    });
  });
});

describe('CLIENT KILL', () => {
  it('errors', async () => {
    await both.same(
      ['CLIENT', 'KILL'],
      ['CLIENT', 'KILL', '1.2.3.4:5'],
      ['CLIENT', 'KILL', 'ID', '99999999'],
      ['CLIENT', 'KILL', 'ID', 'x'],
      ['CLIENT', 'KILL', 'ID', '0'],
      ['CLIENT', 'KILL', 'ID', '-1'],
      ['CLIENT', 'KILL', 'TYPE', 'foo'],
      ['CLIENT', 'KILL', 'TYPE', 'master'],
      ['CLIENT', 'KILL', 'USER', 'nosuch'],
      ['CLIENT', 'KILL', 'SKIPME', 'maybe'],
      ['CLIENT', 'KILL', 'foo', 'bar'],
      ['CLIENT', 'KILL', 'ID', '1', 'ADDR'],
      ['CLIENT', 'KILL', 'ADDR', '1.2.3.4:5', 'LADDR', '1.2.3.4:6'],
      ['CLIENT', 'KILL', 'ID', 'x', 'TYPE', 'foo'],
      ['CLIENT', 'KILL', 'TYPE', 'foo', 'ID', 'x'],
    );
  });

  it('by ADDR, by ID and by the old form; SKIPME protects the caller', async () => {
    await both.each(async (t) => {
      const victim = await t.raw();
      const victimInfo = fields(text(await victim.callText('CLIENT', 'INFO')));
      const c = await t.raw();
      const own = fields(text(await c.callText('CLIENT', 'INFO')));

      expect(await c.callText('CLIENT', 'KILL', 'ADDR', victimInfo.get('addr')!)).toBe(':1\r\n');
      expect((await victim.readUntilClose()).closed).toBe(true);

      const second = await t.raw();
      const secondId = (await second.callText('CLIENT', 'ID')).slice(1, -2);
      expect(await c.callText('CLIENT', 'KILL', 'ID', secondId, 'TYPE', 'normal')).toBe(':1\r\n');
      expect((await second.readUntilClose()).closed).toBe(true);

      const third = await t.raw();
      const thirdAddr = fields(text(await third.callText('CLIENT', 'INFO'))).get('addr')!;
      expect(await c.callText('CLIENT', 'KILL', thirdAddr)).toBe('+OK\r\n');
      expect((await third.readUntilClose()).closed).toBe(true);

      // The caller is skipped unless SKIPME no; with SKIPME no, it gets the reply and then is closed.
      expect(await c.callText('CLIENT', 'KILL', 'ID', own.get('id')!)).toBe(':0\r\n');
      expect(await c.callText('CLIENT', 'KILL', 'ID', own.get('id')!, 'SKIPME', 'no')).toBe(':1\r\n');
      expect((await c.readUntilClose()).closed).toBe(true);
    });
  });

  it('the old form can kill the caller itself; LADDR and USER default match every client', async () => {
    await both.each(async (t) => {
      const a = await t.raw();
      const b = await t.raw();
      const c = await t.raw();
      const laddr = fields(text(await c.callText('CLIENT', 'INFO'))).get('laddr')!;
      // Other clients of this server may still be closing from earlier tests: count at least ours.
      const killed = Number(
        (await c.callText('CLIENT', 'KILL', 'LADDR', laddr, 'USER', 'default')).slice(1, -2),
      );
      expect(killed).toBeGreaterThanOrEqual(2);
      expect((await a.readUntilClose()).closed).toBe(true);
      expect((await b.readUntilClose()).closed).toBe(true);
      const addr = fields(text(await c.callText('CLIENT', 'INFO'))).get('addr')!;
      expect(await c.callText('CLIENT', 'KILL', addr)).toBe('+OK\r\n');
      expect((await c.readUntilClose()).closed).toBe(true);
    });
  });
});

describe('CLIENT NO-EVICT, REPLY, HELP', () => {
  it('NO-EVICT ON and OFF, shown as the e flag', async () => {
    await both.same(
      ['CLIENT', 'NO-EVICT', 'maybe'],
      ['CLIENT', 'NO-EVICT'],
      ['CLIENT', 'NO-EVICT', 'ON'],
      ['CLIENT', 'NO-EVICT', 'off'],
      ['CLIENT', 'NO-EVICT', 'on', 'x'],
    );
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('CLIENT', 'NO-EVICT', 'on');
      expect(text(await c.callText('CLIENT', 'INFO'))).toContain(' flags=e ');
      await c.call('CLIENT', 'NO-EVICT', 'off');
      expect(text(await c.callText('CLIENT', 'INFO'))).toContain(' flags=N ');
    });
  });

  it('REPLY OFF silences every reply until REPLY ON, SKIP only the next one', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      c.write(
        '*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$3\r\nOFF\r\n' +
          '*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n' +
          '*2\r\n$3\r\nGET\r\n$1\r\na\r\n' +
          '*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$4\r\nSKIP\r\n' +
          '*2\r\n$4\r\nECHO\r\n$3\r\noff\r\n' +
          '*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$2\r\nON\r\n' +
          '*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$4\r\nSKIP\r\n' +
          '*2\r\n$4\r\nECHO\r\n$7\r\nskipped\r\n' +
          '*2\r\n$4\r\nECHO\r\n$5\r\nshown\r\n',
      );
      expect((await c.readReply()).toString()).toBe('+OK\r\n');
      expect((await c.readReply()).toString()).toBe('$5\r\nshown\r\n');
      expect(await c.callText('GET', 'a')).toBe('$1\r\n1\r\n');
    });
    await both.same(['CLIENT', 'REPLY', 'maybe'], ['CLIENT', 'REPLY'], ['CLIENT', 'REPLY', 'ON']);
  });

  it('REPLY OFF and SKIP also silence commands refused before they run', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      c.write(
        '*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$3\r\nOFF\r\n' +
          '*1\r\n$6\r\nNOSUCH\r\n' +
          '*1\r\n$3\r\nGET\r\n' +
          '*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$2\r\nON\r\n' +
          '*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$4\r\nSKIP\r\n' +
          '*1\r\n$6\r\nNOSUCH\r\n' +
          '*2\r\n$4\r\nECHO\r\n$5\r\nshown\r\n',
      );
      expect((await c.readReply()).toString()).toBe('+OK\r\n');
      expect((await c.readReply()).toString()).toBe('$5\r\nshown\r\n');
    });
  });

  it('HELP, unknown subcommands, arity', async () => {
    await both.same(
      ['CLIENT', 'HELP'],
      ['client', 'help'],
      ['CLIENT', 'HELP', 'x'],
      ['CLIENT'],
      ['CLIENT', 'NOSUCH'],
      ['CLIENT', 'NOSUCH', 'a', 'b'],
      ['CLIENT', 'x'.repeat(200)],
    );
  });
});

describe("Redis 7.2's CLIENT SETINFO and CLIENT NO-TOUCH (respite answers them; Redis 7.0 does not)", () => {
  it('Redis 7.0.15 does not know them', async () => {
    await both.each(async (t) => {
      if (t.respite) return;
      const c = await t.raw();
      expect(await c.callText('CLIENT', 'SETINFO', 'LIB-NAME', 'x')).toBe(
        "-ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.\r\n",
      );
      expect(await c.callText('CLIENT', 'NO-TOUCH', 'on')).toBe(
        "-ERR unknown subcommand 'NO-TOUCH'. Try CLIENT HELP.\r\n",
      );
    });
  });

  it("SETINFO sets the library's name and version, with 7.2's checks (respite)", async () => {
    const t = both.respite;
    const c = await t.raw();
    const id = Number((await c.callText('CLIENT', 'ID')).slice(1, -2));
    expect(await c.callText('CLIENT', 'SETINFO', 'LIB-NAME', 'mylib')).toBe('+OK\r\n');
    expect(await c.callText('CLIENT', 'SETINFO', 'lib-ver', '1.2.3')).toBe('+OK\r\n');
    const client = t.respite!.server.clients.get(id)!;
    expect([client.libName, client.libVer]).toEqual(['mylib', '1.2.3']);
    expect(await c.callText('CLIENT', 'SETINFO', 'LIB-NAME', 'a b')).toBe(
      '-ERR LIB-NAME cannot contain spaces, newlines or special characters.\r\n',
    );
    expect(await c.callText('CLIENT', 'SETINFO', 'lib-ver', 'x\n')).toBe(
      '-ERR lib-ver cannot contain spaces, newlines or special characters.\r\n',
    );
    expect(await c.callText('CLIENT', 'SETINFO', 'foo', 'x')).toBe("-ERR Unrecognized option 'foo'\r\n");
    expect(await c.callText('CLIENT', 'SETINFO', 'LIB-NAME')).toBe(
      "-ERR wrong number of arguments for 'client|setinfo' command\r\n",
    );
    expect(await c.callText('CLIENT', 'SETINFO', 'LIB-NAME', '')).toBe('+OK\r\n');
    expect(client.libName).toBe('');
  });

  it('NO-TOUCH ON and OFF (respite)', async () => {
    const t = both.respite;
    const c = await t.raw();
    const id = Number((await c.callText('CLIENT', 'ID')).slice(1, -2));
    const client = t.respite!.server.clients.get(id)!;
    expect(await c.callText('CLIENT', 'NO-TOUCH', 'on')).toBe('+OK\r\n');
    expect(client.noTouch).toBe(true);
    expect(await c.callText('CLIENT', 'NO-TOUCH', 'OFF')).toBe('+OK\r\n');
    expect(client.noTouch).toBe(false);
    expect(await c.callText('CLIENT', 'NO-TOUCH', 'maybe')).toBe('-ERR syntax error\r\n');
  });
});
