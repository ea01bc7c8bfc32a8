// Several connections talking to one server, for what one connection sends to another: Pub/Sub
// messages, invalidations of client-side caching. Every byte each connection receives is recorded.
//
//     const log = await session(t, [2, 3], [
//       [0, 'SUBSCRIBE', 'ch'],          // connection 0 (RESP2) subscribes
//       [1, 'PUBLISH', 'ch', 'hi'],      // connection 1 (RESP3) publishes
//     ]);
//
// After each step every open connection is synchronised: it is sent PING <marker> and read up to the
// marker's reply, so all that the step caused has arrived, in order, with no waiting on time. The log
// has, per step and connection, the frames received (the marker's reply shown as <sync> or, from a
// RESP2 subscriber, <sync:pong>).

import { expect } from 'vitest';
import { encodeCommand, type RawClient } from './raw.js';
import type { Target, Targets } from './targets.js';

/** A command on a connection; `{pass}` lets server time pass; `{replies}` reads a fixed number of
 * replies instead of synchronising (for a connection inside MULTI, where PING would be queued). */
export type Step =
  | [conn: number, ...args: string[]]
  | { pass: number }
  | { conn: number; args: string[]; replies: number };

const MARKER = '\x00sync';
const MARKER_TAIL = `$${MARKER.length}\r\n${MARKER}\r\n`;

/** Read frames from `c` into `frames` up to the reply to the marker PING (shown by its shape). */
async function readToMarker(c: RawClient, frames: string[]): Promise<void> {
  for (;;) {
    const frame = (await c.readReply(3000)).toString('latin1');
    if (frame.endsWith(MARKER_TAIL)) {
      frames.push(frame.startsWith('*2\r\n$4\r\npong') ? '<sync:pong>' : '<sync>');
      return;
    }
    frames.push(frame);
  }
}

/**
 * Run `steps` on target `t` over one connection per entry of `protos` (2 or 3: HELLO 3 first). The
 * result has one line per step: the step, then what each connection received because of it.
 */
export async function session(
  t: Target,
  protos: readonly (2 | 3)[],
  steps: readonly Step[],
): Promise<string[]> {
  const conns: RawClient[] = [];
  const open: boolean[] = [];
  for (const proto of protos) {
    const c = await t.raw();
    if (proto === 3) await c.call('HELLO', '3');
    conns.push(c);
    open.push(true);
  }
  const log: string[] = [];
  for (const step of steps) {
    if (!Array.isArray(step) && 'pass' in step) {
      await t.pass(step.pass);
      continue;
    }
    const [conn, args] = Array.isArray(step) ? [step[0], step.slice(1) as string[]] : [step.conn, step.args];
    const line = `${conn}> ${JSON.stringify(args)}`;
    if (!Array.isArray(step) && 'replies' in step) {
      conns[conn].write(encodeCommand(args));
      const replies: string[] = [];
      for (let i = 0; i < step.replies; i++)
        replies.push((await conns[conn].readReply(3000)).toString('latin1'));
      log.push(`${line} | ${JSON.stringify(replies)}`);
      continue;
    }
    // The step's command and the marker in one write, then every other connection's marker.
    conns[conn].write(Buffer.concat([encodeCommand(args), encodeCommand(['PING', MARKER])]));
    // The acting connection first: until its marker is back, its command may not have run, and a
    // marker sent to another connection could overtake what the command sends there.
    const parts: string[] = [];
    for (const i of [conn, ...conns.keys()].filter((i, at) => at === 0 || i !== conn)) {
      if (!open[i]) continue;
      if (i !== conn) conns[i].write(encodeCommand(['PING', MARKER]));
      const frames: string[] = [];
      try {
        await readToMarker(conns[i], frames);
      } catch (err) {
        if (!conns[i].closed) throw err;
        frames.push(`${(await conns[i].readUntilClose(100)).bytes}<closed>`);
        open[i] = false;
      }
      parts[i] = ` | ${i}: ${JSON.stringify(frames)}`;
    }
    log.push(line + parts.join(''));
  }
  // Closed now, not after the test: a property test runs many sessions, and a subscriber left open
  // would count in the next session's PUBLISH replies.
  for (const c of conns) c.close();
  return log;
}

/**
 * The same session on both targets; the logs must be identical, line by line (after `normalize`, a
 * named relaxation from `relax`, where Redis itself is nondeterministic). Returns respite's log.
 */
export async function sameSession(
  both: Targets,
  protos: readonly (2 | 3)[],
  steps: readonly Step[],
  normalize: (line: string) => string = (line) => line,
): Promise<string[]> {
  const logs: string[][] = [];
  for (const t of both.list) logs.push(await session(t, protos, steps));
  if (logs.length === 2) expect(logs[0].map(normalize)).toEqual(logs[1].map(normalize));
  return logs[0];
}
