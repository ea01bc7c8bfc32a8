// One virtual clock for all time. The scenarios run on both targets: respite's clock is advanced
// (t.pass), real Redis really waits, and both must end the same way, which shows that what the clock
// makes happen is what time makes happen in Redis. Then respite-only checks of the order in which an
// advance fires things, shared and frozen clocks, and every reader of time following the clock.

import { afterEach, describe, expect, it } from 'vitest';
import { Clock } from '../../server/clock.js';
import { type RunningServer, startServer } from '../../server/server.js';
import { RawClient } from '../support/raw.js';
import { useTargets } from '../support/targets.js';

const both = useTargets();
const text = (b: Buffer) => b.toString('latin1');

describe('time passing: the clock-driven result is Redis’s', () => {
  it('keys expire actively in deadline order, each with its expired event, untouched by any client', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      const sub = await t.raw();
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', 'Ex');
      await sub.call('SUBSCRIBE', '__keyevent@0__:expired');
      await c.call('SET', 'late', '1', 'PX', '300');
      await c.call('SET', 'early', '1', 'PX', '50');
      await c.call('SET', 'stays', '1');
      await t.pass(450); // Redis's active cycle (hz 10) finds each within ~100 ms of its deadline
      const first = text(await sub.readReply());
      const second = text(await sub.readReply());
      expect([first, second]).toEqual([
        '*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:expired\r\n$5\r\nearly\r\n',
        '*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:expired\r\n$4\r\nlate\r\n',
      ]);
      // Expired by the active cycle, not by a lookup: DBSIZE does not look keys up.
      expect(text(await c.call('DBSIZE'))).toBe(':1\r\n');
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', '');
    });
  });

  it('PTTL and TTL count down with the clock, and a key is gone at its deadline', async () => {
    await both.each(async (t) => {
      const c = t.ioredis();
      await c.set('k', 'v', 'PX', 1000);
      await t.pass(300);
      const pttl = await c.pttl('k');
      expect(pttl).toBeGreaterThan(600);
      expect(pttl).toBeLessThanOrEqual(700);
      expect(await c.ttl('k')).toBe(1); // rounded, as Redis rounds (ms + 500) / 1000
      await t.pass(750);
      expect(await c.get('k')).toBeNull();
      expect(await c.pttl('k')).toBe(-2);
    });
  });

  it('blocking commands time out after their timeout and not before', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      const other = await t.raw();
      c.write('*3\r\n$5\r\nBLPOP\r\n$4\r\nlist\r\n$3\r\n0.2\r\n');
      c.write('*4\r\n$8\r\nBZPOPMIN\r\n$1\r\nz\r\n$1\r\ny\r\n$3\r\n0.2\r\n');
      await t.pass(50);
      // Not timed out yet: a push now serves the waiter.
      await other.call('RPUSH', 'list', 'a');
      expect(text(await c.readReply())).toBe('*2\r\n$4\r\nlist\r\n$1\r\na\r\n');
      await t.pass(350);
      expect(text(await c.readReply())).toBe('*-1\r\n');
    });
  });

  it('TIME moves with the clock', async () => {
    await both.each(async (t) => {
      const c = t.ioredis();
      const [s1, us1] = await c.time();
      await t.pass(200);
      const [s2, us2] = await c.time();
      const elapsed = (Number(s2) - Number(s1)) * 1000 + (Number(us2) - Number(us1)) / 1000;
      expect(elapsed).toBeGreaterThanOrEqual(200);
      expect(elapsed).toBeLessThan(400);
    });
  });

  it('OBJECT IDLETIME of a collection counts whole seconds of clock time since its last access', async () => {
    await both.each(async (t) => {
      const c = t.ioredis();
      await c.rpush('l', 'a');
      await t.pass(1100);
      const idle = Number(await c.object('IDLETIME', 'l'));
      expect(idle).toBeGreaterThanOrEqual(1);
      expect(idle).toBeLessThanOrEqual(2);
      await c.lrange('l', 0, -1); // an access resets it
      expect(Number(await c.object('IDLETIME', 'l'))).toBe(0);
    });
  });

  it('EXPIREAT and PEXPIREAT compare with the clock: a past time deletes at once', async () => {
    await both.each(async (t) => {
      const c = t.ioredis();
      const [s] = await c.time();
      await c.set('a', '1');
      await c.set('b', '1');
      expect(await c.expireat('a', Number(s) - 1)).toBe(1);
      expect(await c.exists('a')).toBe(0);
      expect(await c.pexpireat('b', Number(s) * 1000 + 5000)).toBe(1);
      const left = await c.pttl('b');
      expect(left).toBeGreaterThan(3000);
      expect(left).toBeLessThanOrEqual(5000);
    });
  });
});

// ---- respite only ----------------------------------------------------------------------------------

/** Wait (real time, briefly) until `cond` holds: for a command sent without waiting for its reply. */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

/** How many clients are blocked on `s`. */
function blockedCount(s: RunningServer): number {
  return [...s.server.clients.values()].filter((c) => c.blocked !== null).length;
}

