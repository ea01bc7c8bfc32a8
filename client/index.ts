// A small RESP client: one TCP connection, commands out, replies back in order.
//
//     import { RespClient } from 'respite/client';
//     const c = await RespClient.connect(6379);
//     await c.call('SET', 'greeting', 'hello');          // 'OK'
//     await c.call('GET', 'greeting');                   // 'hello'
//     await c.pipeline([['INCR', 'n'], ['INCR', 'n']]);  // [1, 2], sent in one write
//     await c.hello(3);                                  // switch to RESP3: maps, sets, doubles, pushes
//     c.close();
//
// How it works, in four parts:
//
// 1. Sending. A command is encoded as an array of bulk strings (encode.ts) and written to the socket.
//    Nothing waits for the reply before the next command is written: the server answers commands in
//    the order it received them, so the client only keeps a queue of promises and resolves the head
//    of the queue with each reply that arrives. That queue is all pipelining needs.
//
// 2. Reading. Bytes arrive in chunks that do not respect reply boundaries. A parser keeps the partial
//    reply between chunks and hands over complete replies. In RESP2 that parser is redis-parser;
//    in RESP3 it is our own (resp3.ts, which says why).
//
// 3. RESP3. `HELLO 3` switches the connection's protocol, and the reply to HELLO itself is already
//    RESP3 (a map). So the client waits until every earlier reply has arrived (redis-parser then holds
//    no bytes), switches parsers, and only then sends HELLO.
//
// 4. Pub/sub. A subscribed connection receives messages it did not ask for. In RESP3 they are push
//    frames (>), which cannot be mistaken for replies. In RESP2 they are ordinary arrays
//    ["message", channel, payload], told apart from replies by their first element while the
//    connection has subscriptions. Subscribing is confirmed once per channel, so SUBSCRIBE a b is
//    one command with two confirmations.

import net from 'node:net';
import RedisParser from 'redis-parser';
import { type Arg, encodeCommand } from './encode.js';
import { type Frame, Resp3Parser } from './resp3.js';

export type { Arg } from './encode.js';
export { encodeCommand, encodeCommands } from './encode.js';
export { type Frame, ProtocolError, Resp3Parser } from './resp3.js';

/** An error reply (-ERR ..., -WRONGTYPE ...). `code` is its first word. */
export class ReplyError extends Error {
  readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = 'ReplyError';
    this.code = message.split(' ', 1)[0];
  }
}

/**
 * A reply as a JavaScript value. RESP2 and RESP3 types map as:
 *   simple string, bulk string, verbatim string -> string (or Buffer with returnBuffers)
 *   integer -> number          big number -> bigint        double -> number
 *   null ($-1, *-1, _) -> null boolean -> boolean           error -> ReplyError
 *   array -> Reply[]           map -> Map                   set -> Set
 */
export type Reply =
  | string
  | Buffer
  | number
  | bigint
  | boolean
  | null
  | ReplyError
  | Reply[]
  | Map<Reply, Reply>
  | Set<Reply>;

/** A pub/sub message: from SUBSCRIBE (message), PSUBSCRIBE (pmessage) or SSUBSCRIBE (smessage). */
export interface PubSubMessage {
  kind: 'message' | 'pmessage' | 'smessage';
  channel: string;
  message: string | Buffer;
  /** The pattern that matched, for pmessage. */
  pattern?: string;
}

export interface ClientOptions {
  host?: string;
  /** Bulk and simple strings as Buffers instead of UTF-8 strings. */
  returnBuffers?: boolean;
  /** Resolve replies as Frames (with their RESP types) instead of values: what the CLI needs. */
  frames?: boolean;
}

/** A command waiting for its reply, or for its subscription confirmations. */
interface Pending {
  resolve(reply: Reply | Frame): void;
  reject(err: Error): void;
  /** For (P|S)SUBSCRIBE and (P|S)UNSUBSCRIBE: which confirmations, and how many are still due. */
  confirms?: { kind: string; remaining: number };
}

const SUBSCRIBE_KINDS = new Set([
  'subscribe',
  'unsubscribe',
  'psubscribe',
  'punsubscribe',
  'ssubscribe',
  'sunsubscribe',
]);
const MESSAGE_KINDS = new Set(['message', 'pmessage', 'smessage']);

