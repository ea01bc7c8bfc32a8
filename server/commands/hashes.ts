// Hash commands: HSET, HGET, HGETALL, HINCRBY, HSCAN, ...

import type { CommandSpec } from './types.js';

export const commands: CommandSpec[] = [];
