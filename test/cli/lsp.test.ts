// `tinychain lsp` as an editor starts it: a process spoken to in JSON-RPC with Content-Length framing
// (vscode-jsonrpc, the library VS Code's own client uses), through initialize, didOpen, didChange,
// hover, definition and completion, as in docs/contracts.md "Editor".

import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-jsonrpc/node.js";
import { ARITY } from "../../src/lang/arity.ts";
import { readAll } from "../../src/lang/reader.ts";
import { CONTEXT } from "../../src/lang/runtime.ts";
import { gasBounds } from "../../src/tools/cost.ts";
import { CLI, ROOT } from "../helpers.ts";

const URI = "file:///work/counter.lisp";
const FIXED = `; a counter
(contract Counter
  (defvar count 0)
  (defn bump (by)
    (set! count (+ count by))
    count)
  (defn twice ()
    (bump 1)
    (bump 2))
  (defview label () (str "🎉 " count)))
`;
const BROKEN = FIXED.replace(`(str "🎉 " count)`, `(str "🎉 " cont)`);

interface Diagnostics {
  uri: string;
  diagnostics: { code: string; message: string; range: unknown }[];
}

let child: ChildProcess;
let rpc: MessageConnection;
let published: Diagnostics[];

/** The next diagnostics the server publishes for `uri`. */
function nextDiagnostics(uri: string): Promise<Diagnostics> {
  const seen = published.length;
  return new Promise((resolve) => {
    const poll = () => {
      const d = published.slice(seen).find((p) => p.uri === uri);
      if (d) resolve(d);
      else setTimeout(poll, 10);
    };
    poll();
  });
}

async function open(uri: string, text: string): Promise<Diagnostics> {
  const next = nextDiagnostics(uri);
  await rpc.sendNotification("textDocument/didOpen", {
    textDocument: { uri, languageId: "tinychain", version: 1, text },
  });
  return next;
}

const at = (line: number, character: number) => ({
  textDocument: { uri: URI },
  position: { line, character },
});

