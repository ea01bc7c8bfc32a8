// The top of a V8 CPU profile (the .cpuprofile `node --cpu-prof` writes), as a table: where the
// samples landed (self) and which functions were on the stack (total), by function.
//
//     node dist/bench/profile.js <file.cpuprofile> [rows]

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable } from './table.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  fn: string;
  where: string;
  selfPct: number;
  totalPct: number;
}

/** Per-function self and total shares of the samples, highest self first. */
export function summarizeProfile(file: string): ProfileRow[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const parent = new Map<number, number>();
  const key = new Map<number, string>();
  const label = new Map<string, { fn: string; where: string }>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
    const { functionName, url, lineNumber } = node.callFrame;
    const fn = functionName || '(anonymous)';
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const k = `${fn}\0${where}`;
    key.set(node.id, k);
    if (!label.has(k)) label.set(k, { fn, where });
  }
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let weightSum = 0;
  profile.samples.forEach((id, i) => {
    // Weigh each sample by the time until the next one, as DevTools does.
    const weight = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 1;
    weightSum += weight;
    const leaf = key.get(id)!;
    self.set(leaf, (self.get(leaf) ?? 0) + weight);
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const k = key.get(n)!;
      if (seen.has(k)) continue; // recursion counts once
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + weight);
    }
  });
  return [...label.entries()]
    .map(([k, { fn, where }]) => ({
      fn,
      where,
      selfPct: (100 * (self.get(k) ?? 0)) / weightSum,
      totalPct: (100 * (total.get(k) ?? 0)) / weightSum,
    }))
    .sort((a, b) => b.selfPct - a.selfPct);
}

function shortUrl(url: string): string {
  if (url.startsWith('node:')) return url;
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const dist = file.lastIndexOf(`${path.sep}dist${path.sep}`);
  return dist >= 0 ? file.slice(dist + 1) : path.basename(file);
}

export function formatProfile(rows: ProfileRow[], limit: number): string {
  return formatTable(
    ['self %', 'total %', 'function', 'where'],
    rows.slice(0, limit).map((r) => [r.selfPct.toFixed(1), r.totalPct.toFixed(1), r.fn, r.where]),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [file, rows] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node dist/bench/profile.js <file.cpuprofile> [rows]');
    process.exit(2);
  }
  console.log(formatProfile(summarizeProfile(file), Number(rows ?? 30)));
}
