// Long scripts, as Redis's busy-script handling (script.c, processCommand's BUSY check).
//
// The engine cannot pause a script and resume it later. So every script starts on the main thread
// with a slice of fuel (runner.ts); one that uses it up without having run a command that changed
// anything is run again from the start in a worker thread (worker.ts) with an engine of its own. Its
// redis.call requests come back here and run through the same path as on the main thread, on the
// script's client, while the worker waits for each answer.
//
// Meanwhile the main thread keeps its event loop, but nothing else may run between the script's
// commands (a script is atomic): other clients' commands are held, their connections paused, until
// the script ends. Once the script has run for busy-reply-threshold (real time: a script's runtime is
// real, whatever the server clock says), the held commands and later ones are answered BUSY, except
// those Redis lets through (flag allow_busy: SCRIPT KILL, FUNCTION KILL, FUNCTION STATS, MULTI/EXEC,
// AUTH, HELLO, ...). SCRIPT KILL / FUNCTION KILL end the worker; the caller gets the killed error.
//
// A script that wrote may run long in the worker; SCRIPT KILL then answers UNKILLABLE as in Redis.
// (A script that wrote on the main thread before its slice ran out cannot be run again: it keeps the
// main thread for its whole budget and is stopped with the killed error, as before this existed.)

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { Client } from '../client.js';
import { lookupCommand } from '../commands/table.js';
import { accountLatency, dispatch } from '../dispatch.js';
import * as E from '../errors.js';
import type { RespiteServer } from '../server.js';
import { writeWire } from './convert.js';
import { type Run, type RunOptions, scriptErrorMessage, serveCall, withRun } from './runner.js';
import type { WorkerJob, WorkerMessage } from './worker.js';

/** A script running in a worker. */
interface BusyScript {
  readonly run: Run;
  readonly worker: Worker;
  readonly isEval: boolean;
  /** The caller's command, for FUNCTION STATS. */
  readonly argv: readonly string[];
  /** performance.now() when the script began (on the main thread, before it moved). */
  readonly started: number;
  pastThreshold: boolean;
  timer: NodeJS.Timeout | null;
  /** Commands held until the script ends or the threshold passes, in arrival order. */
  held: { client: Client; argv: string[] }[];
}

const busy = new Map<RespiteServer, BusyScript>();

/** How many servers of this process run a script in a worker: dispatch's one cheap test. */
export const busyScripts = { count: 0 };

/** Move the script of `run` to a worker; the caller's reply is written when it ends. */
export function runInWorker(run: Run, options: RunOptions): void {
  const server = run.server;
  const caller = run.caller;
  run.sliced = false;
  const signal = new SharedArrayBuffer(4);
  const flag = new Int32Array(signal);
  const channel = new MessageChannel();
  const job: WorkerJob = {
    body: options.body,
    name: run.name,
    libraryCode: options.libraryCode ?? null,
    keys: [...options.keys],
    args: [...options.args],
    signal,
    replies: channel.port2,
  };
  const worker = takeWorker();
  worker.postMessage(job, [job.replies]);
  const state: BusyScript = {
    run,
    worker,
    isEval: options.body !== null,
    argv: options.argv ?? [],
    started: run.started,
    pastThreshold: false,
    timer: null,
    held: [],
  };
  busy.set(server, state);
  busyScripts.count++;
  caller.heldByScript = true;
  const threshold = server.config.getInt('busy-reply-threshold');
  state.timer = setTimeout(
    () => passThreshold(state),
    Math.max(0, run.started + threshold - performance.now()),
  );

  worker.on('message', (msg: WorkerMessage) => {
    if (busy.get(server) !== state || msg.type === 'ready') return;
    if (msg.type === 'call') {
      run.lua.out.proto = msg.resp === 3 ? 3 : 2;
      const reply = withRun(run, () => serveCall(run, msg.args, msg.protected));
      channel.port1.postMessage(new Uint8Array(reply));
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      return;
    }
    const wire = Buffer.from(msg.wire);
    const failure = writeWire(caller.out, wire);
    if (failure !== null) caller.out.error(scriptErrorMessage(run, failure.message, failure.line));
    finish(state);
  });
  worker.on('error', (err) => {
    if (busy.get(server) !== state) return;
    caller.out.error(`ERR Lua engine failure: ${err.message} script: ${run.name}, on @${run.chunk}:1.`);
    finish(state);
  });
}

/**
 * A worker started ahead of need, its engine loading: after the first script that moves, one waits, so
 * that the next move does not wait for a thread to start (tens of milliseconds, more from sources).
 */
let spare: Worker | null = null;
let spareReady: Promise<void> | null = null;

function takeWorker(): Worker {
  const worker = spare ?? startWorker();
  startSpare();
  return worker;
}

function startSpare(): void {
  const worker = startWorker();
  spare = worker;
  spareReady = new Promise((resolve) => {
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'ready') resolve();
    });
    worker.on('error', () => resolve());
  });
}

/** Resolves once a spare worker has its engine loaded (tests: a move then starts at once). */
export function workerReady(): Promise<void> {
  if (spare === null) startSpare();
  return spareReady!;
}

/** The worker's entry: compiled JavaScript, or (running from the TypeScript sources) transpiled. */
function startWorker(): Worker {
  const here = import.meta.url;
  const worker = here.endsWith('.ts')
    ? new Worker(tsBootstrap(new URL('./worker.ts', here).href), { eval: true })
    : new Worker(new URL('./worker.js', here));
  worker.unref();
  // An idle spare that failed to start is replaced when taken; its error must not go unhandled.
  worker.on('error', () => {
    if (spare === worker) spare = null;
  });
  return worker;
}

