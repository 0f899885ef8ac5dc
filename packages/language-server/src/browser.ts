/** The language server in a web worker: messages through the worker's port, files from a set held in memory. */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from "vscode-languageserver/browser";
import { startServer } from "./server.js";

/** Starts the server inside a dedicated worker; `files` maps each path (`/guidelines/formulary.stw`) to its text. */
export function startWorkerServer(files: ReadonlyMap<string, string>): void {
  const port = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
  const connection = createConnection(new BrowserMessageReader(port), new BrowserMessageWriter(port));
  startServer(connection, { read: (path) => files.get(path) });
}
