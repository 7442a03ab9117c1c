// `--trace` (docs/contracts.md): what a run did, as a tree of calls. The tracer watches the host (storage
// reads and writes with the value before, transfers, events, deployments) and hears of each contract call
// from the runtime (callContract). It charges no gas and changes nothing: a traced run has the same
// receipt as an untraced one (test/lang/trace.test.ts checks it).

import type { Host } from "../lang/host.ts";
import { printValue, TooDeep } from "../lang/printer.ts";
import type { Tracer as RunTracer } from "../lang/runtime.ts";
import type { Address, Value } from "../lang/values.ts";

export interface TraceFrame {
  /** "script" for the transaction's program, else the contract's name */
  contract: string;
  address: string;
  fn: string;
  args: string[];
  /** the sneed sent with the call (call-value), when it sent some */
  value?: string;
  gasUsed: number;
  status: 0 | 1 | 2 | 3;
  /** the printed return value, or the error message */
  result: string;
  /** in the order they happened, with this frame's calls among them */
  steps: TraceStep[];
}

export type TraceStep =
  | { op: "read"; contract: string; key: string; value: string | null }
  | { op: "write"; contract: string; key: string; before: string | null; after: string | null }
  | { op: "transfer"; from: string; to: string; amount: string }
  | { op: "event"; contract: string; event: string; args: string[] }
  | { op: "deploy"; address: string; contract: string }
  | { op: "call"; frame: TraceFrame };

// a value in a trace line: shown to 8 levels of nesting, a deeper one named as such (the run itself
// takes values as deep as the chain allows: tracing it must not fail where the run does not)
const show = (v: Value) => {
  try {
    return printValue(v, { maxDepth: 8 });
  } catch (e) {
    if (e instanceof TooDeep) return "<a value nested deeper than 8 levels>";
    throw e;
  }
};

const newFrame = (contract: string, address: string, fn: string, args: string[]): TraceFrame => ({
  contract,
  address,
  fn,
  args,
  gasUsed: 0,
  status: 0,
  result: "",
  steps: [],
});

export class Tracer implements RunTracer {
  readonly root = newFrame("script", "", "", []);
  private stack: { frame: TraceFrame; gas: number }[] = [{ frame: this.root, gas: 0 }];

  /** The run begins: who runs the script, with how much gas. */
  begin(address: string, gas: number): void {
    this.root.address = address;
    this.stack = [{ frame: this.root, gas }];
  }

  private get steps(): TraceStep[] {
    return this.stack.at(-1)!.frame.steps;
  }

  /** A contract call begins (gas: what is left before it). */
  enter(contract: string, address: string, fn: string, args: Value[], gas: number, value: bigint): void {
    const frame = newFrame(contract, address, fn, args.map(show));
    if (value > 0n) frame.value = value.toString();
    this.steps.push({ op: "call", frame });
    this.stack.push({ frame, gas });
  }

  /** The call (or, last, the script) ended with this status and value or message. */
  exit(status: TraceFrame["status"], result: Value | string, gas: number): void {
    const top = this.stack.length > 1 ? this.stack.pop()! : this.stack[0]!;
    Object.assign(top.frame, {
      status,
      result: typeof result === "string" && status !== 0 ? result : show(result as Value),
      gasUsed: top.gas - gas,
    });
  }

  /** The host as the run sees it: the same answers, each effect noted in the current frame. */
  watch(host: Host): Host {
    const note = (s: TraceStep) => this.steps.push(s);
    const effects: Partial<Host> = {
      storageGet(contract: Address, key: string) {
        const v = host.storageGet(contract, key);
        note({ op: "read", contract: contract.hex, key, value: v?.printed ?? null });
        return v;
      },
      storageSet(contract: Address, key: string, value) {
        const before = host.storageGet(contract, key)?.printed ?? null;
        host.storageSet(contract, key, value);
        note({ op: "write", contract: contract.hex, key, before, after: value?.printed ?? null });
      },
      transfer(from: Address, to: Address, amount: bigint) {
        const ok = host.transfer(from, to, amount);
        if (ok) note({ op: "transfer", from: from.hex, to: to.hex, amount: amount.toString() });
        return ok;
      },
      emit(log) {
        host.emit(log);
        note({ op: "event", contract: log.address, event: log.event, args: log.args });
      },
      createContract(address: Address, contract) {
        host.createContract(address, contract);
        note({ op: "deploy", address: address.hex, contract: contract.name });
      },
    };
    return new Proxy(host, {
      get(target, p) {
        if (p in effects) return effects[p as keyof Host];
        const v = Reflect.get(target, p, target);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
  }
}

const STATUS = ["ok", "abort", "out of gas", "runtime error"];

/** The trace as an indented tree, one line per call and per effect. */
export function formatTrace(root: TraceFrame): string {
  const lines: string[] = [];
  const frame = (f: TraceFrame, indent: string) => {
    const sent = f.value ? ` sending ${f.value} sneed` : "";
    const name = f.contract === "script" ? "script" : `${f.contract}.${f.fn}(${f.args.join(", ")})${sent}`;
    const end = f.status === 0 ? `→ ${f.result}` : `✗ ${STATUS[f.status]}: ${f.result}`;
    lines.push(`${indent}${name}  [gas ${f.gasUsed}] ${end}`);
    for (const s of f.steps) {
      const at = `${indent}  `;
      if (s.op === "call") frame(s.frame, at);
      else if (s.op === "read") lines.push(`${at}read   ${s.key} = ${s.value ?? "(none)"}`);
      else if (s.op === "write")
        lines.push(`${at}write  ${s.key}: ${s.before ?? "(none)"} → ${s.after ?? "(deleted)"}`);
      else if (s.op === "transfer") lines.push(`${at}transfer ${s.amount} ${s.from} → ${s.to}`);
      else if (s.op === "event") lines.push(`${at}event  ${[s.event, ...s.args].join(" ")}`);
      else lines.push(`${at}deploy ${s.contract} at ${s.address}`);
    }
  };
  frame(root, "");
  return lines.join("\n");
}
