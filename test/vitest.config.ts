import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // A shared REDIS_URL server cannot be flushed by two files at once.
    fileParallelism: !process.env.REDIS_URL,
  },
});
