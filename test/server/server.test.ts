// Server commands against real Redis: COMMAND (checked for every command the table holds), INFO,
// CONFIG, DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, LASTSAVE, SAVE, BGSAVE, WAIT, ROLE, SHUTDOWN's
// refusals, DEBUG and MONITOR.

import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../server/commands/table.js';
import * as E from '../../server/errors.js';
import { startServer } from '../../server/server.js';
import { RawClient, replyEnd } from '../support/raw.js';
import { relax, type Target, useTargets } from '../support/targets.js';

const both = useTargets();

/** The top-level elements of an array reply, as raw bytes. */
function items(reply: string | Buffer): string[] {
  const buf = typeof reply === 'string' ? Buffer.from(reply, 'latin1') : reply;
  const out: string[] = [];
  let at = buf.indexOf('\r\n') + 2;
  while (at < buf.length) {
    const end = replyEnd(buf, at);
    out.push(buf.latin1Slice(at, end));
    at = end;
  }
  return out;
}

/** A bulk string's content. */
function bulk(reply: string): string {
  return reply.slice(reply.indexOf('\r\n') + 2, -2);
}

/** Every command and subcommand name in respite's table. */
function tableNames(): string[] {
  const names: string[] = [];
  for (const cmd of COMMANDS.values()) {
    names.push(cmd.fullname);
    for (const sub of cmd.subs?.values() ?? []) names.push(sub.fullname);
  }
  return names;
}

/** Subcommands respite answers beyond Redis 7.0.15 (7.2's, which clients send on connect). */
const NEWER_THAN_7_0 = new Set(['client|setinfo', 'client|no-touch']);

/** respite's own admin command (commands/respite.ts), which Redis does not have. */
const respiteOnly = (name: string) => name === 'respite' || name.startsWith('respite|');

/**
 * Table entries of other families that differ from Redis 7.0, reported to their owners. They are
 * still checked: once fixed, the test fails until they are taken off the list, so it cannot go stale.
 */
const KNOWN_INFO_DIFFERENCES = new Set<string>([]);
const KNOWN_DOCS_DIFFERENCES = new Set<string>([]);

/** No differences but the known ones, and every known one still there. */
function expectOnlyKnown(differences: Map<string, string>, known: Set<string>): void {
  const unknown = [...differences].filter(([k]) => !known.has(k)).map(([, v]) => v);
  expect(unknown.join('\n')).toBe('');
  for (const k of known)
    expect(differences.has(k), `${k} now matches Redis: take it off the list`).toBe(true);
}

describe('COMMAND INFO', () => {
  it('name, arity, flags, key positions and ACL categories match Redis for every command in the table', async () => {
    const names = tableNames().filter((n) => !NEWER_THAN_7_0.has(n) && !respiteOnly(n));
    const [respite, redis] = await Promise.all(
      both.list.map(async (t) => {
        const c = await t.raw();
        return items(await c.call('COMMAND', 'INFO', ...names));
      }),
    );
    if (!redis) return;
    const differences = new Map<string, string>();
    names.forEach((name, i) => {
      const ours = items(respite[i]).slice(0, 7).join('');
      const theirs = redis[i] === '$-1\r\n' ? redis[i] : items(redis[i]).slice(0, 7).join('');
      if (ours !== theirs)
        differences.set(
          name,
          `${name}:\n  respite ${JSON.stringify(ours)}\n  redis   ${JSON.stringify(theirs)}`,
        );
    });
    expectOnlyKnown(differences, KNOWN_INFO_DIFFERENCES);
  });

  it('the subcommands of a container are the ones Redis has', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      for (const cmd of COMMANDS.values()) {
        if (!cmd.subs || respiteOnly(cmd.name)) continue; // hidden unless enabled: see test/testing
        const entry = items(items(await c.call('COMMAND', 'INFO', cmd.name))[0]);
        const subs = items(entry[9]).map((e) => bulk(items(e)[0]));
        if (t.kind === 'respite')
          expect(subs.sort()).toEqual([...cmd.subs.values()].map((s) => s.fullname).sort());
        else
          for (const s of cmd.subs.values())
            if (!NEWER_THAN_7_0.has(s.fullname)) expect(subs).toContain(s.fullname);
      }
    });
  });

  it('the server family and CLIENT match Redis entirely (fields 1 to 7, in RESP2 and RESP3)', async () => {
    const mine = ['command', 'info', 'dbsize', 'flushdb', 'flushall', 'swapdb', 'time', 'lastsave', 'save'];
    const more = [
      'bgsave',
      'wait',
      'debug',
      'monitor',
      'config|get',
      'config|set',
      'client|list',
      'client|id',
    ];
    for (const proto of [2, 3] as const) {
      await both.compare(
        {
          proto,
          normalize: (r) =>
            items(r)
              .map((e) => (e.startsWith('*') || e.startsWith('$-') ? items(e).slice(0, 7).join('') : e))
              .join('|'),
        },
        ['COMMAND', 'INFO', ...mine, ...more],
      );
    }
  });

  it('unknown names are nulls; subcommands are found by container|name', async () => {
    await both.same(
      ['COMMAND', 'INFO', 'nosuch'],
      ['COMMAND', 'INFO', 'get|x'],
      ['COMMAND', 'INFO', 'client|nosuch'],
      ['COMMAND', 'INFO', 'a|b|c'],
    );
    await both.compare({ proto: 3 }, ['COMMAND', 'INFO', 'nosuch']);
    const [reply] = await both.compare({ normalize: (r) => items(items(r)[0]).slice(0, 7).join('') }, [
      'COMMAND',
      'INFO',
      'CLIENT|ID',
    ]);
    expect(reply).toContain('client|id');
  });

  it('COMMAND alone and COMMAND INFO without names list every command once', async () => {
    await both.each(async (t) => {
      if (t.kind !== 'respite') return;
      const c = await t.raw();
      const count = Number((await c.callText('COMMAND', 'COUNT')).slice(1, -2));
      const listed = [...COMMANDS.keys()].filter((name) => !respiteOnly(name));
      expect(count).toBe(listed.length);
      for (const reply of [await c.call('COMMAND'), await c.call('COMMAND', 'INFO')]) {
        const names = items(reply).map((e) => bulk(items(e)[0]));
        expect(names.sort()).toEqual(listed.sort());
      }
    });
  });

  it('key specs follow the key positions', async () => {
    const c = await both.respite.raw();
    const entry = items(items(await c.call('COMMAND', 'INFO', 'get'))[0]);
    expect(entry[8]).toBe(
      '*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n',
    );
  });
});

