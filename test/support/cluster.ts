// A real 3-master Redis Cluster for tests of the pattern clients (patterns/*), which must run on a
// cluster: keys one operation touches together share a hash tag, and a test proves it by running the
// pattern through an ioredis Cluster against real cluster nodes.
//
//     const cluster = useCluster();                 // at the top level of a test file
//
//     it.skipIf(!cluster.available)('works on a cluster', async () => {
//       const redis = cluster.client();             // an ioredis Cluster, closed after the test
//       ...
//     });
//
// Three redis-servers are started with --cluster-enabled yes in a private temporary directory, on
// ports whose cluster-bus twins (port + 10000) are free too; `redis-cli --cluster create` assigns the
// slots, and the setup waits until every node reports cluster_state:ok and agrees on the slot map.
// Every master is flushed before each test; the nodes are stopped and the directory removed after
// the file. As for the single server (redis-server.ts), a missing redis-server is a loud skip on a
// developer's machine and a failure under CI=true.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, type ClusterOptions } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { RawClient } from './raw.js';
import { realRedisAvailable } from './redis-server.js';

export interface ClusterNode {
  host: string;
  port: number;
}

export interface RealCluster {
  readonly nodes: readonly ClusterNode[];
  /** FLUSHALL on every master. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** The cluster bus of a node listens on its port + 10000, so both must be free. */
const BUS_OFFSET = 10_000;

// Nodes left running by a crashed test process would hold their ports; kill them on any exit.
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function freeNodePort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 25_000);
    if (taken.has(port) || taken.has(port + BUS_OFFSET)) continue;
    if ((await portFree(port)) && (await portFree(port + BUS_OFFSET))) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free port pair (port, port + 10000) for a cluster node');
}

async function call(port: number, ...args: string[]): Promise<string> {
  const c = await RawClient.connect(port, '127.0.0.1');
  try {
    return (await c.call(...args)).toString('latin1');
  } finally {
    c.close();
  }
}

async function waitFor(what: string, deadline: number, check: () => Promise<boolean>): Promise<void> {
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not listening yet: try again until the deadline
    }
    if (Date.now() > deadline) throw new Error(`Redis Cluster: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} failed:\n${output}`)),
    );
  });
}

/** Start three cluster-enabled redis-servers and join them into one cluster with all slots served. */
export async function startRealCluster(masters = 3): Promise<RealCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'respite-cluster-'));
  const taken = new Set<number>();
  const ports: number[] = [];
  const started: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      started.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freeNodePort(taken);
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${port}.conf`,
          '--cluster-node-timeout',
          '5000',
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
          '--daemonize',
          'no',
          '--loglevel',
          'warning',
        ],
        { stdio: 'ignore' },
      );
      children.add(child);
      child.once('exit', () => children.delete(child));
      started.push(child);
      ports.push(port);
    }
    const deadline = Date.now() + 20_000;
    for (const port of ports) {
      await waitFor(
        `node ${port} to answer PING`,
        deadline,
        async () => (await call(port, 'PING')) === '+PONG\r\n',
      );
    }
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    // redis-cli returns once the slots are assigned; every node must also have learned the whole map
    // (through the bus) before a client that asks any node for CLUSTER SLOTS gets a complete answer.
    for (const port of ports) {
      await waitFor(`node ${port} to report cluster_state:ok`, deadline, async () => {
        const info = await call(port, 'CLUSTER', 'INFO');
        return info.includes('cluster_state:ok') && info.includes(`cluster_known_nodes:${masters}`);
      });
    }
    await waitFor('the nodes to agree on the slot map', deadline, async () => {
      const maps = await Promise.all(ports.map((p) => call(p, 'CLUSTER', 'SLOTS')));
      return maps.every((m) => m === maps[0]);
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    nodes: ports.map((port) => ({ host: '127.0.0.1', port })),
    async flush() {
      await Promise.all(ports.map((p) => call(p, 'FLUSHALL')));
    },
    stop,
  };
}

export interface ClusterHandle {
  /** Whether a real cluster can run here (false only off CI without redis-server: tests skip). */
  readonly available: boolean;
  readonly nodes: readonly ClusterNode[];
  /** A new ioredis Cluster connected to the nodes, closed after the test. */
  client(options?: ClusterOptions): Cluster;
}

/** A real Redis Cluster for the test file: started before its tests, flushed before each, stopped after. */
export function useCluster(): ClusterHandle {
  const available = realRedisAvailable();
  let cluster: RealCluster | null = null;
  const clients: Cluster[] = [];

  beforeAll(async () => {
    if (available) cluster = await startRealCluster();
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  beforeEach(async () => {
    await cluster?.flush();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
  });

  return {
    available,
    get nodes() {
      if (!cluster) throw new Error('the Redis Cluster is not running (used outside a test?)');
      return cluster.nodes;
    },
    client(options: ClusterOptions = {}) {
      if (!cluster) throw new Error('the Redis Cluster is not running (used outside a test?)');
      const c = new Cluster([...cluster.nodes], { redisOptions: { maxRetriesPerRequest: 1 }, ...options });
      clients.push(c);
      return c;
    },
  };
}