describe("tinychain lsp", () => {
  beforeEach(async () => {
    child = spawn(process.execPath, [CLI, "lsp", "--stdio"], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "inherit"],
    });
    rpc = createMessageConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    published = [];
    rpc.onNotification("textDocument/publishDiagnostics", (p: Diagnostics) => void published.push(p));
    rpc.listen();
    const init = await rpc.sendRequest("initialize", { processId: null, rootUri: null, capabilities: {} });
    expect(init).toMatchObject({ capabilities: { hoverProvider: true, definitionProvider: true } });
    await rpc.sendNotification("initialized", {});
  });

  afterEach(async () => {
    await rpc.sendRequest("shutdown");
    const exited = new Promise((resolve) => child.on("exit", resolve));
    await rpc.sendNotification("exit");
    expect(await exited).toBe(0);
    rpc.dispose();
  });

  it("publishes check's findings as the author types, and clears them once fixed", async () => {
    const first = await open(URI, BROKEN);
    // line 10 (0-based 9): the unknown name, its range counted in UTF-16 units past the emoji
    const col = BROKEN.split("\n")[9]!.indexOf("cont)");
    expect(first.diagnostics).toEqual([
      expect.objectContaining({
        code: "E_UNKNOWN_NAME",
        message: expect.stringContaining("unknown name cont"),
        range: { start: { line: 9, character: col }, end: { line: 9, character: col + 4 } },
        severity: 1,
      }),
    ]);
    const next = nextDiagnostics(URI);
    await rpc.sendNotification("textDocument/didChange", {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ text: FIXED }],
    });
    expect((await next).diagnostics).toEqual([]);
  });

  it("keeps serving a text that does not read yet, mid-typing", async () => {
    const half = FIXED.slice(0, FIXED.indexOf("(defview"));
    const d = await open(URI, half);
    expect(d.diagnostics.map((x) => x.code)).toEqual(["E_SYNTAX"]);
    const h = (await rpc.sendRequest("textDocument/hover", at(4, 6))) as { contents: { value: string } };
    expect(h.contents.value).toContain("storage: takes 2 arguments"); // set!, though the file is unfinished
  });

  it("hovers a function with its signature and check's gas bound, and goes to its definition", async () => {
    await open(URI, FIXED);
    const bound = gasBounds(readAll(FIXED)).find((b) => b.fn === "bump")!;
    expect("gas" in bound).toBe(true);
    const gas = "gas" in bound ? bound.gas.toLocaleString("en-US") : "";
    // `(bump 1)` on line 8 (0-based 7)
    const h = (await rpc.sendRequest("textDocument/hover", at(7, 6))) as { contents: { value: string } };
    expect(h.contents.value).toContain("(defn bump (by))");
    expect(h.contents.value).toContain("public function of Counter");
    expect(h.contents.value).toContain(`gas of one call ≤ ${gas}`);
    const builtin = (await rpc.sendRequest("textDocument/hover", at(4, 18))) as {
      contents: { value: string };
    };
    expect(builtin.contents.value).toContain("builtin: takes at least 2 arguments"); // the + of line 5

    const def = await rpc.sendRequest("textDocument/definition", at(8, 6));
    expect(def).toEqual({
      uri: URI,
      range: { start: { line: 3, character: 8 }, end: { line: 3, character: 12 } },
    });
    expect(await rpc.sendRequest("textDocument/definition", at(0, 0))).toBeNull(); // a comment
  });

  it("completes the language's built-ins and the contract's own names", async () => {
    await open(URI, FIXED);
    const items = (await rpc.sendRequest("textDocument/completion", at(7, 5))) as { label: string }[];
    const labels = items.map((i) => i.label);
    for (const name of ["+", "set!", "put!", "keccak256", "sender", "defview", "bump", "twice", "count"])
      expect(labels).toContain(name);
  });

  it("checks a *.test.lisp as a test file: its forms and accounts are known names", async () => {
    const uri = "file:///work/counter.test.lisp";
    const text = `(defn helper (x) (+ x 1))\n(deftest adds (as alice (assert-eq 2 (helper 1))))\n`;
    expect((await open(uri, text)).diagnostics).toEqual([]);
    const items = (await rpc.sendRequest("textDocument/completion", {
      textDocument: { uri },
      position: { line: 1, character: 0 },
    })) as { label: string }[];
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(["alice", "deftest", "helper"]));
  });
});

describe("the VS Code extension's grammar (editors/vscode/)", () => {
  const dir = join(ROOT, "editors/vscode");
  const grammar = JSON.parse(readFileSync(join(dir, "syntaxes/tinychain.tmLanguage.json"), "utf8"));
  const patterns = (grammar.patterns as { name?: string; match?: string }[]).filter((p) => p.name && p.match);
  /** the scope the grammar gives a whole word */
  const scopeOf = (word: string) => patterns.find((p) => new RegExp(`^(?:${p.match})$`).test(word))?.name;

  it("colours every name of the arity table and the context, as the language has them", () => {
    const missing = [...Object.keys(ARITY), ...Object.keys(CONTEXT)].filter((n) => !scopeOf(n));
    expect(missing).toEqual([]);
    expect(scopeOf("defn")).toBe("storage.type.tinychain");
    expect(scopeOf("set!")).toBe("support.function.tinychain");
    expect(scopeOf("sender")).toBe("variable.language.tinychain");
    expect(scopeOf("-12")).toBe("constant.numeric.integer.tinychain");
    expect(scopeOf("set-count")).toBeUndefined(); // a name of the author's, though it starts with set
  });

  it("is the grammar the extension contributes, for the language its client serves", () => {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(pkg.contributes.languages[0]).toMatchObject({ id: "tinychain", extensions: [".lisp"] });
    expect(pkg.contributes.grammars[0]).toMatchObject({
      language: "tinychain",
      scopeName: grammar.scopeName,
      path: "./syntaxes/tinychain.tmLanguage.json",
    });
    expect(readFileSync(join(dir, pkg.main), "utf8")).toContain('args: ["lsp"]');
  });
});
