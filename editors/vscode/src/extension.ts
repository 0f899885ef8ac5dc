/** The VS Code extension: starts the Steward language server (bundled beside it) for `.stw` files. */
import type { ExtensionContext } from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** Called by VS Code when a Steward file is first opened. */
export async function activate(context: ExtensionContext): Promise<void> {
  const server = { module: context.asAbsolutePath("dist/server.cjs"), transport: TransportKind.stdio };
  const serverOptions: ServerOptions = { run: server, debug: server };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "steward" },
      { scheme: "untitled", language: "steward" },
    ],
  };
  client = new LanguageClient("steward", "Steward", serverOptions, clientOptions);
  await client.start();
}

/** Called by VS Code on shutdown. */
export async function deactivate(): Promise<void> {
  await client?.stop();
}
