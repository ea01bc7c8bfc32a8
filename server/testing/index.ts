// respite/testing: everything for using respite as the Redis of a test suite.
//
//     import { startServer, matchers } from 'respite/testing';
//
//     const server = await startServer({ clock: 'frozen' });   // command log and usage report on
//     // ... code under test talks to server.url ...
//     server.clock.advance(60_000);                              // TTLs and timeouts fall due, in order
//     expect(server.db().get('session:1')).toBeNull();
//     server.faults.add({ command: 'GET', error: 'LOADING', times: 1 });
//     console.log(server.usageText());                          // what the code under test used
//
// The production entry ('respite') stays small: the matchers, global setups and report formatting
// live here. The harness hooks the server exposes cost one null test per command while all is off.

import { type RunningServer, type StartOptions, startServer as startCoreServer } from '../server.js';
import type { Faults } from './faults.js';
import { harness } from './hooks.js';
import type { CommandLog } from './log.js';
import { formatUsage, type UsageReport } from './usage.js';

export { Clock, type ClockOptions, type Timer } from '../clock.js';
export type { RespiteServer, RunningServer, StartOptions } from '../server.js';
export { listApproximations } from './approximations.js';
export type { ActiveFault, FaultRule } from './faults.js';
export { harness, TestHooks } from './hooks.js';
export type { CommandLog, LogEntry } from './log.js';
export { matchers, type RespiteMatchers } from './matchers.js';
export {
  jestGlobalSetup,
  jestGlobalTeardown,
  startGlobalServer,
  stopGlobalServer,
  vitestGlobalSetup,
  workerDatabase,
  workerRedisUrl,
} from './setup.js';
export type { DbView, PlainValue, SeedData, SeedScalar, SeedStreamEntry } from './state.js';
export { formatUsage, type UsageEntry, type UsageReport } from './usage.js';

export interface TestServerOptions extends StartOptions {
  /** Record every command in `log` (default true; the matchers read it). */
  log?: boolean;
  /** Record which commands and options are used, for usage() (default true). */
  usage?: boolean;
  /** Refuse commands respite only approximates, with an error naming why (default false). */
  strict?: boolean;
}

/** A running server with the testing harness: command log, fault rules, usage report, strict mode. */
export interface TestServer extends RunningServer {
  readonly log: CommandLog;
  readonly faults: Faults;
  /** Which commands and options were used, and which of them respite only approximates. */
  usage(): UsageReport;
  /** usage() as a table of text. */
  usageText(): string;
  /** Strict mode on or off (see TestServerOptions.strict). */
  strict: boolean;
}

/** Start a respite server for tests; like respite's startServer, plus the harness (TestServer). */
export async function startServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { log = true, usage = true, strict = false, ...start } = options;
  const running = await startCoreServer(start);
  const h = harness(running.server);
  h.log.enable(log);
  h.usage.enable(usage);
  h.strict = strict;
  return {
    ...running,
    log: h.log,
    faults: h.faults,
    usage: () => h.usage.report(),
    usageText: () => formatUsage(h.usage.report()),
    get strict() {
      return h.strict;
    },
    set strict(on: boolean) {
      h.strict = on;
    },
  };
}
