/** Compiling scenario test files into suites, and printing results for people. */
import { renderExplanation, type Diagnostic, type Explanation } from "@steward/core";
import { compileScenarios, loadProgram, type LoadOptions, type ScenarioSuite, type SourceHost } from "@steward/dsl";
import type { GuidelineIR } from "@steward/core";
import { isLeft } from "fp-ts/lib/Either.js";
import { tally, type GuidelineCoverage } from "./coverage.js";
import { runSuite, type ScenarioResult, type SuiteResult } from "./run-scenarios.js";

/** Compiles each test file (with the guideline it tests); collects every diagnostic of every file. */
export function compileSuites(files: readonly string[], host: SourceHost, options: LoadOptions = {}): { suites: { suite: ScenarioSuite; guideline: GuidelineIR }[]; diagnostics: Diagnostic[] } {
  const program = loadProgram(files, host, options);
  const suites: { suite: ScenarioSuite; guideline: GuidelineIR }[] = [];
  for (const file of program.roots) {
    const compiled = compileScenarios(program, file);
    if (isLeft(compiled)) return { suites: [], diagnostics: [...compiled.left] };
    suites.push(compiled.right);
  }
  return { suites, diagnostics: [] };
}

/** Runs compiled suites. */
export function runSuites(suites: readonly { suite: ScenarioSuite; guideline: GuidelineIR }[]): SuiteResult[] {
  return suites.map(({ suite, guideline }) => runSuite(suite, guideline));
}

/** The part of a trace worth showing for a failure: rules that fired or could not be decided, and rules a failed line names. */
function relevantTrace(x: Explanation, named: ReadonlySet<string>): string {
  const trimmed: Explanation = {
    decision: x.decision,
    guidelines: x.guidelines.map((g) => ({ ...g, rules: g.rules.filter((r) => r.status !== "not-fired" || named.has(r.rule)) })),
  };
  return renderExplanation(trimmed);
}

/** A failed scenario as text: the expectations that failed, expected against actual, then the trace. */
export function renderFailure(result: ScenarioResult): string {
  const lines = [`✗ ${result.scenario.name}  (${result.scenario.span.file}:${result.scenario.span.line})`];
  for (const d of result.errors) lines.push(`    cannot evaluate: ${d.message}`);
  const named = new Set<string>();
  for (const f of result.failures) {
    if ("rule" in f.expectation) named.add(f.expectation.rule);
    lines.push(`    line ${f.expectation.span.line}: ${f.expectation.text}`, `      expected: ${f.expected}`, `      actual:   ${f.actual}`);
  }
  if (result.explanation !== undefined && result.failures.length > 0) {
    lines.push("    trace:");
    for (const l of relevantTrace(result.explanation, named).split("\n")) lines.push(`      ${l}`);
  }
  return lines.join("\n");
}

/** A coverage report: per guideline, the counts of each kind and what was not covered. */
export function renderCoverage(report: readonly GuidelineCoverage[]): string {
  const lines: string[] = [];
  for (const g of report) {
    const all = tally(g.items);
    lines.push(`coverage of ${g.guideline}: ${all.percent.toFixed(1)}% (${all.covered}/${all.total})`);
    for (const kind of ["rule", "outcome", "branch", "check"] as const) {
      const t = tally(g.items.filter((i) => i.kind === kind));
      // Contraindication checks are listed only for a guideline that offers a drug they apply to.
      if (kind === "check" && t.total === 0) continue;
      lines.push(`  ${({ rule: "rules", outcome: "outcomes", branch: "branches", check: "checks" } as const)[kind].padEnd(9)} ${t.percent.toFixed(1).padStart(5)}%  ${t.covered}/${t.total}`);
    }
    const missed = g.items.filter((i) => !i.covered);
    if (missed.length > 0) {
      lines.push("  not covered:");
      for (const m of missed) lines.push(`    - ${m.description}`);
    }
  }
  return lines.join("\n");
}
