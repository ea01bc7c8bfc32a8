// `respite cli` prints replies exactly as redis-cli 7.0 does: the same commands are run by real
// redis-cli and by our CLI against the same server (each target in turn), in tty-like (--no-raw) and
// raw modes, in RESP2 and RESP3, from standard input and from arguments, and the outputs compared.

import { execFile, execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type CliOptions, runCli } from '../../client/cli.js';
import { formatTTY, splitArgs } from '../../client/format.js';
import { Resp3Parser } from '../../client/resp3.js';
import { type Target, useTargets } from '../support/targets.js';

const both = useTargets();

function redisCliAvailable(): boolean {
  try {
    execFileSync('redis-cli', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Real redis-cli's output for `args`, with `input` on its standard input (stdout is a pipe). With
 * `exitsWithError`, its output even though it exits with an error (a killed SUBSCRIBE).
 */
function redisCli(t: Target, args: string[], input = '', exitsWithError = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'redis-cli',
      ['-h', t.host, '-p', String(t.port), ...args],
      { encoding: 'latin1' },
      (err, stdout) => (err && !exitsWithError ? reject(err) : resolve(stdout)),
    );
    child.stdin?.end(Buffer.from(input, 'latin1'));
  });
}

/** Our CLI's output, run in this process with the same input. */
async function ourCli(
  t: Target,
  options: Partial<CliOptions>,
  command: string[],
  input = '',
  expected = { code: 0, err: '' },
): Promise<string> {
  let out = '';
  let err = '';
  const code = await runCli({ host: t.host, port: t.port, ...options }, command, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    stdin: Readable.from([Buffer.from(input, 'latin1')]),
    stdinIsTTY: false,
    stdoutIsTTY: false,
  });
  expect(err).toBe(expected.err);
  expect(code).toBe(expected.code);
  return out;
}

// A session with every reply type: statuses, bulk strings (binary, empty, with quotes), nulls of
// both kinds, integers, errors, nested arrays wider than 9 (index alignment), maps and sets in
// RESP3 (nested maps whose values span lines), doubles, empty aggregates, and commands redis-cli
// prints raw in either mode (INFO).
const SESSION = [
  'FLUSHALL',
  'SET k v',
  'GET k',
  'GET missing',
  'SET bin "a\\x00\\xff\\n\\"q\\"\\\\"',
  'GET bin',
  'SET empty ""',
  'GET empty',
  'INCRBY n -5',
  'INCR k',
  'NOSUCHCOMMAND a b',
  'RPUSH l a b c d e f g h i j k',
  'LRANGE l 0 -1',
  'LRANGE nothing 0 -1',
  'HSET h f1 v1 f2 v2',
  'HGETALL h',
  'HGETALL nothing',
  'SADD s x',
  'SMEMBERS s',
  'SMEMBERS nothing',
  'ZADD z 1.5 m 2 n 3e-5 o',
  'ZRANGE z 0 -1 WITHSCORES',
  'ZSCORE z m',
  'ZINCRBY z inf m',
  'BLPOP nothing 0.01',
  'MGET k missing l',
  'COMMAND INFO get set',
  'SCAN 0',
  'OBJECT ENCODING l',
  'CONFIG GET maxmemory-policy',
  'INFO keyspace',
  'ECHO "multi\\nline"',
  'MULTI',
  'INCR n',
  'EXEC',
].join('\n');

