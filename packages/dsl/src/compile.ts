/**
 * `compile`: a checked guideline file to IR. The IR holds the header, the rules in file order and
 * every declaration they can reach, sorted by id, plus a content hash of all of it.
 */
import { GuidelineIRSchema, hasErrors, IR_VERSION, schemaDiagnostics, type Diagnostic, type GuidelineIR, type ir } from "@steward/core";
import { contentHash } from "@steward/core/content-hash";
import { left, right, type Either } from "fp-ts/lib/Either.js";
import type * as ast from "./ast.js";
import { finish, runChecks } from "./check/index.js";
import type { Checker, Elaborated, Symbol } from "./check/context.js";
import { normalise } from "./paths.js";
import { loadProgram, type LoadOptions, type Program, type SourceHost } from "./program.js";
import type { ScenarioSuite } from "./scenario.js";

/** Compiles the guideline in `file` (which must be part of `program`). */
export function compile(program: Program, path: string): Either<readonly Diagnostic[], GuidelineIR> {
  const file = normalise(path);
  const checker = runChecks(program);
  const diagnostics = finish(checker.diagnostics);
  if (hasErrors(diagnostics)) return left(diagnostics);
  const source = program.files.get(file);
  const header = source?.ast.items.find((i): i is ast.GuidelineDecl => i.kind === "guideline");
  if (source === undefined || header === undefined) {
    return left([{ code: "check/missing-header", severity: "error", message: `\`${file}\` is not a guideline: it has no \`guideline\` header`, hint: "compile the file that starts with `guideline <id> { … }`" }]);
  }
  return assemble(checker, source.path, header);
}

/**
 * Compiles the scenario tests in `file` (a file starting `tests "<guideline>"`), together with the
 * guideline they test; fails with every diagnostic of either.
 */
export function compileScenarios(program: Program, path: string): Either<readonly Diagnostic[], { readonly suite: ScenarioSuite; readonly guideline: GuidelineIR }> {
  const file = normalise(path);
  const checker = runChecks(program);
  const diagnostics = finish(checker.diagnostics);
  if (hasErrors(diagnostics)) return left(diagnostics);
  const suite = checker.suites.get(file);
  if (suite === undefined || suite === null) {
    return left([{ code: "check/missing-header", severity: "error", message: `\`${file}\` holds no scenarios: it has no \`tests\` line`, hint: 'a test file starts with `tests "<guideline file>"`' }]);
  }
  const target = program.files.get(suite.guidelineFile)!;
  const header = target.ast.items.find((i): i is ast.GuidelineDecl => i.kind === "guideline")!;
  const guideline = assemble(checker, suite.guidelineFile, header);
  return guideline._tag === "Left" ? guideline : right({ suite, guideline: guideline.right });
}

/** Compiles one guideline from text, reading any imports through `host` (none by default), within `options`' limits and root. */
export function compileText(text: string, path = "<input>", host: SourceHost = { read: () => undefined }, options: LoadOptions = {}): Either<readonly Diagnostic[], GuidelineIR> {
  const file = normalise(path);
  const program = loadProgram([file], { read: (p) => (normalise(p) === file ? text : host.read(p)) }, options);
  return compile(program, file);
}

