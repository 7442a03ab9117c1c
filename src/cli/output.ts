// One place that turns results into text: JSON documents (bigints as decimal strings) or human text.

export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}

export interface Output {
  json: boolean;
  /** prints one line of human text (nothing in --json mode) */
  say(line?: string): void;
  /** prints the JSON document (only in --json mode) */
  document(value: unknown): void;
}

export function makeOutput(
  json: boolean,
  write: (s: string) => void = (s) => process.stdout.write(s),
): Output {
  return {
    json,
    say(line = "") {
      if (!json) write(`${line}\n`);
    },
    document(value) {
      if (json) write(`${toJson(value)}\n`);
    },
  };
}

const useColor = () => process.stdout.isTTY === true && !process.env.NO_COLOR;

export const color = {
  red: (s: string) => (useColor() ? `\x1b[31m${s}\x1b[0m` : s),
  green: (s: string) => (useColor() ? `\x1b[32m${s}\x1b[0m` : s),
  dim: (s: string) => (useColor() ? `\x1b[2m${s}\x1b[0m` : s),
  bold: (s: string) => (useColor() ? `\x1b[1m${s}\x1b[0m` : s),
};
