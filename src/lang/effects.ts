// Effects (docs/spec.md §5 "Context and effects"): contract storage, balances, transfers, events, aborts,
// contract calls and deployments. Each compiles to a node that enforces the rules (views are
// read-only, storage belongs to its contract, values crossing a boundary are data) and charges gas
// by size before touching the host.

import { at, type Ctx, compile, expectSymbol, type FormRule } from "./compile.ts";
import { compileContract } from "./contract.ts";
import { DataError, type Pos, VmError, where } from "./errors.ts";
import { GAS } from "./gas.ts";
import { SNEED_ADDRESS } from "./host.ts";
import { type Form, isHead, type ListForm, symbolName } from "./reader.ts";
import {
  abort,
  asText,
  CONTRACT_CALL_DEPTH_COST,
  callClosure,
  callContract,
  charge,
  checkData,
  enterDepth,
  expect,
  MAX_CALL_DEPTH,
  type Node,
  pay,
  requireWritable,
  rt,
  runtimeError,
} from "./runtime.ts";
import { mapKey, storedOf, writeSlot } from "./storage.ts";
import { Sym, truthy, utf8Length, type Value } from "./values.ts";

/** The SneedToken's own forms: only code at its address may use them, and (`writes`) not in a view. */
function requireSystem(name: string, pos: Pos, writes = true): void {
  if (rt.frame.self.hex !== SNEED_ADDRESS)
    runtimeError(`${name} is reserved to the SneedToken system contract at ${SNEED_ADDRESS}`, pos);
  if (writes) requireWritable(name, pos);
}

function args(form: Form & { kind: "list" }, from: number, ctx: Ctx): Node[] {
  return form.items.slice(from).map((a) => compile(a, ctx));
}

/** An effect's compile function, from a builder given its arguments' nodes, its position and its name. */
function effect(build: (args: Node[], pos: Pos, head: string) => Node): (form: ListForm, ctx: Ctx) => Node {
  return (form, ctx) => build(args(form, 1, ctx), at(form.pos, ctx.scope), symbolName(form.items[0])!);
}

/** The contract variable or map a storage form writes: declared by the contract, not shadowed by a local. */
function declared(form: ListForm, ctx: Ctx, kind: "variable" | "map"): string {
  const head = symbolName(form.items[0])!;
  const name = expectSymbol(form.items[1], `a ${kind} name after ${head}`, form.pos);
  const isVar = kind === "variable";
  const declaration = isVar ? `defvar ${name} …` : `defmap ${name}`;
  if (!ctx.scope.contract?.[isVar ? "vars" : "maps"].has(name) || ctx.scope.lookup(name) !== undefined)
    throw new DataError(
      `${head} needs a contract ${kind} declared with (${declaration}), and ${name} is not one`,
      form.items[1]!.pos,
    );
  return name;
}

/** (put! map key value) / (del! map key): writes or deletes a map entry. */
function putOrDelete(form: ListForm, ctx: Ctx): Node {
  const pos = at(form.pos, ctx.scope);
  const map = declared(form, ctx, "map");
  const [key, value] = args(form, 2, ctx);
  if (symbolName(form.items[0]) === "put!")
    return (fr) => {
      const k = mapKey(map, key!(fr), pos);
      const v = value!(fr);
      writeSlot(k, v, `an entry of map ${map}`, pos);
      return v;
    };
  return (fr) => {
    requireWritable(`deleting from map ${map}`, pos);
    const k = mapKey(map, key!(fr), pos);
    charge(GAS.storageDelete);
    const existed = rt.host.storageGet(rt.frame.self, k) !== undefined;
    if (existed) rt.host.storageSet(rt.frame.self, k, undefined);
    return existed;
  };
}

/**
 * (call addr 'fn args…) / (try-call …): another contract's function, atomically. (call-value addr amount
 * 'fn args…) / (try-call-value …) send `amount` sneed from self with the call (the callee's `value`).
 */
const callEffect = effect(([target, ...rest], pos, head) => {
  const paying = head.endsWith("-value");
  const amount = paying ? rest.shift() : undefined;
  const [fname, ...callArgs] = rest;
  const isTry = head.startsWith("try-");
  const gas = paying ? GAS.contractCall + GAS.transfer : GAS.contractCall;
  return (fr) => {
    const addr = expect(target!(fr), "address", `the target of ${head}`, pos);
    const sent = amount ? amountOf(amount(fr), head, pos) : 0n;
    const f = fname!(fr);
    if (!(f instanceof Sym))
      runtimeError(`the function name of ${head} must be a symbol like 'transfer`, pos);
    const vals = callArgs.map((a) => a(fr));
    charge(gas);
    for (let i = 0; i < vals.length; i++) checkData(vals[i]!, `argument ${i + 1} of ${head}`, pos);
    return callContract(addr, f, vals, isTry, pos, sent);
  };
});

/** The amount sneed moves by, from self (transfer, call-value): an int, not negative, not in a view. */
function amountOf(v: Value, head: string, pos: Pos): bigint {
  const n = expect(v, "int", `the amount of ${head}`, pos);
  requireWritable(head, pos);
  if (n < 0n) runtimeError(`${head} amount must not be negative, got ${n}`, pos);
  return n;
}

