import type { NamedCommand } from "../command.ts";
import { applyCommand } from "./apply.ts";
import { attachCommand } from "./attach.ts";
import { bundleCommand } from "./bundle.ts";
import { checkCommand } from "./check.ts";
import { consoleCommand } from "./console.ts";
import { devCommand } from "./dev.ts";
import { evalCommand } from "./eval.ts";
import { fmtCommand } from "./fmt.ts";
import { initCommand } from "./init.ts";
import { keygenCommand } from "./keygen.ts";
import { lspCommand } from "./lsp.ts";
import { newCommand } from "./new.ts";
import { nodeCommand } from "./node.ts";
import { checkProofCommand, proveCommand } from "./prove.ts";
import { accountCommand, balanceCommand, blockCommand, receiptCommand, viewCommand } from "./read.ts";
import { relayCommand } from "./relay.ts";
import { testCommand } from "./test.ts";
import { callCommand, deployCommand, sendCommand, txCommand } from "./tx.ts";
import { validateCommand } from "./validate.ts";
import { verifyCommand } from "./verify.ts";

/** Every command, in the order `tinychain --help` lists them. */
export const COMMANDS: NamedCommand[] = [
  initCommand,
  keygenCommand,
  txCommand,
  sendCommand,
  deployCommand,
  callCommand,
  attachCommand,
  evalCommand,
  checkCommand,
  testCommand,
  newCommand,
  fmtCommand,
  lspCommand,
  consoleCommand,
  devCommand,
  viewCommand,
  balanceCommand,
  accountCommand,
  blockCommand,
  receiptCommand,
  validateCommand,
  bundleCommand,
  applyCommand,
  verifyCommand,
  proveCommand,
  checkProofCommand,
  nodeCommand,
  relayCommand,
].map((command) => ({ ...command, name: command.usage.split(" ")[1]! }));
