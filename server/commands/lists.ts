// List commands: LPUSH, RPUSH, LPOP, LRANGE, ..., and the blocking BLPOP family.

import type { CommandSpec } from './types.js';

export const commands: CommandSpec[] = [];
