// Latency: the latency monitor (Redis's latency.c) and each command's latency histogram.
//
// The monitor keeps, per event, one sample per second of the worst latency (in milliseconds) of at
// least latency-monitor-threshold, 160 seconds of them, and the all-time worst. respite records
// Redis's "command" and "fast-command" events (each command, by its fast flag), "command-unblocking"
// (serving a blocked client) and "expire-cycle" (active expiry). LATENCY LATEST, HISTORY, RESET,
// GRAPH and DOCTOR read them; sample times come from the server clock.
//
// The histograms are Redis's hdr_histogram as Redis configures it (1 ns to 1 s, two significant
// digits): 3072 counters per command, indexed as hdr indexes a value, so INFO latencystats'
// percentiles and LATENCY HISTOGRAM's buckets are the values Redis would print for the same times.

/** Redis's LATENCY_TS_LEN: seconds of history per event. */
const TS_LEN = 160;

interface Sample {
  time: number;
  latency: number;
}

/** One event's samples: a ring of TS_LEN, oldest overwritten. */
export class LatencySeries {
  readonly samples: Sample[] = Array.from({ length: TS_LEN }, () => ({ time: 0, latency: 0 }));
  idx = 0;
  max = 0;

  /** The samples held, oldest first. */
  held(): Sample[] {
    const out: Sample[] = [];
    for (let j = 0; j < TS_LEN; j++) {
      const s = this.samples[(this.idx + j) % TS_LEN];
      if (s.time !== 0) out.push(s);
    }
    return out;
  }

  last(): Sample {
    return this.samples[(this.idx + TS_LEN - 1) % TS_LEN];
  }
}

export class LatencyMonitor {
  /** In the order events first happened (Redis's dict order is its hash's). */
  readonly events = new Map<string, LatencySeries>();
  /** latency-monitor-threshold in milliseconds; 0 is off. */
  threshold = 0;

  /** Redis's latencyAddSampleIfNeeded. */
  addIfNeeded(event: string, ms: number, nowSeconds: number): void {
    if (this.threshold !== 0 && ms >= this.threshold) this.add(event, ms, nowSeconds);
  }

  /** Redis's latencyAddSample: one sample per second per event, the worst of that second. */
  add(event: string, ms: number, nowSeconds: number): void {
    let ts = this.events.get(event);
    if (ts === undefined) {
      ts = new LatencySeries();
      this.events.set(event, ts);
    }
    if (ms > ts.max) ts.max = ms;
    const prev = ts.last();
    if (prev.time === nowSeconds) {
      if (ms > prev.latency) prev.latency = ms;
      return;
    }
    ts.samples[ts.idx] = { time: nowSeconds, latency: ms };
    ts.idx = (ts.idx + 1) % TS_LEN;
  }

  /** Forget one event (matched without case, as Redis) or, with null, all; returns how many. */
  reset(event: string | null): number {
    let resets = 0;
    for (const name of [...this.events.keys()]) {
      if (event === null || name.toLowerCase() === event.toLowerCase()) {
        this.events.delete(name);
        resets++;
      }
    }
    return resets;
  }
}

// ---- LATENCY GRAPH ------------------------------------------------------------------------------

const GRAPH_COLUMNS = 80;
const GRAPH_ROWS = 4;

/** LATENCY GRAPH's text: a header line, a rule, and Redis's sparkline (sparkline.c, filled). */
export function latencyGraph(event: string, ts: LatencySeries, nowSeconds: number): string {
  const held = ts.held();
  let min = 0;
  let max = 0;
  const labels: string[] = [];
  held.forEach((s, i) => {
    if (i === 0) min = max = s.latency;
    else {
      max = Math.max(max, s.latency);
      min = Math.min(min, s.latency);
    }
    const elapsed = nowSeconds - s.time;
    labels.push(
      elapsed < 60
        ? `${elapsed}s`
        : elapsed < 3600
          ? `${Math.trunc(elapsed / 60)}m`
          : elapsed < 86400
            ? `${Math.trunc(elapsed / 3600)}h`
            : `${Math.trunc(elapsed / 86400)}d`,
    );
  });
  let graph = `${event} - high ${max} ms, low ${min} ms (all time high ${ts.max} ms)\n`;
  graph += `${'-'.repeat(GRAPH_COLUMNS)}\n`;
  const values = held.map((s) => s.latency);
  for (let j = 0; j < values.length; j += GRAPH_COLUMNS) {
    if (j !== 0) graph += '\n';
    graph += sparkline(values, labels, min, max, j, Math.min(GRAPH_COLUMNS, values.length - j));
  }
  return graph;
}

