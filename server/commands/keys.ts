// Generic key commands: DEL, EXISTS, EXPIRE and the rest of the keyspace family.

import type { CommandSpec } from './types.js';

export const commands: CommandSpec[] = [];
