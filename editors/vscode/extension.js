// The whole client: start `tinychain lsp` over stdio for tinychain documents. Everything the editor
// shows (diagnostics, hover, definition, completion) is the server's (src/tools/lsp.ts of tinychain).
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

exports.activate = (context) => {
  const command = vscode.workspace.getConfiguration("tinychain").get("path") || "tinychain";
  const server = { command, args: ["lsp"], transport: TransportKind.stdio };
  client = new LanguageClient("tinychain", "tinychain", server, {
    documentSelector: [{ scheme: "file", language: "tinychain" }],
  });
  context.subscriptions.push(client);
  return client.start();
};

exports.deactivate = () => client?.stop();
