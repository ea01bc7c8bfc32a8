// CLIENT PAUSE, as Redis's pauseClients and processCommand (networking.c, server.c).
//
// While a pause lasts, a command it covers is postponed instead of run: ALL covers every command,
// WRITE the commands that write or may replicate (EVAL, EVALSHA and FCALL unless the script or
// function declares no-writes, PUBLISH, an EXEC with any of them queued). The client waits as a
// blocked client does (INFO blocked_clients, CLIENT LIST's flag b) and reads nothing more; when the
// pause ends, or becomes WRITE from ALL, each postponed command goes through dispatch again, in the
// order it arrived, and may be postponed again. Commands refused before this point (unknown, wrong
// arity, NOAUTH) are answered at once.
//
// Meanwhile no key expires: lazy expiry treats a key past its deadline as gone but leaves it in
// place, and the active cycle is skipped, so the data set stays as it was (Redis does this so that a
// failover loses nothing). A pause ends at its deadline on the server clock.

import type { Client } from './client.js';
import type { Timer } from './clock.js';
import { scriptMayWrite } from './commands/scripting.js';
import type { Command } from './commands/table.js';
import { dispatch } from './dispatch.js';
import type { RespiteServer } from './server.js';

/** Redis's pause types, least restrictive first. */
export const PAUSE_OFF = 0;
export const PAUSE_WRITE = 1;
export const PAUSE_ALL = 2;
export type PauseType = typeof PAUSE_OFF | typeof PAUSE_WRITE | typeof PAUSE_ALL;

export class ClientPause {
  type: PauseType = PAUSE_OFF;
  /** Server clock (ms) when it ends; the pause lasts while the clock is not past it. */
  end = 0;
  /** Clients whose command waits, in arrival order, each with that command. */
  readonly postponed: { client: Client; argv: string[] }[] = [];
  timer: Timer | null = null;
}

/** CLIENT PAUSE: pause until `end` (server clock ms); a pause in progress keeps the later end and the stricter type. */
export function pauseClients(server: RespiteServer, end: number, type: PauseType): void {
  const pause = server.pause;
  if (pause.type === PAUSE_OFF) {
    pause.type = type;
    pause.end = end;
  } else {
    pause.type = Math.max(pause.type, type) as PauseType;
    pause.end = Math.max(pause.end, end);
  }
  update(server);
}

/** CLIENT UNPAUSE: end the pause now; postponed commands run. */
export function unpauseClients(server: RespiteServer): void {
  server.pause.end = -1;
  update(server);
}

/** Whether the pause covers `cmd` for `client` (the pause type is not off). */
export function isPostponed(server: RespiteServer, client: Client, cmd: Command, argv: string[]): boolean {
  if (client.isScriptClient) return false;
  if (server.pause.type === PAUSE_ALL) return true;
  if (cmd.name === 'exec' && client.multi !== null) {
    return client.multi.queue.some((queued) => mayWrite(server, queued.cmd, queued.argv));
  }
  return mayWrite(server, cmd, argv);
}

/**
 * Redis's is_may_replicate_command: flagged write or may_replicate, except that a script or function
 * that declares its flags decides for EVAL, EVALSHA, FCALL and their _RO forms (getCommandFlags).
 */
function mayWrite(server: RespiteServer, cmd: Command, argv: string[]): boolean {
  return (
    scriptMayWrite(server, cmd, argv) ?? (cmd.flags.includes('write') || cmd.flags.includes('may_replicate'))
  );
}

/** Hold `client`'s command until the pause ends. */
export function postpone(server: RespiteServer, client: Client, argv: string[]): void {
  client.postponed = true;
  server.pause.postponed.push({ client, argv });
}

/** A postponed client went away. */
export function forgetPostponed(server: RespiteServer, client: Client): void {
  if (!client.postponed) return;
  client.postponed = false;
  const list = server.pause.postponed;
  const i = list.findIndex((p) => p.client === client);
  if (i >= 0) list.splice(i, 1);
}

/** Whether lazy and active expiry hold off: a pause is in effect. */
export function expiryPaused(server: RespiteServer): boolean {
  const pause = server.pause;
  return pause.type !== PAUSE_OFF && pause.end >= server.clock.now();
}

/**
 * Redis's updateClientPauseTypeAndEndTime: a pause past its end is off. When the type became less
 * strict, every postponed command goes through dispatch again (some may be postponed anew), once the
 * current command and the rest of its client's batch are done, as Redis does in beforeSleep: never
 * in the middle of another command (CLIENT UNPAUSE, or a DEBUG SLEEP that moved a frozen clock).
 */
function update(server: RespiteServer): void {
  const pause = server.pause;
  const old = pause.type;
  if (pause.type !== PAUSE_OFF && pause.end < server.clock.now()) pause.type = PAUSE_OFF;
  pause.timer?.cancel();
  pause.timer = null;
  // The pause lasts while the clock is at its end, and ends the millisecond after.
  if (pause.type !== PAUSE_OFF) pause.timer = server.clock.at(pause.end + 1, () => update(server));
  if (pause.type < old) process.nextTick(() => resumePostponed(server));
}

function resumePostponed(server: RespiteServer): void {
  const pause = server.pause;
  const waiting = pause.postponed.splice(0);
  for (const { client } of waiting) client.postponed = false;
  for (const { client, argv } of waiting) {
    if (client.closed) continue;
    const mark = client.out.length;
    try {
      dispatch(client, argv, true);
    } catch (err) {
      client.internalError(argv, err, mark);
    }
    // Go on with what it pipelined meanwhile, unless its command waits again.
    if (!client.postponed && client.blocked === null && !client.heldByScript && !client.closeAfterReply) {
      client.parser.resume();
    }
    client.flush();
  }
}
