// Contracts on the chain's State in an empty world (as `eval`): storage, calls between contracts,
// atomic try-call, reentrancy, views, depth, events, transfers, deploy.
import { describe, expect, it } from "vitest";
import { emptyWorld } from "../../src/chain/state.ts";
import { SNEED_ADDRESS } from "../../src/lang/host.ts";
import { Address } from "../../src/lang/values.ts";
import { callFunction } from "../../src/lang/vm.ts";
import { ev } from "../helpers.ts";

const COUNTER = `(contract Counter
  (defvar n 0)
  (defmap by)
  (defn inc () (set! n (+ n 1)) (put! by sender (+ 1 (get by sender 0))) n)
  (defn add (k) (assert (> k 0) "k must be positive") (set! n (+ n k)))
  (defn- secret () 42)
  (defn peek-secret () (secret))
  (defview get () n)
  (defview count-of (who) (get by who 0))
  (defview sneaky () (set! n 99)))`;

/** Deploys COUNTER in a host and returns the host and the address. */
function deployed() {
  const host = emptyWorld();
  const r = ev(`(deploy ${COUNTER})`, 10_000_000, host);
  expect(r.status).toBe(0);
  return { host, addr: r.value };
}

describe("contracts", () => {
  it("keep storage across calls and answer views", () => {
    const { host, addr } = deployed();
    expect(ev(`(do (call ${addr} 'inc) (call ${addr} 'inc))`, 10_000_000, host).value).toBe("2");
    expect(ev(`(call ${addr} 'get)`, 10_000_000, host).value).toBe("2");
    expect(ev(`(call ${addr} 'count-of origin)`, 10_000_000, host).value).toBe("2");
    expect(ev(`(call ${addr} 'peek-secret)`, 10_000_000, host).value).toBe("42");
    // storage is keyed by canonical printed forms
    expect(host.changedSlots(addr).map(([k]) => k)).toEqual([`(by ${host.origin.hex})`, "n"]);
  });

  it("refuse private functions, unknown functions and missing contracts", () => {
    const { host, addr } = deployed();
    expect(ev(`(call ${addr} 'secret)`, 10_000_000, host).error).toContain(
      "function secret of Counter is private",
    );
    expect(ev(`(call ${addr} 'nope)`, 10_000_000, host).error).toContain("has no function nope");
    expect(ev(`(call 0x${"11".repeat(20)} 'get)`, 10_000_000, host).error).toContain("no contract at");
  });

  it("a view that writes is a runtime error and changes nothing", () => {
    const { host, addr } = deployed();
    const r = ev(`(call ${addr} 'sneaky)`, 10_000_000, host);
    expect(r.status).toBe(3);
    expect(r.error).toContain("not allowed in a view");
    expect(ev(`(call ${addr} 'get)`, 10_000_000, host).value).toBe("0");
  });

  it("callFunction runs views read-only from outside", () => {
    const { host, addr } = deployed();
    const r = callFunction(new Address(addr), "get", [], { gas: 1_000_000, host, readOnly: true });
    expect(r.printed).toBe("0");
    const w = callFunction(new Address(addr), "inc", [], { gas: 1_000_000, host, readOnly: true });
    expect(w.status).toBe(3);
    expect(w.error).toContain("a view cannot call Counter.inc");
  });

  it("a failed call aborts the caller and reverts everything", () => {
    const { host, addr } = deployed();
    const r = ev(`(do (call ${addr} 'inc) (call ${addr} 'add 0))`, 10_000_000, host);
    expect(r.status).toBe(1);
    expect(r.error).toContain("Counter.add: k must be positive");
    expect(ev(`(call ${addr} 'get)`, 10_000_000, host).value).toBe("0");
  });

  it("try-call returns (err …), reverts the callee's effects and lets the caller go on", () => {
    const host = emptyWorld();
    const src = `(let ((c (deploy ${COUNTER}))
                      (b (deploy (contract Bad (defvar x 0)
                           (defn go (c) (call c 'inc) (set! x 1) (emit Went c) (abort "changed my mind"))))))
      (list (try-call b 'go c) (call c 'get) (try-call c 'add 5) (call c 'get)))`;
    const r = ev(src, 10_000_000, host);
    expect(r.status).toBe(0);
    expect(r.value).toMatch(
      /^\(\(err "Bad\.go: changed my mind \(in Bad\.go, at \d+:\d+\)"\) 0 \(ok 5\) 5\)$/,
    );
    expect(host.endTransaction().logs).toEqual([]);
  });

  it("reentrancy is a runtime error", () => {
    const src = `(let ((a (deploy (contract A (defn ping (b) (call b 'pong self)) (defn back () 1))))
                      (b (deploy (contract B (defn pong (a) (call a 'back))))))
      (call a 'ping b))`;
    const r = ev(src);
    expect(r.status).toBe(3);
    expect(r.error).toContain("reentrancy");
  });

  it("contract call depth is at most 32", () => {
    // a chain of contracts, each calling the next; 33 deep fails, 32 deep works
    // contracts are closed code: a hop learns its successor through a call, not from the deployer's locals
    const chain = (n: number) => {
      let src = "(deploy (contract Leaf (defn go () 'bottom)))";
      for (let i = 0; i < n - 1; i++)
        src = `(let ((next ${src}) (hop (deploy (contract Hop (defvar next-hop nil) (defn link (n) (set! next-hop n)) (defn go () (call next-hop 'go))))))
          (call hop 'link next) hop)`;
      return `(call ${src} 'go)`;
    };
    expect(ev(chain(32), 100_000_000).value).toBe("bottom");
    const r = ev(chain(33), 100_000_000);
    expect(r.status).toBe(3);
    expect(r.error).toContain("depth limit of 32");
  });

  it("closures cannot cross a contract boundary or be stored", () => {
    const src = `(let ((c (deploy (contract K (defvar v 0) (defn keep (x) (set! v x)) (defn give () (fn () 1))))))
      (try-call c 'keep (fn () 1)))`;
    expect(ev(src).error).toContain("must be data, but it holds a function");
    const src2 = `(let ((c (deploy (contract K (defn give () (fn () 1)))))) (call c 'give))`;
    expect(ev(src2).error).toContain("must be data");
  });

  it("sender, origin and self follow the call chain", () => {
    const src = `(let ((inner (deploy (contract In (defn who () (list sender origin self)))))
                      (outer (deploy (contract Out (defn relay (i) (call i 'who))))))
      (list (call outer 'relay inner) outer inner))`;
    const host = emptyWorld();
    const r = ev(src, 10_000_000, host);
    const [s, o, i, outer, inner] = r.value.match(/0x[0-9a-f]{40}/g)!;
    expect([s, o, i]).toEqual([outer, host.origin.hex, inner]);
  });

  it("events are recorded in order and dropped on revert", () => {
    const host = emptyWorld();
    const r = ev(
      `(let ((c (deploy (contract E (defn go (x) (emit Seen x "note") (emit Done)))))) (call c 'go '(1 2)))`,
      10_000_000,
      host,
    );
    expect(r.status).toBe(0);
    expect(host.endTransaction().logs.map((l) => [l.event, l.args])).toEqual([
      ["Seen", ["(1 2)", '"note"']],
      ["Done", []],
    ]);
  });

  it("transfers move sneed from self; overdrafts abort", () => {
    const host = emptyWorld();
    host.setBalance(host.origin.hex, 100n);
    const to = `0x${"22".repeat(20)}`;
    expect(
      ev(`(do (transfer ${to} 30) (list (balance origin) (balance ${to})))`, 1_000_000, host).value,
    ).toBe("(70 30)");
    const r = ev(`(transfer ${to} 71)`, 1_000_000, host);
    expect(r.status).toBe(1);
    expect(r.error).toContain("insufficient balance");
    expect(ev(`(transfer ${to} -1)`, 1_000_000, host).status).toBe(3);
  });

  it("system primitives are reserved to the SneedToken address", () => {
    const r = ev(`(system-mint origin 5)`);
    expect(r.status).toBe(3);
    expect(r.error).toContain(`reserved to the SneedToken system contract at ${SNEED_ADDRESS}`);
  });

  it("a deploy whose initialiser fails leaves nothing behind", () => {
    const host = emptyWorld();
    const r = ev(`(deploy (contract D (defvar a 1) (defvar b (/ 1 0))))`, 10_000_000, host);
    expect(r.status).toBe(3);
    expect(r.error).toContain("deploying D: division by zero");
    expect([...host.dirtyAccounts].filter((a) => host.account(a).code !== null)).toEqual([]);
    for (const [a, keys] of host.dirtyStorage)
      for (const k of keys) expect(host.storageGet(new Address(a), k)).toBeUndefined();
  });

  it.each([
    ["(deploy (contract C (defvar x 1) (defvar x 2)))", "x is declared twice"],
    ["(deploy (contract C (defn f (a) a) (defn g () (f))))", "f takes 1 argument, got 0"],
    ["(deploy (contract C (defmap m) (defn f () m)))", "map m is not a value"],
    ["(deploy (contract C (defn f () (put! nope 1 2))))", "put! needs a contract map"],
    ["(deploy (contract C (let ((x 1)) x)))", "let is not allowed in a contract"],
    ["(deploy 1)", "deploy takes a contract"],
  ])("%s is E_DATA (%s)", (src, message) => {
    const r = ev(src);
    expect(r.status).toBe("E_DATA");
    expect(r.error).toContain(message);
  });

  it("map values and keys can be any data; del! and has? work", () => {
    const src = `(let ((c (deploy (contract M (defmap m)
        (defn put (k v) (put! m k v)) (defn del (k) (del! m k)) (defview has (k) (has? m k)) (defview at (k) (get m k 'none))))))
      (call c 'put '(1 "a") (dict 'x 1))
      (list (call c 'at '(1 "a")) (call c 'has '(1 "a")) (call c 'del '(1 "a")) (call c 'has '(1 "a")) (call c 'at 5)))`;
    expect(ev(src).value).toBe("((dict x 1) true true false none)");
  });

  it("storage refuses values nested deeper than the reader can read back", () => {
    const src = `(let ((c (deploy (contract S (defvar v 0) (defn keep (x) (set! v x))))))
      (call c 'keep (loop ((i 0) (x nil)) (if (< i 200) (recur (+ i 1) (list x)) x))))`;
    const r = ev(src);
    expect(r.status).toBe(3);
    expect(r.error).toContain("nested deeper than 128");
  });
});
