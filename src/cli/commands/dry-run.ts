// `--dry-run` of the transaction commands: the receipt the head state gives the transaction, and with
// `--trace` what it does there, like `cast call` on a write function. Nothing is signed or written.

import type { Estimate } from "../../client/estimate.ts";
import { DataError, STATUS_MEANING } from "../../lang/errors.ts";
import { isHead, readAll } from "../../lang/reader.ts";
import { authorPositions, type PositionMap } from "../../testing/positions.ts";
import { formatTrace, Tracer } from "../../tools/trace.ts";
import { CliError } from "../errors.ts";
import { readUserFile } from "../files.ts";
import type { makeOutput } from "../output.ts";

/** A transaction simulated on the head state after the pending files (as validate replays them). */
type Output = ReturnType<typeof makeOutput>;

export interface Simulated extends Estimate {
  /** how many pending files ran first */
  pending: number;
}

/**
 * The author's contract files (`--source FILE…`, and the file `deploy` sends): a receipt's error names a
 * place in the chain's canonical printing of the code, and testing/positions.ts maps it back into them.
 */
export function authorSources(files: unknown): PositionMap {
  const map = authorPositions();
  for (const file of (files as string[] | undefined) ?? [])
    try {
      for (const f of readAll(readUserFile(file))) if (isHead(f, "contract")) map.add(file, f);
    } catch (e) {
      throw e instanceof DataError ? new CliError("E_DATA", `${file}: ${e.message}`, 1) : e;
    }
  return map;
}

export function dryRun(
  sim: Simulated,
  trace: boolean,
  out: Output,
  sources: PositionMap,
  /** what the command adds (call: the value sent; deploy: the contract's address) */
  extra: Record<string, unknown> = {},
): number {
  const tracer = trace ? new Tracer() : undefined;
  const r = tracer && sim.traced ? sim.traced(tracer) : sim.outcome;
  if ("code" in r) {
    out.document({ ok: false, error: { code: r.code, message: r.message } });
    out.say(`invalid on the head state: ${r.code}: ${r.message}`);
    return 1;
  }
  const logs = r.logs.map((l) => ({ address: l.address, event: l.event, args: l.args }));
  const at = sources.places(r.error ?? "");
  out.document({
    ok: r.status === 0,
    status: r.status,
    gasUsed: r.gasUsed,
    gasLimit: r.gasLimit,
    return: r.return,
    error: r.error,
    at,
    logs,
    ...extra,
    ...(tracer ? { trace: tracer.root } : {}),
  });
  out.say(
    `on the head state: status ${r.status} (${STATUS_MEANING[r.status]}), gas used ${r.gasUsed} of ${r.gasLimit}`,
  );
  out.say(r.status === 0 ? `  returns ${r.return}` : `  error: ${r.error}`);
  for (const p of at) out.say(`  at ${p}`);
  for (const [k, v] of Object.entries(extra)) out.say(`  ${k} ${v}`);
  for (const l of logs) out.say(`  event ${[l.event, ...l.args].join(" ")} (from ${l.address})`);
  if (tracer) out.say(formatTrace(tracer.root));
  out.say("nothing was signed or written (--dry-run)");
  return r.status === 0 ? 0 : 1;
}