/** Redis's sparklineRenderRange with SPARKLINE_FILL: rows of "_o#" and '|', then the labels downwards. */
function sparkline(
  values: number[],
  labels: string[],
  min: number,
  max: number,
  offset: number,
  len: number,
): string {
  const charset = '_o#';
  const steps = charset.length * GRAPH_ROWS;
  const relmax = max - min === 0 ? 1 : max - min;
  let out = '';
  for (let row = 0; ; row++) {
    let more = false;
    const chars: string[] = new Array(len).fill(' ');
    for (let j = 0; j < len; j++) {
      let step = Math.trunc(Math.trunc((values[offset + j] - min) * steps) / relmax);
      if (step < 0) step = 0;
      if (step >= steps) step = steps - 1;
      if (row < GRAPH_ROWS) {
        more = true;
        const idx = step - (GRAPH_ROWS - row - 1) * charset.length;
        if (idx >= 0 && idx < charset.length) chars[j] = charset[idx];
        else if (idx >= charset.length) chars[j] = '|';
      } else {
        // One blank row between the graph and the labels (every sample has a label).
        if (row - GRAPH_ROWS < 1) {
          more = true;
          break;
        }
        const label = labels[offset + j];
        const at = row - GRAPH_ROWS - 1;
        if (label.length > at) {
          more = true;
          chars[j] = label[at];
        }
      }
    }
    if (!more) return out;
    out += `${chars.join('')}\n`;
  }
}

// ---- LATENCY DOCTOR -----------------------------------------------------------------------------

/** What LATENCY DOCTOR needs to know of the server besides the events. */
export interface DoctorContext {
  nowSeconds: number;
  slowlogSlowerThan: number;
  hz: number;
}

/** LATENCY DOCTOR's report, as Redis's createLatencyReport for the events respite records. */
export function latencyDoctor(monitor: LatencyMonitor, ctx: DoctorContext): string {
  if (monitor.events.size === 0 && monitor.threshold === 0) {
    return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n";
  }
  let report = '';
  let eventnum = 0;
  let advices = 0;
  let slowlogEnabled = false;
  let slowlogTuning = false;
  let slowlogInspect = false;
  let scheduler = false;
  let largeObjects = false;
  let hz = false;
  for (const [event, ts] of monitor.events) {
    eventnum++;
    if (eventnum === 1) {
      report +=
        "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n";
    }
    const held = ts.held();
    const n = held.length;
    const sum = held.reduce((a, s) => a + s.latency, 0);
    const avg = n ? Math.floor(sum / n) : 0;
    const mad = n ? Math.floor(held.reduce((a, s) => a + Math.abs(avg - s.latency), 0) / n) : 0;
    let period = 0;
    if (n) {
      period = ctx.nowSeconds - Math.min(...held.map((s) => s.time));
      if (period === 0) period = 1;
    }
    report += `${eventnum}. ${event}: ${n} latency spikes (average ${avg}ms, mean deviation ${mad}ms, period ${(period / n).toFixed(2)} sec). Worst all time event ${ts.max}ms.`;
    if (event.toLowerCase() === 'command') {
      if (ctx.slowlogSlowerThan < 0) {
        slowlogEnabled = true;
        advices++;
      } else if (Math.trunc(ctx.slowlogSlowerThan / 1000) > monitor.threshold) {
        slowlogTuning = true;
        advices++;
      }
      slowlogInspect = true;
      largeObjects = true;
      advices += 2;
    }
    if (event.toLowerCase() === 'fast-command') {
      scheduler = true;
      advices++;
    }
    if (event.toLowerCase() === 'expire-cycle') {
      hz = true;
      largeObjects = true;
      advices += 2;
    }
    report += '\n';
  }
  if (eventnum === 0 && advices === 0) {
    return `${report}Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n`;
  }
  if (eventnum > 0 && advices === 0) {
    return `${report}\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n`;
  }
  report += '\nI have a few advices for you:\n\n';
  const suggested = monitor.threshold * 1000;
  if (slowlogEnabled) {
    report += `- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than ${suggested}'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n`;
  }
  if (slowlogTuning) {
    report += `- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ${suggested}'.\n`;
  }
  if (slowlogInspect) {
    report +=
      '- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n';
  }
  if (scheduler) {
    report +=
      '- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n' +
      '  1) Lower the system load.\n' +
      '  2) Use a computer / VM just for Redis if you are running other software in the same system.\n' +
      '  3) Check if you have a "noisy neighbour" problem.\n' +
      "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n" +
      '  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n';
  }
  if (hz && ctx.hz < 100) {
    report +=
      "- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n";
  }
  if (largeObjects) {
    report +=
      '- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n';
  }
  return report;
}

