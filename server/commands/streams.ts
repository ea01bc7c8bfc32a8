// Streams and consumer groups (XADD, XREAD, XREADGROUP, XACK, XCLAIM, XINFO, ...).

import type { CommandSpec } from './types.js';

export const commands: CommandSpec[] = [];