describe('COMMAND subcommands', () => {
  it('COMMAND GETKEYS', async () => {
    const cases: string[][] = [
      ['GET', 'a'],
      ['SET', 'k', 'v', 'EX', '10'],
      ['GET'],
      ['GET', 'a', 'b'],
      ['PING'],
      ['NOSUCH', 'a'],
      ['CLIENT', 'LIST'],
      ['CLIENT', 'NOSUCH'],
      ['CONFIG', 'GET', 'x'],
      ['COMMAND', 'INFO'],
    ];
    for (const cmd of ['mget', 'mset', 'del', 'exists', 'bitop', 'rename', 'copy', 'touch', 'unlink']) {
      if (!COMMANDS.has(cmd)) continue;
      const args =
        cmd === 'bitop' ? ['AND', 'd', 'a', 'b'] : cmd === 'mset' ? ['a', '1', 'b', '2'] : ['a', 'b'];
      cases.push([cmd.toUpperCase(), ...args], [cmd.toUpperCase()]);
    }
    await both.same(
      ...cases
        .filter((c) => c.length === 0 || COMMANDS.has(c[0].toLowerCase()) || c[0] === 'NOSUCH')
        .map((c) => ['COMMAND', 'GETKEYS', ...c]),
    );
    await both.same(
      ['COMMAND', 'GETKEYS'],
      ['COMMAND', 'GETKEYS', 'GET'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'GET', 'a'],
    );
    await both.compare({ proto: 3 }, ['COMMAND', 'GETKEYSANDFLAGS', 'GET', 'a']);
  });

  it('COMMAND DOCS: summary, since, group and complexity as Redis has them, subcommands keyed container|name', async () => {
    const names = tableNames().filter((n) => !NEWER_THAN_7_0.has(n) && !respiteOnly(n));
    const docs = await Promise.all(
      both.list.map(async (t) => {
        const c = await t.raw();
        const pairs = items(await c.call('COMMAND', 'DOCS', ...names));
        const byName = new Map<string, Map<string, string>>();
        for (let i = 0; i < pairs.length; i += 2) {
          const fields = items(pairs[i + 1]);
          const m = new Map<string, string>();
          for (let j = 0; j < fields.length; j += 2) m.set(bulk(fields[j]), fields[j + 1]);
          byName.set(bulk(pairs[i]), m);
        }
        return byName;
      }),
    );
    for (const name of names) expect(docs[0].has(name), name).toBe(true);
    if (docs.length < 2) return;
    const differences = new Map<string, string>();
    for (const name of names) {
      for (const field of ['summary', 'since', 'group', 'complexity']) {
        const ours = docs[0].get(name)?.get(field);
        const theirs = docs[1].get(name)?.get(field);
        if (ours !== theirs)
          differences.set(`${name} ${field}`, `${name} ${field}: respite ${ours} redis ${theirs}`);
      }
    }
    expectOnlyKnown(differences, KNOWN_DOCS_DIFFERENCES);
    await both.same(['COMMAND', 'DOCS', 'nosuch'], ['COMMAND', 'DOCS', 'dbsize', 'nosuch', 'time']);
    await both.compare({ proto: 3 }, ['COMMAND', 'DOCS', 'dbsize', 'nosuch']);
  });

  it('COMMAND DOCS of the server family is Redis 7.0 word for word, bar the arguments', async () => {
    const withoutArguments = (reply: string) =>
      items(reply)
        .map((e) => (e.startsWith('*') || e.startsWith('%') ? withoutArgs(e) : e))
        .join('|');
    const withoutArgs = (map: string): string => {
      const f = items(map);
      const kept: string[] = [];
      for (let i = 0; i < f.length; i += 2) {
        if (bulk(f[i]) === 'arguments' || bulk(f[i]) === 'history' || bulk(f[i]) === 'doc_flags') continue;
        kept.push(f[i], bulk(f[i]) === 'subcommands' ? withoutArguments(f[i + 1]) : f[i + 1]);
      }
      return kept.join('');
    };
    await both.compare(
      { normalize: withoutArguments },
      ['COMMAND', 'DOCS', 'info', 'dbsize', 'flushdb', 'flushall', 'swapdb', 'time', 'lastsave', 'save'],
      ['COMMAND', 'DOCS', 'bgsave', 'wait', 'debug', 'monitor', 'command|info', 'config|get', 'config|set'],
      [
        'COMMAND',
        'DOCS',
        'command|count',
        'command|getkeys',
        'command|list',
        'command|docs',
        'config|rewrite',
      ],
    );
  });

  it('COMMAND LIST lists every command and subcommand; filters and their errors', async () => {
    await both.same(
      ['COMMAND', 'LIST', 'foo'],
      ['COMMAND', 'LIST', 'FILTERBY'],
      ['COMMAND', 'LIST', 'FILTERBY', 'foo', 'x'],
      ['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'x', 'y'],
      ['COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'x'],
      ['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'nosuch'],
      ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'nosuch*'],
    );
    await both.each(async (t) => {
      const c = await t.raw();
      const all = items(await c.call('COMMAND', 'LIST')).map(bulk);
      for (const name of tableNames())
        if (!respiteOnly(name) && (t.kind === 'respite' || !NEWER_THAN_7_0.has(name)))
          expect(all).toContain(name);
      const lists = async (...filter: string[]) =>
        items(await c.call('COMMAND', 'LIST', 'FILTERBY', ...filter)).map(bulk);
      const clients = await lists('PATTERN', 'CLIENT*');
      expect(clients).toContain('client');
      expect(clients).toContain('client|list');
      expect(clients.every((n) => n.startsWith('client'))).toBe(true);
      const dangerous = await lists('ACLCAT', 'Dangerous');
      expect(dangerous).toContain('flushall');
      expect(dangerous).toContain('config|set');
      expect(dangerous).not.toContain('get');
    });
  });

  it('COMMAND HELP, COMMAND COUNT arity, unknown subcommands', async () => {
    await both.same(
      ['COMMAND', 'HELP'],
      ['command', 'help'],
      ['COMMAND', 'HELP', 'x'],
      ['COMMAND', 'COUNT', 'x'],
      ['COMMAND', 'FOO'],
      ['COMMAND', 'DOCS', 'config|help'],
    );
  });
});

/** Run redis-cli against a target with `input` on its stdin (asynchronously: respite runs in this process). */
function redisCli(
  t: Target,
  input: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-cli', ['-h', t.host, '-p', String(t.port)]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('redis-cli', () => {
  it('starts on COMMAND DOCS and answers commands and help as with Redis', async () => {
    const input =
      'PING\nSET a 1\nGET a\nDBSIZE\nhelp dbsize\nhelp time\nhelp command count\nCLIENT GETNAME\n';
    const outputs: string[] = [];
    for (const t of both.list) {
      const run = await redisCli(t, input);
      expect(run.status, `${t.kind}: ${run.stderr}`).toBe(0);
      outputs.push(run.stdout);
    }
    expect(outputs[0]).toContain('PONG\nOK\n1\n1\n');
    expect(outputs[0]).toContain('summary:\u001b[0m Return the number of keys in the selected database');
    if (outputs[1]) expect(outputs[0]).toBe(outputs[1]);
  });
});

describe('INFO', () => {
  it('sections and field names as Redis 7.0.15, in order', async () => {
    // Errorstats would list the errors each server has seen (respite does not count them by kind yet).
    await both.same(['CONFIG', 'RESETSTAT']);
    for (const args of [
      [],
      ['default'],
      ['server'],
      ['clients'],
      ['memory'],
      ['persistence'],
      ['stats'],
      ['replication'],
      ['cpu'],
      ['modules'],
      ['cluster'],
      ['Server', 'CPU', 'cluster'],
      ['cluster', 'server'],
      ['errorstats'],
    ]) {
      await both.compare({ normalize: relax.infoFields }, ['INFO', ...args]);
    }
    await both.compare({ proto: 3, normalize: relax.infoFields }, ['INFO', 'server', 'clients']);
  });

  it('"all" and "everything" give every section, in the same order as Redis', async () => {
    const headers = (r: string) => (r.match(/^# \w+/gm) ?? []).join(',');
    await both.compare(
      { normalize: headers },
      ['INFO', 'all'],
      ['INFO', 'everything'],
      ['INFO', 'ALL', 'server'],
    );
  });

  it('unknown sections give an empty text, in RESP2 and RESP3', async () => {
    await both.same(['INFO', 'nosuch'], ['INFO', 'nosuch', 'other']);
    await both.compare({ proto: 3 }, ['INFO', 'nosuch']);
  });

  it('keyspace counts keys and keys with a TTL per database', async () => {
    await both.same(
      ['INFO', 'keyspace'],
      ['SET', 'a', '1'],
      ['SET', 'b', '2'],
      ['SELECT', '3'],
      ['SET', 'c', '3'],
      ['INFO', 'keyspace'],
      ['FLUSHDB'],
      ['INFO', 'keyspace'],
    );
  });

  it('commandstats: calls, rejected and failed calls, subcommands as container|name', async () => {
    const counts = (r: string) =>
      bulk(r)
        .split('\r\n')
        .map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, ''))
        .sort()
        .join('\n');
    await both.compare(
      { normalize: counts },
      ['CONFIG', 'RESETSTAT'],
      ['SET', 'a', '1'],
      ['GET', 'a'],
      ['GET', 'a'],
      ['GET'],
      ['SELECT', 'x'],
      ['CLIENT', 'SETNAME', 'a b'],
      ['CLIENT', 'GETNAME'],
      ['NOSUCH'],
      ['INFO', 'commandstats'],
    );
  });

  it("commandstats: a script's commands are counted, each with its own time, not the Lua around it", async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('CONFIG', 'RESETSTAT');
      const script =
        "redis.call('SET', KEYS[1], 0) for i = 1, 300000 do end return redis.call('GET', KEYS[1])";
      expect(await c.callText('EVAL', script, '1', 'k')).toBe('$1\r\n0\r\n');
      const stats = await c.callText('INFO', 'commandstats');
      const usec = (name: string) =>
        Number(new RegExp(`cmdstat_${name}:calls=1,usec=(\\d+),`).exec(stats)?.[1]);
      expect(usec('eval')).toBeGreaterThan(0);
      // The loop (a few ms: the script stays on the main thread) runs between SET and GET, and a
      // new engine starts before SET: that is EVAL's time, not theirs.
      expect(usec('set') + usec('get')).toBeLessThan(usec('eval') / 2);
    });
  });

  it('the fields clients parse', async () => {
    const c = await both.respite.raw();
    const text = (await c.callText('INFO')).replace(/^\$\d+\r\n/, '');
    expect(text).toMatch(/^# Server\r\nredis_version:7\.0\.15\r\n/);
    expect(text).toContain('\r\nredis_mode:standalone\r\n');
    expect(text).toContain('\r\nmaxmemory_policy:noeviction\r\n');
    expect(text).toContain('\r\nrole:master\r\n');
    expect(text).toContain(`\r\ntcp_port:${both.respite.port}\r\n`);
    expect(text).toContain('\r\nloading:0\r\n');
    expect(text).toContain('\r\ncluster_enabled:0\r\n');
    expect(text).toMatch(/\r\nconnected_clients:\d+\r\n/);
    expect(text).toMatch(/\r\nused_memory_human:[\d.]+[BKMG]\r\n/);
    expect(text).toMatch(/\r\nrun_id:[0-9a-f]{40}\r\n/);
  });

  it('uptime and server time follow the server clock', async () => {
    const t = both.respite;
    const clock = t.respite!.clock;
    clock.freeze();
    const c = await t.raw();
    const field = async (name: string) =>
      Number(new RegExp(`${name}:(\\d+)`).exec(await c.callText('INFO', 'server'))![1]);
    const up = await field('uptime_in_seconds');
    const time = await field('server_time_usec');
    // Whole seconds: the start time has a fraction of its own, so an extra 500 ms may or may not
    // carry uptime_in_seconds over to the next second.
    clock.advance(3 * 86400 * 1000);
    expect(await field('uptime_in_seconds')).toBe(up + 3 * 86400);
    expect(await field('uptime_in_days')).toBeGreaterThanOrEqual(3);
    expect(await field('server_time_usec')).toBe(time + 3 * 86400 * 1000 * 1000);
  });
});

