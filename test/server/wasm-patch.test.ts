// The patch to the engine's WebAssembly (server/scripting/wasm-patch.ts): it takes on the package's
// build, changes only redis.call's function, and leaves anything it does not recognise alone. Whether
// numbers then arrive as Redis sends them is checked against Redis in scripting-numbers.test.ts.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { patchEngine } from '../../server/scripting/wasm-patch.js';

const require = createRequire(import.meta.url);
const wasm = readFileSync(require.resolve('lua-redis-wasm').replace(/[^/\\]*$/, 'redis_lua.wasm'));
const WASM = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object } })
  .WebAssembly;

describe('patchEngine', () => {
  it("patches the package's engine: two stores around one call, a module that still compiles", () => {
    const result = patchEngine(wasm);
    expect(result.reason).toBeUndefined();
    expect(result.patched).toBe(true);
    // Two `i32.const addr; i32.const digit; i32.store8 0 0` sequences, nothing else.
    expect(result.bytes.length - wasm.length).toBeGreaterThanOrEqual(2 * 7);
    expect(result.bytes.length - wasm.length).toBeLessThanOrEqual(2 * 10 + 3);
    expect(() => new WASM.Module(result.bytes)).not.toThrow();
    // The digit it switches is the '4' of "%.14g" in the engine's static data.
    expect(Buffer.from(result.bytes).includes('%.14g\0', 0, 'latin1')).toBe(true);
  });

  it('leaves bytes it does not recognise unchanged, with the reason', () => {
    const notWasm = Buffer.from('not a module at all');
    expect(patchEngine(notWasm)).toMatchObject({ bytes: notWasm, patched: false, digitAt: 0 });
    // A valid module without Lua's format string or a host_redis_call import.
    const empty = Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    const result = patchEngine(empty);
    expect(result.patched).toBe(false);
    expect(result.bytes).toBe(empty);
    expect(result.reason).toMatch(/copies of Lua's number format/);
  });

  it('looks for the format string in the data segments only', () => {
    // Append a custom section holding a second copy: still a valid module, no longer unambiguous.
    const extra = Buffer.from('\u0004note%.14g\0', 'latin1');
    const twice = Buffer.concat([wasm, Buffer.from([0, extra.length]), extra]);
    expect(() => new WASM.Module(twice)).not.toThrow();
    // Custom sections are not data: the data still holds one copy, so the patch still applies.
    expect(patchEngine(twice).patched).toBe(true);
  });
});
