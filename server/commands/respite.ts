// respite's own admin command for tests (clock, fault injection), off unless enabled.

import type { CommandSpec } from './types.js';

export const commands: CommandSpec[] = [];
