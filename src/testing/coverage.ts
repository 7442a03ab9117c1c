// `tinychain test --coverage` (docs/contracts.md): which lines, branches and functions of each contract
// the tests ran, as `forge coverage` and Clarinet's `--coverage` give them: a table in the terminal, lcov
// for editors and CI services. While it collects, the compiler hands each form of a contract it compiles
// to `probe` (lang/compile.ts setFormProbe), which wraps the form's node in one that counts how often the
// form began and how often it returned; the counts of a contract are kept by its canonical source, which
// the runner names for each `deploy-file`, so every compile of it (each test deploys it anew) adds to the
// same counts, and positions map back to the author's file as errors do (./positions.ts).
//
// A line counts when a form that the compiler runs begins on it (a local or a constant read inline by
// an arithmetic node is not such a form). Branches: each arm of `if` (a missing else too), each clause
// of `cond` (and falling through all of them when there is no else), each operand of `and` and `or`
// (istanbul's rule), and `assert` passing and failing (Foundry counts require's two outcomes).

import { KINDS } from "../lang/contract.ts";
import type { ListForm } from "../lang/reader.ts";
import { type Form, isHead, symbolName } from "../lang/reader.ts";
import type { Node } from "../lang/runtime.ts";
import { BINARY_OPS, type ContractInfo } from "../lang/vm.ts";
import type { PositionMap } from "./positions.ts";

/** how often a form began, and how often it returned */
type Counter = { hits: number; done: number };

/**
 * A contract the tests deployed: its name, its text as the chain compiles it and each canonical
 * position's place in the text as written (positions.ts pairPositions), its files, its counts.
 */
type Known = NonNullable<Paired> & { files: Set<string>; counters: Map<string, Counter> };
type Paired = ReturnType<PositionMap["add"]>;

/** What the tests ran of one contract file: its lines, branches and functions, and its lines never run. */
type FileCoverage = ReturnType<Coverage["report"]>[number];

const key = (f: Form) => `${f.pos.line}:${f.pos.col}`;

export class Coverage {
  /** by canonical source: every compile of the same code adds to the same counts */
  private readonly bySource = new Map<string, Known>();

  /** The positions of a test's chain, telling this collector of each contract file it deploys. */
  watch(positions: PositionMap): PositionMap {
    return { ...positions, add: (file, written) => this.add(file, positions.add(file, written)) };
  }

  private add(file: string, paired: Paired): Paired {
    if (!paired) return paired;
    const known = this.bySource.get(paired.text) ?? { ...paired, files: new Set(), counters: new Map() };
    this.bySource.set(paired.text, known);
    known.files.add(file);
    return paired;
  }

  /** For lang/compile.ts: a form of a known contract gets a node that counts its runs. */
  readonly probe = (form: Form, contract: ContractInfo | null, node: Node): Node => {
    // the test's own programs, and contracts of no file a deploy-file named, are not counted
    const known = contract ? this.bySource.get(contract.source) : undefined;
    if (!known) return node;
    const c = known.counters.get(key(form)) ?? { hits: 0, done: 0 };
    known.counters.set(key(form), c);
    return (frame) => {
      c.hits++;
      const value = node(frame);
      c.done++;
      return value;
    };
  };

  /** What the tests ran of each contract file, sorted by file. */
  report() {
    return [...this.bySource.values()]
      .flatMap((k) => [...k.files].map((file) => ({ file, ...measure(k) })))
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }
}

const isBinary = (f: Form | undefined) =>
  f?.kind === "list" && f.items.length === 3 && BINARY_OPS.has(symbolName(f.items[0]) ?? "");

