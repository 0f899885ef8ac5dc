/** The language server in Node: over stdio (or IPC, as the editor asks), reading unopened files from disk. */
import type { SourceHost } from "@steward/dsl";
import { readSourceFile } from "@steward/dsl/node";
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { URI } from "vscode-uri";
import { startServer } from "./server.js";

/**
 * Reads rule files from the file system, by the POSIX paths of their `file:` URIs, as the CLI does:
 * regular files of bounded size only (a named pipe, a device or a huge file is refused, unread).
 */
export const diskFiles: SourceHost = {
  read: (path) => readSourceFile(URI.from({ scheme: "file", path }).fsPath),
};

/** Starts the server on the connection the command line names (`--stdio`, `--node-ipc`, …). */
export function startNodeServer(): void {
  startServer(createConnection(ProposedFeatures.all), diskFiles);
}