export class RespClient {
  /** The protocol the server speaks to us: 2 until a successful HELLO 3. */
  protocol: 2 | 3 = 2;
  /** Channels and patterns subscribed to, as the last confirmation counted them. */
  subscriptions = 0;
  /** The names subscribed to, by kind, from the confirmations. */
  readonly subscribed = {
    channels: new Set<string>(),
    patterns: new Set<string>(),
    shardChannels: new Set<string>(),
  };
  /** Pub/sub messages. */
  onMessage: ((message: PubSubMessage) => void) | null = null;
  /** Other push frames in RESP3 (client-side caching invalidations, MONITOR-like feeds). */
  onPush: ((push: Reply[]) => void) | null = null;
  /**
   * Frames mode only: when set, every frame read goes here, with its bytes, and none to waiting
   * commands. The CLI uses it: in subscribe and MONITOR modes it prints whatever arrives.
   */
  onFrame: ((frame: Frame, raw: Buffer) => void) | null = null;
  /** Sees the raw bytes: each command written, each reply read (in RESP2, each chunk read). */
  onBytes: ((direction: 'sent' | 'received', bytes: Buffer) => void) | null = null;
  closed = false;
  /** Called once when the connection is gone. */
  onClose: ((err: Error) => void) | null = null;

  private readonly queue: Pending[] = [];
  private redisParser: RedisParser;
  /** Our own parser: in use after HELLO 3, or always in frames mode. */
  private resp3: Resp3Parser | null = null;
  private closeWaiters: (() => void)[] = [];

