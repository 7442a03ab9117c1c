// Contract storage as compiled code reads and writes it (docs/spec.md §5 "Context and effects"): a variable is
// the slot of its name, a map entry the slot `(map printed-key)`; values are stored printed, data only,
// and every read and write pays by the bytes of key and value. Below the compiler: compile.ts reads
// variables and maps through here, effects.ts writes them.

import type { Pos } from "./errors.ts";
import { GAS } from "./gas.ts";
import type { Stored } from "./host.ts";
import { printValue, TooDeep } from "./printer.ts";
import { MAX_NESTING } from "./reader.ts";
import { charge, checkData, type Node, requireWritable, rt, runtimeError } from "./runtime.ts";
import { utf8Length, type Value } from "./values.ts";

/** Prints a value for storage: data only, at most MAX_NESTING deep so the reader can read it back. */
export function storedOf(v: Value, what: string, pos: Pos, perByte: number): Stored {
  checkData(v, what, pos);
  try {
    const printed = printValue(v, { maxDepth: MAX_NESTING, meter: (n) => charge(perByte * n) });
    return { value: v, printed };
  } catch (e) {
    if (e instanceof TooDeep)
      runtimeError(`${what} is nested deeper than ${MAX_NESTING} levels and cannot be stored`, pos);
    throw e;
  }
}

/** The stored entry of a slot, paying for the key and (`withValue`: get, not has?) the value's bytes. */
function readSlot(key: string, withValue: boolean): Stored | undefined {
  const s = rt.host.storageGet(rt.frame.self, key);
  charge(
    GAS.storageRead + GAS.storageReadByte * (utf8Length(key) + (s && withValue ? utf8Length(s.printed) : 0)),
  );
  return s;
}

export function writeSlot(key: string, v: Value, what: string, pos: Pos): void {
  requireWritable(`writing ${what}`, pos);
  const stored = storedOf(v, what, pos, 0);
  const exists = rt.host.storageGet(rt.frame.self, key) !== undefined;
  charge(
    (exists ? GAS.storageWrite : GAS.storageCreate) +
      GAS.storageWriteByte * (utf8Length(key) + utf8Length(stored.printed)),
  );
  rt.host.storageSet(rt.frame.self, key, stored);
}

/** The storage key of a map entry: `(name printed-key)`, canonical because printing is. */
export function mapKey(map: string, key: Value, pos: Pos): string {
  return `(${map} ${storedOf(key, `a key of map ${map}`, pos, GAS.perByte).printed})`;
}

/** A contract variable's value (nil until set). */
export function contractVarRead(name: string): Node {
  return () => readSlot(name, true)?.value ?? null;
}

/** (get map key [default]) / (has? map key) on a declared map: a storage read. */
export function mapRead(map: string, key: Node, dflt: Node | undefined, isGet: boolean, pos: Pos): Node {
  return (fr) => {
    const s = readSlot(mapKey(map, key(fr), pos), isGet);
    if (!isGet) return s !== undefined;
    return s ? s.value : dflt ? dflt(fr) : null;
  };
}
