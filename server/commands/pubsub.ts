// Pub/Sub (SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, PUBLISH, PUBSUB ...).

import type { CommandSpec } from './types.js';

export const commands: CommandSpec[] = [];
