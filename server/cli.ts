#!/usr/bin/env node
// The respite command line: `respite server [options]` runs a server in the foreground.

import { Command, InvalidArgumentError } from 'commander';
import { startServer } from './server.js';
import { RESPITE_VERSION } from './version.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('not a port number');
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('not a positive integer');
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const program = new Command('respite')
  .version(RESPITE_VERSION)
  .description('A Redis-compatible server for Node.js');

program
  .command('server')
  .description('run a server in the foreground until SIGINT, SIGTERM or SHUTDOWN')
  .option('-p, --port <port>', 'TCP port (0 picks a free one)', port, 6379)
  .option('-b, --bind <host>', 'address to listen on', '127.0.0.1')
  .option('--requirepass <password>', 'require AUTH with this password')
  .option('--databases <n>', 'number of databases', positive, 16)
  .option('--config <name=value>', 'set a configuration parameter (repeatable)', collect, [])
  .option('--enable-debug-command', 'allow DEBUG (off by default, as in Redis)')
  .option('--enable-admin-command', 'allow RESPITE, the admin command for tests (clock, faults, log)')
  .option('--trace', 'log every frame on every connection to standard output (server/trace.ts)')
  .action(async (opts) => {
    const config: Record<string, string> = {};
    for (const pair of opts.config as string[]) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new InvalidArgumentError(`--config ${pair}: expected name=value`);
      config[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    if (opts.enableDebugCommand) config['enable-debug-command'] = 'yes';
    const running = await startServer({
      port: opts.port,
      host: opts.bind,
      requirepass: opts.requirepass,
      databases: opts.databases,
      config,
      adminCommand: opts.enableAdminCommand === true,
      trace: opts.trace === true,
    });
    console.log(`respite ${RESPITE_VERSION} ready to accept connections on ${running.host}:${running.port}`);
    const stop = (signal: string) => {
      console.log(`received ${signal}, shutting down`);
      void running.close();
    };
    // SHUTDOWN from a client ends the process as well.
    running.closed.then(() => process.exit(0));
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });

// `respite cli`: a redis-cli for respite or any Redis (the REPL itself is client/cli.ts). Options
// as redis-cli spells them, so -h is the host and help is only --help. Options end at the first
// argument (`respite cli INCRBY n -1`), which needs positional options on the program too.
program.enablePositionalOptions();
program
  .command('cli')
  .description('talk to a server: interactive, or one command from the arguments, or lines from stdin')
  .helpOption('--help', 'display help for command')
  .argument('[command...]', 'a command to run, then exit')
  .option('-h, --host <host>', 'server host', '127.0.0.1')
  .option('-p, --port <port>', 'server port', port, 6379)
  .option('-a, --pass <password>', 'AUTH with this password')
  .option('--user <username>', 'AUTH as this user (with -a)')
  .option('-n, --db <db>', 'database number', (v: string) => Number(v))
  .option('-3, --resp3', 'speak RESP3 (HELLO 3)')
  .option('--raw', 'print replies raw (the default when stdout is not a terminal)')
  .option('--no-raw', 'print replies formatted even when stdout is not a terminal')
  .option('--show-frames', 'print the bytes of each command sent and frame received')
  .passThroughOptions()
  .action(async (command: string[], opts) => {
    const { runCli } = await import('../client/cli.js');
    const code = await runCli(
      {
        host: opts.host,
        port: opts.port,
        raw: opts.raw,
        resp3: opts.resp3,
        showFrames: opts.showFrames,
        db: opts.db,
        password: opts.pass,
        user: opts.user,
      },
      command,
    );
    process.exit(code);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
