// The thread a long script moves to (see busy.ts): its own Lua engine, loaded by the same code as the
// main thread's, runs the script from the start. Each redis.call goes to the main thread, which runs
// it against the dataset and answers; this thread waits for the answer (Atomics.wait), so to the
// script a call is as synchronous as on the main thread. The script's result goes back in the
// engine's reply format; the main thread turns it into the caller's reply.

import { type MessagePort, parentPort, receiveMessageOnPort } from 'node:worker_threads';
import { LuaEngine, MAX_FUEL } from './engine.js';

/** What the main thread gives the worker. */
export interface WorkerJob {
  /** EVAL's body, or null for a function. */
  body: string | null;
  /** The script's SHA1 (EVAL), or the function's name (FCALL). */
  name: string;
  /** FCALL: the library's code, shebang already made a comment (as FunctionLibraries.stage). */
  libraryCode: string | null;
  keys: string[];
  args: string[];
  /** [0]: 1 once the main thread has posted a call's reply on `replies`. */
  signal: SharedArrayBuffer;
  replies: MessagePort;
}

/** worker -> main: a redis.call, or the script's end. */
export type WorkerMessage =
  | { type: 'call'; args: string[]; protected: boolean; resp: number }
  | { type: 'done'; wire: Uint8Array }
  | { type: 'ready' };

// A worker starts ahead of need (busy.ts keeps one spare): its engine is ready when a job comes.
let job: WorkerJob;
let signal: Int32Array;
let resp = 2;

function ask(args: string[], protected_: boolean): Buffer {
  Atomics.store(signal, 0, 0);
  parentPort!.postMessage({ type: 'call', args, protected: protected_, resp } satisfies WorkerMessage);
  for (;;) {
    Atomics.wait(signal, 0, 0);
    const got = receiveMessageOnPort(job.replies);
    if (got !== undefined) return Buffer.from(got.message as Uint8Array);
    // The flag is set after the post; a message not yet visible is waited for a moment more.
    Atomics.wait(signal, 0, 1, 1);
  }
}

const engine = new LuaEngine({
  call: ask,
  log() {},
  setResp(version) {
    resp = version;
  },
});

parentPort!.postMessage({ type: 'ready' } satisfies WorkerMessage);
parentPort!.once('message', (given: WorkerJob) => {
  job = given;
  signal = new Int32Array(job.signal);
  let wire: Buffer;
  if (job.body !== null) {
    wire = engine.call(job.name, job.body, job.keys, job.args, MAX_FUEL);
  } else {
    const loaded = engine.loadLibrary(job.libraryCode ?? '');
    engine.commitStaged('worker', 'worker:');
    wire =
      loaded[0] === 0x03 ? engine.callFunction(`worker:${job.name}`, job.keys, job.args, MAX_FUEL) : loaded;
  }
  parentPort!.postMessage({ type: 'done', wire: new Uint8Array(wire) } satisfies WorkerMessage);
});
