// One place that turns results into text: JSON documents (bigints as decimal strings) or human text.

/**
 * Invisible and direction-changing characters (as client/display.ts) that JSON.stringify leaves raw: it
 * escapes those below U+0020 itself, so a raw one there is the document's own line break.
 */
const INVISIBLE = /(?![\u0000-\u001f])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * The JSON document, every invisible or direction-changing character in its strings written as JSON's
 * own `\uXXXX` escape: the same data for a program, nothing a terminal acts on for a person.
 */
export function toJson(value: unknown): string {
  const text = JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2);
  const jsonEscape = (unit: string) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`;
  return text.replace(INVISIBLE, (ch) => ch.split("").map(jsonEscape).join(""));
}

/** What a command prints with: human text, or (with --json) its JSON document. */
export function makeOutput(json: boolean) {
  // each of them chooses what it prints in either mode; none prints both
  const write = (text: string[]) => {
    for (const line of text) process.stdout.write(`${line}\n`);
  };
  return {
    json,
    /** prints lines of human text, an empty one when none is given (nothing in --json mode) */
    say: (line = "", ...more: string[]) => write(json ? [] : [line, ...more]),
    /** prints the JSON document (only in --json mode) */
    document: (value: unknown) => write(json ? [toJson(value)] : []),
    /** prints the JSON document in --json mode, else these lines of human text */
    print: (value: unknown, ...text: string[]) => write(json ? [toJson(value)] : text),
  };
}
export type Output = ReturnType<typeof makeOutput>;

const useColor = () => process.stdout.isTTY === true && !process.env.NO_COLOR;

/** Text in an SGR style (31 red, 32 green, 2 dim) when stdout is a terminal that wants color. */
const sgr = (code: number) => (s: string) => (useColor() ? `\x1b[${code}m${s}\x1b[0m` : s);
export const color = { red: sgr(31), green: sgr(32), dim: sgr(2) };

/**
 * A progress bar on stderr, for a person watching a terminal (not with --json, not in CI); `done()`
 * clears it. Drawn at most ten times a second, and always at the last step.
 */
export function progressBar(label: string, json: boolean) {
  const tty = process.stdout.isTTY === true && process.stderr.isTTY === true && !json && !process.env.CI;
  let last = 0; // when it was last drawn (0: never)
  return {
    step(n: number, of: number) {
      const now = Date.now();
      if (!tty || (now - last < 100 && n !== of)) return;
      last = now;
      const done = Math.round((n / of) * 30);
      process.stderr.write(`\r${label}[${"#".repeat(done)}${" ".repeat(30 - done)}] block ${n}/${of}`);
    },
    done() {
      if (last > 0) process.stderr.write("\r\x1b[K");
    },
  };
}
