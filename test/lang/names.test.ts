// The language's tables (forms, builtins, context names, arities, definition kinds) are looked up by
// names a program writes. A name JavaScript objects inherit (toString, constructor, __proto__, …) is a
// name like any other: unknown until the program binds it, never a table's entry, never the VM's
// internal error.
import { describe, expect, it } from "vitest";
import { ev } from "../helpers.ts";

const INHERITED = ["toString", "constructor", "valueOf", "__proto__", "hasOwnProperty", "isPrototypeOf"];

describe("names JavaScript objects inherit", () => {
  it.each(INHERITED)("%s is an unknown name, as a value and called", (name) => {
    for (const source of [name, `(${name})`, `(${name} 1)`, `(let ((f ${name})) 1)`]) {
      const r = ev(source);
      expect(r.status, source).toBe(3);
      expect(r.error, source).toBe(`unknown name ${name} (in script, at 1:${source.indexOf(name) + 1})`);
    }
  });

  it.each(INHERITED)("%s can be bound and defined like any name", (name) => {
    expect(ev(`(let ((${name} 7)) ${name})`).value).toBe("7");
    expect(ev(`(let ((${name} (fn (x) (+ x 1)))) (${name} 1))`).value).toBe("2");
  });

  it("a contract's definitions are only defvar, defmap, defn, defn- and defview", () => {
    const r = ev("(deploy (contract C (toString f () 1)))");
    expect(r.status).toBe("E_DATA");
    expect(r.error).not.toContain("internal");
  });
});
