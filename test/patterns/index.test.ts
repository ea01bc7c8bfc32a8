// respite/patterns exports every pattern under the names the issue gives them.

import { expect, it } from 'vitest';
import * as patterns from '../../patterns/index.js';

it('exports the patterns by their names', () => {
  const names = [
    'RedisCache',
    'cached',
    'SimpleQueue',
    'Worker',
    'PubSub',
    'RateLimiter',
    'RedisSessionStore',
    'Leaderboard',
    'RedisLock',
    'withLock',
    'StreamProducer',
    'StreamConsumer',
    'expressSessionStore',
    'PatternError',
  ];
  for (const name of names) expect(typeof (patterns as Record<string, unknown>)[name], name).toBe('function');
});
