// The node:test example runs under node --test, compiled (npm test builds first), as a user runs it.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';

it('the node:test example passes under node --test', () => {
  const root = new URL('../..', import.meta.url).pathname;
  const file = 'dist/test/testing/examples/node-test.example.js';
  expect(existsSync(root + file), 'build first: npm run build').toBe(true);
  const run = spawnSync(process.execPath, ['--test', file], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  expect(run.stdout).toMatch(/# pass 1/);
  expect(run.status).toBe(0);
});
