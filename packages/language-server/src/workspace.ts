/**
 * The files the server sees: documents open in the editor, and otherwise what the host reads (the
 * file system in Node, a bundled set in the browser). A document is analysed by loading the
 * program rooted at it through the DSL's loader and checking it; the result is kept until any
 * document changes.
 */
import { checkProgram, loadProgram, type Binding, type CheckedProgram, type Program, type SourceFile, type SourceHost } from "@steward/dsl";
import type { ir } from "@steward/core";
import type { TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { pathOf, uriOf } from "./paths.js";
import { positionsOf, type Positions } from "./positions.js";

/** A document checked together with every file it imports (or, for scenario tests, the guideline it tests). */
export interface Analysis {
  readonly path: string;
  readonly program: Program;
  readonly checked: CheckedProgram;
  /** The document as parsed. */
  readonly file: SourceFile;
  /** Offsets to positions for any file of the program. */
  readonly positions: (path: string) => Positions;
  /** The names usable at the top of the document; in a scenario file, those of the guideline it tests as well. */
  readonly scope: ReadonlyMap<string, Binding>;
}

/** Open documents over a host for the rest, with analyses cached until the next change. */
export class Workspace {
  private generation = 0;
  private readonly cache = new Map<string, { generation: number; analysis: Analysis }>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly files: SourceHost,
  ) {}

  /** Forgets every analysis: a document changed, so anything importing it may have too. */
  changed(): void {
    this.generation++;
    this.cache.clear();
  }

  /** The text of a file: the open document if there is one, else what the host reads. */
  read(path: string): ReturnType<SourceHost["read"]> {
    return this.documents.get(uriOf(path))?.getText() ?? this.files.read(path);
  }

  /** The open document at `uri`, analysed; undefined when it is not open. */
  analyse(uri: string): Analysis | undefined {
    const document = this.documents.get(uri);
    if (document === undefined) return undefined;
    const path = pathOf(uri);
    const cached = this.cache.get(path);
    if (cached?.generation === this.generation) return cached.analysis;
    const host: SourceHost = { read: (p) => this.read(p), ...(this.files.canonical ? { canonical: this.files.canonical } : {}) };
    const program = loadProgram([path], host);
    const file = program.files.get(program.roots[0]!)!;
    const checked = checkProgram(program);
    const positions = new Map<string, Positions>();
    const positionsFor = (p: string): Positions => {
      const open = this.documents.get(uriOf(p));
      if (open !== undefined) return open;
      let known = positions.get(p);
      if (known === undefined) {
        known = positionsOf(program.files.get(p)?.text ?? "");
        positions.set(p, known);
      }
      return known;
    };
    const own = checked.scope(file.path);
    const scope = file.tests === undefined ? own : new Map([...checked.scope(file.tests.path), ...own]);
    const analysis: Analysis = { path: file.path, program, checked, file, positions: positionsFor, scope };
    this.cache.set(path, { generation: this.generation, analysis });
    return analysis;
  }
}

/** Every code of the declarations in scope (code lists, drugs, observations, findings), with the name it is declared under. */
export function codesInScope(analysis: Analysis): readonly { readonly name: string; readonly coding: ir.Coding }[] {
  return [...analysis.scope].flatMap(([name, binding]) => ((analysis.checked.compiled(binding.decl) as { codes?: readonly ir.Coding[] } | undefined)?.codes ?? []).map((coding) => ({ name, coding })));
}
