// SLOWLOG, the latency monitor (LATENCY), LATENCY HISTOGRAM and INFO latencystats, against real
// Redis: what is logged, how it is trimmed and redacted, the replies' shapes and texts. Times,
// durations and ids are each server's own (relax.slowlog, relax.latencySamples).

import { afterEach, describe, expect, it } from 'vitest';
import {
  type LatencyHistogram,
  LatencyMonitor,
  latencyBuckets,
  latencyGraph,
  latencyPercentile,
  recordLatency,
} from '../../server/latency.js';
import { startServer } from '../../server/server.js';
import { send, waitBlocked } from '../support/blocked.js';
import { RawClient } from '../support/raw.js';
import { relax, useTargets } from '../support/targets.js';

const both = useTargets();
const text = (b: Buffer) => b.toString('latin1');

afterEach(async () => {
  await both.each(async (t) => {
    const c = await t.raw();
    await c.call('CONFIG', 'SET', 'slowlog-log-slower-than', '10000', 'slowlog-max-len', '128');
    await c.call('CONFIG', 'SET', 'latency-monitor-threshold', '0', 'latency-tracking', 'yes');
    await c.call('SLOWLOG', 'RESET');
    await c.call('LATENCY', 'RESET');
  });
});

describe('SLOWLOG', () => {
  it('logs every command at 0: newest first, client name, EXEC not but what it ran, scripts as ?:0', async () => {
    await both.compare(
      { normalize: relax.slowlog },
      ['CONFIG', 'SET', 'slowlog-log-slower-than', '0'],
      ['SLOWLOG', 'RESET'],
      ['CLIENT', 'SETNAME', 'logged'],
      ['SET', 'k', 'v'],
      ['GET', 'nokey'],
      ['MULTI'],
      ['INCR', 'n'],
      ['EXEC'],
      ['EVAL', "redis.call('set', 'from', 'script') return 1", '0'],
      ['NOSUCHCOMMAND'],
      ['GET'],
      ['SLOWLOG', 'LEN'],
      ['SLOWLOG', 'GET', '-1'],
    );
  });

  it('passwords are redacted: AUTH, HELLO AUTH, CONFIG SET of masterauth and requirepass', async () => {
    await both.compare(
      { normalize: (reply) => relax.slowlog(relax.helloId(reply)) },
      ['CONFIG', 'SET', 'slowlog-log-slower-than', '0'],
      ['SLOWLOG', 'RESET'],
      ['AUTH', 'secret'],
      ['AUTH', 'user', 'secret'],
      ['AUTH', 'a', 'b', 'c'],
      ['HELLO', '2', 'AUTH', 'default', 'secret'],
      ['HELLO', '4', 'AUTH', 'default', 'secret'],
      ['CONFIG', 'SET', 'masterauth', '', 'maxmemory-policy', 'noeviction'],
      ['CONFIG', 'SET', 'REQUIREPASS', ''],
      ['CONFIG', 'SET', 'masterauth'],
      ['SLOWLOG', 'GET', '-1'],
    );
  });

  it('keeps 32 arguments and 128 bytes of each', async () => {
    const many = Array.from({ length: 40 }, (_, i) => String(i));
    await both.compare(
      { normalize: relax.slowlog },
      ['CONFIG', 'SET', 'slowlog-log-slower-than', '0'],
      ['SLOWLOG', 'RESET'],
      ['SADD', 'set', ...many],
      ['SADD', 'set', ...many.slice(0, 30)],
      ['SADD', 'set', ...many.slice(0, 31)],
      ['SET', 'long', 'x'.repeat(128)],
      ['SET', 'long', 'y'.repeat(129)],
      ['SET', 'long', 'é'.repeat(300)],
      ['SLOWLOG', 'GET', '-1'],
    );
  });

  it('GET count, LEN, RESET, max-len trimming, off at -1, errors and HELP', async () => {
    await both.compare(
      { normalize: relax.slowlog },
      ['CONFIG', 'SET', 'slowlog-log-slower-than', '0'],
      ['SLOWLOG', 'RESET'],
      ['SET', 'a', '1'],
      ['SET', 'b', '2'],
      ['SET', 'c', '3'],
      ['SLOWLOG', 'GET'],
      ['SLOWLOG', 'GET', '0'],
      ['SLOWLOG', 'GET', '2'],
      ['SLOWLOG', 'GET', '-1'],
      ['SLOWLOG', 'GET', '-2'],
      ['SLOWLOG', 'GET', 'x'],
      ['SLOWLOG', 'GET', '99999999999999999999'],
      ['SLOWLOG', 'GET', '1', '2'],
      ['SLOWLOG', 'LEN', 'x'],
      ['SLOWLOG', 'RESET', 'x'],
      ['SLOWLOG', 'NOPE'],
      ['SLOWLOG'],
      ['SLOWLOG', 'HELP'],
      ['SLOWLOG', 'LEN'],
      ['CONFIG', 'SET', 'slowlog-max-len', '2'], // trimmed as this command completes
      ['SLOWLOG', 'LEN'],
      ['SLOWLOG', 'GET', '-1'],
      ['CONFIG', 'SET', 'slowlog-log-slower-than', '-1'],
      ['CONFIG', 'SET', 'slowlog-max-len', '1'], // off: nothing is logged, nor trimmed
      ['SLOWLOG', 'LEN'],
      ['PING'],
      ['SLOWLOG', 'LEN'],
      ['CONFIG', 'SET', 'slowlog-log-slower-than', '1000000'],
      ['SLOWLOG', 'LEN'],
    );
  });

  it('a blocking command is logged when served, not when it blocks or times out', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      const waiter = await t.raw();
      await c.call('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
      await c.call('SLOWLOG', 'RESET');
      expect(text(await waiter.call('BLPOP', 'gone', '0.01'))).toBe('*-1\r\n');
      send(waiter, 'BLPOP', 'list', '0');
      await waitBlocked(t, 1);
      await c.call('RPUSH', 'list', 'x');
      expect(text(await waiter.readReply())).toBe('*2\r\n$4\r\nlist\r\n$1\r\nx\r\n');
      const log = relax.slowlog(text(await c.call('SLOWLOG', 'GET', '-1')));
      const logged = [...log.matchAll(/:<usec>\r\n\*\d+\r\n((?:\$\d+\r\n[^\r]*\r\n)+?)\$<addr>/g)].map((m) =>
        m[1]
          .replace(/\$\d+\r\n/g, '')
          .trim()
          .split('\r\n')
          .join(' '),
      );
      // waitBlocked asks Redis with INFO clients, from another connection.
      const commands = logged.filter((command) => command !== 'INFO clients');
      // The served BLPOP completes after the RPUSH that served it; the timed-out one is not there.
      expect(commands, log).toEqual(['BLPOP list 0', 'RPUSH list x', 'SLOWLOG RESET']);
    });
  });

  it('entries carry the server clock and the client address (respite)', async () => {
    const s = await startServer({ clock: 'frozen', config: { 'slowlog-log-slower-than': '0' } });
    try {
      s.clock.set(1_700_000_000_500);
      const c = await RawClient.connect(s.port);
      await c.call('PING');
      const reply = text(await c.call('SLOWLOG', 'GET', '1'));
      const addr = [...s.server.clients.values()][0].addr;
      expect(reply).toMatch(
        new RegExp(
          `^\\*1\\r\\n\\*6\\r\\n:0\\r\\n:1700000000\\r\\n:\\d+\\r\\n\\*1\\r\\n\\$4\\r\\nPING\\r\\n\\$${addr.length}\\r\\n${addr}\\r\\n\\$0\\r\\n\\r\\n$`,
        ),
      );
      c.close();
    } finally {
      await s.close();
    }
  });
});

