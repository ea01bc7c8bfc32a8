// Sorted set commands: ZADD, ZRANGE, ZRANK, ZUNIONSTORE, ..., and the blocking BZPOPMIN family.

import type { CommandSpec } from './types.js';

export const commands: CommandSpec[] = [];
