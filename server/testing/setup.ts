// Global setups for test runners: start one respite before any test file runs, publish its URL in
// REDIS_URL (inherited by every worker the runner starts afterwards), stop it when the run is over.
//
//   vitest (vitest.config.ts: test.globalSetup: ['./respite.global.ts']):
//       // respite.global.ts
//       export { vitestGlobalSetup as default } from 'respite/testing';
//
//   jest (jest.config.js: globalSetup / globalTeardown):
//       // respite.setup.js                                // respite.teardown.js
//       export { jestGlobalSetup as default } from ...     export { jestGlobalTeardown as default } from ...
//
// The server is started with the admin command enabled (tests in other processes drive its clock
// with RESPITE CLOCK) and 64 databases, so parallel workers can each take their own (workerDatabase).

import { type RunningServer, type StartOptions, startServer } from '../server.js';

/** Where the shared server lives between setup and teardown: jest loads the two in one process. */
const KEY = Symbol.for('respite.testing.globalServer');
type Holder = { [KEY]?: RunningServer };

const DEFAULTS: StartOptions = { adminCommand: true, databases: 64 };

/** Start the shared server and set REDIS_URL; returns it. */
export async function startGlobalServer(options: StartOptions = {}): Promise<RunningServer> {
  const holder = globalThis as Holder;
  if (holder[KEY]) return holder[KEY];
  const server = await startServer({ ...DEFAULTS, ...options });
  holder[KEY] = server;
  process.env.REDIS_URL = server.url;
  return server;
}

/** Stop the shared server, if one is running. */
export async function stopGlobalServer(): Promise<void> {
  const holder = globalThis as Holder;
  const server = holder[KEY];
  delete holder[KEY];
  await server?.close();
}

/** What vitest passes a global setup (its TestProject), structurally: provide() shares values. */
interface VitestProject {
  provide?(key: string, value: unknown): void;
}

/**
 * vitest's global setup: starts respite, sets REDIS_URL (and provides it: inject('REDIS_URL')),
 * returns the teardown that stops it.
 */
export async function vitestGlobalSetup(project?: VitestProject): Promise<() => Promise<void>> {
  const server = await startGlobalServer();
  project?.provide?.('REDIS_URL', server.url);
  return stopGlobalServer;
}

/** jest's globalSetup (it passes its configs, which are ignored). */
export async function jestGlobalSetup(): Promise<void> {
  await startGlobalServer();
}

/** jest's globalTeardown. */
export async function jestGlobalTeardown(): Promise<void> {
  await stopGlobalServer();
}

/**
 * This worker's own database on a shared server: vitest's VITEST_POOL_ID or jest's JEST_WORKER_ID
 * (both count from 1), modulo `databases`. 0 outside a worker.
 */
export function workerDatabase(databases = 64): number {
  const id = Number(process.env.VITEST_POOL_ID ?? process.env.JEST_WORKER_ID ?? 0);
  return Number.isInteger(id) && id > 0 ? id % databases : 0;
}

/** REDIS_URL with this worker's database as its path (redis://host:port/3), as clients read it. */
export function workerRedisUrl(url = process.env.REDIS_URL): string {
  if (!url) throw new Error('respite: REDIS_URL is not set; is the global setup configured?');
  return `${url.replace(/\/\d*$/, '')}/${workerDatabase()}`;
}
