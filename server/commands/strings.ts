// String commands: GET, SET and the rest of the string family, and the bit operations.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { type CommandSpec, keyCommand } from './types.js';

// GET key
function get(c: Client, argv: string[]): void {
  const v = c.db.get(argv[1]);
  if (v === undefined) return c.out.nullBulk();
  if (typeof v !== 'string') return c.out.error(E.WRONGTYPE);
  c.out.bulk(v);
}

// SET key value
function set(c: Client, argv: string[]): void {
  c.db.set(argv[1], argv[2]);
  c.out.ok();
}

export const commands: CommandSpec[] = [
  keyCommand({
    name: 'get',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'string',
    summary: 'Returns the string value of a key.',
    complexity: 'O(1)',
    handler: get,
  }),
  keyCommand({
    name: 'set',
    arity: -3,
    flags: ['write', 'denyoom'],
    group: 'string',
    summary: "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.",
    complexity: 'O(1)',
    handler: set,
  }),
];