function assemble(checker: Checker, file: string, header: ast.GuidelineDecl): Either<readonly Diagnostic[], GuidelineIR> {
  const headerIr = (checker.results.get(header) as Elaborated<ir.GuidelineHeader>).ir;
  const rules: ir.Rule[] = [];
  const reached = new Set<Symbol>();
  const queue: Symbol[] = [];
  const visit = (sym: Symbol): void => {
    if (!reached.has(sym)) {
      reached.add(sym);
      queue.push(sym);
    }
  };
  for (const sym of checker.scopes.get(file)?.values() ?? []) {
    if (sym.decl.kind === "rule") {
      if (sym.file !== file) continue;
      const result = checker.results.get(sym.decl) as Elaborated<ir.Rule>;
      rules.push(result.ir);
      result.deps.forEach(visit);
    } else visit(sym);
  }
  const drain = (): void => {
    while (queue.length > 0) {
      const sym = queue.shift()!;
      const result = checker.results.get(sym.decl);
      if (result && result !== "busy") result.deps.forEach(visit);
    }
  };
  drain();
  // A contraindication travels with its drug: one declared in any file the guideline reaches through
  // its imports applies wherever the drug (or class) it names is used, even when only some names
  // were imported, so option filtering and order checks never miss it.
  for (const path of importClosure(checker, file)) {
    for (const item of checker.program.files.get(path)?.ast.items ?? []) {
      if (item.kind !== "contraindication") continue;
      const target = checker.lookup(path, item.target.text);
      const self = checker.lookup(path, item.name.text);
      if (target !== undefined && self?.decl === item && [...reached].some((r) => r.decl === target.decl)) visit(self);
    }
  }
  drain();

  const byKind = new Map<string, Map<string, { sym: Symbol; ir: unknown }>>();
  const clashes: Diagnostic[] = [];
  for (const sym of reached) {
    const result = checker.results.get(sym.decl);
    if (!result || result === "busy") continue;
    const kind = sym.decl.kind;
    const table = byKind.get(kind) ?? new Map<string, { sym: Symbol; ir: unknown }>();
    byKind.set(kind, table);
    const id = sym.decl.name.text;
    const existing = table.get(id) ?? [...byKind.values()].map((t) => t.get(id)).find((e) => e !== undefined);
    if (existing !== undefined && existing.sym.decl !== sym.decl) {
      clashes.push({
        code: "compile/invalid-ir",
        severity: "error",
        message: `two different declarations named \`${id}\` are used by this guideline (in \`${existing.sym.file}\` and \`${sym.file}\`)`,
        span: sym.decl.name.span,
        hint: "rename one of them so every id in the compiled guideline is unique",
      });
      continue;
    }
    table.set(id, { sym, ir: result.ir });
  }
  if (clashes.length > 0) return left(finish(clashes));
  // A class that lists its members (a local list such as restricted antimicrobials) adds itself,
  // and the classes it is within, to each member drug's classes.
  const classTable = byKind.get("class") ?? new Map<string, { sym: Symbol; ir: unknown }>();
  const ancestors = (id: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(id)) return seen;
    seen.add(id);
    for (const parent of (classTable.get(id)?.ir as ir.DrugClass | undefined)?.within ?? []) ancestors(parent, seen);
    return seen;
  };
  for (const [, entry] of byKind.get("drug") ?? new Map<string, { sym: Symbol; ir: unknown }>()) {
    const drug = entry.ir as ir.Drug;
    const listing = [...classTable.values()].map((c) => c.ir as ir.DrugClass).filter((c) => c.members.includes(drug.id));
    if (listing.length === 0) continue;
    const all = new Set(drug.allClasses);
    for (const c of listing) ancestors(c.id).forEach((a) => all.add(a));
    entry.ir = { ...drug, allClasses: [...all].sort() };
  }
  const sorted = <T>(kind: string): T[] =>
    [...(byKind.get(kind)?.entries() ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v.ir as T);

  const body = {
    irVersion: IR_VERSION,
    guideline: headerIr,
    sources: sorted<ir.Source>("source"),
    codeLists: sorted<ir.CodeList>("codes"),
    classes: sorted<ir.DrugClass>("class"),
    drugs: sorted<ir.Drug>("drug"),
    observations: sorted<ir.Observation>("observation"),
    findings: sorted<ir.Finding>("finding"),
    parameters: sorted<ir.Parameter>("parameter"),
    scores: sorted<ir.Score>("score"),
    defines: sorted<ir.Define>("define"),
    contraindications: sorted<ir.Contraindication>("contraindication"),
    resistances: sorted<ir.Resistance>("resistance"),
    rules,
  };
  const { irVersion, ...rest } = body;
  const compiled = { irVersion, contentHash: contentHash(body), ...rest };
  const parsed = GuidelineIRSchema.safeParse(compiled, { reportInput: true });
  if (!parsed.success) {
    const [first] = schemaDiagnostics(parsed.error.issues, "compile/invalid-ir");
    return left([{ code: "compile/invalid-ir", severity: "error", message: `the compiler produced IR its own schema rejects: ${first?.message ?? "unknown problem"}`, hint: "this is a bug in Steward; please report it with the rule file" }]);
  }
  return right(compiled as GuidelineIR);
}

/** The file and every file it imports, directly or through other files. */
function importClosure(checker: Checker, file: string): string[] {
  const seen = new Set<string>([file]);
  const stack = [file];
  while (stack.length > 0) {
    for (const imp of checker.program.files.get(stack.pop()!)?.imports ?? []) {
      if (!seen.has(imp.path)) {
        seen.add(imp.path);
        stack.push(imp.path);
      }
    }
  }
  return [...seen].sort();
}