/** Values that depend on how each server was started (port, directory, the test harness's options). */
const STARTUP_DEPENDENT = new Set([
  'port',
  'bind',
  'dir',
  'save',
  'loglevel',
  'pidfile',
  'logfile',
  'enable-debug-command',
  'daemonize',
  'appendonly',
]);

/** CONFIG GET's pairs as a map. */
function configMap(reply: string): Map<string, string> {
  const f = items(reply);
  const m = new Map<string, string>();
  for (let i = 0; i < f.length; i += 2) m.set(bulk(f[i]), bulk(f[i + 1]));
  return m;
}

/** CONFIG GET compared as name/value pairs: Redis lists them in its hash table's order. */
/** Run `body` and restore the given parameters on both targets afterwards. */
async function restoring(params: string[], body: () => Promise<void>): Promise<void> {
  const saved = await Promise.all(
    both.list.map(async (t) => {
      const c = await t.raw();
      return { c, values: configMap(await c.callText('CONFIG', 'GET', ...params)) };
    }),
  );
  try {
    await body();
  } finally {
    for (const { c, values } of saved) for (const [k, v] of values) await c.call('CONFIG', 'SET', k, v);
  }
}

describe('CONFIG', () => {
  it('CONFIG GET * lists the parameters Redis 7.0 lists, with its defaults', async () => {
    const maps = await Promise.all(
      both.list.map(async (t) => configMap(await (await t.raw()).callText('CONFIG', 'GET', '*'))),
    );
    if (maps.length < 2) return;
    const [ours, theirs] = maps;
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    const differing = [...ours]
      .filter(([k, v]) => !STARTUP_DEPENDENT.has(k) && theirs.get(k) !== v)
      .map(([k, v]) => `${k}: respite ${JSON.stringify(v)} redis ${JSON.stringify(theirs.get(k))}`);
    expect(differing.join('\n')).toBe('');
  });

  it('CONFIG GET: exact names keep their case, patterns are globs, each parameter once', async () => {
    await both.compare(
      { normalize: relax.unorderedPairs },
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'GET', 'MAXMEMORY'],
      ['CONFIG', 'GET', 'maxmemory', 'MaxMemory', 'maxmemory'],
      ['CONFIG', 'GET', 'nosuch'],
      ['CONFIG', 'GET', 'hash-max-ziplist-entries'],
      ['CONFIG', 'GET', '*max-*-entries*'],
      ['CONFIG', 'GET', 'maxmemory*', 'maxmemory', 'MAXMEMORY-POLICY'],
      ['CONFIG', 'GET', 'slave*', 'replica*'],
      ['CONFIG', 'GET', '[ab]*'],
      ['CONFIG', 'GET', 'notify-keyspace-events', 'timeout', 'databases', 'maxclients'],
      ['CONFIG', 'GET', 'lua-time-limit', 'busy-reply-threshold', 'client-output-buffer-limit'],
      ['CONFIG', 'GET'],
    );
    await both.compare({ proto: 3, normalize: relax.unorderedPairs }, [
      'CONFIG',
      'GET',
      'maxmemory',
      'timeout',
    ]);
  });

  it('CONFIG SET round trips: values come back in canonical form', async () => {
    const params = [
      'maxmemory',
      'notify-keyspace-events',
      'maxmemory-policy',
      'hz',
      'save',
      'timeout',
      'client-output-buffer-limit',
      'maxmemory-clients',
      'oom-score-adj',
      'oom-score-adj-values',
      'shutdown-on-sigterm',
      'latency-tracking-info-percentiles',
      'list-max-listpack-size',
      'slowlog-log-slower-than',
      'proto-max-bulk-len',
      'protected-mode',
      'hash-max-listpack-value',
    ];
    await restoring(params, async () => {
      const cases: [string, string][] = [
        ['maxmemory', '1mb'],
        ['maxmemory', '1GB'],
        ['maxmemory', '100k'],
        ['maxmemory', '99999999999999999999'],
        ['maxmemory', '0'],
        ['notify-keyspace-events', 'KEA'],
        ['notify-keyspace-events', 'Kx'],
        ['notify-keyspace-events', 'E$lg'],
        ['notify-keyspace-events', 'Ag$'],
        ['notify-keyspace-events', 'KEAmn'],
        ['notify-keyspace-events', 'nd'],
        ['notify-keyspace-events', ''],
        ['maxmemory-policy', 'ALLKEYS-LRU'],
        ['hz', '100000'],
        ['hz', '0'],
        ['hz', '10'],
        ['save', '900 1 300 10'],
        ['save', ''],
        ['save', '+60 007'],
        ['timeout', '30'],
        ['client-output-buffer-limit', 'normal 1mb 2mb 3'],
        ['client-output-buffer-limit', 'replica 1 2 3 PUBSUB 4k 5kb 6'],
        ['maxmemory-clients', '10%'],
        ['maxmemory-clients', '1mb'],
        ['maxmemory-clients', '0'],
        ['oom-score-adj', 'relative'],
        ['oom-score-adj', 'YES'],
        ['oom-score-adj', 'no'],
        ['oom-score-adj-values', '0 -100 2000'],
        ['shutdown-on-sigterm', 'now force'],
        ['shutdown-on-sigterm', 'save now'],
        ['shutdown-on-sigterm', 'default'],
        ['latency-tracking-info-percentiles', '50 99.5 100.000'],
        ['latency-tracking-info-percentiles', ''],
        ['list-max-listpack-size', '-5'],
        ['slowlog-log-slower-than', '-1'],
        ['proto-max-bulk-len', '2mb'],
        ['protected-mode', 'NO'],
        ['hash-max-listpack-value', '1k'],
      ];
      const cmds: string[][] = [];
      for (const [name, value] of cases) cmds.push(['CONFIG', 'SET', name, value], ['CONFIG', 'GET', name]);
      await both.same(...cmds);
      await both.compare({ proto: 3 }, ['CONFIG', 'SET', 'timeout', '7'], ['CONFIG', 'GET', 'timeout']);
    });
  });

  it('CONFIG SET refuses bad values with Redis 7.0 errors', async () => {
    const bad: [string, string][] = [
      ['maxmemory', ''],
      ['maxmemory', '-1'],
      ['maxmemory', '1tb'],
      ['maxmemory', '1 mb'],
      ['maxclients', '0'],
      ['maxclients', '-1'],
      ['maxclients', 'x'],
      ['timeout', '-1'],
      ['timeout', '01'],
      ['timeout', '99999999999'],
      ['hz', 'x'],
      ['protected-mode', 'maybe'],
      ['maxmemory-policy', 'nosuch'],
      ['appendfsync', ''],
      ['notify-keyspace-events', 'KEAq'],
      ['notify-keyspace-events', 'K E'],
      ['save', '900'],
      ['save', '0 1'],
      ['save', '1 -1'],
      ['save', '10 x'],
      ['save', '10  1'],
      ['client-output-buffer-limit', 'normal 1 2'],
      ['client-output-buffer-limit', 'master 1 2 3'],
      ['client-output-buffer-limit', 'normal x 2 3'],
      ['client-output-buffer-limit', 'normal 1 2 -3'],
      ['maxmemory-clients', '101%'],
      ['maxmemory-clients', 'x%'],
      ['oom-score-adj-values', '1 2'],
      ['oom-score-adj-values', '1 2 3000'],
      ['shutdown-on-sigterm', 'save nosave'],
      ['shutdown-on-sigterm', ''],
      ['shutdown-on-sigterm', 'now  force'],
      ['latency-tracking-info-percentiles', '101'],
      ['latency-tracking-info-percentiles', 'x'],
      ['proto-max-bulk-len', '100'],
      ['list-max-listpack-size', '2147483648'],
      ['slowlog-log-slower-than', '-2'],
      ['cluster-announce-hostname', 'a_b'],
      ['proc-title-template', '{title}'],
      ['proc-title-template', '{nosuch} x'],
      ['active-expire-effort', '11'],
      ['hash-max-listpack-entries', '-1'],
    ];
    await restoring(['maxmemory'], async () => {
      await both.same(...bad.map(([name, value]) => ['CONFIG', 'SET', name, value]));
    });
    await restoring(['maxmemory'], () =>
      both
        .same(
          ['CONFIG', 'SET', 'nosuch', '1'],
          ['CONFIG', 'SET', 'maxmemory', '1', 'nosuch', '2'],
          ['CONFIG', 'SET', 'daemonize', 'yes'],
          ['CONFIG', 'SET', 'DATABASES', '1'],
          ['CONFIG', 'SET', 'dir', '/tmp'],
          ['CONFIG', 'SET', 'dbfilename', 'x.rdb'],
          ['CONFIG', 'SET', 'maxmemory', '1', 'maxmemory', '2'],
          ['CONFIG', 'SET', 'maxmemory', '1', 'MAXMEMORY', '2'],
          ['CONFIG', 'SET', 'daemonize', 'yes', 'nosuch', '1'],
          ['CONFIG', 'SET', 'nosuch', '1', 'daemonize', 'yes'],
          ['CONFIG', 'SET', 'maxmemory', '1'],
          ['CONFIG', 'SET', 'maxmemory', '1', 'timeout'],
          ['CONFIG', 'SET'],
        )
        .then(() => {}),
    );
  });

  it('CONFIG SET is all or nothing', async () => {
    await restoring(['maxmemory', 'timeout', 'maxmemory-policy'], async () => {
      await both.same(
        ['CONFIG', 'SET', 'maxmemory', '10mb', 'timeout', '5', 'maxmemory-policy', 'foo'],
        ['CONFIG', 'GET', 'maxmemory'],
        ['CONFIG', 'GET', 'timeout'],
        ['CONFIG', 'SET', 'timeout', '5', 'maxmemory', '10mb', 'maxmemory-policy', 'allkeys-lfu'],
        ['CONFIG', 'GET', 'maxmemory'],
        ['CONFIG', 'GET', 'timeout'],
        ['CONFIG', 'GET', 'maxmemory-policy'],
      );
    });
  });

  it('INFO shows what CONFIG SET changed', async () => {
    await restoring(['maxmemory', 'maxmemory-policy'], async () => {
      await both.each(async (t) => {
        const c = await t.raw();
        await c.call('CONFIG', 'SET', 'maxmemory', '3mb', 'maxmemory-policy', 'volatile-ttl');
        const memory = await c.callText('INFO', 'memory');
        expect(memory).toContain(
          '\r\nmaxmemory:3145728\r\nmaxmemory_human:3.00M\r\nmaxmemory_policy:volatile-ttl\r\n',
        );
      });
    });
  });

  it('proto-max-bulk-len set with CONFIG SET applies to connections already open', async () => {
    await restoring(['proto-max-bulk-len'], async () => {
      await both.each(async (t) => {
        const other = await t.raw();
        expect(await other.callText('PING')).toBe('+PONG\r\n');
        const c = await t.raw();
        expect(await c.callText('CONFIG', 'SET', 'proto-max-bulk-len', '1mb')).toBe('+OK\r\n');
        other.write('*1\r\n$1048577\r\n');
        expect(await other.readUntilClose()).toEqual({
          bytes: '-ERR Protocol error: invalid bulk length\r\n',
          closed: true,
        });
      });
    });
  });

  it('CONFIG RESETSTAT, CONFIG REWRITE without a file, CONFIG HELP, arity', async () => {
    await both.same(
      ['CONFIG', 'RESETSTAT'],
      ['CONFIG', 'REWRITE'],
      ['CONFIG', 'HELP'],
      ['CONFIG', 'HELP', 'x'],
      ['CONFIG', 'RESETSTAT', 'x'],
      ['CONFIG'],
      ['CONFIG', 'NOSUCH'],
    );
  });

  it('CONFIG RESETSTAT resets the counters INFO stats reports', async () => {
    await both.each(async (t) => {
      const c = await t.raw();
      await c.call('GET', 'x');
      await c.call('NOSUCH');
      await c.call('CONFIG', 'RESETSTAT');
      const stats = await c.callText('INFO', 'stats');
      expect(stats).toContain('\r\ntotal_error_replies:0\r\n');
      expect(stats).toContain('\r\ntotal_commands_processed:1\r\n');
      expect(stats).toContain('\r\nkeyspace_misses:0\r\n');
    });
  });

  it('parameters given at startup (respite)', async () => {
    const s = await startServer({ config: { maxmemory: '2gb', 'notify-keyspace-events': 'Ex' } });
    try {
      expect(s.server.config.get('maxmemory')).toBe('2147483648');
      expect(s.server.config.get('notify-keyspace-events')).toBe('xE');
      expect(s.server.config.get('port')).toBe(String(s.port));
    } finally {
      await s.close();
    }
    await expect(startServer({ config: { maxmemory: 'lots' } })).rejects.toThrow(
      'argument must be a memory value',
    );
  });
});

