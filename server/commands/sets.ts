// Set commands: SADD, SREM, SMEMBERS, SINTER, SSCAN, ...

import type { CommandSpec } from './types.js';

export const commands: CommandSpec[] = [];