  private constructor(
    private readonly socket: net.Socket,
    private readonly options: ClientOptions,
  ) {
    this.redisParser = new RedisParser({
      returnBuffers: options.returnBuffers ?? false,
      returnReply: (reply) => this.receive(reply as Reply, false),
      returnError: (err) => this.receive(new ReplyError(err.message), false),
      returnFatalError: (err) => this.fail(err),
    });
    if (options.frames) this.resp3 = new Resp3Parser();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  /** Connect to a server at `port` (default 6379) on `options.host` (default 127.0.0.1). */
  static connect(port = 6379, options: ClientOptions = {}): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, options.host ?? '127.0.0.1', () => {
        socket.off('error', reject);
        resolve(new RespClient(socket, options));
      });
      socket.once('error', reject);
    });
  }

  /**
   * Send one command; resolves with its reply, rejects with a ReplyError for an error reply.
   * HELLO and the subscribe commands go through hello() and subscribe() (see there why).
   */
  async call(...args: Arg[]): Promise<Reply> {
    const name = String(args[0]).toLowerCase();
    if (name === 'hello') return this.hello(...args.slice(1));
    if (SUBSCRIBE_KINDS.has(name)) return this.subscribeCommand(name, args.slice(1));
    const reply = await this.send(args);
    if (reply instanceof ReplyError) throw reply;
    return reply as Reply;
  }

  /** Send one command; resolve with its reply exactly as parsed: a Frame in frames mode, errors included. */
  send(args: readonly Arg[]): Promise<Reply | Frame> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error('connection closed'));
      this.queue.push({ resolve, reject });
      this.write(encodeCommand(args));
    });
  }

  /** Write a command without waiting for a reply (with onFrame set, what comes back goes there). */
  writeCommand(args: readonly Arg[]): void {
    if (!this.closed) this.write(encodeCommand(args));
  }

  /**
   * Send several commands in one write and resolve with all their replies, in order. Error replies
   * are ReplyError values in the array, not a rejection: the other commands ran.
   */
  pipeline(commands: readonly (readonly Arg[])[]): Promise<(Reply | Frame)[]> {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    const replies = commands.map(
      () => new Promise<Reply | Frame>((resolve, reject) => this.queue.push({ resolve, reject })),
    );
    this.write(Buffer.concat(commands.map(encodeCommand)));
    return Promise.all(replies);
  }

  /**
   * HELLO [protover [AUTH username password] [SETNAME name]]. The reply to HELLO 3 is already a
   * RESP3 map, so the client first lets every earlier reply arrive, then switches to the RESP3
   * parser, then sends HELLO. If the server refuses (NOPROTO, WRONGPASS), the protocol is unchanged.
   */
  async hello(...args: Arg[]): Promise<Reply> {
    if (args.length === 0) {
      // Without a version HELLO changes nothing: just the server's description, in the current protocol.
      const reply = await this.send(['HELLO']);
      if (reply instanceof ReplyError) throw reply;
      return reply as Reply;
    }
    const version = Number(args[0]);
    await this.idle();
    if (version === 3 && !this.resp3) this.resp3 = new Resp3Parser();
    const reply = await this.send(['HELLO', ...args]);
    const ok = !(reply instanceof ReplyError) && !(isFrame(reply) && reply.kind === 'error');
    if (ok && (version === 2 || version === 3)) this.protocol = version;
    if (this.protocol === 2 && !this.options.frames && this.resp3) {
      // Back to redis-parser, with whatever bytes came after the HELLO reply.
      const rest = this.resp3.takeLeftover();
      this.resp3 = null;
      if (rest.length > 0) this.redisParser.execute(rest);
    }
    if (reply instanceof ReplyError) throw reply;
    return reply as Reply;
  }

  /** SUBSCRIBE channel [channel ...]; resolves with the number of subscriptions afterwards. */
  subscribe(...channels: string[]): Promise<Reply> {
    return this.subscribeCommand('subscribe', channels);
  }

  /** UNSUBSCRIBE [channel ...]; with no channel, from all of them. */
  unsubscribe(...channels: string[]): Promise<Reply> {
    return this.subscribeCommand('unsubscribe', channels);
  }

  psubscribe(...patterns: string[]): Promise<Reply> {
    return this.subscribeCommand('psubscribe', patterns);
  }

  punsubscribe(...patterns: string[]): Promise<Reply> {
    return this.subscribeCommand('punsubscribe', patterns);
  }

  /**
   * The subscribe family: the server confirms each channel separately (RESP2: an array reply per
   * channel; RESP3: a push per channel). Without arguments, an unsubscribe confirms each channel
   * (or pattern) it leaves, or once with a null channel when there was none: the client counts on
   * the names it keeps, so call it once earlier subscriptions are confirmed.
   */
  private subscribeCommand(kind: string, channels: Arg[]): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      if (this.closed) return reject(new Error('connection closed'));
      const remaining =
        channels.length > 0 ? channels.length : Math.max(1, this.subscribed[setOf(kind)].size);
      this.queue.push({
        resolve: resolve as (r: Reply | Frame) => void,
        reject,
        confirms: { kind, remaining },
      });
      this.write(encodeCommand([kind.toUpperCase(), ...channels]));
    });
  }

  /** Resolves once every command sent so far has its reply. */
  async idle(): Promise<void> {
    const last = this.queue.at(-1);
    if (!last) return;
    await new Promise<void>((resolve) => {
      const { resolve: res, reject: rej } = last;
      last.resolve = (r) => {
        res(r);
        resolve();
      };
      last.reject = (e) => {
        rej(e);
        resolve();
      };
    });
  }

  /** Send QUIT and wait for the server to close the connection. */
  async quit(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.closeWaiters.push(resolve));
    await this.send(['QUIT']).catch(() => {});
    await closed;
  }

  /** Close the connection now; commands still waiting are rejected. */
  close(): void {
    this.socket.destroy();
    this.fail(new Error('connection closed'));
  }

  private write(bytes: Buffer): void {
    this.onBytes?.('sent', bytes);
    this.socket.write(bytes);
  }

  private onData(chunk: Buffer): void {
    if (this.resp3) {
      for (const { frame, raw } of this.resp3.feed(chunk)) {
        this.onBytes?.('received', raw);
        if (this.onFrame && this.options.frames) {
          this.onFrame(frame, raw);
          continue;
        }
        this.receive(
          this.options.frames ? frame : toValue(frame, this.options.returnBuffers),
          frame.kind === 'push',
          frame,
        );
      }
    } else {
      this.onBytes?.('received', chunk);
      this.redisParser.execute(chunk);
    }
  }

  /** One complete reply or push from the server: route it to its command or to the pub/sub handler. */
  private receive(reply: Reply | Frame, isPush: boolean, frame?: Frame): void {
    const value = frame && this.options.frames ? toValue(frame, false) : (reply as Reply);
    const head = this.queue[0];
    const kind = Array.isArray(value) && value.length > 0 ? String(value[0]).toLowerCase() : '';
    // A pub/sub message: a push in RESP3; in RESP2 an array starting "message" while subscribed (a
    // subscribed RESP2 connection runs no command whose reply could look like that; a RESP3 one can).
    if (MESSAGE_KINDS.has(kind) && (isPush || (this.protocol === 2 && this.subscriptions > 0))) {
      return this.deliver(value as Reply[]);
    }
    // A subscription confirmation: [kind, channel, count], pushed in RESP3, an array in RESP2.
    if (SUBSCRIBE_KINDS.has(kind) && (isPush || head?.confirms)) {
      const [, channel, count] = value as Reply[];
      this.subscriptions = Number(count);
      if (channel !== null) {
        const names = this.subscribed[setOf(kind)];
        if (kind.includes('unsub')) names.delete(String(channel));
        else names.add(String(channel));
      }
      if (head?.confirms?.kind === kind) {
        head.confirms.remaining--;
        if (head.confirms.remaining === 0) {
          this.queue.shift();
          head.resolve(this.subscriptions);
        }
      }
      return;
    }
    if (isPush) return void this.onPush?.(value as Reply[]);
    if (!head) return; // nothing asked for it: ignore, as after a protocol error
    this.queue.shift();
    if (head.confirms && value instanceof ReplyError) head.reject(value);
    else head.resolve(reply);
  }

  private deliver(push: Reply[]): void {
    const str = (r: Reply) => (Buffer.isBuffer(r) ? r.toString('utf8') : String(r));
    const kind = str(push[0]).toLowerCase() as PubSubMessage['kind'];
    const message: PubSubMessage =
      kind === 'pmessage'
        ? { kind, pattern: str(push[1]), channel: str(push[2]), message: push[3] as string | Buffer }
        : { kind, channel: str(push[1]), message: push[2] as string | Buffer };
    this.onMessage?.(message);
  }

  /** The connection is gone (or its bytes made no sense): every waiting command fails. */
  private fail(err: Error): void {
    if (!this.closed) {
      this.closed = true;
      this.socket.destroy();
      this.onClose?.(err);
    }
    for (const p of this.queue.splice(0)) p.reject(err);
    for (const w of this.closeWaiters.splice(0)) w();
  }
}

