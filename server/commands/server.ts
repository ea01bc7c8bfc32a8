// Server commands: INFO, CONFIG, COMMAND, DBSIZE, FLUSHDB, FLUSHALL, TIME, DEBUG and friends.

import type { CommandSpec } from './types.js';

export const commands: CommandSpec[] = [];
