// Pub/Sub against both targets: what each of several connections receives, frame by frame, when
// they subscribe, publish and unsubscribe (RESP2 and RESP3), and the limits on subscribed clients.

import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../support/raw.js';
import { sameSession } from '../support/sessions.js';
import { relax, useTargets } from '../support/targets.js';

const both = useTargets();

describe('SUBSCRIBE and PUBLISH', () => {
  it('delivers to channel subscribers in subscription order, counting receivers', async () => {
    await sameSession(
      both,
      [2, 2, 2],
      [
        [0, 'SUBSCRIBE', 'news', 'sport'],
        [1, 'SUBSCRIBE', 'news'],
        [2, 'PUBLISH', 'news', 'hello'],
        [2, 'PUBLISH', 'sport', ''],
        [2, 'PUBLISH', 'nobody', 'x'],
        [0, 'SUBSCRIBE', 'news', 'news'],
        [2, 'PUBLISH', 'news', 'again'],
      ],
    );
  });

  it('patterns: pmessage with the pattern, glob syntax, a client counted once per matching subscription', async () => {
    await sameSession(
      both,
      [2, 2, 2],
      [
        [0, 'PSUBSCRIBE', 'news.*', 'h?llo', '[ab]x', 'esc\\*'],
        [1, 'SUBSCRIBE', 'news.it'],
        [1, 'PSUBSCRIBE', 'news.*'],
        [2, 'PUBLISH', 'news.it', 'ciao'],
        [2, 'PUBLISH', 'hallo', '1'],
        [2, 'PUBLISH', 'bx', '2'],
        [2, 'PUBLISH', 'esc*', '3'],
        [2, 'PUBLISH', 'escX', '4'],
        [2, 'PUBLISH', 'news.', '5'],
        [2, 'PUBLISH', '', '6'],
        [0, 'PUNSUBSCRIBE', 'h?llo', 'nosuch'],
        [2, 'PUBLISH', 'hallo', '7'],
        [0, 'PUNSUBSCRIBE'],
        [0, 'PUNSUBSCRIBE'],
      ],
    );
  });

  it('binary channels and messages', async () => {
    await sameSession(
      both,
      [2, 3, 2],
      [
        [0, 'SUBSCRIBE', '\x00\xff', ''],
        [1, 'PSUBSCRIBE', '*'],
        [2, 'PUBLISH', '\x00\xff', 'a\r\nb\x00'],
        [2, 'PUBLISH', '', '\xff'],
        [2, 'PUBSUB', 'NUMSUB', '\x00\xff', '', 'x'],
      ],
    );
  });

  it('UNSUBSCRIBE: named, unknown, all (in any order), and with nothing to unsubscribe', async () => {
    await sameSession(
      both,
      [2, 2],
      [
        [0, 'UNSUBSCRIBE'],
        [0, 'PUNSUBSCRIBE'],
        [0, 'SUNSUBSCRIBE'],
        [0, 'UNSUBSCRIBE', 'never'],
        [0, 'SUBSCRIBE', 'a', 'b', 'c', 'd'],
        [0, 'PSUBSCRIBE', 'p1', 'p2'],
        [0, 'UNSUBSCRIBE', 'b', 'zz'],
        [0, 'UNSUBSCRIBE'],
        [1, 'PUBLISH', 'a', 'gone'],
        [0, 'PUNSUBSCRIBE'],
        [0, 'GET', 'x'],
      ],
      relax.unsubscribeOrder,
    );
  });

  it('SSUBSCRIBE, SPUBLISH and SUNSUBSCRIBE count apart from channels and patterns', async () => {
    await sameSession(
      both,
      [2, 3, 2],
      [
        [0, 'SSUBSCRIBE', 's1', 's2'],
        [0, 'SUBSCRIBE', 's1'],
        [1, 'SSUBSCRIBE', 's1'],
        [1, 'PSUBSCRIBE', 's*'],
        [2, 'SPUBLISH', 's1', 'm'],
        [2, 'PUBLISH', 's1', 'n'],
        [2, 'PUBSUB', 'SHARDNUMSUB', 's1', 's2', 's3'],
        [2, 'PUBSUB', 'SHARDCHANNELS', 's1'],
        [0, 'SUNSUBSCRIBE', 's2'],
        [0, 'SUNSUBSCRIBE'],
        [0, 'UNSUBSCRIBE'],
        [0, 'GET', 'x'],
      ],
      relax.unsubscribeOrder,
    );
  });
});