describe('keyspace-wide commands', () => {
  it('DBSIZE, FLUSHDB and FLUSHALL with their options', async () => {
    await both.same(
      ['DBSIZE'],
      ['SET', 'a', '1'],
      ['SET', 'b', '1'],
      ['DBSIZE'],
      ['SELECT', '1'],
      ['SET', 'c', '1'],
      ['DBSIZE'],
      ['FLUSHDB', 'foo'],
      ['FLUSHDB', 'SYNC', 'ASYNC'],
      ['FLUSHDB', 'async'],
      ['DBSIZE'],
      ['SELECT', '0'],
      ['DBSIZE'],
      ['FLUSHALL', 'x'],
      ['FLUSHALL', 'Sync'],
      ['DBSIZE'],
      ['FLUSHALL', 'ASYNC'],
      ['FLUSHDB'],
      ['DBSIZE', 'x'],
    );
  });

  it('SWAPDB swaps contents, and its errors', async () => {
    await both.same(
      ['SET', 'a', 'zero'],
      ['SELECT', '1'],
      ['SET', 'b', 'one'],
      ['SWAPDB', '0', '1'],
      ['GET', 'a'],
      ['GET', 'b'],
      ['SELECT', '0'],
      ['GET', 'b'],
      ['SWAPDB', '1', '1'],
      ['SWAPDB', 'a', '1'],
      ['SWAPDB', '0', 'b'],
      ['SWAPDB', 'a', 'b'],
      ['SWAPDB', '-1', '0'],
      ['SWAPDB', '0', '16'],
      ['SWAPDB', '0', '99999999999'],
      ['SWAPDB', '0'],
      ['DBSIZE'],
    );
  });

  it('TIME is the server clock in seconds and microseconds', async () => {
    await both.compare({ normalize: relax.time }, ['TIME']);
    await both.compare({ proto: 3, normalize: relax.time }, ['TIME']);
    await both.same(['TIME', 'x']);
    const t = both.respite;
    t.respite!.clock.freeze();
    t.respite!.clock.set(1700000000123.456);
    const c = await t.raw();
    expect(await c.callText('TIME')).toBe('*2\r\n$10\r\n1700000000\r\n$6\r\n123456\r\n');
    t.respite!.clock.set(1700000001000.001);
    expect(await c.callText('TIME')).toBe('*2\r\n$10\r\n1700000001\r\n$1\r\n1\r\n');
  });

  it('LASTSAVE, SAVE, BGSAVE and BGREWRITEAOF (respite keeps no files: saves succeed at once)', async () => {
    await both.same(
      ['LASTSAVE', 'x'],
      ['SAVE', 'x'],
      ['BGSAVE', 'x'],
      ['BGSAVE', 'SCHEDULE', 'x'],
      ['BGREWRITEAOF', 'x'],
      ['BGREWRITEAOF'],
    );
    await both.each(async (t) => {
      const c = await t.raw();
      expect(await c.callText('LASTSAVE')).toMatch(/^:\d{10}\r\n$/);
    });
    const t = both.respite;
    const clock = t.respite!.clock;
    clock.freeze();
    const c = await t.raw();
    await c.call('SET', 'a', '1');
    clock.advance(5000);
    expect(await c.callText('INFO', 'persistence')).toMatch(/\r\nrdb_changes_since_last_save:[1-9]\d*\r\n/);
    expect(await c.callText('SAVE')).toBe('+OK\r\n');
    expect(await c.callText('LASTSAVE')).toBe(`:${Math.floor(clock.now() / 1000)}\r\n`);
    expect(await c.callText('INFO', 'persistence')).toContain('\r\nrdb_changes_since_last_save:0\r\n');
    clock.advance(5000);
    expect(await c.callText('BGSAVE')).toBe('+Background saving started\r\n');
    expect(await c.callText('BGSAVE', 'schedule')).toBe('+Background saving started\r\n');
    expect(await c.callText('LASTSAVE')).toBe(`:${Math.floor(clock.now() / 1000)}\r\n`);
  });

  it('WAIT with no replicas', async () => {
    await both.same(
      ['WAIT', '0', '0'],
      ['WAIT', '1', '10'],
      ['WAIT', 'x', '0'],
      ['WAIT', '0', 'x'],
      ['WAIT', '0', '-1'],
      ['WAIT', '-1', '0'],
      ['WAIT', '0', '1.5'],
      ['WAIT', '0'],
    );
  });

  it('cluster commands: this server has cluster support disabled, as a standalone Redis', async () => {
    await both.same(
      ['CLUSTER', 'INFO'],
      ['CLUSTER', 'HELP'],
      ['CLUSTER', 'KEYSLOT', 'foo'],
      ['CLUSTER', 'SLOTS'],
      ['CLUSTER', 'SLOTS', 'x'],
      ['CLUSTER', 'NOSUCH'],
      ['CLUSTER'],
      ['READONLY'],
      ['READWRITE'],
      ['ASKING'],
      ['ASKING', 'x'],
      ['MULTI'],
      ['CLUSTER', 'NODES'],
      ['EXEC'],
    );
  });

  it('LOLWUT: the version line (the art of VERSION 5 and 6 is drawn from rand(), not compared)', async () => {
    await both.same(
      ['LOLWUT'],
      ['LOLWUT', 'VERSION', '7'],
      ['LOLWUT', 'VERSION', 'x'],
      ['LOLWUT', 'VERSION'],
      ['LOLWUT', 'x'],
    );
    await both.compare({ proto: 3 }, ['LOLWUT']);
  });

  it('ROLE: a master without replicas', async () => {
    await both.same(['ROLE'], ['ROLE', 'x'], ['EVAL', "return redis.call('role')", '0']);
  });

  it('SAVE and SHUTDOWN are refused inside MULTI, which then aborts', async () => {
    await both.same('MULTI', 'SAVE', 'SHUTDOWN', 'PING', 'EXEC', 'MULTI', 'SHUTDOWN', 'DISCARD', 'SAVE');
  });

  // SHUTDOWN that stops the server is in shutdown.test.ts: each case needs servers of its own.
  it('SHUTDOWN: options it refuses, ABORT with no shutdown in progress, not from a script', async () => {
    await both.same(
      ['SHUTDOWN', 'LATER'],
      ['SHUTDOWN', 'NOSAVE', 'SAVE'],
      ['SHUTDOWN', 'save', 'nosave', 'now'],
      ['SHUTDOWN', 'ABORT', 'NOW'],
      ['SHUTDOWN', 'NOSAVE', 'abort'],
      ['SHUTDOWN', 'FORCE', 'ABORT'],
      ['SHUTDOWN', 'ABORT'],
      ['SHUTDOWN', 'abort', 'ABORT'],
      ['EVAL', "return redis.pcall('shutdown', 'nosave')", '0'],
      'PING',
    );
  });
});

