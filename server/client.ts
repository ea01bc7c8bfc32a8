// A client connection: its socket, its request parser, its reply buffer and its state (selected
// database, protocol, name, authentication, reply mode).
//
// Bytes flow through it like this:
//
//   socket 'data' ──> RequestParser.feed ──> onCommand(argv) ──> dispatch (server/dispatch.ts)
//                                                                   └─> handler writes to `out`
//   after the whole chunk is parsed: one socket.write of everything `out` holds
//
// so a pipeline of N commands read in one chunk is answered with one write.

import type { Socket } from 'node:net';
import type { BlockedState } from './blocking.js';
import type { MultiState, WatchedKey } from './commands/transactions.js';
import { dispatch } from './dispatch.js';
import * as E from './errors.js';
import { RequestParser } from './protocol/parser.js';
import { ReplyWriter } from './protocol/writer.js';
import { ClientSubscriptions } from './pubsub.js';
import type { RespiteServer } from './server.js';
import type { Database } from './store/keyspace.js';
import type { TrackingState } from './tracking.js';

/** CLIENT REPLY: 'skip-next' is set by CLIENT REPLY SKIP and becomes 'skip' for the next command. */
export type ReplyMode = 'on' | 'off' | 'skip-next' | 'skip';

export class Client {
  readonly out = new ReplyWriter();
  readonly parser: RequestParser;
  db: Database;
  name = '';
  libName = '';
  libVer = '';
  authenticated: boolean;
  replyMode: ReplyMode = 'on';
  /** Set when the connection must close once its pending replies are written (QUIT, protocol error). */
  closeAfterReply = false;
  closed = false;
  /** CLIENT NO-EVICT and CLIENT NO-TOUCH (accepted and reported; respite neither evicts nor ages keys). */
  noEvict = false;
  noTouch = false;
  /** Server clock (ms) at connection and at the last command, for CLIENT LIST's age and idle. */
  readonly createdAt: number;
  lastInteraction: number;
  /** Set while the client waits in a blocking command (see blocking.ts); it reads no commands then. */
  blocked: BlockedState | null = null;
  /** Set while a script running in a worker holds this client (scripting/busy.ts): it reads no commands. */
  heldByScript = false;
  /** Set while CLIENT PAUSE holds this client's command (pause.ts): it reads no commands. */
  postponed = false;
  /** MULTI's queue while a transaction is open; the keys this client WATCHes and whether one changed. */
  multi: MultiState | null = null;
  watching: WatchedKey[] = [];
  dirtyCas = false;
  /** Inside MULTI/EXEC or a script, blocking commands answer at once instead of waiting. */
  denyBlocking = false;
  /** The fake client scripts run their commands as (scripting/runner.ts): MONITOR shows it as "lua". */
  isScriptClient = false;
  /** Full name of the last command run, for CLIENT LIST's cmd. */
  lastCommand = 'NULL';
  /** Pub/Sub subscriptions (see pubsub.ts); a RESP2 client with any is in subscribed mode. */
  readonly subs = new ClientSubscriptions();
  /** Server clock (whole seconds) since output went above the soft output-buffer limit, or 0. */
  softLimitSince = 0;
  /** CLIENT TRACKING settings while tracking is on (see tracking.ts). */
  tracking: TrackingState | null = null;
  /** Pub/Sub and tracking pushes made during this client's own command under CLIENT REPLY OFF/SKIP,
   * which Redis still sends (its CLIENT_PUSHING): dispatch writes them after silencing the reply. */
  heldPushes: Buffer[] | null = null;
  private flushScheduled = false;

