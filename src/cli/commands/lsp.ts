// `tinychain lsp`: the language server editors start (editors/vscode/), speaking the Language Server
// Protocol over stdin and stdout through vscode-languageserver. Each open .lisp document is checked as
// `tinychain check` checks its file (a test file as a test file) on every change; hover, go to
// definition and completion are src/tools/lsp.ts's answers on the document's current text.

import { fileURLToPath } from "node:url";
import { createConnection, TextDocumentSyncKind, TextDocuments } from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { isTestFile, KNOWN, TEST_FORMS } from "../../testing/check-tests.ts";
import { completion, definition, diagnostics, hover } from "../../tools/lsp.ts";
import type { Command } from "../command.ts";
import { findingsOf } from "./check.ts";

/** the names a test file may use besides the language's own (docs/contracts.md "Tests") */
const TEST_NAMES = [...TEST_FORMS, ...KNOWN];

/** A document's path on disk (its folder is where a test's deploy-file paths are read from). */
const pathOf = (uri: string) => (uri.startsWith("file:") ? fileURLToPath(uri) : uri);

export const lspCommand: Command = {
  summary: "the language server for editors (LSP on stdio): check as you type, hover, definition, completion",
  usage: "tinychain lsp [--stdio]",
  details:
    "Started by an editor, not by hand: editors/vscode/ is a VS Code extension that runs it. Diagnostics " +
    "are check's findings; hover shows a function's signature and gas bound.",
  // --stdio: what LSP clients pass; stdio is the only way
  run() {
    const connection = createConnection(process.stdin, process.stdout);
    const documents = new TextDocuments(TextDocument);

    connection.onInitialize(() => ({
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        definitionProvider: true,
        completionProvider: {},
      },
    }));
    documents.onDidChangeContent(({ document: doc }) => {
      const text = doc.getText();
      try {
        const { findings } = findingsOf(pathOf(doc.uri), text);
        void connection.sendDiagnostics({ uri: doc.uri, diagnostics: diagnostics(text, findings) });
      } catch (e) {
        // a bug of ours stays in the editor's log; the server keeps serving the other requests
        connection.console.error(`tinychain: internal error: ${e instanceof Error ? e.message : e}`);
      }
    });
    documents.onDidClose(({ document: doc }) => {
      void connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
    });
    // a document that is not open reads as empty: nothing to hover, no definition
    const textOf = (uri: string) => documents.get(uri)?.getText() ?? "";
    connection.onHover(({ textDocument, position }) => hover(textOf(textDocument.uri), position));
    connection.onDefinition(({ textDocument: { uri }, position }) => {
      const range = definition(textOf(uri), position);
      return range && { uri, range };
    });
    connection.onCompletion(({ textDocument }) => {
      const text = textOf(textDocument.uri);
      return completion(text, isTestFile(pathOf(textDocument.uri), text) ? TEST_NAMES : []);
    });

    documents.listen(connection);
    // runs until the client's exit notification or the end of stdin (vscode-languageserver exits then)
    return new Promise<number>((resolve) => {
      connection.onExit(() => resolve(0));
      connection.listen();
    });
  },
};
