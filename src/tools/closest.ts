// "Did you mean": the nearest of a few names to a misspelt one (the CLI's options, the checker's names).

/** The edit distance of two short words (for "did you mean"). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The candidate nearest to `word`, when it is near enough to be what was meant. */
export function closest(word: string, candidates: string[]): string | undefined {
  // the first of the nearest (the sort is stable)
  const [best] = candidates.map((c) => ({ c, d: distance(word, c) })).sort((a, b) => a.d - b.d);
  return best && best.d <= Math.max(1, Math.floor(word.length / 3)) ? best.c : undefined;
}

/** "did you mean has?": one question mark, whether or not the name ends with its own (has?, nil?). */
export function didYouMean(name: string): string {
  return `did you mean ${name}${name.endsWith("?") ? "" : "?"}`;
}