/** The storage forms by name, with the function that compiles each (forms.ts registers them). */
export const STORAGE_FORMS: Record<string, FormRule["compile"]> = {
  /** (set! var value): writes a contract variable. */
  "set!"(form, ctx) {
    const pos = at(form.pos, ctx.scope);
    const name = declared(form, ctx, "variable");
    const value = compile(form.items[2]!, ctx);
    return (fr) => {
      const v = value(fr);
      writeSlot(name, v, `variable ${name}`, pos);
      return v;
    };
  },
  "put!": putOrDelete,
  "del!": putOrDelete,

  /** (deploy (contract …)): a new contract; its address. */
  deploy(form, ctx) {
    const pos = at(form.pos, ctx.scope);
    const contract = compileContract(form.items[1]!, "deploy takes a contract: (deploy (contract Name …))");
    const codeBytes = utf8Length(contract.source);
    return () => {
      requireWritable("deploy", pos);
      charge(GAS.deploy + GAS.deployByte * codeBytes);
      return deployContract(contract, pos);
    };
  },
};

/** The effects by name, with the function that compiles each (forms.ts registers them). */
export const EFFECTS: Record<string, FormRule["compile"]> = {
  /** (emit Event args…): a log of the running contract (status 0 only). */
  emit(form, ctx) {
    const pos = at(form.pos, ctx.scope);
    const nameForm = form.items[1]!;
    // (emit Transfer …) names the event directly; (emit 'Transfer …) works too
    const quoted = nameForm.kind === "list" && nameForm.items.length === 2 && isHead(nameForm, "quote");
    const event = expectSymbol(quoted ? nameForm.items[1] : nameForm, "an event name", form.pos);
    const values = args(form, 2, ctx);
    return (fr) => {
      requireWritable("emit", pos);
      const vals = values.map((v) => v(fr));
      charge(GAS.event);
      const printed = vals.map(
        (v, i) => storedOf(v, `argument ${i + 1} of event ${event}`, pos, GAS.eventByte).printed,
      );
      rt.host.emit({ address: rt.frame.self.hex, event, args: printed });
      return null;
    };
  },

  /** (abort message): status 1, every effect of the call reverted. */
  abort: effect(
    ([msg], pos) =>
      (fr) =>
        abort(asText(msg!(fr)) + where(pos)),
  ),

  /** (assert cond [message]): aborts when cond is false or nil. */
  assert: effect(([cond, msg], pos) => (fr) => {
    charge(GAS.control);
    if (truthy(cond!(fr))) return true;
    return abort((msg ? asText(msg(fr)) : "assertion failed") + where(pos));
  }),

  call: callEffect,
  "try-call": callEffect,
  "call-value": callEffect,
  "try-call-value": callEffect,

  /** (transfer to amount): moves sneed from self. */
  transfer: effect(([to, amount], pos) => (fr) => {
    const dest = expect(to!(fr), "address", "the recipient of transfer", pos);
    const n = amountOf(amount!(fr), "transfer", pos);
    charge(GAS.transfer);
    pay(rt.frame.self, dest, n, "transfer", pos);
    return true;
  }),

  /** (balance addr) */
  balance: effect(([who], pos) => (fr) => {
    const a = expect(who!(fr), "address", "the argument of balance", pos);
    charge(GAS.balance);
    return rt.host.balance(a);
  }),

  /** (system-mint to amount): SneedToken only. */
  "system-mint": effect(([to, amount], pos, head) => (fr) => {
    requireSystem(head, pos);
    const dest = expect(to!(fr), "address", "the recipient of system-mint", pos);
    const n = expect(amount!(fr), "int", "the amount of system-mint", pos);
    if (n < 0n) runtimeError(`mint amount must not be negative, got ${n}`, pos);
    charge(GAS.transfer);
    if (rt.host.totalSupply() + n >= 1n << 256n)
      runtimeError("int overflow: total supply would reach 2^256", pos);
    rt.host.mint(dest, n);
    return true;
  }),

  /** (system-move from to amount): SneedToken only. */
  "system-move": effect(([from, to, amount], pos, head) => (fr) => {
    requireSystem(head, pos);
    const src = expect(from!(fr), "address", "the sender of system-move", pos);
    const dest = expect(to!(fr), "address", "the recipient of system-move", pos);
    const n = expect(amount!(fr), "int", "the amount of system-move", pos);
    if (n < 0n) runtimeError(`amount must not be negative, got ${n}`, pos);
    charge(GAS.transfer);
    return rt.host.transfer(src, dest, n);
  }),

  /** (system-supply): SneedToken only. */
  "system-supply": effect((_, pos, head) => () => {
    requireSystem(head, pos, false);
    charge(GAS.balance);
    return rt.host.totalSupply();
  }),
};

function deployContract(contract: ReturnType<typeof compileContract>, pos: Pos): Value {
  const host = rt.host;
  if (rt.callStack.length >= MAX_CALL_DEPTH)
    runtimeError(`contract call depth limit of ${MAX_CALL_DEPTH} exceeded by deploy`, pos);
  const checkpoint = host.checkpoint();
  const address = host.nextContractAddress(rt.frame.self);
  const savedFrame = rt.frame;
  const savedDepth = rt.hostDepth;
  host.createContract(address, contract);
  rt.frame = { self: address, sender: savedFrame.self, value: 0n, contract, readOnly: false };
  rt.callStack.push(address.hex);
  try {
    enterDepth(CONTRACT_CALL_DEPTH_COST, pos);
    // defvars are initialised in order, in the new contract's own context
    for (const v of contract.vars) writeSlot(v.name, callClosure(v.init, [], pos), `variable ${v.name}`, pos);
    return address;
  } catch (e) {
    host.revertTo(checkpoint);
    if (e instanceof VmError) throw new VmError(e.status, `deploying ${contract.name}: ${e.message}`);
    throw e;
  } finally {
    rt.frame = savedFrame;
    rt.hostDepth = savedDepth;
    rt.callStack.pop();
  }
}
