// ACL for the default user against real Redis: what reads the ACL, with and without requirepass.
// (ACL CAT of a category lists commands in Redis's dict order: compared as a set.)

import { describe, expect, it } from 'vitest';
import { RawClient } from '../support/raw.js';
import { relax, useTargets } from '../support/targets.js';

const both = useTargets();

describe('ACL, the default user', () => {
  it('WHOAMI, USERS, LIST, GETUSER, LOG, SAVE, LOAD, DRYRUN and their errors', async () => {
    await both.same(
      ['ACL', 'WHOAMI'],
      ['ACL', 'USERS'],
      ['ACL', 'LIST'],
      ['ACL', 'GETUSER', 'default'],
      ['ACL', 'GETUSER', 'Default'],
      ['ACL', 'GETUSER', 'nope'],
      ['ACL', 'LOG'],
      ['ACL', 'LOG', '5'],
      ['ACL', 'LOG', '-1'],
      ['ACL', 'LOG', 'x'],
      ['ACL', 'LOG', 'RESET'],
      ['ACL', 'LOG', 'RESET', 'x'],
      ['ACL', 'SAVE'],
      ['ACL', 'LOAD'],
      ['ACL', 'DRYRUN', 'default', 'get', 'x'],
      ['ACL', 'DRYRUN', 'default', 'get'],
      ['ACL', 'DRYRUN', 'default', 'config', 'get', 'maxmemory'],
      ['ACL', 'DRYRUN', 'default', 'config'],
      ['ACL', 'DRYRUN', 'default', 'config', 'nosuch'],
      ['ACL', 'DRYRUN', 'default', 'nosuch'],
      ['ACL', 'DRYRUN', 'nope', 'get', 'x'],
      ['ACL', 'DRYRUN', 'default'],
      ['ACL', 'WHOAMI', 'x'],
      ['ACL', 'GENPASS', '0'],
      ['ACL', 'GENPASS', '4097'],
      ['ACL', 'GENPASS', 'x'],
      ['ACL', 'GENPASS', '1', '2'],
      ['ACL', 'CAT', 'nope'],
      ['ACL', 'CAT', 'a', 'b'],
      ['ACL', 'CAT'],
      ['ACL'],
      ['ACL', 'NOSUCH'],
    );
    await both.compare({ proto: 3 }, ['ACL', 'GETUSER', 'default'], ['ACL', 'USERS']);
  });

  it('GENPASS: hex, (bits + 3) / 4 characters', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      for (const [bits, chars] of [
        [undefined, 64],
        [1, 1],
        [5, 2],
        [4096, 1024],
      ] as const) {
        const reply = (
          await (bits === undefined ? c.call('ACL', 'GENPASS') : c.call('ACL', 'GENPASS', String(bits)))
        )
          .toString('latin1')
          .split('\r\n')[1];
        expect(reply).toMatch(new RegExp(`^[0-9a-f]{${chars}}$`));
      }
    });
  });

  // Categories whose every command respite has (keyspace lacks DUMP/RESTORE, connection ASKING...).
  it('CAT of a category lists its commands and subcommands', async () => {
    const compareAsSet = { normalize: relax.unordered };
    await both.compare(
      compareAsSet,
      ...['geo', 'HyperLogLog', 'sortedset', 'pubsub', 'transaction', 'blocking', 'list', 'hash', 'set'].map(
        (category) => ['ACL', 'CAT', category],
      ),
      ...['string', 'bitmap', 'stream'].map((category) => ['ACL', 'CAT', category]),
    );
  });
});

describe('ACL with requirepass', () => {
  const secured = useTargets({ respite: { requirepass: 's3cret' }, redisArgs: ['--requirepass', 's3cret'] });

  it('the password shows as its SHA-256, and nopass goes', async () => {
    await secured.each(async (t) => {
      const c = await RawClient.connect(t.port, t.host);
      try {
        expect((await c.call('ACL', 'WHOAMI')).toString('latin1')).toMatch(/^-NOAUTH/);
        expect((await c.call('AUTH', 's3cret')).toString('latin1')).toBe('+OK\r\n');
        const hash = '1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0'; // sha256("s3cret")
        expect((await c.call('ACL', 'LIST')).toString('latin1')).toBe(
          `*1\r\n$93\r\nuser default on #${hash} ~* &* +@all\r\n`,
        );
        expect((await c.call('ACL', 'GETUSER', 'default')).toString('latin1')).toBe(
          `*12\r\n$5\r\nflags\r\n*1\r\n$2\r\non\r\n$9\r\npasswords\r\n*1\r\n$64\r\n${hash}\r\n$8\r\ncommands\r\n$5\r\n+@all\r\n$4\r\nkeys\r\n$2\r\n~*\r\n$8\r\nchannels\r\n$2\r\n&*\r\n$9\r\nselectors\r\n*0\r\n`,
        );
      } finally {
        c.close();
      }
    });
  });
});
