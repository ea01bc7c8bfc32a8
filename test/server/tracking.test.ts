// Client-side caching against both targets: CLIENT TRACKING's options and errors, and the
// invalidations each connection receives (RESP3 pushes, RESP2 redirection to __redis__:invalidate).
// Client ids differ between the servers, so a redirecting connection learns its target's id first:
// connection 0 is the redirect target in the sessions that need one, and the steps use '$0' for its id.

import { describe, expect, it } from 'vitest';
import { send, waitBlocked } from '../support/blocked.js';
import { type Step, session } from '../support/sessions.js';
import { relax, type Target, useTargets } from '../support/targets.js';

const both = useTargets();

/** A session where "$0" in any argument stands for connection 0's client id on that target. */
async function sameTracking(protos: readonly (2 | 3)[], steps: readonly Step[]): Promise<string[]> {
  const logs: string[][] = [];
  for (const t of both.list) logs.push(await withIds(t, protos, steps));
  if (logs.length === 2) expect(logs[0]).toEqual(logs[1]);
  return logs[0];
}

async function withIds(t: Target, protos: readonly (2 | 3)[], steps: readonly Step[]): Promise<string[]> {
  // Connection ids are handed out in connection order: session() opens its connections one after
  // another right away, so connection 0 gets the id after the one this probe connection has.
  const probe = await t.raw();
  const probeId = Number((await probe.call('CLIENT', 'ID')).toString().slice(1, -2));
  const id0 = String(probeId + 1);
  const subst = (s: string) => s.replace('$0', id0);
  const mapped = steps.map((s) =>
    Array.isArray(s) ? ([s[0], ...s.slice(1).map((a) => subst(a as string))] as Step) : s,
  );
  const log = await session(t, protos, mapped);
  // Only where an id is expected, so that an equal count or value elsewhere stays as it is.
  return log.map((line) => {
    let out = line
      .replaceAll(`"REDIRECT","${id0}"`, '"REDIRECT","<id0>"')
      .replaceAll(`redirect\\r\\n:${id0}\\r\\n`, 'redirect\\r\\n:<id0>\\r\\n')
      .replaceAll(`redir-broken\\r\\n:${id0}\\r\\n`, 'redir-broken\\r\\n:<id0>\\r\\n');
    if (line.includes('"GETREDIR"')) out = out.replaceAll(`:${id0}\\r\\n`, ':<id0>\\r\\n');
    return out;
  });
}

