/**
 * The checker's shared state: each file's scope, the diagnostics found so far, and the IR each
 * declaration elaborates to (memoised, so a declaration imported by ten files is checked once).
 */
import type { Diagnostic, DiagnosticCode, Span } from "@steward/core";
import type * as ast from "../ast.js";
import type { ExpansionFile } from "../expansion.js";
import type { Program } from "../program.js";
import type { ScenarioSuite } from "../scenario.js";
import { anyWithin, SourceMap } from "../span.js";
import { closest } from "../spelling.js";

/** A top-level declaration other than an import. */
export type Declaration = Exclude<ast.Item, ast.ImportDecl>;

/** A declaration a name can refer to. */
export type Named = Exclude<Declaration, ast.GuidelineDecl | ast.TestsDecl | ast.ScenarioDecl>;

/** What a name in a file's scope refers to, and the file that declares it. */
export interface Symbol {
  readonly decl: Named;
  readonly file: string;
}

/** Words for each kind of declaration, for messages. */
export const kindWords: Record<Named["kind"], string> = {
  source: "a source",
  codes: "a code list",
  observation: "an observation",
  finding: "a finding",
  class: "a drug class",
  drug: "a drug",
  define: "a define",
  parameter: "a parameter",
  rule: "a rule",
  contraindication: "a contraindication",
  resistance: "a resistance",
  score: "a score",
  choices: "a `choices` block",
};

/** The result of elaborating one declaration: its IR and the declarations it refers to. */
export interface Elaborated<T> {
  readonly ir: T;
  readonly deps: ReadonlySet<Symbol>;
}

/** State shared by all check families during one `check` run. */
export class Checker {
  readonly diagnostics: Diagnostic[] = [];
  readonly scopes = new Map<string, Map<string, Symbol>>();
  /** Memoised elaborations; `null` means the declaration has errors; `"busy"` marks a define being elaborated. */
  readonly results = new Map<Declaration, Elaborated<unknown> | null | "busy">();
  /** The scenarios of each test file, or null when a line of it is wrong. */
  readonly suites = new Map<string, ScenarioSuite | null>();
  /** Offsets of syntax errors by file, ascending, so completeness checks skip declarations recovery cut short. */
  readonly syntaxErrors = new Map<string, number[]>();
  /** `namesOfKind` answers, by file and kinds. */
  private readonly names = new Map<string, readonly string[]>();
  /** Line maps of files, made when first needed. */
  private readonly maps = new Map<string, SourceMap>();
  /** Each expansion file read so far, by resolved path, so one read by many code lists is parsed once. */
  readonly expansions = new Map<string, ExpansionFile>();

  constructor(readonly program: Program) {}

  report(code: DiagnosticCode, span: Span | undefined, message: string, hint?: string, severity: Diagnostic["severity"] = "error"): void {
    this.diagnostics.push({ code, severity, message, ...(span ? { span } : {}), ...(hint !== undefined ? { hint } : {}) });
  }

  /** True when a syntax error lies inside `span`. */
  hasSyntaxErrorIn(span: Span): boolean {
    return anyWithin(this.syntaxErrors.get(span.file) ?? [], span.offset, span.offset + span.length);
  }

  /** True when a syntax error lies inside `span` or later on its last line: what follows may be what recovery cut off. */
  hasSyntaxErrorOnLineOf(span: Span): boolean {
    const file = this.program.files.get(span.file);
    if (file === undefined) return this.hasSyntaxErrorIn(span);
    let map = this.maps.get(file.path);
    if (map === undefined) this.maps.set(file.path, (map = new SourceMap(file.path, file.text)));
    return anyWithin(this.syntaxErrors.get(span.file) ?? [], span.offset, map.lineEnd(span.offset + span.length));
  }

  lookup(file: string, name: string): Symbol | undefined {
    return this.scopes.get(file)?.get(name);
  }

  /** Names in a file's scope whose declaration is one of `kinds`, for "did you mean" hints; worked out once per file and kinds. */
  namesOfKind(file: string, kinds: readonly Named["kind"][]): readonly string[] {
    const key = `${file}\n${kinds.join(",")}`;
    const known = this.names.get(key);
    if (known !== undefined) return known;
    const out: string[] = [];
    for (const [name, sym] of this.scopes.get(file) ?? []) if (kinds.includes(sym.decl.kind)) out.push(name);
    out.sort();
    this.names.set(key, out);
    return out;
  }

  /**
   * Resolves `name` to a declaration of one of `kinds`, reporting `missingCode` when nothing has the
   * name and `check/wrong-kind-of-name` when something else does.
   */
  resolve<K extends Named["kind"]>(
    file: string,
    name: ast.Name,
    kinds: readonly K[],
    what: string,
    missingCode: DiagnosticCode = "check/unresolved-name",
    extraCandidates: readonly string[] = [],
  ): (Symbol & { decl: Extract<Named, { kind: K }> }) | undefined {
    const sym = this.lookup(file, name.text);
    if (sym === undefined) {
      const guess = closest(name.text, [...this.namesOfKind(file, kinds), ...extraCandidates]);
      this.report(missingCode, name.span, `\`${name.text}\` is not ${what} in this file or its imports`, guess ? `did you mean \`${guess}\`?` : undefined);
      return undefined;
    }
    if (!(kinds as readonly string[]).includes(sym.decl.kind)) {
      this.report("check/wrong-kind-of-name", name.span, `\`${name.text}\` is ${kindWords[sym.decl.kind]}, not ${what}`);
      return undefined;
    }
    return sym as Symbol & { decl: Extract<Named, { kind: K }> };
  }
}

/** Collects the declarations an elaboration refers to. */
export class Deps {
  private readonly set = new Set<Symbol>();
  add(sym: Symbol): void {
    this.set.add(sym);
  }
  get all(): ReadonlySet<Symbol> {
    return this.set;
  }
}

/** Suggests a word from a closed list, as a hint. */
export function suggest(word: string, candidates: readonly string[]): string {
  const guess = closest(word, candidates);
  return guess ? `did you mean \`${guess}\`?` : `expected one of: ${candidates.map((c) => `\`${c}\``).join(", ")}`;
}
