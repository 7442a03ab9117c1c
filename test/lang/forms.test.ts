// Every special form and builtin of docs/spec.md §5, by the value a user sees printed.
import { describe, expect, it } from "vitest";
import { ev, val } from "../helpers.ts";

const A = "0x00000000000000000000000000000000000000aa";

describe("reader and literals", () => {
  it.each([
    ["42", "42"],
    ["-7", "-7"],
    ['"a\\"b\\\\c\\nd\\te"', '"a\\"b\\\\c\\nd\\te"'],
    ['"héllo ✓ 𝄞"', '"héllo ✓ 𝄞"'],
    [A, A],
    ["0x52908400098527886E0F7030069857D2E4169EE7", "0x52908400098527886e0f7030069857d2e4169ee7"],
    ["true", "true"],
    ["false", "false"],
    ["nil", "nil"],
    ["'sym", "sym"],
    ['\'(1 (2 "x") sym)', '(1 (2 "x") sym)'],
    ["()", "()"],
    ["; a comment\n(+ 1 2) ; trailing", "3"],
  ])("%s prints as %s", (src, printed) => {
    expect(val(src)).toBe(printed);
  });

  it.each([
    ["(+ 1 2", "1:7: unexpected end of input"],
    ["(+ 1 2))", '1:8: unexpected ")"'],
    ["1 2", "more than one expression"],
    [")", '1:1: unexpected ")"'],
    ['"abc', "unterminated string"],
    ['"\\q"', "unknown escape"],
    ["0x123", "malformed address"],
    ["0x52908400098527886E0F7030069857D2E4169Ee7", "wrong EIP-55 checksum"],
    ["12ab", "malformed number"],
    [`${"1".repeat(80)}`, "out of range"],
    ["(+ 1\n  é)", "2:3: unexpected character"],
    ["", "empty program"],
    [`${"(".repeat(129)}${")".repeat(129)}`, "nesting deeper than 128"],
  ])("%j is E_DATA: %s", (src, message) => {
    const r = ev(src);
    expect(r.status).toBe("E_DATA");
    expect(r.error).toContain(message);
  });

  it("accepts nesting of exactly 128", () => {
    expect(ev(`${"(do ".repeat(127)}(list)${")".repeat(127)}`).status).toBe(0);
  });
});

describe("special forms", () => {
  it.each([
    ["(quote (a b))", "(a b)"],
    ["(if true 1 2)", "1"],
    ["(if nil 1 2)", "2"],
    ["(if false 1)", "nil"],
    ["(if 0 1 2)", "1"], // only false and nil are false
    ['(if "" 1 2)', "1"],
    ["(if () 1 2)", "1"],
    ["(cond ((= 1 2) 'a) ((= 1 1) 'b) (else 'c))", "b"],
    ["(cond ((= 1 2) 'a) (else 'c))", "c"],
    ["(cond ((= 1 2) 'a))", "nil"],
    ["(do 1 2 3)", "3"],
    ["(do)", "nil"],
    ["(let ((x 1) (y (+ x 1))) (* x y))", "2"],
    ["(let ((x 1)) (let ((x 2)) x))", "2"],
    ["(let ((x 1)) (let ((x 2)) x) x)", "1"],
    ["((fn (a b) (- a b)) 10 3)", "7"],
    ["(let ((add (fn (n) (fn (x) (+ x n))))) ((add 5) 10))", "15"],
    ["(let ((fs (map (fn (i) (fn () i)) (range 3)))) (map (fn (f) (f)) fs))", "(0 1 2)"],
    ["(loop ((i 0) (acc 0)) (if (< i 10) (recur (+ i 1) (+ acc i)) acc))", "45"],
    ["(loop ((i 0) (acc ())) (if (< i 3) (recur (+ i 1) (cons i acc)) acc))", "(2 1 0)"],
    ["(loop ((i 0)) (cond ((< i 5) (recur (+ i 1))) (else i)))", "5"],
    ["(loop ((i 0)) (let ((j (+ i 2))) (if (< j 10) (recur j) j)))", "10"],
    ["(and 1 2 3)", "3"],
    ["(and 1 nil 3)", "nil"],
    ["(and)", "true"],
    ["(or nil false 7)", "7"],
    ["(or nil false)", "false"],
    ["(or)", "false"],
  ])("%s → %s", (src, printed) => {
    expect(val(src)).toBe(printed);
  });

  it("short-circuits and/or", () => {
    expect(val("(and false (/ 1 0))")).toBe("false");
    expect(val("(or 1 (/ 1 0))")).toBe("1");
  });

  it.each([
    ["(recur 1)", "recur outside of a loop"],
    ["(loop ((i 0)) (+ 1 (recur i)))", "tail position"],
    ["(loop ((i 0)) (fn () (recur i)))", "recur outside of a loop"],
    ["(loop ((i 0)) (recur))", "recur takes 1 argument"],
    ["(if)", "if takes 2 to 3 arguments"],
    ["(let (x 1) x)", "binding must be (name value)"],
    ["(let ((if 1)) if)", "cannot bind if"],
    ["(fn (a a) a)", "parameter a appears twice"],
    ["(cond (else 1) (true 2))", "else must be the last"],
    ["(+ 1)", "+ takes at least 2 arguments, got 1"],
    ["(defn f () 1)", "top level of a contract"],
    ["(contract C)", "(deploy (contract"],
    ["(set! x 1)", "set! needs a contract variable"],
  ])("%s is E_DATA (%s)", (src, message) => {
    const r = ev(src);
    expect(r.status).toBe("E_DATA");
    expect(r.error).toContain(message);
  });
});

