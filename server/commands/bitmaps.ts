// Bit operations on string values: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO.

import type { CommandSpec } from './types.js';

export const commands: CommandSpec[] = [];