describe('LATENCY', () => {
  it('the monitor: a slow command is an event; LATEST, HISTORY, GRAPH, DOCTOR, RESET', async () => {
    await both.compare(
      { normalize: relax.latencySamples(200) },
      ['LATENCY', 'RESET'],
      ['LATENCY', 'DOCTOR'],
      ['LATENCY', 'LATEST'],
      ['CONFIG', 'SET', 'latency-monitor-threshold', '100'],
      ['LATENCY', 'DOCTOR'],
      ['PING'],
      ['DEBUG', 'SLEEP', '0.2'],
      ['LATENCY', 'LATEST'],
      ['LATENCY', 'HISTORY', 'command'],
      ['LATENCY', 'HISTORY', 'COMMAND'],
      ['LATENCY', 'HISTORY', 'fast-command'],
      ['LATENCY', 'GRAPH', 'command'],
      ['LATENCY', 'GRAPH', 'nothing'],
      ['LATENCY', 'DOCTOR'],
      ['CONFIG', 'SET', 'slowlog-log-slower-than', '-1'],
      ['LATENCY', 'DOCTOR'],
      ['CONFIG', 'SET', 'slowlog-log-slower-than', '10000000'],
      ['LATENCY', 'DOCTOR'],
      ['LATENCY', 'RESET', 'nothing', 'COMMAND'],
      ['LATENCY', 'LATEST'],
      ['LATENCY', 'RESET'],
      ['LATENCY', 'HELP'],
      ['LATENCY', 'NOPE'],
      ['LATENCY'],
      ['LATENCY', 'HISTORY'],
      ['LATENCY', 'LATEST', 'x'],
    );
  });

  it('DOCTOR and GRAPH in RESP3 are verbatim text', async () => {
    await both.compare(
      { proto: 3, normalize: relax.latencySamples(200) },
      ['CONFIG', 'SET', 'latency-monitor-threshold', '100'],
      ['DEBUG', 'SLEEP', '0.2'],
      ['LATENCY', 'GRAPH', 'command'],
      ['LATENCY', 'DOCTOR'],
    );
  });

  it('GRAPH draws the samples of each second, labelled by age (respite, clock moved)', async () => {
    // Worked by hand from Redis's sparkline.c: 100, 200 and 300 ms span 12 steps over 4 rows of
    // "_o#"; each label is written downwards below a blank row.
    const monitor = new LatencyMonitor();
    monitor.add('command', 100, 1000);
    monitor.add('command', 200, 1001);
    monitor.add('command', 150, 1001); // the same second keeps the worst
    monitor.add('command', 300, 1002);
    const ts = monitor.events.get('command')!;
    expect(latencyGraph('command', ts, 1002)).toBe(
      `command - high 300 ms, low 100 ms (all time high 300 ms)\n${'-'.repeat(80)}\n  #\n _|\n ||\n_||\n   \n210\nsss\n`,
    );
  });
});

