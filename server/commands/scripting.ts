// Lua scripting (EVAL, EVALSHA, SCRIPT ...) and functions (FUNCTION, FCALL).

import type { CommandSpec } from './types.js';

export const commands: CommandSpec[] = [];