/**
 * Tests run respite from its .ts sources (vitest transpiles them), which a worker thread cannot load
 * by itself: the worker registers a loader that transpiles with the TypeScript compiler.
 */
function tsBootstrap(entry: string): string {
  const ts = pathToFileURL(createRequire(import.meta.url).resolve('typescript')).href;
  const loader = `import ts from ${JSON.stringify(ts)};
import { readFileSync } from 'node:fs';
export async function resolve(spec, ctx, next) {
  try { return await next(spec, ctx); } catch (e) {
    if (spec.endsWith('.js') && ctx.parentURL && ctx.parentURL.endsWith('.ts')) return next(spec.slice(0, -3) + '.ts', ctx);
    throw e;
  }
}
export async function load(url, ctx, next) {
  if (!url.endsWith('.ts')) return next(url, ctx);
  const out = ts.transpileModule(readFileSync(new URL(url), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }, fileName: url });
  return { format: 'module', source: out.outputText, shortCircuit: true };
}`;
  return `const { register } = require('node:module');
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(loader)}));
import(${JSON.stringify(entry)}).catch((e) => { throw e; });`;
}

/** The script ended (or was killed): the caller gets its reply, held clients go on. */
function finish(state: BusyScript): void {
  const server = state.run.server;
  if (busy.get(server) !== state) return;
  busy.delete(server);
  busyScripts.count--;
  if (state.timer !== null) clearTimeout(state.timer);
  void state.worker.terminate();
  state.run.lua.out.truncate(0);
  const caller = state.run.caller;
  caller.heldByScript = false;
  // The caller's EVAL or FCALL is complete: its whole time goes to the slow log and its histogram.
  const cmd = lookupCommand(state.argv as string[]);
  if (cmd !== undefined)
    accountLatency(caller, cmd, state.argv as string[], (performance.now() - state.started) * 1000);
  resumeClient(caller);
  release(state);
}

/** busy-reply-threshold passed: held commands are answered (BUSY, or run if allowed). */
function passThreshold(state: BusyScript): void {
  state.timer = null;
  state.pastThreshold = true;
  release(state);
}

function release(state: BusyScript): void {
  const held = state.held;
  state.held = [];
  for (const { client, argv } of held) {
    client.heldByScript = false;
    if (client.closed) continue;
    try {
      dispatch(client, argv);
    } catch (err) {
      client.out.error(E.ERR_INTERNAL(argv[0].slice(0, 128).toLowerCase(), String(err)));
    }
    resumeClient(client);
  }
}

/** Go on with what a paused client pipelined, then write its replies. */
function resumeClient(c: Client): void {
  if (c.closed) return;
  if (!c.heldByScript && c.blocked === null && !c.postponed && !c.closeAfterReply) c.parser.resume();
  c.flush();
}

/**
 * dispatch's first step while a script runs in a worker: before busy-reply-threshold, another
 * client's command waits (true: held, its connection pauses).
 */
export function holdForScript(client: Client, argv: string[]): boolean {
  const state = busy.get(client.server);
  if (state === undefined || state.pastThreshold || client.isScriptClient) return false;
  state.held.push({ client, argv });
  client.heldByScript = true;
  return true;
}

/** After the threshold: Redis's BUSY error for a command not flagged allow_busy, else null. */
export function busyRefusal(client: Client, flags: readonly string[]): string | null {
  const state = busy.get(client.server);
  if (state === undefined || client.isScriptClient || flags.includes('allow_busy')) return null;
  return state.isEval ? E.BUSY_SCRIPT : E.BUSY_FUNCTION;
}

// SCRIPT KILL / FUNCTION KILL, as Redis's scriptKill.
export function killScript(c: Client, isEval: boolean): void {
  const state = busy.get(c.server);
  if (state === undefined) return c.out.error(E.NOTBUSY);
  if (state.run.wrote) return c.out.error(E.UNKILLABLE_SCRIPT);
  if (isEval && !state.isEval) return c.out.error(E.BUSY_FUNCTION);
  if (!isEval && state.isEval) return c.out.error(E.BUSY_SCRIPT);
  const run = state.run;
  // The worker is stopped wherever it was: the line it had reached is not known here.
  run.caller.out.error(`${E.ERR_SCRIPT_KILLED} script: ${run.name}, on @${run.chunk}:1.`);
  c.out.ok();
  finish(state);
}

/** The BUSY error SHUTDOWN without NOSAVE gets while a script runs in a worker, else null. */
export function scriptBusyError(server: RespiteServer): string | null {
  const state = busy.get(server);
  if (state === undefined) return null;
  return state.isEval ? E.BUSY_SCRIPT : E.BUSY_FUNCTION;
}

/** The server is closing: stop a script running in a worker; nobody gets a reply. */
export function abandonScript(server: RespiteServer): void {
  const state = busy.get(server);
  if (state === undefined) return;
  busy.delete(server);
  busyScripts.count--;
  if (state.timer !== null) clearTimeout(state.timer);
  void state.worker.terminate();
}

/** FUNCTION STATS's running_script: the script in a worker, if any. */
export function runningScript(
  server: RespiteServer,
): { name: string; argv: readonly string[]; durationMs: number } | null {
  const state = busy.get(server);
  if (state === undefined) return null;
  return {
    name: state.run.name,
    argv: state.argv,
    durationMs: Math.floor(performance.now() - state.started),
  };
}
