// Keyspace notifications (Redis's notify.c): `notify-keyspace-events` selects classes of events, and
// each event a command raises is published to `__keyspace@<db>__:<key>` (message: the event name)
// and/or `__keyevent@<db>__:<event>` (message: the key).
//
// Commands call notifyKeyspaceEvent once per event, after the change, in Redis's order.

import type { Client } from './client.js';
import { publish } from './pubsub.js';
import type { RespiteServer } from './server.js';

/** Event classes, as Redis's NOTIFY_* bits. */
export const NOTIFY_KEYSPACE = 1 << 0; // K
export const NOTIFY_KEYEVENT = 1 << 1; // E
export const NOTIFY_GENERIC = 1 << 2; // g
export const NOTIFY_STRING = 1 << 3; // $
export const NOTIFY_LIST = 1 << 4; // l
export const NOTIFY_SET = 1 << 5; // s
export const NOTIFY_HASH = 1 << 6; // h
export const NOTIFY_ZSET = 1 << 7; // z
export const NOTIFY_EXPIRED = 1 << 8; // x
export const NOTIFY_EVICTED = 1 << 9; // e
export const NOTIFY_STREAM = 1 << 10; // t
export const NOTIFY_KEY_MISS = 1 << 11; // m
export const NOTIFY_LOADED = 1 << 12; // internal
export const NOTIFY_MODULE = 1 << 13; // d
export const NOTIFY_NEW = 1 << 14; // n

/**
 * Raise one event of class `type` (one of the NOTIFY_* bits) for `key` in database `dbid`: to
 * `__keyspace@<dbid>__:<key>` with the event as message (K) and to `__keyevent@<dbid>__:<event>`
 * with the key as message (E), in that order. Free when the class is off: one test of a cached
 * integer (server.notifyFlags, kept up to date on CONFIG SET).
 */
export function notifyKeyspaceEvent(
  server: RespiteServer,
  type: number,
  event: string,
  key: string,
  dbid: number,
): void {
  const flags = server.notifyFlags;
  if ((flags & type) === 0) return;
  if (flags & NOTIFY_KEYSPACE) publish(server, `__keyspace@${dbid}__:${key}`, event);
  if (flags & NOTIFY_KEYEVENT) publish(server, `__keyevent@${dbid}__:${event}`, key);
}

/**
 * A read found no key: Redis's lookupKeyRead raises "keymiss" (class m). Called by the commands
 * whose lookups Redis makes that way; writes and OBJECT never raise it.
 */
export function keyMiss(c: Client, key: string): void {
  if (c.server.notifyFlags & NOTIFY_KEY_MISS)
    notifyKeyspaceEvent(c.server, NOTIFY_KEY_MISS, 'keymiss', key, c.db.id);
}
