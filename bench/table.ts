// Plain-text tables for the benchmark reports: text columns left-aligned, numbers right-aligned.

export type Cell = string | number | null;

/** What a number looks like once formatted: 1,234 / 0.61x / 12.5 / - */
const NUMBER = /^(-|[\d,.]+x?)$/;

export function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((row) => row.map((cell) => (cell === null ? '-' : String(cell))));
  const numeric = headers.map((_, i) => rows.length > 0 && text.every((row) => NUMBER.test(row[i])));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((row) => row[i].length)));
  const pad = (s: string, i: number) => (numeric[i] ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const lines = [
    headers.map(pad).join('  '),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...text.map((row) => row.map(pad).join('  ')),
  ];
  return lines.map((line) => line.trimEnd()).join('\n');
}

/** 1234567.8 -> "1,234,568" */
export function opsPerSecond(n: number | null): string | null {
  return n === null ? null : Math.round(n).toLocaleString('en-US');
}

/** 0.6123 -> "0.61x" */
export function ratio(r: number | null): string | null {
  return r === null ? null : `${r.toFixed(2)}x`;
}
