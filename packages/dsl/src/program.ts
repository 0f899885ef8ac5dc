/**
 * A program is a set of parsed rule files with their imports followed. Reading files is the host's
 * job (a `SourceHost`), so the DSL itself does no I/O and runs anywhere.
 */
import type { Diagnostic } from "@steward/core";
import type { FileNode, ImportDecl, Span, TestsDecl } from "./ast.js";
import { resolveLimits, type DslOptions, type Limits } from "./limits.js";
import { parse } from "./parse.js";
import { normalise, pathRefusal, resolveImport } from "./paths.js";

/** A file the host would not read, and why, in words for a diagnostic (`it is a directory`). */
export interface Refused {
  readonly refused: string;
}

/** Reads rule files for the DSL; returns undefined, or why not, when a file cannot be read. */
export interface SourceHost {
  /** The text of the file at `path`; undefined, or why not, when it cannot be read. */
  readonly read: (path: string) => string | undefined | Refused;
  /** The one name a file goes by, so a file reached by two spellings of its path is loaded once. */
  readonly canonical?: (path: string) => string;
}

/** Options for loading a program. */
export interface LoadOptions extends DslOptions {
  /**
   * The folder every imported, tested and expansion file must lie in, spelled as the host spells
   * paths (`.` for the folder relative paths start from); or several spellings of it, when the host
   * spells some paths in it relative and others in full. Without it, only paths written absolute
   * and paths that climb higher with `..` than the file naming them are refused. A host that reads
   * files from disk gives the guideline folder here.
   */
  readonly root?: string | readonly string[];
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
  /** The limits the files were read under; the checker applies the same. */
  readonly limits: Limits;
  /** The folder files must lie in (its spellings), when the host gave one. */
  readonly root?: readonly string[];
  readonly files: ReadonlyMap<string, SourceFile>;
  readonly loadDiagnostics: readonly Diagnostic[];
  /**
   * The text of each terminology expansion file a code list names (`expansion "file.json"`), by
   * resolved path; undefined when it could not be read. The checker reports what is wrong with one.
   */
  readonly expansionFiles: ReadonlyMap<string, string | undefined>;
}

/** The expansion files the code lists of `ast` name: as written, and resolved against `path`. */
export function expansionPaths(path: string, ast: FileNode): { readonly written: string; readonly path: string }[] {
  const out: { written: string; path: string }[] = [];
  for (const item of ast.items) {
    if (item.kind !== "codes") continue;
    for (const entry of item.entries) {
      const value = entry.kind === "field" && entry.key.text === "expansion" ? entry.values[0] : undefined;
      if (value?.kind === "text") out.push({ written: value.value, path: resolveImport(path, value.value) });
    }
  }
  return out;
}

/** Parses `roots` and, transitively, every file they import. Each file is read once. */
export function loadProgram(rootPaths: readonly string[], host: SourceHost, options: LoadOptions = {}): Program {
  const limits = resolveLimits(options.limits);
  const root = options.root === undefined ? undefined : (typeof options.root === "string" ? [options.root] : options.root).map(normalise);
  const canonical = (path: string): string => normalise(host.canonical ? host.canonical(path) : path);
  const roots = rootPaths.map(canonical);
  const files = new Map<string, SourceFile>();
  const loadDiagnostics: Diagnostic[] = [];
  const expansionFiles = new Map<string, string | undefined>();
  const refusals = new Map<string, string>();
  const read = (path: string): string | undefined => {
    const text = host.read(path);
    if (typeof text === "string" || text === undefined) return text;
    refusals.set(path, text.refused);
    return undefined;
  };
  // A path a rule file names, resolved; undefined (after reporting why) when it may not be read.
  const follow = (from: string, written: { readonly value: string; readonly span: Span }, extension: ".stw" | ".json"): string | undefined => {
    const resolved = canonical(resolveImport(from, written.value));
    const refusal = pathRefusal(from, written.value, resolved, root, extension);
    if (refusal === undefined) return resolved;
    if (extension === ".stw") loadDiagnostics.push({ ...refusal, severity: "error", span: written.span });
    return undefined;
  };
  const queue = [...roots];
  const rootSet = new Set(roots);
  let tooMany = false;
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (files.has(path)) continue;
    if (files.size >= limits.files) {
      tooMany = true;
      break;
    }
    const text = read(path);
    if (text === undefined) {
      if (rootSet.has(path)) {
        const why = refusals.get(path);
        loadDiagnostics.push({ code: "io/unreadable", severity: "error", message: `cannot read \`${path}\`${why === undefined ? "" : `: ${why}`}` });
      }
      continue;
    }
    const { ast, diagnostics } = parse(text, path, { limits });
    const imports = ast.items
      .filter((i): i is ImportDecl => i.kind === "import")
      .flatMap((decl) => {
        const resolved = follow(path, decl.path, ".stw");
        return resolved === undefined ? [] : [{ decl, path: resolved }];
      });
    const testsDecl = ast.items.find((i): i is TestsDecl => i.kind === "tests");
    const testsPath = testsDecl ? follow(path, testsDecl.path, ".stw") : undefined;
    const tests = testsDecl && testsPath !== undefined ? { decl: testsDecl, path: testsPath } : undefined;
    files.set(path, { path, text, ast, parseDiagnostics: diagnostics, imports, ...(tests ? { tests } : {}) });
    for (const expansion of expansionPaths(path, ast)) {
      // invariant: the checker reports a refused expansion path at the code list that names it
      if (!expansionFiles.has(expansion.path) && pathRefusal(path, expansion.written, expansion.path, root, ".json") === undefined) expansionFiles.set(expansion.path, read(expansion.path));
    }
    for (const imp of imports) {
      if (!files.has(imp.path)) queue.push(imp.path);
    }
    if (tests && !files.has(tests.path)) queue.push(tests.path);
  }
  if (tooMany) {
    loadDiagnostics.push({ code: "check/too-many-files", severity: "error", message: `the program reads more than ${limits.files} files`, hint: "check for imports that pull in more than the guideline needs, or raise the `files` limit" });
  }
  const unread = (path: string): string => {
    const why = refusals.get(path);
    return why === undefined ? "" : `: ${why}`;
  };
  for (const file of files.values()) {
    if (file.tests && !files.has(file.tests.path) && !tooMany) {
      loadDiagnostics.push({
        code: "check/import-not-found",
        severity: "error",
        message: `cannot read the guideline file \`${file.tests.decl.path.value}\` these scenarios test${unread(file.tests.path)}`,
        span: file.tests.decl.path.span,
        hint: `looked for \`${file.tests.path}\`; the path is relative to the test file`,
      });
    }
    for (const imp of file.imports) {
      if (!files.has(imp.path) && !tooMany) {
        loadDiagnostics.push({
          code: "check/import-not-found",
          severity: "error",
          message: `cannot read the imported file \`${imp.decl.path.value}\`${unread(imp.path)}`,
          span: imp.decl.path.span,
          hint: `looked for \`${imp.path}\`; import paths are relative to the importing file`,
        });
      }
    }
  }
  return { roots, limits, ...(root !== undefined ? { root } : {}), files, loadDiagnostics, expansionFiles };
}
