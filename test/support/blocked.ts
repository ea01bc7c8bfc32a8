// Helpers for tests of blocking commands on both targets: send a command without waiting for its
// reply, and wait until the target reports that many clients blocked.

import { encodeCommand, type RawClient } from './raw.js';
import type { Target } from './targets.js';

/** Send a command without waiting for its reply (a blocking command, say). */
export function send(c: RawClient, ...args: string[]): void {
  c.write(encodeCommand(args));
}

/** How many clients of `t` wait in a blocking command (or in CLIENT PAUSE, which Redis counts too). */
export async function blockedClients(t: Target, admin: RawClient): Promise<number> {
  if (t.respite) {
    return [...t.respite.server.clients.values()].filter((c) => c.blocked !== null || c.postponed).length;
  }
  const info = (await admin.call('INFO', 'clients')).toString('latin1');
  return Number(/blocked_clients:(\d+)/.exec(info)?.[1] ?? 0);
}

/** Wait (really, briefly) until `n` clients of `t` are blocked: their blocking command has arrived. */
export async function waitBlocked(t: Target, n: number): Promise<void> {
  const admin = await t.raw();
  for (let i = 0; i < 400; i++) {
    if ((await blockedClients(t, admin)) >= n) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${t.kind}: ${n} clients never blocked`);
}