describe('DEBUG', () => {
  it('SLEEP and SET-ACTIVE-EXPIRE replies, and errors', async () => {
    await both.same(
      ['DEBUG', 'SLEEP', '0'],
      ['DEBUG', 'sleep', '0.001'],
      ['DEBUG', 'SLEEP', 'x'],
      ['DEBUG', 'SLEEP', '-1'],
      ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'],
      ['DEBUG', 'SET-ACTIVE-EXPIRE', 'x'],
      ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
      ['DEBUG', 'SET-ACTIVE-EXPIRE'],
      ['DEBUG', 'SLEEP'],
      ['DEBUG', 'SLEEP', '0', '1'],
      ['DEBUG', 'nosuch'],
      ['DEBUG', 'HELP', 'x'],
      ['DEBUG'],
      ['DEBUG', 'ERROR', 'ERR custom message'],
      ['DEBUG', 'LOG', 'hello'],
    );
  });

  it("DIGEST and DIGEST-VALUE: Redis's digests of every type, of TTLs, and of the whole data set", async () => {
    const many = Array.from({ length: 200 }, (_, i) => `m${i}`);
    await both.same(
      'FLUSHALL',
      ['DEBUG', 'DIGEST'],
      ['DEBUG', 'DIGEST-VALUE', 'nokey'],
      ['SET', 'str', 'hello'],
      ['SET', 'int', '12345'],
      ['SET', 'app', 'a'],
      ['APPEND', 'app', 'bc'],
      ['PFADD', 'hll', 'a', 'b', 'c'],
      ['RPUSH', 'list', 'a', 'b', '1', ''],
      ['RPUSH', 'list2', 'b', 'a', '1', ''],
      ['SADD', 'iset', '3', '1', '2'],
      ['SADD', 'set', 'x', 'y', '3'],
      ['ZADD', 'zs', '1', 'a', '-0', 'b', 'inf', 'c', '0.1', 'd', '-2.5e-20', 'e'],
      ['ZADD', 'bigz', ...many.flatMap((m, i) => [String(i / 3), m])],
      ['HSET', 'h', 'f', 'v', 'g', 'w'],
      ['HSET', 'bigh', ...many.flatMap((m) => [m, m])],
      ['XADD', 's', '1-1', 'f', 'v'],
      ['XADD', 's', '1-2', 'g', 'w', 'h', 'x'],
      ['XADD', 's', '5-0', 'f', 'v'],
      ['XDEL', 's', '1-2'],
      ['XGROUP', 'CREATE', 's', 'g', '0'],
      ['SET', 'ttl', 'v', 'EX', '1000'],
      ['DEBUG', 'DIGEST-VALUE', 'str', 'int', 'app', 'hll', 'list', 'list2', 'iset', 'set', 'zs', 'bigz'],
      ['DEBUG', 'DIGEST-VALUE', 'h', 'bigh', 's', 'ttl', 'nokey'],
      ['DEBUG', 'DIGEST'],
      ['SELECT', '1'],
      ['SET', 'str', 'hello'],
      ['DEBUG', 'DIGEST-VALUE', 'str'],
      ['DEBUG', 'DIGEST'],
      ['SELECT', '0'],
      ['DEBUG', 'DIGEST-VALUE'],
      ['DEBUG', 'DIGEST', 'x'],
      'FLUSHALL',
    );
  });

  it('DEBUG HELP lists what respite supports, in Redis format', async () => {
    const c = await both.respite.raw();
    const help = items(await c.call('DEBUG', 'HELP')).map((l) => l.slice(1, -2));
    expect(help[0]).toBe('DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(help).toContain('SLEEP <seconds>');
    expect(help).toContain('SET-ACTIVE-EXPIRE <0|1>');
    expect(help.slice(-2)).toEqual(['HELP', '    Prints this help.']);
  });

  it('SET-ACTIVE-EXPIRE 0 leaves expired keys until they are touched (respite)', async () => {
    const t = both.respite;
    const server = t.respite!.server;
    const clock = t.respite!.clock;
    clock.freeze();
    const c = await t.raw();
    await c.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    try {
      await c.call('SET', 'k', 'v', 'PX', '100');
      clock.advance(1000);
      expect(server.dbs[0].map.has('k')).toBe(true);
      expect(await c.callText('DBSIZE')).toBe(':1\r\n');
      expect(await c.callText('GET', 'k')).toBe('$-1\r\n');
      expect(server.dbs[0].map.has('k')).toBe(false);
      await c.call('SET', 'k', 'v', 'PX', '100');
      await c.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
      clock.advance(1000);
      expect(server.dbs[0].map.has('k')).toBe(false);
    } finally {
      server.activeExpireEnabled = true;
    }
  });

  it('SLEEP on a frozen clock moves the clock instead of blocking (respite)', async () => {
    const t = both.respite;
    const clock = t.respite!.clock;
    clock.freeze();
    const before = clock.now();
    const c = await t.raw();
    const started = Date.now();
    expect(await c.callText('DEBUG', 'SLEEP', '2.5')).toBe('+OK\r\n');
    expect(clock.now()).toBe(before + 2500);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('SLEEP blocks the server when the clock runs (respite)', async () => {
    const c = await both.respite.raw();
    const started = performance.now();
    expect(await c.callText('DEBUG', 'SLEEP', '0.05')).toBe('+OK\r\n');
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('is refused unless enable-debug-command allows it', async () => {
    const s = await startServer();
    try {
      const c = await RawClient.connect(s.port, s.host);
      expect(await c.callText('DEBUG', 'SLEEP', '0')).toBe(`-${E.ERR_PROTECTED('DEBUG')}\r\n`);
      expect(await c.callText('DEBUG', 'HELP')).toBe(`-${E.ERR_PROTECTED('DEBUG')}\r\n`);
      c.close();
    } finally {
      await s.close();
    }
  });
});

describe('MONITOR', () => {
  /** Start a monitor on `t`, run `commands` on another connection, return the monitor's lines. */
  async function monitored(t: Target, commands: string[][], expectLines: number): Promise<string[]> {
    const monitor = await t.raw();
    expect(await monitor.callText('MONITOR')).toBe('+OK\r\n');
    const c = await t.raw();
    for (const cmd of commands) await c.call(...cmd);
    const lines: string[] = [];
    for (let i = 0; i < expectLines; i++) {
      const line = await monitor.readReply().catch((err: Error) => {
        throw new Error(`[${t.kind}] after ${JSON.stringify(lines)}: ${err.message}`);
      });
      lines.push(line.toString('latin1'));
    }
    // Nothing more arrives than expected.
    await c.call('ECHO', 'end');
    const end = (await monitor.readReply()).toString('latin1');
    expect(end).toMatch(/"ECHO" "end"\r\n$/);
    return lines;
  }

  const commands = [
    ['SET', 'a\n\r\t\x07\x08"\\\x00\xff b', '123'],
    ['set', 'key', ''],
    ['GET'],
    ['NOSUCH', 'x'],
    ['CONFIG', 'GET', 'maxmemory'],
    ['CLIENT', 'SETNAME', 'watched'],
    ['CLIENT', 'LIST'],
    ['DEBUG', 'SLEEP', '0'],
    ['AUTH', 'secret'],
    ['AUTH', 'user', 'secret'],
    ['AUTH', 'a', 'b', 'c'],
    ['HELLO', '3', 'AUTH', 'default', 'pw'],
    ['HELLO', 'x', 'AUTH', 'a', 'b'],
    ['HELLO', '2', 'SETNAME', 'a b', 'AUTH', 'u', 'p'],
    ['HELLO', '2', 'AUTH', 'u', 'p', 'SETNAME', 'ok'],
    ['SELECT', '2'],
    ['PING'],
    ['SELECT', '0'],
    ['INFO', 'server'],
  ];

  it('shows every command that ran, quoted as Redis does, without admin commands and passwords', async () => {
    const results = await Promise.all(
      both.list.map(async (t) => (await monitored(t, commands, 14)).map(relax.monitorLine)),
    );
    expect(results[0]).toEqual([
      '+<time> [0 <client>] "SET" "a\\n\\r\\t\\a\\b\\"\\\\\\x00\\xff b" "123"\r\n',
      '+<time> [0 <client>] "set" "key" ""\r\n',
      '+<time> [0 <client>] "CLIENT" "SETNAME" "watched"\r\n',
      '+<time> [0 <client>] "AUTH" "(redacted)"\r\n',
      '+<time> [0 <client>] "AUTH" "(redacted)" "(redacted)"\r\n',
      '+<time> [0 <client>] "AUTH" "a" "b" "c"\r\n',
      '+<time> [0 <client>] "HELLO" "3" "AUTH" "(redacted)" "(redacted)"\r\n',
      '+<time> [0 <client>] "HELLO" "x" "AUTH" "a" "b"\r\n',
      '+<time> [0 <client>] "HELLO" "2" "SETNAME" "a b" "AUTH" "u" "p"\r\n',
      '+<time> [0 <client>] "HELLO" "2" "AUTH" "(redacted)" "(redacted)" "SETNAME" "ok"\r\n',
      '+<time> [2 <client>] "SELECT" "2"\r\n',
      '+<time> [2 <client>] "PING"\r\n',
      '+<time> [0 <client>] "SELECT" "0"\r\n',
      '+<time> [0 <client>] "INFO" "server"\r\n',
    ]);
    if (results[1]) expect(results[0]).toEqual(results[1]);
  });

  it('lines carry the server time and the client address (respite)', async () => {
    const t = both.respite;
    t.respite!.clock.freeze();
    t.respite!.clock.set(1339518083107.412);
    const monitor = await t.raw();
    await monitor.call('MONITOR');
    const c = await t.raw();
    await c.call('CLIENT', 'SETNAME', 'me');
    const addr = /addr=(\S+)/.exec((await c.callText('CLIENT', 'INFO')).toString())![1];
    const line = (await monitor.readReply()).toString('latin1');
    expect(line).toBe(`+1339518083.107412 [0 ${addr}] "CLIENT" "SETNAME" "me"\r\n`);
  });

  it('a monitor sees its own commands after their replies; MONITOR again is ignored', async () => {
    await both.each(async (t) => {
      const m = await t.raw();
      expect(await m.callText('MONITOR')).toBe('+OK\r\n');
      m.write('*1\r\n$7\r\nMONITOR\r\n*1\r\n$4\r\nPING\r\n');
      expect((await m.readReply()).toString()).toBe('+PONG\r\n');
      expect(relax.monitorLine((await m.readReply()).toString('latin1'))).toBe(
        '+<time> [0 <client>] "PING"\r\n',
      );
    });
  });

  it('a closed monitor is forgotten (respite)', async () => {
    const t = both.respite;
    const m = await t.raw();
    await m.call('MONITOR');
    expect(t.respite!.server.monitors.size).toBe(1);
    m.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(t.respite!.server.monitors.size).toBe(0);
  });
});
