// `tinychain eval EXPR [--gas N]`: evaluates a program with no chain state (docs/spec.md §7).

import { GENESIS_DEFAULTS } from "../../chain/genesis.ts";
import { emptyWorld } from "../../chain/state.ts";
import { STATUS_MEANING } from "../../lang/errors.ts";
import { evaluate } from "../../lang/vm.ts";
import { formatTrace, Tracer } from "../../tools/trace.ts";
import { type Command, intFlag } from "../command.ts";
import { readUserFile } from "../files.ts";

export const evalCommand: Command = {
  summary: "evaluate a program with no chain state; prints value, status and gas used",
  usage: "tinychain eval EXPR|FILE.lisp [--gas N] [--trace] [--json]",
  example: "tinychain eval '(+ 1 2)'",
  run({ values, positionals, out }) {
    const gas = intFlag("gas", values.gas) ?? GENESIS_DEFAULTS.blockGasLimit; // one default block's worth
    // the chain's own State over no accounts: eval follows the chain's rules exactly
    const tracer = values.trace === true ? new Tracer() : undefined;
    // a .lisp file instead of an expression: its positions are the file's lines, and errors say so
    const arg = positionals[0]!;
    const file = arg.endsWith(".lisp") ? arg : undefined;
    const source = file ? readUserFile(file) : arg;
    const located = (m: string) =>
      file ? m.replace(/^(\d+:\d+:)/, `${file}:$1`).replace(/\bat (\d+:\d+)\)/g, `at ${file}:$1)`) : m;
    const raw = evaluate(source, { gas, host: emptyWorld(), ...(tracer ? { tracer } : {}) });
    if ("code" in raw) {
      const error = { code: raw.code, message: located(raw.message) };
      out.print({ status: null, value: null, gasUsed: 0, error }, `error ${error.code}: ${error.message}`);
      return 1;
    }
    const { status, printed, gasUsed } = raw;
    const error = raw.error === null ? null : located(raw.error);
    out.print(
      { status, value: printed, gasUsed, error, ...(tracer ? { trace: tracer.root } : {}) },
      ...(tracer ? [formatTrace(tracer.root)] : []),
      status === 0 ? printed : `error: ${error}`,
      `status ${status} (${STATUS_MEANING[status]}), gas used ${gasUsed}`,
    );
    return status === 0 ? 0 : 1;
  },
};
