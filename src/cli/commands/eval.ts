// `tinychain eval EXPR [--gas N]`: evaluates a program with no chain state (docs/spec.md §7).

import { emptyWorld } from "../../chain/state.ts";
import { DEFAULT_EVAL_GAS } from "../../client/limits.ts";
import { STATUS_MEANING } from "../../lang/errors.ts";
import { evaluate } from "../../lang/vm.ts";
import { formatTrace, Tracer } from "../../tools/trace.ts";
import { intFlag, parse } from "../args.ts";
import { UsageError } from "../errors.ts";
import { readUserFile } from "../files.ts";
import { makeOutput } from "../output.ts";
import type { Command } from "./types.ts";

export const evalCommand: Command = {
  name: "eval",
  summary: "evaluate a program with no chain state; prints value, status and gas used",
  usage: "tinychain eval EXPR|FILE.lisp [--gas N] [--trace] [--json]",
  run(argv) {
    const { values, positionals } = parse(evalCommand, argv);
    if (positionals.length !== 1)
      throw new UsageError(
        "eval takes exactly one expression (quote it for the shell)",
        "tinychain eval '(+ 1 2)'",
      );
    const gas = intFlag("gas", values.gas) ?? DEFAULT_EVAL_GAS;
    const out = makeOutput(values.json === true);
    // the chain's own State over no accounts: eval follows the chain's rules exactly
    const tracer = values.trace === true ? new Tracer() : undefined;
    // a .lisp file instead of an expression: its positions are the file's lines, and errors say so
    const arg = positionals[0]!;
    const file = arg.endsWith(".lisp") ? arg : undefined;
    const source = file ? readUserFile(file) : arg;
    const located = (m: string) =>
      file ? m.replace(/^(\d+:\d+:)/, `${file}:$1`).replace(/\bat (\d+:\d+)\)/g, `at ${file}:$1)`) : m;
    const raw = evaluate(source, { gas, host: emptyWorld(), ...(tracer ? { tracer } : {}) });
    const result = "code" in raw ? raw : { ...raw, error: raw.error === null ? null : located(raw.error) };
    if ("code" in result) {
      out.document({
        status: null,
        value: null,
        gasUsed: 0,
        error: { code: result.code, message: located(result.message) },
      });
      out.say(`error ${result.code}: ${located(result.message)}`);
      return 1;
    }
    out.document({
      status: result.status,
      value: result.printed,
      gasUsed: result.gasUsed,
      error: result.error,
      ...(tracer ? { trace: tracer.root } : {}),
    });
    if (tracer) out.say(formatTrace(tracer.root));
    if (result.status === 0) out.say(result.printed);
    else out.say(`error: ${result.error}`);
    out.say(`status ${result.status} (${STATUS_MEANING[result.status]}), gas used ${result.gasUsed}`);
    return result.status === 0 ? 0 : 1;
  },
};