describe('CLIENT TRACKING: default mode', () => {
  it('RESP3: a read key is invalidated by another connection once, then forgotten', async () => {
    await sameTracking(
      [3, 2],
      [
        [0, 'CLIENT', 'TRACKING', 'ON'],
        [0, 'GET', 'k'],
        [0, 'MGET', 'a', 'b'],
        [1, 'SET', 'k', '1'],
        [1, 'SET', 'k', '2'],
        [1, 'MSET', 'a', '1', 'b', '2', 'c', '3'],
        [0, 'GET', 'k'],
        [1, 'DEL', 'k'],
        [1, 'DEL', 'k'],
        [0, 'EXISTS', 'a'],
        [1, 'APPEND', 'a', 'x'],
        [0, 'HGET', 'h', 'f'],
        [1, 'HSET', 'h', 'f', 'v'],
      ],
    );
  });

  it('writes by the tracking client itself: the invalidation follows the reply; NOLOOP drops it', async () => {
    await sameTracking(
      [3, 3],
      [
        [0, 'CLIENT', 'TRACKING', 'ON'],
        [0, 'GET', 'k'],
        [0, 'SET', 'k', 'v'],
        [0, 'GET', 'k'],
        [0, 'INCR', 'k'],
        [1, 'CLIENT', 'TRACKING', 'ON', 'NOLOOP'],
        [1, 'GET', 'n'],
        [1, 'SET', 'n', '1'],
        [0, 'GET', 'n'],
        [1, 'GET', 'n'],
        [0, 'SET', 'n', '2'],
      ],
    );
  });

  it('writes inside MULTI: the invalidations come after EXEC', async () => {
    await sameTracking(
      [3, 2],
      [
        [0, 'CLIENT', 'TRACKING', 'ON'],
        [0, 'GET', 'a'],
        [0, 'GET', 'b'],
        { conn: 0, args: ['MULTI'], replies: 1 },
        { conn: 0, args: ['SET', 'a', '1'], replies: 1 },
        { conn: 0, args: ['SET', 'b', '1'], replies: 1 },
        [0, 'EXEC'],
      ],
    );
  });

  it('expiry invalidates, lazily or actively', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('HELLO', '3');
      await c.call('CLIENT', 'TRACKING', 'ON');
      await c.call('SET', 'k', 'v', 'PX', '50');
      expect((await c.call('GET', 'k')).toString()).toBe('$1\r\nv\r\n');
      await t.pass(300);
      // The active cycle or the lookup below expires it; either way the invalidation arrives.
      const frames = [(await c.call('GET', 'k')).toString()];
      if (frames[0] !== '_\r\n') frames.push((await c.readReply()).toString());
      expect(frames).toContain('>2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n');
    });
  });

  it('OPTIN tracks only after CLIENT CACHING YES, for one command; OPTOUT skips after CACHING NO', async () => {
    await sameTracking(
      [3, 2],
      [
        [0, 'CLIENT', 'TRACKING', 'ON', 'OPTIN'],
        [0, 'GET', 'a'],
        [0, 'CLIENT', 'CACHING', 'YES'],
        [0, 'CLIENT', 'TRACKINGINFO'],
        [0, 'GET', 'b'],
        [0, 'GET', 'c'],
        [1, 'MSET', 'a', '1', 'b', '1', 'c', '1'],
        [0, 'CLIENT', 'CACHING', 'NO'],
        [0, 'CLIENT', 'TRACKING', 'OFF'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'OPTOUT'],
        [0, 'CLIENT', 'CACHING', 'NO'],
        [0, 'CLIENT', 'TRACKINGINFO'],
        [0, 'GET', 'a'],
        [0, 'GET', 'b'],
        [1, 'MSET', 'a', '2', 'b', '2'],
        [0, 'CLIENT', 'CACHING', 'YES'],
      ],
    );
  });

  it('CLIENT CACHING YES lasts for a whole MULTI', async () => {
    await sameTracking(
      [3, 2],
      [
        [0, 'CLIENT', 'TRACKING', 'ON', 'OPTIN'],
        { conn: 0, args: ['CLIENT', 'CACHING', 'YES'], replies: 1 },
        { conn: 0, args: ['MULTI'], replies: 1 },
        { conn: 0, args: ['GET', 'a'], replies: 1 },
        { conn: 0, args: ['GET', 'b'], replies: 1 },
        [0, 'EXEC'],
        [1, 'MSET', 'a', '1', 'b', '1'],
      ],
    );
  });

  it('RESP2 through REDIRECT to a subscribed connection; a broken redirect', async () => {
    await sameTracking(
      [2, 2, 3, 2],
      [
        [0, 'SUBSCRIBE', '__redis__:invalidate'],
        [1, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', '$0'],
        [1, 'CLIENT', 'GETREDIR'],
        [1, 'GET', 'k'],
        [3, 'SET', 'k', '1'],
        [2, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', '$0'],
        [2, 'GET', 'j'],
        [1, 'FLUSHALL'],
        [0, 'QUIT'],
        [1, 'GET', 'k'],
        [2, 'GET', 'j'],
        [3, 'MSET', 'k', '2', 'j', '2'],
        [2, 'CLIENT', 'TRACKINGINFO'],
        [1, 'CLIENT', 'TRACKINGINFO'],
      ],
    );
  });

  it('RESP2 redirected to itself, subscribed: invalidations arrive as messages', async () => {
    await sameTracking(
      [2, 2],
      [
        [0, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', '$0'],
        [0, 'GET', 'k'],
        [0, 'SUBSCRIBE', 'whatever'],
        [1, 'SET', 'k', '1'],
      ],
    );
  });

  it('RESP2 without a redirect hears nothing; a redirect to an unsubscribed RESP2 client neither', async () => {
    await sameTracking(
      [2, 2, 2],
      [
        [1, 'CLIENT', 'TRACKING', 'ON'],
        [1, 'GET', 'k'],
        [2, 'SET', 'k', '1'],
        [1, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', '$0'],
        [1, 'GET', 'k'],
        [2, 'SET', 'k', '2'],
      ],
    );
  });

  it('FLUSHDB and FLUSHALL send the null invalidation to every tracking client', async () => {
    await sameTracking(
      [3, 3, 2],
      [
        [0, 'CLIENT', 'TRACKING', 'ON'],
        [1, 'CLIENT', 'TRACKING', 'ON', 'BCAST'],
        [2, 'FLUSHDB'],
        [0, 'FLUSHALL'],
        [0, 'GET', 'k'],
        [2, 'SET', 'k', '1'],
      ],
    );
  });
});

describe('CLIENT TRACKING: BCAST', () => {
  it('prefixes: changed keys collected per prefix and sent after the batch, in byte order', async () => {
    await sameTracking(
      [3, 3, 2],
      [
        [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'user:', 'PREFIX', 'acct:'],
        [1, 'CLIENT', 'TRACKING', 'ON', 'BCAST'],
        [2, 'MSET', 'user:2', 'a', 'user:1', 'b', 'other', 'c', 'acct:9', 'd'],
        [2, 'SET', 'zzz', '1'],
        [0, 'SET', 'user:3', 'x'],
        [0, 'CLIENT', 'TRACKINGINFO'],
        [1, 'CLIENT', 'TRACKINGINFO'],
      ],
    );
  });

  it('BCAST with NOLOOP leaves out the keys the client changed itself', async () => {
    await sameTracking(
      [3, 2],
      [
        [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'NOLOOP'],
        [0, 'SET', 'mine', '1'],
        [1, 'SET', 'yours', '1'],
        [0, 'GET', 'x'],
      ],
    );
  });
});

describe('CLIENT TRACKING: scripts', () => {
  it("keys a script reads are tracked for its caller; EVAL_RO's KEYS alone are not", async () => {
    await sameTracking(
      [3, 2],
      [
        [0, 'CLIENT', 'TRACKING', 'ON'],
        [0, 'EVAL', "return redis.call('get', 'inside')", '0'],
        [0, 'EVAL_RO', "return redis.call('exists', KEYS[1])", '1', 'named'],
        [0, 'EVAL_RO', 'return 1', '1', 'unread'],
        [1, 'MSET', 'inside', '1', 'named', '1', 'unread', '1'],
      ],
    );
  });
});

describe('CLIENT TRACKING: expiry with NOLOOP', () => {
  it('a key its own read expires is still broadcast to a BCAST NOLOOP client', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('HELLO', '3');
      await c.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
      try {
        await c.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'NOLOOP');
        await c.call('SET', 'k', 'v', 'PX', '100');
        await t.pass(200);
        expect((await c.call('GET', 'k')).toString()).toBe('_\r\n');
        expect((await c.readReply()).toString()).toBe('>2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n');
      } finally {
        await c.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
      }
    });
  });
});

