// respite's vitest global setup, for real: a child vitest run whose project uses it (globalsetup/).

import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

it('starts one respite for a vitest run, reachable from every worker, and stops it after', () => {
  const root = new URL('../..', import.meta.url).pathname;
  const run = spawnSync(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/testing/globalsetup/vitest.config.ts'],
    { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, REDIS_URL: '' } },
  );
  expect(run.stdout + run.stderr).toMatch(/2 passed/);
  expect(run.status).toBe(0);
});