describe('latency histograms', () => {
  it('LATENCY HISTOGRAM: calls and cumulative buckets per command, subcommands by container|name', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('CONFIG', 'RESETSTAT');
      for (let i = 0; i < 5; i++) await c.call('SET', 'k', String(i));
      await c.call('CONFIG', 'GET', 'hz');
      const shape = (reply: string) =>
        reply.replace(
          /\$14\r\nhistogram_usec\r\n%(\d+)\r\n((?::\d+\r\n:\d+\r\n)+)/g,
          (_, n, pairs: string) => {
            // Bucket bounds come from hdr's log iteration; counts grow to the calls.
            const nums = pairs
              .split('\r\n')
              .filter(Boolean)
              .map((x) => Number(x.slice(1)));
            const bounds = nums.filter((_, i) => i % 2 === 0);
            const counts = nums.filter((_, i) => i % 2 === 1);
            for (const b of bounds)
              expect([1, 2, 4, 8, 16, 33, 66, 132, 264, 528, 1056, 2113, 4227, 8454]).toContain(b);
            expect(counts).toEqual([...counts].sort((a, b) => a - b));
            expect(Number(n)).toBe(bounds.length);
            return `histogram:${counts.at(-1)}`;
          },
        );
      const hello = await t.raw();
      await hello.call('HELLO', '3');
      expect(shape(text(await hello.call('LATENCY', 'HISTOGRAM', 'set')))).toBe(
        '%1\r\n$3\r\nset\r\n%2\r\n$5\r\ncalls\r\n:5\r\nhistogram:5',
      );
      expect(
        shape(text(await hello.call('LATENCY', 'HISTOGRAM', 'CONFIG|GET', 'nosuch', 'get|x', 'a|b|c'))),
      ).toBe('%1\r\n$10\r\nconfig|get\r\n%2\r\n$5\r\ncalls\r\n:1\r\nhistogram:1');
      // A container gives each of its subcommands that ran since RESETSTAT (a map: flat in RESP2).
      const containers = shape(text(await c.call('LATENCY', 'HISTOGRAM', 'config')));
      expect(containers).toMatch(/^\*4\r\n/);
      expect([...containers.matchAll(/\$\d+\r\n(config\|\w+)\r\n/g)].map((m) => m[1]).sort()).toEqual([
        'config|get',
        'config|resetstat',
      ]);
      await c.call('CONFIG', 'SET', 'latency-tracking', 'no');
      await c.call('CONFIG', 'RESETSTAT');
      await c.call('SET', 'k', 'v');
      expect(text(await c.call('LATENCY', 'HISTOGRAM', 'set'))).toBe('*0\r\n');
    });
  });

  it('INFO latencystats: a line per command with the configured percentiles, none when tracking is off', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('CONFIG', 'RESETSTAT');
      await c.call('SET', 'k', 'v');
      await c.call('CONFIG', 'SET', 'latency-tracking-info-percentiles', '0 50 99.99 100');
      const info = text(await c.call('INFO', 'latencystats'));
      const lines = info.split('\r\n').filter((l) => l.startsWith('latency_'));
      expect(lines, info).toHaveLength(3);
      for (const line of lines)
        expect(line).toMatch(
          /^latency_percentiles_usec_(set|config\|resetstat|config\|set):p0=\d+\.\d{3},p50=\d+\.\d{3},p99\.99=\d+\.\d{3},p100=\d+\.\d{3}$/,
        );
      await c.call(
        'CONFIG',
        'SET',
        'latency-tracking-info-percentiles',
        '50 99 99.9',
        'latency-tracking',
        'no',
      );
      expect(text(await c.call('INFO', 'latencystats'))).toMatch(/^\$\d+\r\n# Latencystats\r\n\r\n$/);
    });
  });

  it("hdr_histogram's buckets and percentiles, worked by hand", () => {
    const h: LatencyHistogram = { counts: new Float64Array(3072), total: 0 };
    for (const usec of [1, 1, 1, 5, 100]) recordLatency(h, usec);
    // 1 µs is 1000 ns, counted at 1000..1003 ns; 100 µs at 99840..100351 ns.
    expect(latencyPercentile(h, 50) / 1000).toBe(1.003);
    expect(latencyPercentile(h, 0) / 1000).toBe(1);
    expect(latencyPercentile(h, 99.9) / 1000).toBe(100.351);
    // Reporting levels 1024 * 2^k ns, each up to its highest equivalent value (1031 ns is "1").
    expect(latencyBuckets(h)).toEqual([
      [1, 3],
      [8, 4],
      [132, 5],
    ]);
    // A zero-length call counts as 1 ns; over a second counts as a second, which no level reaches.
    recordLatency(h, 0);
    recordLatency(h, 5_000_000);
    expect(latencyBuckets(h).at(0)).toEqual([1, 4]);
    expect(latencyBuckets(h).at(-1)).toEqual([132, 6]);
  });
});