describe('CLIENT TRACKING: options and errors', () => {
  it('refusals, in Redis order', async () => {
    await sameTracking(
      [3],
      [
        [0, 'CLIENT', 'TRACKING'],
        [0, 'CLIENT', 'TRACKING', 'maybe'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'NOSUCH'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', 'x'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', '999999'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', '$0', 'REDIRECT', '$0'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'PREFIX', 'a'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'OPTIN'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'OPTIN', 'OPTOUT'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'ab', 'PREFIX', 'a'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'a\x00b', 'PREFIX', 'a'],
        [0, 'CLIENT', 'TRACKING', 'maybe', 'NOSUCH'],
        [0, 'CLIENT', 'CACHING', 'YES'],
        [0, 'CLIENT', 'GETREDIR'],
        [0, 'CLIENT', 'TRACKINGINFO'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'OPTIN'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'OPTOUT'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST'],
        [0, 'CLIENT', 'CACHING', 'NO'],
        [0, 'CLIENT', 'CACHING', 'maybe'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', '$0', 'NOLOOP'],
        [0, 'CLIENT', 'TRACKINGINFO'],
        [0, 'CLIENT', 'GETREDIR'],
        [0, 'CLIENT', 'TRACKING', 'OFF', 'BCAST'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'b', 'PREFIX', 'a'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'ax'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'c'],
        [0, 'CLIENT', 'TRACKINGINFO'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST'],
        [0, 'CLIENT', 'TRACKINGINFO'],
        [0, 'CLIENT', 'TRACKING', 'OFF'],
        [0, 'CLIENT', 'TRACKINGINFO'],
      ],
    );
  });

  it('RESP2 replies to TRACKINGINFO and GETREDIR', async () => {
    await sameTracking(
      [2],
      [
        [0, 'CLIENT', 'TRACKINGINFO'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'p'],
        [0, 'CLIENT', 'TRACKINGINFO'],
        [0, 'CLIENT', 'GETREDIR'],
      ],
    );
  });

  it('CLIENT LIST flags t, B, R and redir; INFO tracking counters; RESET turns tracking off', async () => {
    await both.each(async (t) => {
      const target = await t.raw();
      const targetId = (await target.call('CLIENT', 'ID')).toString().slice(1, -2);
      const c = await t.raw();
      await c.call('HELLO', '3');
      await c.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', targetId);
      await c.call('GET', 'k1');
      await c.call('GET', 'k2');
      const b = await t.raw();
      await b.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'x', 'PREFIX', 'y');
      expect((await c.call('CLIENT', 'INFO')).toString()).toMatch(
        new RegExp(` flags=t .* redir=${targetId} `),
      );
      expect((await b.call('CLIENT', 'INFO')).toString()).toMatch(/ flags=tB .* redir=0 /);
      const stats = (await b.call('INFO')).toString();
      expect(stats).toMatch(/tracking_clients:2\r\n/);
      expect(stats).toMatch(
        /tracking_total_keys:2\r\ntracking_total_items:2\r\ntracking_total_prefixes:2\r\n/,
      );
      target.close();
      await new Promise((r) => setTimeout(r, 50));
      await c.call('SET', 'k1', 'v'); // the redirect is gone: c is told, and flagged R
      expect((await c.readReply()).toString()).toBe(`>2\r\n$21\r\ntracking-redir-broken\r\n:${targetId}\r\n`);
      expect((await c.call('CLIENT', 'INFO')).toString()).toMatch(/ flags=tR /);
      expect((await b.call('RESET')).toString()).toBe('+RESET\r\n');
      expect((await b.call('CLIENT', 'TRACKINGINFO')).toString()).toBe(
        '*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n',
      );
      expect((await b.call('INFO')).toString()).toMatch(/tracking_clients:1\r\n/);
    });
  });

  it('the command table entries', async () => {
    await both.compare({ normalize: relax.unordered }, [
      'COMMAND',
      'INFO',
      'client|tracking',
      'client|caching',
      'client|getredir',
      'client|trackinginfo',
    ]);
  });
});

describe('tracking-table-max-keys', () => {
  it('over the limit, keys are dropped before the next command, each with an invalidation', async () => {
    await both.each(async (t) => {
      const admin = await t.raw();
      await admin.call('CONFIG', 'SET', 'tracking-table-max-keys', '1');
      try {
        const c = await t.raw();
        await c.call('HELLO', '3');
        await c.call('CLIENT', 'TRACKING', 'ON');
        expect(await c.callText('GET', 'a')).toBe('_\r\n');
        expect(await c.callText('GET', 'b')).toBe('_\r\n'); // now two keys: over the limit
        // Redis drops a random key; which one is the only thing left unchecked.
        const invalidate = /^>2\r\n\$10\r\ninvalidate\r\n\*1\r\n\$1\r\n([abc])\r\n$/;
        const first = invalidate.exec(await c.callText('GET', 'c'));
        expect(first?.[1]).toMatch(/^[ab]$/);
        expect((await c.readReply()).toString('latin1')).toBe('_\r\n');
        const second = invalidate.exec(await c.callText('PING'));
        expect(second?.[1]).not.toBe(first?.[1]);
        expect((await c.readReply()).toString('latin1')).toBe('+PONG\r\n');
        expect(await admin.callText('INFO', 'stats')).toMatch(/\r\ntracking_total_keys:1\r\n/);
      } finally {
        await admin.call('CONFIG', 'SET', 'tracking-table-max-keys', '1000000');
      }
    });
  });
});

describe('tracking-table-max-keys lowered while no command comes', () => {
  it('the periodic check drops keys over the limit, with their invalidations', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      const admin = await t.raw();
      await c.call('HELLO', '3');
      await c.call('CLIENT', 'TRACKING', 'ON');
      await c.call('MSET', 'key1{t}', '1', 'key2{t}', '2');
      await c.call('MGET', 'key1{t}', 'key2{t}');
      try {
        await admin.call('CONFIG', 'SET', 'tracking-table-max-keys', '1');
        // No command follows on any connection: Redis's serverCron (hz 10) does it.
        const push = (await c.readReply(2000)).toString('latin1');
        expect(push).toMatch(/^>2\r\n\$10\r\ninvalidate\r\n\*1\r\n\$7\r\nkey[12]\{t\}\r\n$/);
      } finally {
        await admin.call('CONFIG', 'SET', 'tracking-table-max-keys', '1000000');
      }
    });
  });
});

describe('CLIENT TRACKING and blocked clients', () => {
  it('a client woken by a push, whose BLMOVE changed a key it tracks: the invalidation follows the reply', async () => {
    await both.each(async (t) => {
      const rd = await t.raw();
      const r = await t.raw();
      await r.call('RPUSH', 'list2{t}', 'a');
      await rd.call('HELLO', '3');
      await rd.call('CLIENT', 'TRACKING', 'on');
      await rd.call('LRANGE', 'list2{t}', '0', '-1');
      send(rd, 'BLMOVE', 'list1{t}', 'list2{t}', 'LEFT', 'LEFT', '0');
      await waitBlocked(t, 1);
      await r.call('RPUSH', 'list1{t}', 'foo');
      expect((await rd.readReply()).toString('latin1')).toBe('$3\r\nfoo\r\n');
      expect((await rd.readReply()).toString('latin1')).toBe(
        '>2\r\n$10\r\ninvalidate\r\n*1\r\n$8\r\nlist2{t}\r\n',
      );
    });
  });
});
