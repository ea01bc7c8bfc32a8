// respite's public entry point.
//
//     import { startServer } from 'respite';
//     const redis = await startServer();   // port 0: a free port
//     // ... new Redis(redis.url) ...
//     await redis.close();

export { Clock, type ClockOptions, type Timer } from './clock.js';
export type { ServerOptions } from './config.js';
export { RespiteServer, type RunningServer, type StartOptions, startServer } from './server.js';
// The handle's state API types (flush, reset, seed, db()); the rest of the test tooling is respite/testing.
export type { DbView, PlainValue, SeedData } from './testing/state.js';
export { REDIS_VERSION, RESPITE_VERSION } from './version.js';
