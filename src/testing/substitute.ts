// The values a test bound (with let or def) written into a statement as literals, so that the
// transaction it runs is what its author would have written by hand.

import { type Form, isHead, readOne } from "../lang/reader.ts";

/**
 * The form with each bound name (not shadowed by a let, loop or fn inside it, not in quoted data)
 * replaced by its value: a literal, or quoted when the printed value would read as code (a list, a
 * symbol).
 */
export function substitute(f: Form, bound: Map<string, string>, shadowed: Set<string>): Form {
  if (f.kind === "symbol") {
    const v = bound.get(f.name);
    if (v === undefined || shadowed.has(f.name)) return f;
    const literal = readOne(v);
    const plain = literal.kind !== "list" && literal.kind !== "symbol";
    return plain
      ? { ...literal, pos: f.pos }
      : { kind: "list", pos: f.pos, items: [{ kind: "symbol", name: "quote", pos: f.pos }, literal] };
  }
  // quoted data is data, and a contract is closed code: it cannot refer to the test's names
  if (f.kind !== "list" || isHead(f, "quote") || isHead(f, "contract")) return f;
  const binder = ["let", "loop", "fn"].find((h) => isHead(f, h));
  if (!binder || f.items[1]?.kind !== "list")
    return { ...f, items: f.items.map((x) => substitute(x, bound, shadowed)) };
  // (let ((x e)…) body…): each e sees the names bound before it (let is sequential); the body all of them
  const inner = new Set(shadowed);
  const bindings = f.items[1].items.map((b) => {
    if (binder === "fn") {
      if (b.kind === "symbol") inner.add(b.name);
      return b;
    }
    if (b.kind !== "list" || b.items[0]?.kind !== "symbol") return b;
    const init = b.items[1] ? [substitute(b.items[1], bound, binder === "let" ? inner : shadowed)] : [];
    inner.add(b.items[0].name);
    return { ...b, items: [b.items[0], ...init] };
  });
  const body = f.items.slice(2).map((x) => substitute(x, bound, inner));
  return { ...f, items: [f.items[0]!, { ...f.items[1], items: bindings }, ...body] };
}
