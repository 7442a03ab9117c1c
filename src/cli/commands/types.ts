import type { Snapshot } from "../../store/snapshot.ts";
import type { Options, Parsed } from "../args.ts";
import type { Output } from "../output.ts";

export interface Command {
  summary: string;
  /** `tinychain NAME …`: what --help shows, the options the parser accepts (args.ts), and the name */
  usage: string;
  /** extra lines for `tinychain CMD --help` */
  details?: string;
  /** options besides those its usage line names (the transaction commands': the tx options) */
  options?: Options;
  /** returns the exit code */
  run(args: Args): number | Promise<number>;
}

/** What a command runs with: its parsed arguments, its output, and the chain it works on. */
export interface Args extends Parsed {
  out: Output;
  /** the chain folder: --chain DIR, else the current one */
  dir: string;
  /** the chain in `dir`, opened (an interrupted apply finished first) */
  chain(): Snapshot;
}

/** A command as `tinychain` finds it: by its name, its usage line's second word. */
export type NamedCommand = Command & { name: string };
