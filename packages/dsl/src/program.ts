/**
 * A program is a set of parsed rule files with their imports followed. Reading files is the host's
 * job (a `SourceHost`), so the DSL itself does no I/O and runs anywhere.
 */
import type { Diagnostic } from "@steward/core";
import type { FileNode, ImportDecl, TestsDecl } from "./ast.js";
import { parse } from "./parse.js";
import { normalise, resolveImport } from "./paths.js";

/** Reads rule files for the DSL; returns undefined when a file cannot be read. */
export interface SourceHost {
  /** The text of the file at `path`, or undefined when it cannot be read. */
  readonly read: (path: string) => string | undefined;
  /** The one name a file goes by, so a file reached by two spellings of its path is loaded once. */
  readonly canonical?: (path: string) => string;
}

/** One parsed file of a program. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
  readonly ast: FileNode;
  readonly parseDiagnostics: readonly Diagnostic[];
  /** Resolved path of each import, in the order written. */
  readonly imports: readonly { readonly decl: ImportDecl; readonly path: string }[];
  /** For a test file, the resolved path of the guideline file its scenarios test. */
  readonly tests?: { readonly decl: TestsDecl; readonly path: string };
}

/** Parsed files by path, plus diagnostics for imports that could not be read. */
export interface Program {
  readonly roots: readonly string[];
  readonly files: ReadonlyMap<string, SourceFile>;
  readonly loadDiagnostics: readonly Diagnostic[];
  /**
   * The text of each terminology expansion file a code list names (`expansion "file.json"`), by
   * resolved path; undefined when it could not be read. The checker reports what is wrong with one.
   */
  readonly expansionFiles: ReadonlyMap<string, string | undefined>;
}

/** The expansion files the code lists of `ast` name, resolved against `path`. */
export function expansionPaths(path: string, ast: FileNode): string[] {
  const out: string[] = [];
  for (const item of ast.items) {
    if (item.kind !== "codes") continue;
    for (const entry of item.entries) {
      const value = entry.kind === "field" && entry.key.text === "expansion" ? entry.values[0] : undefined;
      if (value?.kind === "text") out.push(resolveImport(path, value.value));
    }
  }
  return out;
}

/** Parses `roots` and, transitively, every file they import. Each file is read once. */
export function loadProgram(rootPaths: readonly string[], host: SourceHost): Program {
  const canonical = (path: string): string => normalise(host.canonical ? host.canonical(path) : path);
  const roots = rootPaths.map(canonical);
  const files = new Map<string, SourceFile>();
  const loadDiagnostics: Diagnostic[] = [];
  const expansionFiles = new Map<string, string | undefined>();
  const queue = [...roots];
  const rootSet = new Set(roots);
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (files.has(path)) continue;
    const text = host.read(path);
    if (text === undefined) {
      if (rootSet.has(path)) {
        loadDiagnostics.push({ code: "io/unreadable", severity: "error", message: `cannot read \`${path}\`` });
      }
      continue;
    }
    const { ast, diagnostics } = parse(text, path);
    const imports = ast.items
      .filter((i): i is ImportDecl => i.kind === "import")
      .map((decl) => ({ decl, path: canonical(resolveImport(path, decl.path.value)) }));
    const testsDecl = ast.items.find((i): i is TestsDecl => i.kind === "tests");
    const tests = testsDecl ? { decl: testsDecl, path: canonical(resolveImport(path, testsDecl.path.value)) } : undefined;
    files.set(path, { path, text, ast, parseDiagnostics: diagnostics, imports, ...(tests ? { tests } : {}) });
    for (const expansion of expansionPaths(path, ast)) if (!expansionFiles.has(expansion)) expansionFiles.set(expansion, host.read(expansion));
    for (const imp of imports) {
      if (!files.has(imp.path)) queue.push(imp.path);
    }
    if (tests && !files.has(tests.path)) queue.push(tests.path);
  }
  for (const file of files.values()) {
    if (file.tests && !files.has(file.tests.path)) {
      loadDiagnostics.push({
        code: "check/import-not-found",
        severity: "error",
        message: `cannot read the guideline file \`${file.tests.decl.path.value}\` these scenarios test`,
        span: file.tests.decl.path.span,
        hint: `looked for \`${file.tests.path}\`; the path is relative to the test file`,
      });
    }
    for (const imp of file.imports) {
      if (!files.has(imp.path)) {
        loadDiagnostics.push({
          code: "check/import-not-found",
          severity: "error",
          message: `cannot read the imported file \`${imp.decl.path.value}\``,
          span: imp.decl.path.span,
          hint: `looked for \`${imp.path}\`; import paths are relative to the importing file`,
        });
      }
    }
  }
  return { roots, files, loadDiagnostics, expansionFiles };
}
