// docs/commands.md is generated from the command table: it must be up to date (regenerate it with
// `npm run docs:commands`), and the Redis command list it is built on must be Redis 7.0's.

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RespClient } from '../../client/index.js';
import { catalog, commandsPage, respiteOnly } from '../../server/commands/catalog.js';
import { REDIS_COMMANDS } from '../../server/commands/redis-commands.js';
import { COMMANDS } from '../../server/commands/table.js';
import { useTargets } from '../support/targets.js';

const both = useTargets();
const page = new URL('../../docs/commands.md', import.meta.url);

describe('docs/commands.md', () => {
  it('is up to date with the command table (run `npm run docs:commands` if not)', () => {
    const onDisk = fs.existsSync(page) ? fs.readFileSync(page, 'utf8') : '(no docs/commands.md)';
    expect(onDisk === commandsPage(), 'docs/commands.md is out of date: run `npm run docs:commands`').toBe(
      true,
    );
  });

  it('gives each command the state its table entry says', () => {
    const state = new Map(catalog().map((e) => [e.name, e.state]));
    expect(state.get('get')).toBe('implemented');
    expect(state.get('client|list')).toBe('implemented');
    expect(state.get('save')).toBe('approximated');
    expect(state.get('debug')).toBe('approximated'); // some of its forms
    for (const [name, cmd] of COMMANDS) {
      if (name === 'respite') continue;
      expect(state.get(name), name).not.toBe('missing');
      for (const sub of cmd.subs?.values() ?? [])
        expect(state.get(sub.fullname), sub.fullname).not.toBe('missing');
    }
  });

  it("lists no command of respite's own but RESPITE, the admin command", () => {
    expect(respiteOnly().map((c) => c.name)).toEqual(['respite']);
  });

  it("is built on Redis 7.0's own list of commands", async () => {
    const redis = both.list.find((t) => t.kind === 'redis');
    if (!redis) return; // no redis-server on this machine: the checked-in list stands
    const c = await RespClient.connect(redis.port, { host: redis.host });
    try {
      // Redis 7.0's COMMAND LIST names subcommands too ("client|list").
      const names = ((await c.call('COMMAND', 'LIST')) as string[]).sort();
      expect(names).toEqual(REDIS_COMMANDS.map(([name]) => name).sort());
    } finally {
      c.close();
    }
  });
});
