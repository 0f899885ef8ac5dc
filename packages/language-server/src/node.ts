/** The language server in Node: over stdio (or IPC, as the editor asks), reading unopened files from disk. */
import { readFileSync } from "node:fs";
import type { SourceHost } from "@steward/dsl";
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { URI } from "vscode-uri";
import { startServer } from "./server.js";

/** Reads rule files from the file system, by the POSIX paths of their `file:` URIs. */
export const diskFiles: SourceHost = {
  read: (path) => {
    try {
      return readFileSync(URI.from({ scheme: "file", path }).fsPath, "utf8");
    } catch {
      return undefined;
    }
  },
};

/** Starts the server on the connection the command line names (`--stdio`, `--node-ipc`, …). */
export function startNodeServer(): void {
  startServer(createConnection(ProposedFeatures.all), diskFiles);
}
