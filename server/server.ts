// The server: a TCP listener, the clients connected to it, the databases, the clock, the
// configuration and the statistics INFO reports. One RespiteServer is fully isolated from another, so
// a process (a test runner) can start as many as it likes.

import net from 'node:net';
import { type BlockingQueues, serveReadyKeys, unblock } from './blocking.js';
import { Client } from './client.js';
import { Clock, type DueEvent } from './clock.js';
import { streamKeyChanged } from './commands/streams.js';
import type { Command } from './commands/table.js';
import { discardTransaction, touchWatchedKey, type WatchedKeys } from './commands/transactions.js';
import { Config, keyspaceEventFlags, type ServerOptions } from './config.js';
import { type LatencyHistogram, LatencyMonitor } from './latency.js';
import { NOTIFY_EXPIRED, NOTIFY_NEW, notifyKeyspaceEvent } from './notify.js';
import { ClientPause, expiryPaused, forgetPostponed, PAUSE_OFF, unpauseClients } from './pause.js';
import { dropSubscriptions, PubSubRegistry } from './pubsub.js';
import { abandonScript, busyScripts } from './scripting/busy.js';
import { SlowLog } from './slowlog.js';
import { Database, type KeyspaceHost } from './store/keyspace.js';
import type { TestHooks } from './testing/hooks.js';
import { type DbView, dbView, flushAll, resetServer, type SeedData, seed } from './testing/state.js';
import { installTrace, type TraceSink } from './trace.js';
import { disableTracking, invalidateKey, limitTrackingTable, TrackingTable } from './tracking.js';

/** Per-command counters for INFO commandstats. */
export interface CommandStats {
  calls: number;
  usec: number;
  rejectedCalls: number;
  failedCalls: number;
  /** Latency of each call (latency-tracking), for INFO latencystats and LATENCY HISTOGRAM. */
  histogram: LatencyHistogram | null;
}

/** What startServer and new RespiteServer take beyond the configuration parameters. */
export interface StartOptions extends ServerOptions {
  /**
   * The server's clock: a Clock to share (several servers, or one the test made beforehand), or
   * 'frozen' for a new clock frozen at the current time. Default: a new clock following the wall clock.
   */
  clock?: Clock | 'frozen';
  /** Accept respite's admin command RESPITE (clock, faults, command log over the wire). Default: off. */
  adminCommand?: boolean;
  /**
   * Log every frame on every connection, annotated (server/trace.ts): true for standard output, or a
   * function given each line. Default: off, and then it costs nothing.
   */
  trace?: boolean | TraceSink;
}

/** How much work one active expiry round may do per database, as Redis's activeExpireCycle. */
const EXPIRE_SAMPLE = 20;
const EXPIRE_REPEAT_IF_ABOVE = 0.1;
const EXPIRE_TIME_BUDGET_MS = 25;

