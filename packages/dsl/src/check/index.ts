/**
 * `check`: every problem in a program in one pass. Runs the families in order: scopes (names,
 * imports), then each declaration (header, sources, codes, drugs, defines, rules). Each
 * declaration is checked once even when many files import it.
 */
import { sortDiagnostics, type Diagnostic } from "@steward/core";
import type * as ast from "../ast.js";
import type { Program } from "../program.js";
import { Checker, type Declaration, type Named, type Symbol } from "./context.js";
import { elaborateChoices } from "./choices.js";
import { elaborateClaused } from "./contraindications.js";
import { elaborate } from "./declarations.js";
import { checkConditionDepths, orderDefines } from "./depth.js";
import { checkNumbers } from "./numbers.js";
import { elaborateHeader } from "./header.js";
import { elaborateRule } from "./rules.js";
import { elaborateScenarios } from "./scenarios.js";
import { buildScopes } from "./scope.js";

/** Runs every check over a program and returns the checker, whose results `compile` reads. */
export function runChecks(program: Program): Checker {
  const checker = new Checker(program);
  for (const file of program.files.values()) {
    checker.diagnostics.push(...file.parseDiagnostics);
    checker.syntaxErrors.set(
      file.path,
      file.parseDiagnostics.flatMap((d) => (d.span ? [d.span.offset] : [])).sort((a, b) => a - b),
    );
  }
  checker.diagnostics.push(...program.loadDiagnostics);
  buildScopes(checker);
  // Defines and scores first, each after those it names, so elaboration never recurses along a chain.
  const named = orderDefines(checker);
  for (const sym of named) elaborate(checker, sym);

  for (const file of [...program.files.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    checkNumbers(checker, file.ast);
    const headers = file.ast.items.filter((i): i is ast.GuidelineDecl => i.kind === "guideline");
    headers.slice(1).forEach((h) => checker.report("check/duplicate-header", h.span, "a file holds one guideline; this is a second header", "split the guidelines into separate files"));
    const firstRule = file.ast.items.find((i): i is ast.RuleDecl => i.kind === "rule");
    if (headers.length === 0 && firstRule !== undefined) {
      checker.report("check/missing-header", firstRule.name.span, "this file has rules but no `guideline` header", "start the file with `guideline <id> { title … version … status … }`");
    }
    for (const header of headers) {
      const ir = elaborateHeader(checker, header);
      checker.results.set(header, ir === undefined ? null : { ir, deps: new Set() });
    }
    for (const item of file.ast.items) {
      if (item.kind === "import" || item.kind === "guideline" || item.kind === "tests" || item.kind === "scenario") continue;
      const sym = checker.lookup(file.path, item.name.text);
      // A duplicate name is reported by the scope builder; check the declaration the name refers to.
      if (sym?.decl !== item) continue;
      if (item.kind === "rule") {
        const result = elaborateRule(checker, sym as Symbol & { decl: ast.RuleDecl });
        checker.results.set(item, result ?? null);
      } else if (item.kind === "choices") elaborateChoices(checker, sym as Symbol & { decl: ast.ChoicesDecl });
      else if (item.kind === "contraindication" || item.kind === "resistance") {
        checker.results.set(item, elaborateClaused(checker, sym as Symbol & { decl: ast.ContraindicationDecl | ast.ResistanceDecl }) ?? null);
      } else elaborate(checker, sym as Symbol & { decl: Named });
    }
  }
  checkConditionDepths(checker, named);
  // Scenarios last: they read the IR of the guideline they test.
  for (const file of [...program.files.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (file.ast.items.some((i) => i.kind === "tests" || i.kind === "scenario")) checker.suites.set(file.path, elaborateScenarios(checker, file) ?? null);
  }
  return checker;
}

/** Checks every file of a program; returns all diagnostics, sorted by file and position. */
export function check(program: Program): readonly Diagnostic[] {
  return finish(runChecks(program).diagnostics);
}

/** A name a file can use, with the declaration it refers to and the file that declares it. */
export interface Binding {
  readonly decl: Exclude<ast.Item, ast.ImportDecl | ast.GuidelineDecl | ast.TestsDecl | ast.ScenarioDecl>;
  readonly file: string;
}

/** A checked program: its diagnostics, the names each file can use, and what each declaration compiled to. */
export interface CheckedProgram {
  readonly diagnostics: readonly Diagnostic[];
  /** The names `file` can use (its own declarations and what it imports), by name. */
  readonly scope: (file: string) => ReadonlyMap<string, Binding>;
  /** The IR a declaration compiled to (an `ir.Drug` for a drug, and so on), or undefined when it has errors. */
  readonly compiled: (decl: ast.Item) => unknown;
}

/** Checks every file of a program, keeping the names in scope and the IR of each declaration for tools such as editors. */
export function checkProgram(program: Program): CheckedProgram {
  const checker = runChecks(program);
  return {
    diagnostics: finish(checker.diagnostics),
    scope: (file) => checker.scopes.get(file) ?? new Map(),
    compiled: (decl) => {
      const result = checker.results.get(decl as Declaration);
      return result === undefined || result === null || result === "busy" ? undefined : result.ir;
    },
  };
}

/** Sorted, with exact repeats (same code, place and message) removed. */
export function finish(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return sortDiagnostics(diagnostics).filter((d) => {
    const key = `${d.code}|${d.span?.file}|${d.span?.offset}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
