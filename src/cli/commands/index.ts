import { evalCommand } from "./eval.ts";
import type { Command } from "./types.ts";

export const COMMANDS: Command[] = [evalCommand];
