// A vitest project that uses respite's global setup, run by ../globalsetup.test.ts in a child vitest.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['*.check.ts'],
    globalSetup: ['./global.ts'],
    pool: 'forks',
  },
});
