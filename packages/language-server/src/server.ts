/**
 * The language server: wires a connection to the workspace. Diagnostics are published for every
 * open document after each change (a change to one file can change what another that imports it
 * means), a short moment after typing stops.
 */
import type { SourceHost } from "@steward/dsl";
import { MessageType, ShowMessageNotification, TextDocuments, TextDocumentSyncKind, type Connection, type InitializeResult } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { quickFixes } from "./code-actions.js";
import { complete } from "./completion.js";
import { definition } from "./definition.js";
import { documentDiagnostics } from "./diagnostics.js";
import { formatDocument } from "./formatting.js";
import { hover } from "./hover.js";
import { Workspace } from "./workspace.js";

/** How long after the last change diagnostics are recomputed, in milliseconds. */
const settleMs = 150;

/** Serves the Steward language on `connection`, reading files that are not open through `files`. */
export function startServer(connection: Connection, files: SourceHost): void {
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace(documents, files);
  let timer: ReturnType<typeof setTimeout> | undefined;

  const publishAll = (): void => {
    timer = undefined;
    for (const document of documents.all()) {
      try {
        const analysis = workspace.analyse(document.uri);
        if (analysis === undefined) continue;
        void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: documentDiagnostics(analysis) });
      } catch (e) {
        // A thrown error is a bug in Steward; the server reports it and keeps serving the other documents.
        connection.console.error(`checking ${document.uri} failed: ${(e as Error).stack ?? String(e)}`);
      }
    }
  };
  const schedule = (): void => {
    workspace.changed();
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(publishAll, settleMs);
  };

  connection.onInitialize(
    (): InitializeResult => ({
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [" "] },
        definitionProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: ["quickfix"] },
      },
      serverInfo: { name: "steward-language-server" },
    }),
  );
  documents.onDidChangeContent(schedule);
  documents.onDidClose((event) => {
    schedule();
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });
  connection.onHover((params) => {
    const analysis = workspace.analyse(params.textDocument.uri);
    return analysis === undefined ? null : (hover(analysis, params.position) ?? null);
  });
  connection.onCompletion((params) => {
    const analysis = workspace.analyse(params.textDocument.uri);
    return analysis === undefined ? [] : complete(analysis, params.position);
  });
  connection.onDefinition((params) => {
    const analysis = workspace.analyse(params.textDocument.uri);
    return analysis === undefined ? null : (definition(analysis, params.position) ?? null);
  });
  connection.onDocumentFormatting((params) => {
    const document = documents.get(params.textDocument.uri);
    if (document === undefined) return null;
    const edits = formatDocument(document);
    if (edits === undefined) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: "Steward: not formatted, the file has syntax errors" });
    return edits ?? null;
  });
  connection.onCodeAction((params) => quickFixes(params));
  connection.onShutdown(() => {
    if (timer !== undefined) clearTimeout(timer);
  });

  documents.listen(connection);
  connection.listen();
}