describe("builtins", () => {
  it.each([
    ["(+ 1 2 3)", "6"],
    ["(- 10 1 2)", "7"],
    ["(* 2 3 4)", "24"],
    ["(/ 7 2)", "3"],
    ["(/ -7 2)", "-3"], // truncates toward zero
    ["(mod 7 3)", "1"],
    ["(mod -7 3)", "-1"], // the dividend's sign
    ["(mod 7 -3)", "1"],
    ["(= '(1 (2)) (list 1 (list 2)))", "true"],
    ["(= (dict 1 2) (dict 1 2))", "true"],
    ["(= 1 1 2)", "false"],
    ['(= "a" "a")', "true"],
    ["(!= 1 2)", "true"],
    ["(< 1 2)", "true"],
    ["(< 1 2 2)", "false"],
    ["(<= 1 2 2)", "true"],
    ["(> 3 2 1)", "true"],
    ["(>= 1 2)", "false"],
    ["(not nil)", "true"],
    ["(not 0)", "false"],
    ['(list 1 \'a "s")', '(1 a "s")'],
    ["(cons 0 '(1 2))", "(0 1 2)"],
    ["(first '(1 2))", "1"],
    ["(first ())", "nil"],
    ["(rest '(1 2 3))", "(2 3)"],
    ["(rest ())", "()"],
    ["(nth '(a b c) 2)", "c"],
    ["(len '(1 2 3))", "3"],
    ['(len "héllo")', "6"], // UTF-8 bytes
    ['(len "𝄞")', "4"],
    ["(len (dict 1 2 3 4))", "2"],
    ["(append '(1) '(2 3) ())", "(1 2 3)"],
    ["(reverse '(1 2 3))", "(3 2 1)"],
    ["(map (fn (x) (* x x)) '(1 2 3))", "(1 4 9)"],
    ["(filter (fn (x) (> x 1)) '(1 2 3))", "(2 3)"],
    ["(fold (fn (acc x) (cons x acc)) () '(1 2 3))", "(3 2 1)"], // left to right
    ["(fold + 0 (range 5))", "10"],
    ["(map first '((1 2) (3 4)))", "(1 3)"],
    ["(range 4)", "(0 1 2 3)"],
    ["(range 0)", "()"],
    ["(dict 'b 2 'a 1)", "(dict a 1 b 2)"],
    ["(dict 1 'x 1 'y)", "(dict 1 y)"],
    [
      `(dict "b" 1 ${A} 2 'c 3 10 4 -1 5 true 6 false 7 "a" 8)`,
      `(dict false 7 true 6 -1 5 10 4 "a" 8 "b" 1 ${A} 2 c 3)`,
    ],
    ["(get (dict 1 2) 1)", "2"],
    ["(get (dict 1 2) 3)", "nil"],
    ["(get (dict 1 2) 3 'none)", "none"],
    ["(assoc (dict 1 2) 0 5)", "(dict 0 5 1 2)"],
    ["(assoc (dict 1 2) 1 5)", "(dict 1 5)"],
    ["(dissoc (dict 1 2 3 4) 1)", "(dict 3 4)"],
    ["(keys (dict 'z 1 'a 2))", "(a z)"],
    ["(vals (dict 'z 1 'a 2))", "(2 1)"],
    ["(has? (dict 1 nil) 1)", "true"],
    ["(has? (dict 1 2) 2)", "false"],
    ['(str "a" 1 \'b "c")', '"a1bc"'],
    ['(str (list 1 "x") nil true)', '"(1 \\"x\\")niltrue"'],
    ["(str)", '""'],
    ['(keccak256 "")', "89477152217924674838424037953991966239322087453347756267410168184682657981552"],
    ["(int? 1)", "true"],
    ['(string? "s")', "true"],
    [`(address? ${A})`, "true"],
    ["(list? ())", "true"],
    ["(dict? (dict))", "true"],
    ["(nil? nil)", "true"],
    ["(bool? false)", "true"],
    ["(symbol? 'a)", "true"],
    ['(int? "1")', "false"],
    ["(fn? +)", "true"],
    ["(fn (x) x)", "<fn>"],
  ])("%s → %s", (src, printed) => {
    expect(val(src)).toBe(printed);
  });

  it("keccak256 of an address hashes its 20 bytes", () => {
    // keccak256 of 20 zero bytes
    expect(BigInt(val("(keccak256 0x0000000000000000000000000000000000000000)")).toString(16)).toBe(
      "5380c7b7ae81a58eb98d9c78de4a1fd7fd9535fc953ed2be602daaa41767312a",
    );
  });

  it("ints are exact up to 2^256 and overflow is a runtime error", () => {
    const max = (1n << 256n) - 1n;
    expect(val(`(+ ${max - 1n} 1)`)).toBe(max.toString());
    expect(val(`(- 0 ${max})`)).toBe((-max).toString());
    for (const src of [`(+ ${max} 1)`, `(- 0 ${max} 1)`, `(* ${1n << 200n} ${1n << 60n})`]) {
      const r = ev(src);
      expect(r.status).toBe(3);
      expect(r.error).toContain("int overflow");
    }
  });

  it.each([
    ["(/ 1 0)", "division by zero"],
    ["(mod 1 0)", "division by zero"],
    ['(+ 1 "2")', "argument 2 of + must be an int, got string"],
    ["(< nil 1)", "argument 1 of < must be an int, got nil"],
    ["(first 5)", "must be a list, got int"],
    ["(nth '(1) 1)", "index 1 is out of range for a list of 1"],
    ["(get '(1) 0)", "must be a dict, got list"],
    ["(dict (list 1) 2)", "a dict key must be"],
    ["(dict 1)", "key/value pairs"],
    ["(nope 1)", "unknown name nope"],
    ["(1 2)", "cannot call a int"],
    ["((fn (x) x))", "takes 1 argument, got 0"],
    ["(range -1)", "non-negative"],
    ["(len 5)", "len takes a list, dict or string"],
    ["(keccak256 1)", "keccak256 takes a string or an address"],
    ["(map 1 '(1))", "cannot call a int"],
  ])("%s is a runtime error (%s)", (src, message) => {
    const r = ev(src);
    expect(r.status).toBe(3);
    expect(r.error).toContain(message);
  });

  it("reports where a runtime error happened: function and line:col", () => {
    const r = ev("(let ((f (fn (x)\n  (/ x 0))))\n  (f 1))");
    expect(r.error).toBe("division by zero (in f, at 2:3)");
  });

  it("an unknown name is an error only when reached", () => {
    expect(val("(if false (undefined-thing) 1)")).toBe("1");
  });
});
