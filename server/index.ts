// respite's public entry point.
//
//     import { startServer } from 'respite';
//     const redis = await startServer();   // port 0: a free port
//     // ... new Redis(redis.url) ...
//     await redis.close();

export { Clock, type Timer } from './clock.js';
export type { ServerOptions } from './config.js';
export { RespiteServer, type RunningServer, startServer } from './server.js';
export { REDIS_VERSION, RESPITE_VERSION } from './version.js';