describe.runIf(redisCliAvailable())('respite cli formats as redis-cli', () => {
  for (const raw of [false, true]) {
    for (const proto of [2, 3] as const) {
      it(`a session from stdin, ${raw ? 'raw' : 'tty (--no-raw)'}, RESP${proto}`, async () => {
        await both.each(async (t) => {
          const flags = [raw ? '--raw' : '--no-raw', ...(proto === 3 ? ['-3'] : [])];
          const theirs = await redisCli(t, flags, SESSION);
          const ours = await ourCli(t, { raw, resp3: proto === 3 }, [], SESSION);
          expect(ours).toBe(theirs);
          expect(ours.length).toBeGreaterThan(500);
        });
      });
    }
  }

  it('a line with unbalanced quotes says "Invalid argument(s)" on standard output and goes on', async () => {
    await both.each(async (t) => {
      const input = 'SET k v\nGET "k\nGET k\n';
      for (const raw of [false, true]) {
        const theirs = await redisCli(t, [raw ? '--raw' : '--no-raw'], input);
        expect(await ourCli(t, { raw }, [], input)).toBe(theirs);
      }
    });
  });

  it('one command from the arguments, raw by default when stdout is not a terminal', async () => {
    await both.each(async (t) => {
      await redisCli(t, ['RPUSH', 'l', 'a', '-1', '']);
      for (const args of [['LRANGE', 'l', '0', '-1'], ['ECHO', '-1'], ['GET', 'nope'], ['NOPE']]) {
        expect(await ourCli(t, {}, args)).toBe(await redisCli(t, args));
        expect(await ourCli(t, { raw: false }, args)).toBe(await redisCli(t, ['--no-raw', ...args]));
      }
    });
  });

  for (const proto of [2, 3] as const) {
    it(`SUBSCRIBE streams every message as redis-cli prints it, tty and raw, RESP${proto}`, async () => {
      await both.each(async (t) => {
        for (const raw of [false, true]) {
          const flags = [raw ? '--raw' : '--no-raw', ...(proto === 3 ? ['-3'] : [])];
          const theirs = redisCli(t, [...flags, 'SUBSCRIBE', 'news', 'sport'], '', true);
          const ours = ourCli(t, { raw, resp3: proto === 3 }, ['SUBSCRIBE', 'news', 'sport'], '', {
            code: 1,
            err: 'Error: Server closed the connection\n', // as redis-cli says on its standard error
          });
          const publisher = await t.raw();
          // Both subscribers are in once PUBLISH reaches two clients on each channel.
          for (
            let i = 0;
            i < 100 &&
            (await publisher.callText('PUBSUB', 'NUMSUB', 'sport')) !== '*2\r\n$5\r\nsport\r\n:2\r\n';
            i++
          ) {
            await new Promise((r) => setTimeout(r, 20));
          }
          await publisher.call('PUBLISH', 'news', 'hello');
          await publisher.call('PUBLISH', 'sport', 'a\x00b');
          await publisher.call('PING');
          await new Promise((r) => setTimeout(r, 100));
          await publisher.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
          expect(await ours).toBe(await theirs);
          expect(await ours).toContain('hello');
        }
      });
    });
  }

  it('--show-frames prints the bytes sent and received beside the reply', async () => {
    await both.each(async (t) => {
      const out = await ourCli(t, { raw: false, showFrames: true }, ['SET', 'k', 'a b']);
      expect(out).toBe(
        '>>> "*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nk\\r\\n$3\\r\\na b\\r\\n"\n<<< "+OK\\r\\n"\nOK\n',
      );
    });
  });
});

describe('formatting and splitting, without a server', () => {
  const format = (wire: string) => formatTTY(new Resp3Parser().feed(Buffer.from(wire, 'latin1'))[0].frame);

  it('formats the types Redis 7.0 only sends from DEBUG PROTOCOL', () => {
    expect(format('#t\r\n')).toBe('(true)\n');
    expect(format(',3.141\r\n')).toBe('(double) 3.141\n');
    expect(format('=20\r\ntxt:This is a\nstring\r\n')).toBe('This is a\nstring\n');
    expect(format('>2\r\n$1\r\na\r\n:1\r\n')).toBe('1) "a"\n2) (integer) 1\n');
    expect(format('>0\r\n')).toBe('(empty push)\n');
    expect(format('(123456789012345678901234567890\r\n')).toBe(
      '(big number) 123456789012345678901234567890\n',
    );
  });

  it('splits lines as redis-cli does', () => {
    expect(splitArgs("set  a \"b c\"  'd \\' e'")).toEqual(['set', 'a', 'b c', "d ' e"]);
    expect(splitArgs('x "\\x41\\n\\t\\\\"')).toEqual(['x', 'A\n\t\\']);
    expect(splitArgs('a"b c"')).toEqual(['ab c']);
    expect(splitArgs('"unbalanced')).toBe(null);
    expect(splitArgs('"a"b')).toBe(null);
    expect(splitArgs('   ')).toEqual([]);
  });
});
