// A minimal RESP2 client for the benchmark's own needs (PING to see a server is up, INFO, DBSIZE, and
// loading keys in pipelined batches). Replies are decoded by redis-parser, the parser ioredis uses,
// so nothing of respite's own code takes part in measuring respite.

import { createRequire } from 'node:module';
import net from 'node:net';

export type Reply = string | number | null | Error | Reply[];

interface RedisParser {
  execute(buffer: Buffer): void;
}

export type RedisParserConstructor = new (options: {
  returnReply(reply: unknown): void;
  returnError(error: Error): void;
  returnFatalError?(error: Error): void;
  returnBuffers?: boolean;
  stringNumbers?: boolean;
}) => RedisParser;

/** redis-parser is CommonJS without type declarations: its one constructor, typed here. */
export const RedisParser = createRequire(import.meta.url)('redis-parser') as RedisParserConstructor;

/** A command as the wire carries it: a multibulk of byte strings. */
export function encodeCommand(args: readonly string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`;
  return s;
}

export class RespConnection {
  private readonly pending: { resolve(r: Reply): void; reject(e: Error): void }[] = [];
  private readonly parser: RedisParser;
  private failure: Error | null = null;

  private constructor(private readonly socket: net.Socket) {
    this.parser = new RedisParser({
      returnReply: (reply) => this.pending.shift()?.resolve(reply as Reply),
      // A server error is a reply like any other here; callers decide what it means.
      returnError: (error) => this.pending.shift()?.resolve(error),
      returnFatalError: (error) => this.fail(error),
    });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.parser.execute(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RespConnection(socket));
      });
    });
  }

  /** Send one command and wait for its reply. */
  call(...args: string[]): Promise<Reply> {
    return this.pipeline([args])[0];
  }

  /** Send several commands in one write; one promise per reply, in order. */
  pipeline(commands: readonly (readonly string[])[]): Promise<Reply>[] {
    let payload = '';
    const replies = commands.map((args) => {
      payload += encodeCommand(args);
      return new Promise<Reply>((resolve, reject) => {
        if (this.failure) reject(this.failure);
        else this.pending.push({ resolve, reject });
      });
    });
    if (!this.failure) this.socket.write(payload, 'latin1');
    return replies;
  }

  close(): void {
    this.socket.destroy();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.splice(0)) p.reject(err);
  }
}

/** Parse the `name:value` lines of an INFO reply. */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}