describe('subscribed mode', () => {
  it('RESP2: only the subscribe family, PING, QUIT and RESET, with the exact error', async () => {
    await sameSession(
      both,
      [2],
      [
        [0, 'SUBSCRIBE', 'ch'],
        [0, 'GET', 'k'],
        [0, 'SET', 'k', 'v'],
        [0, 'CLIENT', 'ID'],
        [0, 'HELLO', '3'],
        [0, 'MULTI'],
        [0, 'PING'],
        [0, 'PING', 'hey'],
        [0, 'PING', 'a', 'b'],
        [0, 'NOSUCH'],
        [0, 'SUBSCRIBE'],
        [0, 'PSUBSCRIBE', 'x*'],
        [0, 'UNSUBSCRIBE', 'ch'],
        [0, 'ECHO', 'still in: a pattern is left'],
        [0, 'PUNSUBSCRIBE'],
        [0, 'ECHO', 'out'],
        [0, 'PING'],
      ],
    );
  });

  it('RESP3: confirmations and messages are pushes and every command is allowed', async () => {
    await sameSession(
      both,
      [3, 2],
      [
        [0, 'SUBSCRIBE', 'ch'],
        [0, 'SET', 'k', 'v'],
        [0, 'GET', 'k'],
        [0, 'PING'],
        [1, 'PUBLISH', 'ch', 'hi'],
        [0, 'PUBLISH', 'ch', 'to myself'],
        [0, 'UNSUBSCRIBE'],
        [0, 'UNSUBSCRIBE', 'x'],
      ],
    );
  });

  it('HELLO switches protocol with subscriptions kept; RESET drops them', async () => {
    await sameSession(
      both,
      [3, 2],
      [
        [0, 'SUBSCRIBE', 'ch'],
        [0, 'HELLO', '2'],
        [0, 'GET', 'k'],
        [1, 'PUBLISH', 'ch', 'in resp2'],
        [0, 'RESET'],
        [1, 'PUBLISH', 'ch', 'nobody'],
        [0, 'GET', 'k'],
        [1, 'PUBSUB', 'NUMSUB', 'ch'],
      ],
      relax.helloId,
    );
  });

  it('QUIT from subscribed mode; a closed subscriber is gone', async () => {
    await sameSession(
      both,
      [2, 2, 2],
      [
        [0, 'SUBSCRIBE', 'ch'],
        [0, 'PSUBSCRIBE', 'c*'],
        [1, 'SUBSCRIBE', 'ch'],
        [0, 'QUIT'],
        [2, 'PUBLISH', 'ch', 'x'],
        [2, 'PUBSUB', 'NUMPAT'],
      ],
    );
  });

  it('MULTI: SUBSCRIBE runs inside EXEC, SSUBSCRIBE does not', async () => {
    await sameSession(
      both,
      [2, 2],
      [
        { conn: 0, args: ['MULTI'], replies: 1 },
        { conn: 0, args: ['SUBSCRIBE', 'a'], replies: 1 },
        { conn: 0, args: ['SSUBSCRIBE', 'b'], replies: 1 },
        { conn: 0, args: ['PING'], replies: 1 },
        { conn: 0, args: ['EXEC'], replies: 1 },
        [1, 'PUBLISH', 'a', 'm'],
        [0, 'GET', 'k'],
      ],
    );
  });
});