function measure(k: Known) {
  const lineOf = (f: Form) => k.at.get(key(f))?.line ?? f.pos.line;
  const count = (f: Form | undefined) => (f ? k.counters.get(key(f)) : undefined);
  const hits = (f: Form | undefined) => count(f)?.hits ?? 0;
  const contract = k.canonical as ListForm;
  const ownAssert = contract.items.some((d) => d.kind === "list" && symbolName(d.items[1]) === "assert");
  /** The branches of a form that has them, each with how often it was taken. */
  const armsOf = (f: ListForm, self: Counter): [string, number][] => {
    const [, ...args] = f.items;
    if (isHead(f, "if")) {
      const then = hits(args[1]);
      // without an else: every time the test returned and the then arm did not begin
      return [
        ["then", then],
        ["else", args[2] ? hits(args[2]) : (count(args[0])?.done ?? self.hits) - then],
      ];
    }
    if (isHead(f, "cond")) {
      const clauses = args.filter((c): c is ListForm => c.kind === "list");
      const arms = clauses.map((c, i): [string, number] => [`clause ${i + 1}`, hits(c.items[1])]);
      const last = clauses.at(-1);
      if (last && symbolName(last.items[0]) !== "else")
        arms.push(["no clause", (count(last.items[0])?.done ?? 0) - hits(last.items[1])]);
      return arms;
    }
    if (isHead(f, "and") || isHead(f, "or")) return args.map((a, i) => [`operand ${i + 1}`, hits(a)]);
    if (!isHead(f, "assert") || ownAssert) return [];
    return [
      ["passes", self.done],
      ["fails", (count(args[0])?.done ?? self.hits) - self.done],
    ];
  };
  const lines = new Map<number, number>(); // line → hits
  /** each branch: its form's place; what it is (`then`, `else`, `clause 2`, `no clause`, `operand 2`,
   *  `passes`, `fails`); how often it was taken, null when the form holding it never ran */
  const branches: { line: number; col: number; what: string; taken: number | null }[][] = [];
  const walk = (f: Form, parent?: Form) => {
    const c = count(f);
    // a local or constant operand of arithmetic is read inline: its own node never runs
    if (c && !(f.kind !== "list" && isBinary(parent)))
      lines.set(lineOf(f), Math.max(lines.get(lineOf(f)) ?? 0, c.hits));
    if (f.kind !== "list") return;
    const arms = c ? armsOf(f, c) : [];
    const pos = k.at.get(key(f)) ?? f.pos;
    if (arms.length > 0)
      branches.push(
        arms.map(([what, n]) => ({ line: pos.line, col: pos.col, what, taken: c!.hits > 0 ? n : null })),
      );
    for (const x of f.items) walk(x, f);
  };
  walk(contract);
  const functions = contract.items.flatMap((d) => {
    const [head, name] = d.kind === "list" ? d.items.slice(0, 2).map(symbolName) : [];
    return head && head in KINDS && name
      ? [{ name: `${k.name}.${name}`, line: lineOf(d), hits: hits((d as ListForm).items[3]) }]
      : [];
  });
  const each = [...lines].sort((a, b) => a[0] - b[0]);
  const all = branches.flat();
  return {
    contract: k.name,
    lines: { found: each.length, hit: each.filter(([, n]) => n > 0).length, each },
    branches: { found: all.length, hit: all.filter((b) => (b.taken ?? 0) > 0).length, each: branches },
    functions: { found: functions.length, hit: functions.filter((f) => f.hits > 0).length, each: functions },
    uncovered: each.filter(([, n]) => n === 0).map(([line]) => line),
  };
}

/** Lines (sorted, each once) as ranges: 3, 7-9, 12. A line that follows the one before ends its range
 *  (`-9`) or says nothing (`8`); any other starts one. */
const lineRanges = (lines: number[]) =>
  lines
    .map((l, i) =>
      lines[i - 1] === l - 1 ? (lines[i + 1] === l + 1 ? "" : `-${l}`) : `${i > 0 ? ", " : ""}${l}`,
    )
    .join("");

/** The report as lcov (geninfo's format: functions, branches, lines, one record a file). */
export function lcov(files: FileCoverage[]): string {
  return files
    .map((f) => {
      const out = ["TN:", `SF:${f.file}`];
      for (const fn of f.functions.each) out.push(`FN:${fn.line},${fn.name}`);
      for (const fn of f.functions.each) out.push(`FNDA:${fn.hits},${fn.name}`);
      out.push(`FNF:${f.functions.found}`, `FNH:${f.functions.hit}`);
      for (const [block, arms] of f.branches.each.entries())
        for (const [i, b] of arms.entries()) out.push(`BRDA:${b.line},${block},${i},${b.taken ?? "-"}`);
      out.push(`BRF:${f.branches.found}`, `BRH:${f.branches.hit}`);
      for (const [line, n] of f.lines.each) out.push(`DA:${line},${n}`);
      out.push(`LF:${f.lines.found}`, `LH:${f.lines.hit}`, "end_of_record");
      return `${out.join("\n")}\n`;
    })
    .join("");
}

const percent = ({ hit, found }: { hit: number; found: number }) =>
  `${found === 0 ? "100.00" : ((hit * 100) / found).toFixed(2)}% (${hit}/${found})`;

/** The report as a table, a row per contract file, then the branches no test took. */
export function coverageText(files: FileCoverage[]): string[] {
  const width = Math.max(20, ...files.map((f) => f.file.length)) + 2;
  const row = (cells: string[]) =>
    `${cells[0]!.padEnd(width)}${cells[1]!.padEnd(18)}${cells[2]!.padEnd(18)}${cells[3]!.padEnd(18)}${cells[4]}`;
  return [
    "coverage of each contract file the tests deployed",
    row(["file", "lines", "branches", "functions", "uncovered lines"]),
    ...files.map((f) =>
      row([f.file, ...[f.lines, f.branches, f.functions].map(percent), lineRanges(f.uncovered)]),
    ),
    ...files.flatMap((f) => {
      const missed = f.branches.each.flat().flatMap((b) => (b.taken ? [] : [`${b.line}:${b.col} ${b.what}`]));
      return missed.length > 0 ? [`${f.file}: branches not taken: ${missed.join(", ")}`] : [];
    }),
  ];
}