export class RespiteServer implements KeyspaceHost {
  readonly clock: Clock;
  readonly config: Config;
  readonly dbs: Database[];
  readonly clients = new Map<number, Client>();
  readonly startedAt: number;
  readonly runId: string;
  readonly stats = {
    connections: 0,
    rejectedConnections: 0,
    commands: 0,
    netInputBytes: 0,
    netOutputBytes: 0,
    expiredKeys: 0,
    keyspaceHits: 0,
    keyspaceMisses: 0,
    errorReplies: 0,
  };
  /**
   * The clock's time while the commands of one socket read run, 0 otherwise. Like Redis's cached
   * command time it saves a clock read per key lookup; a batch lasts microseconds, and a clock jump
   * (advance, DEBUG SLEEP on a frozen clock) clears it.
   */
  batchNow = 0;
  /** performance.now() when the last command ended, or when the current batch began (commandstats). */
  lastCommandEnd = 0;
  /** Writes since the last save; LASTSAVE and INFO persistence read them. */
  dirty = 0;
  lastSave: number;
  /** DEBUG SET-ACTIVE-EXPIRE 0 turns the active cycle off (lazy expiry stays). */
  activeExpireEnabled = true;
  /** CLIENT PAUSE's state and the commands it holds (pause.ts). */
  readonly pause = new ClientPause();
  /** SLOWLOG's entries and settings (slowlog.ts). */
  readonly slowlog = new SlowLog();
  /** LATENCY's events (latency.ts); latency-tracking keeps a histogram per command. */
  readonly latency = new LatencyMonitor();
  latencyTracking = true;
  /** Clients that ran MONITOR: dispatch sends them every command (see feedMonitors). */
  readonly monitors = new Set<Client>();
  /** Counters by Command.id: an array index per command instead of a Map lookup. */
  private cmdStats: (CommandStats & { cmd: Command })[] = [];
  /** Clients waiting in blocking commands, and keys that may serve them (see blocking.ts). */
  readonly blockingQueues: BlockingQueues = new Map();
  readyKeys = new Map<Database, Set<string>>();
  /** Clients WATCHing keys (see commands/transactions.ts). */
  readonly watchedKeys: WatchedKeys = new Map();
  /** Error replies by code ("ERR", "WRONGTYPE"), for INFO errorstats. */
  readonly errorStats = new Map<string, number>();
  /** Pub/Sub: who subscribes to which channels and patterns (see pubsub.ts). */
  readonly pubsub = new PubSubRegistry();
  /** Client-side caching: who may hold which keys (see tracking.ts). */
  readonly tracking = new TrackingTable();
  /** notify-keyspace-events as NOTIFY_* bits (0: off), read by every notifyKeyspaceEvent call. */
  notifyFlags = 0;
  /** Whether clients must AUTH: requirepass is set (Redis's authRequired, read on every command). */
  authRequired: boolean;
  /** Whether RESPITE (commands/respite.ts) may run: started with adminCommand or --enable-admin-command. */
  adminCommand: boolean;
  /** Where trace lines go, or null: only on a traced server is a new connection's socket tapped. */
  readonly trace: TraceSink | null;
  /**
   * The testing harness (command log, fault rules, usage report, strict mode) while any of it is on,
   * else null: dispatch and Client.flush test this one field and do nothing more in production.
   */
  testHooks: TestHooks | null = null;
  /** The configuration as started, for reset(). */
  private readonly initialConfig: Map<string, string>;
  /** Whether the clock is this server's own (stopped on close) rather than shared. */
  private readonly ownsClock: boolean;
  private readonly leaveClock: (() => void)[] = [];
  private nextClientId = 1;
  private listener: net.Server | null = null;
  /** Resolves once the server has closed, by close() or by a client's SHUTDOWN. */
  readonly closed: Promise<void>;
  private markClosed!: () => void;
  private expireTimer: NodeJS.Timeout | null = null;