/** Which of the subscribed sets a subscribe-family command changes. */
function setOf(kind: string): 'channels' | 'patterns' | 'shardChannels' {
  if (kind === 'psubscribe' || kind === 'punsubscribe') return 'patterns';
  return kind === 'ssubscribe' || kind === 'sunsubscribe' ? 'shardChannels' : 'channels';
}

function isFrame(x: unknown): x is Frame {
  return typeof x === 'object' && x !== null && 'kind' in x;
}

/** A Frame as the JavaScript value the client resolves with (see Reply). */
export function toValue(frame: Frame, returnBuffers = false): Reply {
  const bytes = (data: Buffer) => (returnBuffers ? data : data.toString('utf8'));
  switch (frame.kind) {
    case 'simple':
      return returnBuffers
        ? Buffer.from(frame.text, 'latin1')
        : Buffer.from(frame.text, 'latin1').toString('utf8');
    case 'error':
      return new ReplyError(frame.text);
    case 'integer':
      return Number(frame.text);
    case 'bulk':
    case 'verbatim':
      return bytes(frame.data);
    case 'null':
      return null;
    case 'double':
      return frame.text === 'inf' ? Infinity : frame.text === '-inf' ? -Infinity : Number(frame.text);
    case 'boolean':
      return frame.value;
    case 'bignum':
      return BigInt(frame.text);
    case 'array':
    case 'push':
      return frame.items.map((f) => toValue(f, returnBuffers));
    case 'set':
      return new Set(frame.items.map((f) => toValue(f, returnBuffers)));
    case 'map':
      return new Map(frame.entries.map(([k, v]) => [toValue(k, returnBuffers), toValue(v, returnBuffers)]));
    case 'attribute':
      return toValue(frame.reply, returnBuffers);
  }
}
