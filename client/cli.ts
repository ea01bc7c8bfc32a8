// `respite cli`: a small redis-cli, for respite or any Redis.
//
//   respite cli                          interactive, with history (↑ ↓), like redis-cli
//   respite cli SET greeting hello       one command from the arguments
//   echo 'GET greeting' | respite cli    commands from standard input, one a line
//   respite cli -3 --show-frames         RESP3, and the bytes of each command and reply shown
//
// Replies print as redis-cli prints them (format.ts), in tty mode on a terminal and raw otherwise,
// or as --raw / --no-raw say. It talks through the RESP client (index.ts) in frames mode, so it sees
// each reply's wire type (+OK and "OK" print differently) and, for --show-frames, its bytes.
//
// Only one command is in flight at a time, as in redis-cli: a frame that arrives is the reply to it,
// except RESP3 pushes (printed as they come) and, after SUBSCRIBE or MONITOR, everything: from then
// on the connection only streams, until Ctrl-C.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { formatReply, type OutputMode, repr, splitArgs } from './format.js';
import { RespClient } from './index.js';
import type { Frame } from './resp3.js';

export interface CliOptions {
  host: string;
  port: number;
  /** true: --raw; false: --no-raw; undefined: raw when standard output is not a terminal. */
  raw?: boolean;
  /** Speak RESP3 (HELLO 3 once connected). */
  resp3?: boolean;
  /** Print the bytes of each command sent and each frame received. */
  showFrames?: boolean;
  /** SELECT this database once connected. */
  db?: number;
  /** AUTH with this password (and user) once connected. */
  password?: string;
  user?: string;
  /** Where the interactive history is kept; null for none. Default ~/.respite_cli_history. */
  historyFile?: string | null;
}

/** Where the CLI reads and writes: the process's streams, or a test's. */
export interface CliIO {
  /** Output, as byte strings (one character per byte). */
  out(text: string): void;
  err(text: string): void;
  stdin: NodeJS.ReadableStream;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
}

export function processIO(): CliIO {
  return {
    out: (text) => process.stdout.write(Buffer.from(text, 'latin1')),
    err: (text) => process.stderr.write(text),
    stdin: process.stdin,
    stdinIsTTY: process.stdin.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
  };
}

/** Commands after which redis-cli only streams what arrives. */
const STREAMING = new Set(['subscribe', 'psubscribe', 'ssubscribe', 'monitor']);

/** Run the CLI; resolves with the process exit code. */
export async function runCli(
  options: CliOptions,
  command: string[],
  io: CliIO = processIO(),
): Promise<number> {
  const mode: OutputMode = (options.raw ?? !io.stdoutIsTTY) ? 'raw' : 'tty';
  let client: RespClient;
  try {
    client = await RespClient.connect(options.port, { host: options.host, frames: true });
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? 'Connection refused' : String(err);
    io.err(`Could not connect to Redis at ${options.host}:${options.port}: ${reason}\n`);
    return 1;
  }
  const session = new Session(client, io, mode, options);
  try {
    if (!(await session.setUp())) return 1;
    if (command.length > 0) return await session.run(command.map(byteString));
    if (!io.stdinIsTTY) return await session.readLines();
    return await session.interactive();
  } finally {
    client.close();
  }
}

class Session {
  private db = 0;
  private inMulti = false;
  /** The reply being waited for. */
  private waiting: ((frame: Frame | null) => void) | null = null;
  private streaming = false;
  private streamEnded: (() => void) | null = null;
  /** Set when Ctrl-C ended the stream, rather than the server closing the connection. */
  private interrupted = false;

  constructor(
    private readonly client: RespClient,
    private readonly io: CliIO,
    private readonly mode: OutputMode,
    private readonly options: CliOptions,
  ) {
    client.onFrame = (frame, raw) => this.onFrame(frame, raw);
    client.onClose = () => {
      this.waiting?.(null);
      this.streamEnded?.();
    };
    if (options.showFrames) {
      client.onBytes = (direction, bytes) => {
        if (direction === 'sent') this.io.out(`>>> ${repr(bytes.latin1Slice(0, bytes.length))}\n`);
      };
    }
  }

  private onFrame(frame: Frame, raw: Buffer): void {
    if (this.options.showFrames) this.io.out(`<<< ${repr(raw.latin1Slice(0, raw.length))}\n`);
    if (this.streaming || frame.kind === 'push' || this.waiting === null) {
      this.io.out(formatReply(frame, this.mode));
      return;
    }
    const waiting = this.waiting;
    this.waiting = null;
    waiting(frame);
  }

  /** Send one command and wait for its reply frame (null if the connection closed). */
  private request(argv: string[]): Promise<Frame | null> {
    return new Promise((resolve) => {
      if (this.client.closed) return resolve(null);
      this.waiting = resolve;
      this.client.writeCommand(argv.map(bytes));
    });
  }