  constructor(options: StartOptions = {}) {
    this.closed = new Promise((resolve) => {
      this.markClosed = resolve;
    });
    this.ownsClock = !(options.clock instanceof Clock);
    this.clock = options.clock instanceof Clock ? options.clock : new Clock();
    if (options.clock === 'frozen') this.clock.freeze();
    this.adminCommand = options.adminCommand === true;
    this.trace = options.trace === true ? (line) => console.log(line) : options.trace || null;
    this.config = new Config(options);
    this.initialConfig = new Map(this.config.entries());
    this.authRequired = this.config.get('requirepass') !== '';
    this.notifyFlags = keyspaceEventFlags(this.config.stored('notify-keyspace-events'));
    const databases = this.config.getInt('databases');
    if (!Number.isInteger(databases) || databases < 1) throw new Error('databases must be at least 1');
    this.dbs = Array.from({ length: databases }, (_, i) => new Database(i, this));
    this.startedAt = this.lastSave = this.clock.now();
    this.runId = Array.from({ length: 40 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join(
      '',
    );
    // A jump drops the time cached for the current batch; the keys that fall due on the way are
    // expired in deadline order by the clock itself (expiriesDue), as they would be in real time.
    this.leaveClock.push(
      this.clock.onJump(() => {
        this.batchNow = 0;
      }),
      this.clock.addSource({ due: (until) => this.expiriesDue(until) }),
    );
    this.config.onChange = (name) => this.configChanged(name);
    for (const name of [
      'slowlog-log-slower-than',
      'slowlog-max-len',
      'latency-monitor-threshold',
      'latency-tracking',
    ])
      this.configChanged(name);
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  /** Listen on `port` (0 picks a free one) and `host`; resolves once connections are accepted. */
  listen(port = 0, host = this.config.get('bind')): Promise<void> {
    return new Promise((resolve, reject) => {
      const listener = net.createServer((socket) => this.accept(socket));
      listener.once('error', reject);
      listener.listen(port, host, () => {
        listener.off('error', reject);
        this.listener = listener;
        const address = listener.address();
        if (address && typeof address !== 'string') this.config.set('port', String(address.port), true);
        this.startActiveExpire();
        resolve();
      });
    });
  }

  /** The address the server listens on. */
  get address(): { host: string; port: number } {
    const a = this.listener?.address();
    if (!a || typeof a === 'string') throw new Error('the server is not listening');
    return { host: a.address, port: a.port };
  }

  /** Stop listening, disconnect every client and stop all timers (and a script running in a worker). */
  close(): Promise<void> {
    abandonScript(this);
    this.pause.timer?.cancel();
    if (this.expireTimer) clearInterval(this.expireTimer);
    this.expireTimer = null;
    for (const leave of this.leaveClock.splice(0)) leave();
    if (this.ownsClock) this.clock.stop();
    for (const client of this.clients.values()) {
      unblock(client); // its timeout may live on a shared clock
      client.closed = true;
      client.socket?.destroy();
    }
    this.clients.clear();
    const listener = this.listener;
    this.listener = null;
    const done = new Promise<void>((resolve) => (listener ? listener.close(() => resolve()) : resolve()));
    return done.then(this.markClosed);
  }

  private accept(socket: net.Socket): void {
    const maxClients = this.config.getInt('maxclients');
    if (this.clients.size >= maxClients) {
      this.stats.rejectedConnections++;
      socket.end('-ERR max number of clients reached\r\n');
      return;
    }
    this.stats.connections++;
    const client = new Client(this, this.nextClientId++, socket);
    this.clients.set(client.id, client);
    if (this.trace) installTrace(socket, client.id, this.trace);
  }

  /** A client without a connection, for running commands from inside the server (scripts, tests). */
  createClient(): Client {
    return new Client(this, this.nextClientId++, null);
  }

  removeClient(client: Client): void {
    unblock(client);
    forgetPostponed(this, client);
    discardTransaction(client);
    this.clients.delete(client.id);
    this.monitors.delete(client);
    dropSubscriptions(client);
    disableTracking(client);
  }

  /** Apply a configuration change to what is already running (CONFIG SET, or config.set()). */
  private configChanged(name: string): void {
    if (name === 'requirepass') {
      this.authRequired = this.config.get('requirepass') !== '';
      for (const client of this.clients.values()) client.setAuthenticated(client.authenticated);
    } else if (name === 'proto-max-bulk-len') {
      const max = this.config.getInt('proto-max-bulk-len');
      for (const client of this.clients.values()) client.parser.maxBulkLen = max;
    } else if (name === 'notify-keyspace-events') {
      this.notifyFlags = keyspaceEventFlags(this.config.stored(name));
    } else if (name === 'slowlog-log-slower-than') {
      const us = this.config.getInt(name);
      this.slowlog.slowerThan = us < 0 ? Number.POSITIVE_INFINITY : us;
    } else if (name === 'slowlog-max-len') {
      this.slowlog.maxLen = this.config.getInt(name);
    } else if (name === 'latency-monitor-threshold') {
      this.latency.threshold = this.config.getInt(name);
    } else if (name === 'latency-tracking') {
      this.latencyTracking = this.config.get(name) === 'yes';
    } else if (name === 'hz' && this.expireTimer) {
      clearInterval(this.expireTimer);
      this.startActiveExpire();
    }
  }

  /**
   * Everything back to how the server started: every database emptied, every parameter at its
   * starting value, statistics cleared, the testing harness (log, fault rules, usage) emptied.
   * Connections stay open. The clock is left alone: the test owns it.
   */
  reset(): void {
    resetServer(this);
    for (const [name, value] of this.initialConfig) {
      if (name === 'port' || name === 'bind' || this.config.stored(name) === value) continue;
      this.config.set(name, value, true);
    }
    this.resetStats();
    this.slowlog.entries = [];
    this.latency.reset(null);
    unpauseClients(this);
    this.activeExpireEnabled = true; // DEBUG SET-ACTIVE-EXPIRE 0 undone
    this.testHooks?.reset();
  }

  // ---- expiry ------------------------------------------------------------------------------------

  /**
   * The clock is jumping to `until`: each key with a deadline by then, to be expired at its deadline
   * (clock.ts runs these in time order). Off with DEBUG SET-ACTIVE-EXPIRE 0, as the active cycle is.
   */
  private expiriesDue(until: number): DueEvent[] {
    const due: DueEvent[] = [];
    if (!this.activeExpireEnabled) return due;
    for (const db of this.dbs) {
      for (const [key, at] of db.expires) {
        if (at <= until) due.push({ at, fire: () => this.expireNow(db, key) });
      }
    }
    return due;
  }

  private startActiveExpire(): void {
    const hz = Math.max(1, Math.min(500, this.config.getInt('hz') || 10));
    this.expireTimer = setInterval(() => {
      this.activeExpireCycle();
      // As Redis's serverCron: tracking-table-max-keys is enforced even when no command comes (a
      // CONFIG SET that lowered it was the last one).
      if (this.tracking.clients !== 0 && busyScripts.count === 0) limitTrackingTable(this);
    }, 1000 / hz);
    this.expireTimer.unref();
  }

  /**
   * Redis's active expiry: sample keys with a TTL in each database and delete the expired ones,
   * repeating on a database while more than 10% of a sample had expired, within a time budget.
   */
  activeExpireCycle(): void {
    // A script running in a worker thread (scripting/busy.ts) is atomic: no key expires under it.
    // Nor during CLIENT PAUSE, which keeps the data set as it is (pause.ts).
    if (!this.activeExpireEnabled || busyScripts.count !== 0 || expiryPaused(this)) return;
    const start = performance.now();
    const deadline = start + EXPIRE_TIME_BUDGET_MS;
    cycle: for (const db of this.dbs) {
      for (;;) {
        const { checked, expired } = db.activeExpire(EXPIRE_SAMPLE);
        if (checked === 0 || expired <= checked * EXPIRE_REPEAT_IF_ABOVE) break;
        if (performance.now() > deadline) break cycle;
      }
    }
    if (this.latency.threshold !== 0) {
      const ms = Math.floor(performance.now() - start);
      this.latency.addIfNeeded('expire-cycle', ms, Math.floor(this.clock.now() / 1000));
    }
    // Outside any command: clients an expiry released (XREADGROUP on a stream that expired) are
    // answered now, as Redis does in beforeSleep.
    if (this.readyKeys.size !== 0) serveReadyKeys(this);
  }

  /** A key the clock found due while time jumped: expired as lazy expiry would, waiters answered. */
  private expireNow(db: Database, key: string): void {
    db.peek(key); // peek expires a key past its deadline
    if (this.readyKeys.size !== 0) serveReadyKeys(this);
  }

  // ---- KeyspaceHost ------------------------------------------------------------------------------

  /** The server clock, read once per batch of commands from one read (see Client.onData). */
  now(): number {
    return this.batchNow || this.clock.now();
  }

  expiryPaused(): boolean {
    return this.pause.type !== PAUSE_OFF && expiryPaused(this);
  }

  keyExpired(db: Database, key: string): void {
    this.stats.expiredKeys++;
    notifyKeyspaceEvent(this, NOTIFY_EXPIRED, 'expired', key, db.id);
    if (this.tracking.active) this.tracking.expiring = key; // for BCAST NOLOOP: nobody's own change
  }

  /** A key was created (Redis's dbAdd): the n class's "new" event. */
  keyAdded(db: Database, key: string): void {
    notifyKeyspaceEvent(this, NOTIFY_NEW, 'new', key, db.id);
  }

  keyModified(db: Database, key: string): void {
    this.dirty++;
    if (this.watchedKeys.size !== 0) touchWatchedKey(this, db, key);
    if (this.tracking.active) invalidateKey(this, key);
    // XREADGROUP waiters end when their stream key is deleted or overwritten (commands/streams.ts).
    if (this.blockingQueues.size !== 0) streamKeyChanged(this, db, key);
  }

  // ---- statistics --------------------------------------------------------------------------------

  commandStats(cmd: Command): CommandStats {
    let s = this.cmdStats[cmd.id];
    if (s === undefined) {
      s = { cmd, calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0, histogram: null };
      this.cmdStats[cmd.id] = s;
    }
    return s;
  }

  /** Commands with counters, for INFO commandstats. */
  *allCommandStats(): IterableIterator<[Command, CommandStats]> {
    for (const s of this.cmdStats) if (s !== undefined) yield [s.cmd, s];
  }

  /** An error reply went out: count it by its code, as Redis's afterErrorReply. */
  countError(code: string): void {
    this.stats.errorReplies++;
    this.errorStats.set(code, (this.errorStats.get(code) ?? 0) + 1);
  }

  /** CONFIG RESETSTAT. */
  resetStats(): void {
    for (const key of Object.keys(this.stats) as (keyof typeof this.stats)[]) this.stats[key] = 0;
    this.cmdStats = [];
    this.errorStats.clear();
  }
}

/** A running server, as startServer returns it. */
export interface RunningServer {
  readonly server: RespiteServer;
  readonly host: string;
  readonly port: number;
  /** redis://host:port, ready for ioredis or node-redis. */
  readonly url: string;
  readonly clock: Clock;
  close(): Promise<void>;
  /** Resolves once the server has closed: by close(), or by a client's SHUTDOWN. */
  readonly closed: Promise<void>;
  /** FLUSHALL: every database emptied (as the command, so WATCH and notifications see it). */
  flush(): void;
  /** Data, configuration and statistics back to how the server started (see RespiteServer.reset). */
  reset(): void;
  /** Load keys of every type from a plain object (see SeedData), into database `db` (default 0). */
  seed(data: SeedData, options?: { db?: number }): void;
  /** Read-only, typed access to database `index` (default 0), without a client. */
  db(index?: number): DbView;
}

/**
 * Start a respite server in this process. Port 0 (the default) picks a free port.
 *
 *     const redis = await startServer();
 *     const client = new Redis(redis.url);
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const server = new RespiteServer(options);
  await server.listen(options.port ?? 0, options.host ?? server.config.get('bind'));
  const { host, port } = server.address;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    host,
    port,
    url: `redis://${urlHost}:${port}`,
    clock: server.clock,
    close: () => server.close(),
    closed: server.closed,
    flush: () => flushAll(server),
    reset: () => server.reset(),
    seed: (data, seedOptions) => seed(server, data, seedOptions?.db ?? 0),
    db: (index = 0) => dbView(server, index),
  };
}
