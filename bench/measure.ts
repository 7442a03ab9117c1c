// Timing helpers for `npm run bench`. The machines are shared and noisy, so every comparison runs its
// contestants interleaved, round after round, and reports the median of each (and of their ratio).

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** A contestant is timed whole, unless it returns a number: then that is its own measured ms. */
export type Contestant = () => unknown | Promise<unknown>;

/** Runs each contestant once per round (after warm-up rounds) and returns median ms per contestant. */
export async function interleaved(
  contestants: Record<string, Contestant>,
  rounds = 7,
  warmup = 2,
): Promise<Record<string, number>> {
  const all = await interleavedRuns(contestants, rounds, warmup);
  return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, median(v)]));
}

/** The median and the spread (fastest–slowest run) of a contestant's times. */
export interface Spread {
  median: number;
  fastest: number;
  slowest: number;
}

/** Like `interleaved`, with the spread of each contestant's runs: a figure that swings says so. */
export async function interleavedSpread(
  contestants: Record<string, Contestant>,
  rounds = 7,
  warmup = 2,
): Promise<Record<string, Spread>> {
  const all = await interleavedRuns(contestants, rounds, warmup);
  return Object.fromEntries(
    Object.entries(all).map(([k, v]) => [
      k,
      { median: median(v), fastest: Math.min(...v), slowest: Math.max(...v) },
    ]),
  );
}

async function interleavedRuns(
  contestants: Record<string, Contestant>,
  rounds: number,
  warmup: number,
): Promise<Record<string, number[]>> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(contestants).map((k) => [k, []]));
  for (let r = 0; r < rounds + warmup; r++) {
    for (const [name, fn] of Object.entries(contestants)) {
      // collect the previous contestant's garbage outside the timing, so nobody pays for another
      (globalThis as { gc?: () => void }).gc?.();
      const t = performance.now();
      const own = await fn();
      const dt = typeof own === "number" ? own : performance.now() - t;
      if (r >= warmup) times[name]!.push(dt);
    }
  }
  return times;
}

export function fmt(n: number, digits = 1): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export class Report {
  readonly lines: string[] = [];
  section(title: string): void {
    this.lines.push("", `## ${title}`, "");
    console.log(`\n== ${title}`);
  }
  row(text: string): void {
    this.lines.push(`- ${text}`);
    console.log(`  ${text}`);
  }
}