describe('CLIENT REPLY OFF and SKIP', () => {
  it('silence replies but not confirmations, nor messages a command sends its own client', async () => {
    for (const proto of [2, 3] as const) {
      const streams: string[] = [];
      for (const t of both.list) {
        const c = await t.raw();
        if (proto === 3) await c.call('HELLO', '3');
        c.write(
          Buffer.concat(
            [
              ['CLIENT', 'REPLY', 'OFF'],
              ['CLIENT', 'TRACKING', 'ON'],
              ['GET', 'k'],
              ['SET', 'k', 'v'],
              ['SUBSCRIBE', 'a', 'b'],
              ['PUBLISH', 'a', 'to myself'],
              ['GET', 'k'],
              ['RESET'], // the one way out of RESP2 subscribed mode with replies off
              ['CLIENT', 'REPLY', 'SKIP'],
              ['SUBSCRIBE', 'c'],
              ['PING', 'end'],
            ].map((argv) => encodeCommand(argv)),
          ),
        );
        const frames: string[] = [];
        for (;;) {
          frames.push((await c.readReply()).toString('latin1'));
          if (frames[frames.length - 1].includes('end')) break;
        }
        streams.push(frames.join(''));
      }
      if (streams.length === 2) expect(streams[0], `RESP${proto}`).toBe(streams[1]);
      expect(streams[0]).toContain('subscribe');
      if (proto === 3) expect(streams[0]).toContain('to myself'); // RESP2 refuses PUBLISH once subscribed
    }
  });
});

describe('PUBSUB', () => {
  it('CHANNELS, NUMSUB, NUMPAT, SHARDCHANNELS, SHARDNUMSUB and HELP', async () => {
    await sameSession(
      both,
      [2, 2, 3],
      [
        [2, 'PUBSUB', 'CHANNELS'],
        [2, 'PUBSUB', 'NUMPAT'],
        [0, 'SUBSCRIBE', 'abc'],
        [1, 'SUBSCRIBE', 'abc', 'abd'],
        [1, 'PSUBSCRIBE', 'a*', 'b*'],
        [0, 'PSUBSCRIBE', 'a*'],
        [2, 'PUBSUB', 'CHANNELS', 'abc'],
        [2, 'PUBSUB', 'CHANNELS', 'x*'],
        [2, 'PUBSUB', 'NUMSUB'],
        [2, 'PUBSUB', 'NUMSUB', 'abc', 'abd', 'a*'],
        [2, 'PUBSUB', 'NUMPAT'],
        [2, 'PUBSUB', 'SHARDCHANNELS'],
        [2, 'PUBSUB', 'SHARDNUMSUB'],
        [2, 'PUBSUB', 'HELP'],
      ],
    );
    await both.compare({ normalize: relax.unordered }, ['PUBSUB', 'CHANNELS'], ['PUBSUB', 'CHANNELS', '*']);
  });

  it('errors: arity, unknown subcommands, extra arguments', async () => {
    await both.same(
      ['SUBSCRIBE'],
      ['PSUBSCRIBE'],
      ['SSUBSCRIBE'],
      ['PUBLISH', 'a'],
      ['PUBLISH', 'a', 'b', 'c'],
      ['SPUBLISH', 'a'],
      ['PUBSUB'],
      ['PUBSUB', 'NOSUCH'],
      ['PUBSUB', 'CHANNELS', 'a', 'b'],
      ['PUBSUB', 'SHARDCHANNELS', 'a', 'b'],
      ['PUBSUB', 'NUMPAT', 'x'],
      ['PUBSUB', 'HELP', 'x'],
      ['PUBLISH', 'nobody', 'x'],
      ['SPUBLISH', 'nobody', 'x'],
    );
  });

  it('COMMAND: shard channels sit where keys go but are not keys', async () => {
    await both.same(
      ['COMMAND', 'INFO', 'ssubscribe', 'sunsubscribe', 'spublish'],
      ['COMMAND', 'GETKEYS', 'SSUBSCRIBE', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'SPUBLISH', 'a', 'b'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'SPUBLISH', 'a', 'b'],
    );
  });
});

