/**
 * A language client for tests: speaks JSON-RPC to a real server over a pair of streams (in this
 * process) or over a child process's stdio, and collects the diagnostics the server publishes.
 */
import { PassThrough, type Readable, type Writable } from "node:stream";
import type { SourceHost } from "@steward/dsl";
import { startServer } from "@steward/language-server";
import {
  CodeActionRequest,
  CompletionRequest,
  createConnection,
  createProtocolConnection,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  ProposedFeatures,
  PublishDiagnosticsNotification,
  ShowMessageNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type Location,
  type Position,
  type ProtocolConnection,
  type TextEdit,
} from "vscode-languageserver/node";

/** A connected client, initialised, with the server's capabilities. */
export interface TestClient {
  readonly capabilities: InitializeResult["capabilities"];
  /** Opens a document; resolves with the diagnostics first published for it. */
  open(uri: string, text: string): Promise<Diagnostic[]>;
  /** Replaces a document's text; resolves with the diagnostics published for the new version. */
  change(uri: string, text: string): Promise<Diagnostic[]>;
  /** The next diagnostics published for `uri`, whatever its version (for a document whose import changed). */
  nextDiagnostics(uri: string): Promise<Diagnostic[]>;
  hover(uri: string, position: Position): Promise<Hover | null>;
  completion(uri: string, position: Position): Promise<CompletionItem[]>;
  definition(uri: string, position: Position): Promise<Location | null>;
  format(uri: string): Promise<TextEdit[] | null>;
  codeActions(uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[]>;
  readonly messages: string[];
  close(): Promise<void>;
}

/** Connects a client to a server running in this process, reading unopened files through `files`. */
export async function connectInProcess(files: SourceHost): Promise<TestClient> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), files);
  return connect(toClient, toServer, () => {
    toServer.end();
    toClient.end();
  });
}

/** Connects a client to a server speaking on `output`/`input` (a child process's stdout and stdin). */
export async function connect(output: Readable, input: Writable, dispose: () => void): Promise<TestClient> {
  const connection: ProtocolConnection = createProtocolConnection(new StreamMessageReader(output), new StreamMessageWriter(input));
  const waiting = new Map<string, { version: number | undefined; resolve: (d: Diagnostic[]) => void }>();
  const versions = new Map<string, number>();
  const messages: string[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    const wanted = waiting.get(params.uri);
    if (wanted !== undefined && (wanted.version === undefined || params.version === wanted.version)) {
      waiting.delete(params.uri);
      wanted.resolve(params.diagnostics);
    }
  });
  connection.onNotification(ShowMessageNotification.type, (params) => {
    messages.push(params.message);
  });
  connection.listen();
  const initialized = await connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null });
  await connection.sendNotification(InitializedNotification.type, {});
  const diagnosticsOf = (uri: string, version: number | undefined): Promise<Diagnostic[]> => new Promise((resolve) => waiting.set(uri, { version, resolve }));
  const textDocument = (uri: string) => ({ uri });
  const items = (result: CompletionItem[] | CompletionList | null): CompletionItem[] => (result === null ? [] : Array.isArray(result) ? result : result.items);

  return {
    capabilities: initialized.capabilities,
    messages,
    async open(uri, text) {
      versions.set(uri, 1);
      const published = diagnosticsOf(uri, 1);
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "steward", version: 1, text } });
      return published;
    },
    async change(uri, text) {
      const version = (versions.get(uri) ?? 0) + 1;
      versions.set(uri, version);
      const published = diagnosticsOf(uri, version);
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
      return published;
    },
    nextDiagnostics: (uri) => diagnosticsOf(uri, undefined),
    hover: (uri, position) => connection.sendRequest(HoverRequest.type, { textDocument: textDocument(uri), position }),
    completion: async (uri, position) => items(await connection.sendRequest(CompletionRequest.type, { textDocument: textDocument(uri), position })),
    definition: async (uri, position) => {
      const result = await connection.sendRequest(DefinitionRequest.type, { textDocument: textDocument(uri), position });
      return result === null ? null : Array.isArray(result) ? ((result[0] as Location | undefined) ?? null) : result;
    },
    format: (uri) => connection.sendRequest(DocumentFormattingRequest.type, { textDocument: textDocument(uri), options: { tabSize: 2, insertSpaces: true } }),
    codeActions: async (uri, diagnostics) => {
      const result = await connection.sendRequest(CodeActionRequest.type, { textDocument: textDocument(uri), range: diagnostics[0]!.range, context: { diagnostics } });
      return (result ?? []).filter((a): a is CodeAction => "title" in a && !("command" in a && typeof a.command === "string"));
    },
    async close() {
      connection.dispose();
      dispose();
    },
  };
}

/** The position of the first occurrence of `needle` in `text` (plus `shift` characters). */
export function positionOf(text: string, needle: string, shift = 0): Position {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`\`${needle}\` is not in the text`);
  const before = text.slice(0, offset + shift);
  const line = before.split("\n").length - 1;
  return { line, character: before.length - before.lastIndexOf("\n") - 1 };
}
