// redis-cli (Debian's redis-tools) against both targets: the same invocations must print the same
// text. Covers commands given as arguments (raw output, as when stdout is not a terminal, and
// --no-raw formatting), commands read from stdin, -x, -3 (RESP3), and --pipe mass insertion, which
// ends with an ECHO of a random 20-byte marker and waits for it to come back.

import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../support/raw.js';
import { type Target, useTargets } from '../support/targets.js';

const both = useTargets();

const haveCli = spawnSync('redis-cli', ['--version']).status === 0;
if (!haveCli && process.env.CI) throw new Error('redis-cli is not on PATH (apt-get install -y redis-tools)');

interface CliResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/**
 * Run redis-cli against `t`. It must not block this process: the respite target runs in it.
 * stdout and stderr are byte strings.
 */
function redisCli(t: Target, args: string[], input: string | Buffer = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-cli', ['-h', t.host, '-p', String(t.port), ...args]);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        stdout: Buffer.concat(out).toString('latin1'),
        stderr: Buffer.concat(err).toString('latin1'),
        code,
      }),
    );
    // redis-cli may exit before reading its input (it needs none for most invocations): EPIPE then.
    child.stdin.on('error', () => {});
    child.stdin.end(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
  });
}

/** Run the same invocations, in order, against each target; the outputs must be identical. */
async function sameOutput(...runs: { args: string[]; input?: string | Buffer }[]): Promise<CliResult[]> {
  const all: CliResult[][] = [];
  for (const t of both.list) {
    const results: CliResult[] = [];
    for (const run of runs) results.push(await redisCli(t, run.args, run.input));
    all.push(results);
  }
  if (all.length === 2) expect(all[0], 'respite vs redis').toEqual(all[1]);
  return all[0];
}

const out = (results: CliResult[]) => results.map((r) => r.stdout);

describe.runIf(haveCli)('redis-cli', () => {
  it('commands as arguments, raw output', async () => {
    const results = await sameOutput(
      { args: ['SET', 'a', '1'] },
      { args: ['GET', 'a'] },
      { args: ['GET', 'missing'] },
      { args: ['INCR', 'a'] },
      { args: ['MGET', 'a', 'missing'] },
      { args: ['INCR', 'a', 'b'] },
      { args: ['ECHO', 'two words'] },
      { args: ['DBSIZE'] },
    );
    expect(out(results)).toEqual([
      'OK\n',
      '1\n',
      '\n',
      '2\n',
      '2\n\n',
      "ERR wrong number of arguments for 'incr' command\n\n",
      'two words\n',
      '1\n',
    ]);
  });

  it('formatted output (--no-raw)', async () => {
    const results = await sameOutput(
      { args: ['--no-raw', 'SET', 'a', '1'] },
      { args: ['--no-raw', 'GET', 'a'] },
      { args: ['--no-raw', 'GET', 'missing'] },
      { args: ['--no-raw', 'INCR', 'n'] },
      { args: ['--no-raw', 'MGET', 'a', 'missing', 'n'] },
      { args: ['--no-raw', 'MGET'] },
      { args: ['--no-raw', 'SET', 'bin', 'caf\xe9\x01"\\'] },
      { args: ['--no-raw', 'GET', 'bin'] },
      { args: ['--no-raw', 'KEYS', 'missing*'] },
      { args: ['--no-raw', 'INCRBYFLOAT', 'f', '1.5'] },
    );
    expect(out(results).slice(0, 6)).toEqual([
      'OK\n',
      '"1"\n',
      '(nil)\n',
      '(integer) 1\n',
      '1) "1"\n2) (nil)\n3) "1"\n',
      "(error) ERR wrong number of arguments for 'mget' command\n",
    ]);
  });

  it('commands read from stdin', async () => {
    const results = await sameOutput({
      args: [],
      input: 'SET b 2\nGET b\nINCR b\nGET nothing\nECHO "quoted \\x41"\nSELECT 99\nPING\n',
    });
    expect(results[0].stdout).toBe('OK\n2\n3\n\nquoted A\nERR DB index is out of range\n\nPONG\n');
  });

  it('-x: the last argument read from stdin, bytes as they are', async () => {
    const value = Buffer.from([0, 1, 2, 0xfe, 0xff, 0x0d, 0x0a, 0x41]);
    const results = await sameOutput(
      { args: ['-x', 'SET', 'x'], input: value },
      { args: ['STRLEN', 'x'] },
      { args: ['--raw', 'GET', 'x'] },
    );
    expect(out(results)[1]).toBe('8\n');
    expect(out(results)[2]).toBe(`${value.toString('latin1')}\n`);
  });

  it('-3: RESP3', async () => {
    const results = await sameOutput(
      { args: ['-3', '--no-raw', 'SET', 'a', '1'] },
      { args: ['-3', '--no-raw', 'GET', 'missing'] },
      { args: ['-3', '--no-raw', 'MGET', 'a', 'missing'] },
      { args: ['-3', '--no-raw', 'CONFIG', 'GET', 'maxmemory'] },
      { args: ['-3', '--no-raw', 'INCR', 'a'] },
      { args: ['-3', '--no-raw', 'GET', 'a', 'b'] },
      { args: ['-3', 'GET', 'missing'] },
      { args: ['-3', 'CONFIG', 'GET', 'maxmemory'] },
    );
    expect(out(results).slice(0, 4)).toEqual([
      'OK\n',
      '(nil)\n',
      '1) "1"\n2) (nil)\n',
      '1# "maxmemory" => "0"\n',
    ]);
  });

  it('--pipe mass insertion', async () => {
    const commands: Buffer[] = [];
    for (let i = 0; i < 5000; i++) commands.push(encodeCommand(['SET', `key:${i}`, `value \xff ${i}`]));
    commands.push(encodeCommand(['INCR', 'counter']));
    const results = await sameOutput(
      { args: ['--pipe'], input: Buffer.concat(commands) },
      { args: ['DBSIZE'] },
      { args: ['GET', 'key:4999'] },
    );
    expect(results[0]).toEqual({
      stdout:
        'All data transferred. Waiting for the last reply...\nLast reply received from server.\nerrors: 0, replies: 5001\n',
      stderr: '',
      code: 0,
    });
    expect(out(results).slice(1)).toEqual(['5001\n', 'value \xff 4999\n']);
  });

  it('--pipe with errors and inline commands', async () => {
    const input = Buffer.concat([
      encodeCommand(['SET', 's', 'text']),
      encodeCommand(['INCR', 's']),
      Buffer.from('SET inline "quoted value"\r\nGET inline\r\nNOSUCHCOMMAND\r\n'),
      encodeCommand(['GET', 's']),
    ]);
    const results = await sameOutput({ args: ['--pipe'], input }, { args: ['GET', 'inline'] });
    expect(results[0].stdout).toContain('errors: 2, replies: 6');
    expect(results[0].code).toBe(1);
    expect(results[1].stdout).toBe('quoted value\n');
  });
});