  /** AUTH, HELLO 3 and SELECT as the options ask, before the first command. */
  async setUp(): Promise<boolean> {
    const steps: string[][] = [];
    if (this.options.password !== undefined) {
      steps.push(
        this.options.user
          ? ['AUTH', this.options.user, this.options.password]
          : ['AUTH', this.options.password],
      );
    }
    if (this.options.resp3) steps.push(['HELLO', '3']);
    if (this.options.db) steps.push(['SELECT', String(this.options.db)]);
    for (const argv of steps) {
      const reply = await this.request(argv);
      if (reply === null) return this.lost();
      if (reply.kind === 'error') {
        this.io.err(`${argv[0]} failed: ${reply.text}\n`);
        if (argv[0] !== 'AUTH') return false; // redis-cli goes on after a failed AUTH (commands get NOAUTH)
      }
    }
    this.db = this.options.db ?? 0;
    return true;
  }

  private lost(): false {
    this.io.err('Error: Server closed the connection\n');
    return false;
  }

  /** Run one command and print its reply; resolves with the exit code. */
  async run(argv: string[]): Promise<number> {
    const name = argv[0].toLowerCase();
    if (STREAMING.has(name)) return this.stream(argv);
    const reply = await this.request(argv);
    if (reply === null) return this.lost() ? 0 : 1;
    this.io.out(formatReply(reply, this.mode, argv));
    if (reply.kind !== 'error') {
      if (name === 'select' && argv.length === 2) this.db = Number(argv[1]);
      if (name === 'multi') this.inMulti = true;
      if (name === 'exec' || name === 'discard') this.inMulti = false;
    }
    return 0;
  }

  /** SUBSCRIBE and MONITOR: print everything that arrives until the connection ends or Ctrl-C. */
  private stream(argv: string[]): Promise<number> {
    this.streaming = true;
    if (this.mode === 'tty' && argv[0].toLowerCase() !== 'monitor') {
      this.io.out('Reading messages... (press Ctrl-C to quit)\n');
    }
    return new Promise((resolve) => {
      // As redis-cli: the server closing a subscriber's connection is an error; Ctrl-C is not.
      this.streamEnded = () => resolve(this.interrupted ? 0 : this.lost() ? 0 : 1);
      this.client.writeCommand(argv.map(bytes));
    });
  }

  /** Standard input is not a terminal: one command a line, no prompt. */
  async readLines(): Promise<number> {
    const lines = readline.createInterface({ input: this.io.stdin, terminal: false });
    for await (const line of lines) {
      const argv = splitArgs(byteString(line));
      if (argv === null) {
        this.io.out('Invalid argument(s)\n'); // on stdout, as redis-cli prints it
        continue;
      }
      if (argv.length === 0) continue;
      const code = await this.run(argv);
      if (code !== 0 || this.client.closed) return code;
    }
    return 0;
  }

  private prompt(): string {
    const { host, port } = this.options;
    const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    return `${address}${this.db !== 0 ? `[${this.db}]` : ''}${this.inMulti ? '(TX)' : ''}> `;
  }

  /** The REPL: a prompt, line editing and history from readline, saved between sessions. */
  async interactive(): Promise<number> {
    const file =
      this.options.historyFile === undefined
        ? (process.env.RESPITE_CLI_HISTFILE ?? path.join(os.homedir(), '.respite_cli_history'))
        : this.options.historyFile;
    const history = file ? loadHistory(file) : [];
    const rl = readline.createInterface({
      input: this.io.stdin,
      output: process.stdout,
      terminal: true,
      history,
      historySize: 1000,
      removeHistoryDuplicates: false,
    });
    rl.on('SIGINT', () => {
      if (this.streaming) {
        this.interrupted = true; // Ctrl-C ends SUBSCRIBE and MONITOR
        this.client.close();
      }
      rl.close();
    });
    try {
      for (;;) {
        const line = await new Promise<string | null>((resolve) => {
          rl.once('close', () => resolve(null));
          rl.question(this.prompt(), resolve);
        });
        if (line === null) return 0;
        const argv = splitArgs(byteString(line));
        if (argv === null) {
          this.io.out('Invalid argument(s)\n'); // on stdout, as redis-cli prints it
          continue;
        }
        if (argv.length === 0) continue;
        if (file) fs.appendFileSync(file, `${line}\n`);
        const name = argv[0].toLowerCase();
        if (name === 'quit' || name === 'exit') return 0;
        if (name === 'clear') {
          this.io.out('\x1b[H\x1b[2J');
          continue;
        }
        await this.run(argv);
        if (this.client.closed) return 1;
      }
    } finally {
      rl.close();
    }
  }
}

/**
 * Text typed or passed as arguments, as the bytes a terminal sent (UTF-8), one character per byte:
 * redis-cli sends what was typed byte for byte, and "\xff" escapes then add single bytes.
 */
function byteString(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** A byte string's bytes, for sending. */
function bytes(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

/** The last 1000 lines of the history file, newest first as readline wants them. */
function loadHistory(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-1000).reverse();
  } catch {
    return [];
  }
}
