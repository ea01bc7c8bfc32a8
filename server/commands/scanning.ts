// What SCAN, HSCAN, SSCAN and ZSCAN share (Redis's scanGenericCommand): the options after the cursor
// and the reply. The walk itself is each collection's (store/scan.ts for Maps).

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { compileGlob } from '../glob.js';
import { parseInt64 } from '../numbers.js';
import { option } from './args.js';

export interface ScanOptions {
  count: number;
  /** MATCH's pattern, compiled; null when there is none (or it is "*", which matches everything). */
  match: ((s: string) => boolean) | null;
  /** SCAN's TYPE, lower case; null when there is none. */
  type: string | null;
}

/**
 * Parse `[MATCH pattern] [COUNT count]` (and `[TYPE type]` when `allowType`) from argv[from] on.
 * Replies with Redis's error and returns null when they are not valid.
 */
export function parseScanOptions(
  c: Client,
  argv: string[],
  from: number,
  allowType = false,
): ScanOptions | null {
  const options: ScanOptions = { count: 10, match: null, type: null };
  let pattern: string | null = null;
  for (let i = from; i < argv.length; i += 2) {
    const opt = option(argv[i]);
    const hasValue = i + 1 < argv.length;
    if (opt === 'count' && hasValue) {
      const n = parseInt64(argv[i + 1]);
      if (n === null) {
        c.out.error(E.ERR_NOT_INTEGER);
        return null;
      }
      if (n < 1) {
        c.out.error(E.ERR_SYNTAX);
        return null;
      }
      options.count = n;
    } else if (opt === 'match' && hasValue) {
      pattern = argv[i + 1];
    } else if (opt === 'type' && hasValue && allowType) {
      options.type = argv[i + 1].toLowerCase();
    } else {
      c.out.error(E.ERR_SYNTAX);
      return null;
    }
  }
  options.match = pattern === null || pattern === '*' ? null : compileGlob(pattern);
  return options;
}

/** The reply: the next cursor (0 when the walk is complete) and what was found. */
export function replyScan(c: Client, next: bigint, found: readonly string[]): void {
  c.out.array(2);
  c.out.bulk(next.toString());
  c.out.bulkArray(found);
}