  constructor(
    readonly server: RespiteServer,
    readonly id: number,
    readonly socket: Socket | null,
  ) {
    this.db = server.dbs[0];
    this.authenticated = server.config.get('requirepass') === '';
    this.createdAt = this.lastInteraction = server.clock.now();
    this.parser = new RequestParser({
      onCommand: (argv) => {
        const mark = this.out.length;
        try {
          dispatch(this, argv);
        } catch (err) {
          this.internalError(argv, err, mark);
        }
        return (
          !this.closeAfterReply &&
          !this.closed &&
          this.blocked === null &&
          !this.heldByScript &&
          !this.postponed
        );
      },
      onError: (message) => {
        this.out.error(message);
        this.closeAfterReply = true;
      },
    });
    this.parser.maxBulkLen = server.config.getInt('proto-max-bulk-len');
    this.setAuthenticated(this.authenticated);
    if (socket) {
      socket.setNoDelay(true);
      socket.on('data', (chunk: Buffer) => this.onData(chunk));
      socket.on('error', () => {}); // a reset peer; 'close' follows
      socket.on('close', () => this.onClose());
    }
  }

  get protocol(): 2 | 3 {
    return this.out.proto;
  }

  /** Select database `index` (already range-checked). */
  select(index: number): void {
    this.db = this.server.dbs[index];
  }

  /** Mark authenticated (or not), which also changes the parser's limits. */
  setAuthenticated(yes: boolean): void {
    this.authenticated = yes;
    this.parser.unauthenticated = !yes && this.server.authRequired;
  }

  /** The remote address as CLIENT LIST prints it. */
  get addr(): string {
    const s = this.socket;
    if (!s || s.remoteAddress === undefined) return '';
    return s.remoteFamily === 'IPv6'
      ? `[${s.remoteAddress}]:${s.remotePort}`
      : `${s.remoteAddress}:${s.remotePort}`;
  }

  get laddr(): string {
    const s = this.socket;
    if (!s || s.localAddress === undefined) return '';
    return s.remoteFamily === 'IPv6'
      ? `[${s.localAddress}]:${s.localPort}`
      : `${s.localAddress}:${s.localPort}`;
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.server.stats.netInputBytes += chunk.length;
    const server = this.server;
    this.lastInteraction = server.batchNow = server.clock.now();
    server.lastCommandEnd = performance.now();
    try {
      this.parser.feed(chunk);
    } finally {
      server.batchNow = 0;
    }
    this.flush();
  }

  /**
   * A handler threw, which is a bug in respite. An exception escaping a socket's 'data' handler would
   * take the whole process down, every client with it; instead this client gets an error in place of
   * whatever the handler had begun to write, the stack goes to stderr, and the server goes on.
   */
  internalError(argv: string[], err: unknown, mark: number): void {
    this.out.truncate(mark);
    const message = err instanceof Error ? err.message : String(err);
    this.out.error(E.ERR_INTERNAL(argv[0].slice(0, 128).toLowerCase(), message));
    console.error(`respite: the handler of '${argv[0].slice(0, 128)}' threw:`, err);
  }

  /** Write out every pending reply now, in one write; close if the connection is done. */
  flush(): void {
    this.flushScheduled = false;
    if (this.closed || !this.socket) return;
    if (this.out.length > 0) {
      this.server.stats.netOutputBytes += this.out.length;
      // The testing harness may hold replies back or cut them up (fault rules: server/testing).
      if (this.server.testHooks === null) this.socket.write(this.out.take());
      else this.server.testHooks.write(this, this.out.take());
    }
    if (this.closeAfterReply) this.close();
  }

  /** Replies written outside this client's own read (pub/sub messages, unblocking): flush soon. */
  scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    process.nextTick(() => this.flush());
  }

  /** Close the connection after what is already written. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.server.testHooks === null) {
      if (this.socket) closeSocket(this.socket);
    } else {
      this.server.testHooks.end(this); // after replies the harness still holds back
    }
    this.server.removeClient(this);
  }

  private onClose(): void {
    this.closed = true;
    this.server.removeClient(this);
  }
}

/**
 * Close a connection once what was written to it is out, as Redis closes the descriptor after the
 * reply: a peer that goes on sending (after a protocol error) has its writes refused, where a
 * half-closed socket would read on for ever.
 */
export function closeSocket(socket: Socket): void {
  socket.end(() => socket.destroy());
}