const servers: RunningServer[] = [];
async function start(options: Parameters<typeof startServer>[0] = {}): Promise<RunningServer> {
  const s = await startServer(options);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('advance fires what falls due in time order', () => {
  it('a timer between two expiries sees the first key gone and the second still there', async () => {
    const s = await start({ clock: 'frozen' });
    const c = await RawClient.connect(s.port);
    const t0 = s.clock.now();
    await c.call('SET', 'k10', 'v', 'PX', '10');
    await c.call('SET', 'k30', 'v', 'PX', '30');
    const seen: string[] = [];
    s.clock.at(t0 + 20, () => seen.push(`at ${s.clock.now() - t0}: ${s.db().keys().join(',')}`));
    s.clock.at(t0 + 30, () => seen.push(`at ${s.clock.now() - t0}: ${s.server.dbs[0].size}`));
    s.clock.advance(100);
    // At +30 the key due at +30 expired first (expirations before timers at equal times).
    expect(seen).toEqual(['at 20: k30', 'at 30: 0']);
    expect(s.clock.now()).toBe(t0 + 100);
    c.close();
  });

  it('expired notifications and a blocking timeout come in deadline order, each at its own time', async () => {
    const s = await start({ clock: 'frozen', config: { 'notify-keyspace-events': 'Ex' } });
    const sub = await RawClient.connect(s.port);
    await sub.call('SUBSCRIBE', '__keyevent@0__:expired');
    const c = await RawClient.connect(s.port);
    const blocked = await RawClient.connect(s.port);
    await c.call('SET', 'a', '1', 'PX', '100');
    await c.call('SET', 'b', '1', 'PX', '300');
    blocked.write('*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$3\r\n0.2\r\n');
    await until(() => blockedCount(s) === 1);
    const t0 = s.clock.now();
    const order: string[] = [];
    s.clock.at(t0 + 199, () => order.push(`199: ${s.db().keys().join(',')}`));
    s.clock.at(t0 + 201, () => order.push(`201: blocked=${blockedCount(s)}`));
    s.clock.advance(1000);
    expect(order).toEqual(['199: b', '201: blocked=0']);
    expect(text(await blocked.readReply())).toBe('*-1\r\n');
    expect(text(await sub.readReply())).toContain('$1\r\na\r\n');
    expect(text(await sub.readReply())).toContain('$1\r\nb\r\n');
    for (const x of [sub, c, blocked]) x.close();
  });

  it('DEBUG SET-ACTIVE-EXPIRE 0 keeps keys past their deadline until touched, as in Redis', async () => {
    const s = await start({ clock: 'frozen', config: { 'enable-debug-command': 'yes' } });
    const c = await RawClient.connect(s.port);
    await c.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    await c.call('SET', 'k', 'v', 'PX', '10');
    s.clock.advance(50);
    expect(s.server.dbs[0].size).toBe(1);
    expect(text(await c.call('GET', 'k'))).toBe('$-1\r\n');
    expect(s.server.dbs[0].size).toBe(0);
    c.close();
  });

  it('moving the clock back fires nothing, and keys keep their absolute deadlines', async () => {
    const s = await start({ clock: 'frozen' });
    const c = await RawClient.connect(s.port);
    await c.call('SET', 'k', 'v', 'PX', '1000');
    s.clock.set(s.clock.now() - 60_000);
    expect(text(await c.call('PTTL', 'k'))).toBe(':61000\r\n');
    c.close();
  });
});

describe('clock options', () => {
  it("clock: 'frozen' starts frozen at the current time", async () => {
    const s = await start({ clock: 'frozen' });
    expect(s.clock.frozen).toBe(true);
    expect(Math.abs(s.clock.now() - Date.now())).toBeLessThan(1000);
  });

  it('a Clock frozen at a chosen time: TIME says so', async () => {
    const clock = new Clock({ frozenAt: Date.UTC(2030, 0, 1) });
    const s = await start({ clock });
    const c = await RawClient.connect(s.port);
    expect(text(await c.call('TIME'))).toBe(`*2\r\n$10\r\n${Date.UTC(2030, 0, 1) / 1000}\r\n$1\r\n0\r\n`);
    c.close();
  });

  it('one clock shared by two servers advances both; closing one leaves the other’s timers alone', async () => {
    const clock = new Clock();
    clock.freeze();
    const a = await start({ clock });
    const b = await start({ clock });
    const ca = await RawClient.connect(a.port);
    const cb = await RawClient.connect(b.port);
    await ca.call('SET', 'k', 'v', 'PX', '100');
    await cb.call('SET', 'k', 'v', 'PX', '100');
    cb.write('*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n1\r\n');
    await until(() => blockedCount(b) === 1);
    await a.close();
    servers.splice(servers.indexOf(a), 1);
    clock.advance(200);
    expect(b.server.dbs[0].size).toBe(0);
    clock.advance(1000);
    expect(text(await cb.readReply())).toBe('*-1\r\n');
    ca.close();
    cb.close();
  });
});

describe('everything that reads time follows the clock', () => {
  it('TTL family, OBJECT IDLETIME, TIME, LASTSAVE and CLIENT LIST age move only with the clock', async () => {
    const s = await start({ clock: 'frozen' });
    const c = await RawClient.connect(s.port);
    await c.call('SET', 'k', 'v', 'EX', '100');
    await c.call('RPUSH', 'l', 'a');
    await c.call('SAVE');
    const before = {
      time: text(await c.call('TIME')),
      lastsave: text(await c.call('LASTSAVE')),
      expiretime: text(await c.call('EXPIRETIME', 'k')),
    };
    await new Promise((r) => setTimeout(r, 30)); // real time passes; server time does not
    expect(text(await c.call('PTTL', 'k'))).toBe(':100000\r\n');
    expect(text(await c.call('TIME'))).toBe(before.time);
    s.clock.advance(61_000);
    expect(text(await c.call('PTTL', 'k'))).toBe(':39000\r\n');
    expect(text(await c.call('TTL', 'k'))).toBe(':39\r\n');
    expect(text(await c.call('EXPIRETIME', 'k'))).toBe(before.expiretime);
    expect(text(await c.call('OBJECT', 'IDLETIME', 'l'))).toBe(':61\r\n');
    expect(text(await c.call('LASTSAVE'))).toBe(before.lastsave);
    const [sec] = before.time.split('\r\n').filter((x) => /^\d+$/.test(x));
    expect(text(await c.call('TIME'))).toContain(`$10\r\n${Number(sec) + 61}\r\n`);
    expect(text(await c.call('CLIENT', 'INFO'))).toMatch(/ age=61 idle=0 /);
    s.clock.advance(40_000);
    expect(text(await c.call('EXISTS', 'k'))).toBe(':0\r\n');
    c.close();
  });

  it('XREAD BLOCK and XREADGROUP BLOCK time out on the clock (when streams exist)', async () => {
    const s = await start({ clock: 'frozen' });
    const c = await RawClient.connect(s.port);
    if (text(await c.call('XADD', 's', '1-1', 'f', 'v')).startsWith('-ERR unknown command')) return c.close();
    await c.call('XGROUP', 'CREATE', 's', 'g', '$');
    c.write('*6\r\n$5\r\nXREAD\r\n$5\r\nBLOCK\r\n$4\r\n5000\r\n$7\r\nSTREAMS\r\n$1\r\ns\r\n$1\r\n$\r\n');
    const g = await RawClient.connect(s.port);
    g.write(
      '*9\r\n$10\r\nXREADGROUP\r\n$5\r\nGROUP\r\n$1\r\ng\r\n$1\r\nc\r\n$5\r\nBLOCK\r\n$4\r\n3000\r\n$7\r\nSTREAMS\r\n$1\r\ns\r\n$1\r\n>\r\n',
    );
    await until(() => blockedCount(s) === 2);
    s.clock.advance(4000);
    expect(text(await g.readReply())).toMatch(/^\*-1\r\n$/);
    s.clock.advance(1000);
    expect(text(await c.readReply())).toMatch(/^\*-1\r\n$/);
    c.close();
    g.close();
  });

  it('stream idle times and XAUTOCLAIM min-idle-time follow the clock', async () => {
    const s = await start({ clock: 'frozen' });
    const c = await RawClient.connect(s.port);
    await c.call('XADD', 's', '1-1', 'f', 'v');
    await c.call('XGROUP', 'CREATE', 's', 'g', '0');
    await c.call('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    s.clock.advance(4999);
    expect(text(await c.call('XAUTOCLAIM', 's', 'g', 'bob', '5000', '0'))).toBe(
      '*3\r\n$3\r\n0-0\r\n*0\r\n*0\r\n',
    );
    s.clock.advance(1);
    expect(text(await c.call('XPENDING', 's', 'g', '-', '+', '10'))).toBe(
      '*1\r\n*4\r\n$3\r\n1-1\r\n$5\r\nalice\r\n:5000\r\n:1\r\n',
    );
    expect(text(await c.call('XAUTOCLAIM', 's', 'g', 'bob', '5000', '0', 'JUSTID'))).toBe(
      '*3\r\n$3\r\n0-0\r\n*1\r\n$3\r\n1-1\r\n*0\r\n',
    );
    c.close();
  });

  it('TIME inside a Lua script is the clock’s (when scripting exists)', async () => {
    const s = await start({ clock: new Clock({ frozenAt: Date.UTC(2031, 5, 1) }) });
    const c = await RawClient.connect(s.port);
    const reply = text(await c.call('EVAL', "return redis.call('TIME')[1]", '0'));
    if (reply.startsWith('-ERR unknown command')) return c.close();
    expect(reply).toBe(`$10\r\n${Date.UTC(2031, 5, 1) / 1000}\r\n`);
    c.close();
  });
});