// ---- per-command histograms (hdr_histogram) -----------------------------------------------------

// Redis: hdr_init(1, 1000000000, 2): sub-buckets of 256 (half 128), 23 buckets, 3072 counters.
const HIST_MIN = 1;
const HIST_MAX = 1_000_000_000;
const HALF_MAGNITUDE = 7;
const HALF_COUNT = 128;
export const HIST_COUNTS = 3072;

/** hdr's counts_index_for(value). */
function histIndex(ns: number): number {
  const bucket = 24 - Math.clz32(ns | 255);
  const sub = ns >>> bucket;
  return ((bucket + 1) << HALF_MAGNITUDE) + (sub - HALF_COUNT);
}

/** hdr_value_at_index: the lowest value counted at `index`. */
function valueAtIndex(index: number): number {
  let bucket = (index >> HALF_MAGNITUDE) - 1;
  let sub = (index & (HALF_COUNT - 1)) + HALF_COUNT;
  if (bucket < 0) {
    sub -= HALF_COUNT;
    bucket = 0;
  }
  return sub * 2 ** bucket;
}

/** hdr's highest_equivalent_value. */
function highestEquivalent(value: number): number {
  const bucket = 24 - Math.clz32(value | 255);
  return (Math.floor(value / 2 ** bucket) + 1) * 2 ** bucket - 1;
}

/** A command's latency histogram: counts by hdr index, created on its first call. */
export interface LatencyHistogram {
  counts: Float64Array;
  total: number;
}

/** Redis's updateCommandLatencyHistogram: a call that took `usec` whole microseconds. */
export function recordLatency(h: LatencyHistogram, usec: number): void {
  let ns = usec * 1000;
  if (ns < HIST_MIN) ns = HIST_MIN;
  else if (ns > HIST_MAX) ns = HIST_MAX;
  h.counts[histIndex(ns)]++;
  h.total++;
}

/** hdr_value_at_percentile, in nanoseconds. */
export function latencyPercentile(h: LatencyHistogram, percentile: number): number {
  const requested = Math.min(percentile, 100);
  const wanted = Math.max(1, Math.trunc((requested / 100) * h.total + 0.5));
  let seen = 0;
  let value = 0;
  for (let i = 0; i < HIST_COUNTS; i++) {
    seen += h.counts[i];
    if (seen >= wanted) {
      value = valueAtIndex(i);
      break;
    }
  }
  return percentile === 0 ? value : highestEquivalent(value);
}

/**
 * LATENCY HISTOGRAM's buckets, as Redis walks hdr's logarithmic iterator from 1024 ns doubling:
 * [microseconds, calls up to it], only where the count grew. The iterator stops when the next level
 * would lie past the last counter, so calls over ~541 ms are never reported, as in Redis.
 */
export function latencyBuckets(h: LatencyHistogram): [number, number][] {
  const out: [number, number][] = [];
  let cumulative = 0;
  let previous = 0;
  let i = 0;
  for (let level = 1024; cumulative < h.total; level *= 2) {
    const last = histIndex(Math.min(level, 2 ** 30));
    if (level > HIST_MAX || last >= HIST_COUNTS) break;
    for (; i <= last; i++) cumulative += h.counts[i];
    if (cumulative > previous) out.push([Math.trunc(highestEquivalent(level) / 1000), cumulative]);
    previous = cumulative;
  }
  return out;
}