describe('clients with subscriptions', () => {
  it('CLIENT LIST: sub, psub, ssub, flag P and TYPE pubsub; INFO counts', async () => {
    await both.each(async (t) => {
      const sub = await t.raw();
      const id = (await sub.call('CLIENT', 'ID')).toString().slice(1, -2);
      await sub.call('SUBSCRIBE', 'a', 'b');
      await sub.readReply();
      await sub.call('PSUBSCRIBE', 'p*');
      await sub.call('SSUBSCRIBE', 's');
      const c = await t.raw();
      const list = (await c.call('CLIENT', 'LIST', 'TYPE', 'pubsub')).toString('latin1');
      expect(list).toMatch(new RegExp(`id=${id} .* flags=P db=0 sub=2 psub=1 ssub=1 `));
      const normal = (await c.call('CLIENT', 'LIST', 'TYPE', 'normal')).toString('latin1');
      expect(normal).not.toMatch(/flags=P/);
      const info = (await c.call('INFO', 'stats')).toString('latin1');
      expect(info).toMatch(/pubsub_channels:2\r\npubsub_patterns:1\r\npubsubshard_channels:1\r\n/);
      expect((await c.call('CLIENT', 'KILL', 'TYPE', 'pubsub')).toString()).toMatch(/^:[1-9]/);
      expect((await sub.readUntilClose()).closed).toBe(true);
      expect((await c.call('PUBSUB', 'NUMSUB', 'a')).toString()).toBe('*2\r\n$1\r\na\r\n:0\r\n');
    });
  });
});

describe('client-output-buffer-limit pubsub', () => {
  /** A subscriber that never reads, and a publisher filling its buffer with 64 KiB messages. */
  async function flood(t: Parameters<Parameters<typeof both.each>[0]>[0], messages: number) {
    const sub = await t.raw();
    await sub.call('SUBSCRIBE', 'flood');
    sub.pause();
    const pub = await t.raw();
    const payload = 'x'.repeat(64 * 1024);
    // Pipelined, so the flood takes well under the soft limit's second even on a busy machine.
    const publish = encodeCommand(['PUBLISH', 'flood', payload]);
    pub.write(Buffer.concat(Array.from({ length: messages }, () => publish)));
    let receivers = '';
    for (let i = 0; i < messages; i++) receivers += (await pub.readReply()).toString();
    return { sub, pub, receivers };
  }

  it('the hard limit disconnects the slow subscriber; other clients carry on', async () => {
    await both.each(async (t) => {
      const admin = await t.raw();
      await admin.call('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 0 0');
      try {
        const other = await t.raw();
        await other.call('SUBSCRIBE', 'calm');
        const { sub, pub, receivers } = await flood(t, 400);
        // The PUBLISHes after the disconnect reach nobody.
        expect(receivers.startsWith(':1\r\n')).toBe(true);
        expect(receivers.endsWith(':0\r\n')).toBe(true);
        sub.resume();
        expect((await sub.readUntilClose(5000)).closed).toBe(true);
        expect((await pub.call('PUBLISH', 'calm', 'hi')).toString()).toBe(':1\r\n');
        expect((await other.readReply()).toString()).toBe(
          '*3\r\n$7\r\nmessage\r\n$4\r\ncalm\r\n$2\r\nhi\r\n',
        );
      } finally {
        await admin.call('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 32mb 8mb 60');
      }
    });
  });

  it('the soft limit disconnects only after the subscriber stays above it for the given seconds', async () => {
    await both.each(async (t) => {
      const admin = await t.raw();
      await admin.call('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 0 1mb 1');
      try {
        const { sub, pub, receivers } = await flood(t, 400);
        expect(receivers).toBe(':1\r\n'.repeat(400)); // above the soft limit, but not for long enough
        // Closed by the periodic check (Redis's clientsCron), with no further message to trigger it.
        await t.pass(2500);
        expect((await pub.call('PUBLISH', 'flood', 'one more')).toString()).toBe(':0\r\n');
        sub.resume();
        expect((await sub.readUntilClose(5000)).closed).toBe(true);
      } finally {
        await admin.call('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 32mb 8mb 60');
      }
    });
  });
});
