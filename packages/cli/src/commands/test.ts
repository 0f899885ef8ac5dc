/** `steward test [paths…]`: run scenario tests written in the rule language, with coverage, as text, JSON or JUnit XML. */
import { InvalidArgumentError, Option } from "commander";
import { loadProgram } from "@steward/dsl";
import { compileSuites, coverage, renderCoverage, renderFailure, runSuite, tally, type SuiteResult } from "@steward/testing";
import type { CommandSpec } from "../command.js";
import { collectFiles, diskHost, type RuleFileAccess } from "../files.js";
import { accessFor, limitOption, rootOption } from "../options.js";
import { Output, type Environment } from "../io.js";
import { renderDiagnostic } from "../render.js";
import { testRunJson, testRunJunit, type CoverageShortfall, type TestRun } from "../test-report.js";

function percentage(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError("It must be a percentage from 0 to 100.");
  return n;
}

/** `steward test`. */
export const testCommand: CommandSpec = {
  name: "test",
  summary: "run scenario tests (*.test.stw), with rule, option and condition coverage",
  usage: "[options] [files|dirs...]",
  operands: [["[paths...]", "scenario files (*.test.stw) or directories to search (default: guidelines)"]],
  options: [
    new Option("--coverage", "report which rules, outcomes and condition branches the scenarios reach"),
    new Option("--min-coverage <percent>", "fail when a guideline's coverage is below this (a guideline with no scenario file has 0%)").argParser(percentage),
    new Option("--format <format>", "how to print the results").choices(["text", "json", "junit"]).default("text"),
    rootOption(),
    limitOption(),
  ],
  exitCodes: [
    [0, "every scenario passed (and coverage is at least the minimum)"],
    [1, "a scenario failed, coverage is below the minimum, the scenario files have errors, or none were found"],
    [2, "bad usage, or a path that does not exist"],
  ],
  example: "steward test --coverage --min-coverage 100 --format junit guidelines > scenarios.xml",
  run: (operands, options, environment) => {
    const paths = operands.length > 0 ? operands : ["guidelines"];
    const min = options["minCoverage"] as number | undefined;
    const files = collectFiles(paths, [".test.stw"]);
    const out = new Output();
    if (files.length === 0) {
      out.error("steward test: no scenario test files (*.test.stw) found");
      return out.done(1);
    }
    const access = accessFor(paths, options);
    const host = diskHost(environment.stdin, access);
    const { suites, diagnostics } = compileSuites(files, host, access);
    if (diagnostics.length > 0) {
      for (const d of diagnostics) out.error(`${renderDiagnostic(d, (f) => host.texts.get(f), environment.style.stderr)}\n`);
      out.error("steward test: the scenario files have errors");
      return out.done(1);
    }
    const progress = environment.progress();
    const results: SuiteResult[] = suites.map(({ suite, guideline }, i) => {
      progress.update(`test: ${i + 1}/${suites.length} files (${suite.file})`);
      return runSuite(suite, guideline);
    });
    progress.done();
    const report = options["coverage"] === true || min !== undefined ? coverage(results) : undefined;
    const run: TestRun = { results, coverage: report, minimum: min, shortfalls: min === undefined ? [] : shortfalls(report ?? [], min, paths, environment, access) };
    const format = options["format"] as "text" | "json" | "junit";
    if (format === "json") out.print(testRunJson(run));
    else if (format === "junit") out.print(testRunJunit(run));
    else printText(out, run, environment);
    const failed = results.some((s) => s.results.some((r) => !r.passed));
    return out.done(failed || run.shortfalls.length > 0 ? 1 : 0);
  },
};

function printText(out: Output, run: TestRun, environment: Environment): void {
  const style = environment.style.stdout;
  let passed = 0;
  let failed = 0;
  for (const suite of run.results) {
    out.print(style.bold(suite.suite.file));
    for (const r of suite.results) {
      if (r.passed) {
        passed++;
        out.print(`  ${style.green("✓")} ${r.scenario.name}`);
      } else {
        failed++;
        out.print(style.red(renderFailure(r).replace(/^/gm, "  ")));
      }
    }
  }
  const summary = `${passed + failed} scenarios: ${passed} passed, ${failed} failed`;
  out.print(`\n${failed > 0 ? style.red(summary) : style.green(summary)}`);
  if (run.coverage !== undefined) out.print(`\n${renderCoverage(run.coverage)}`);
  for (const s of run.shortfalls) out.print(style.red(s.reason));
}

/** Each guideline under `paths` whose coverage is below `min`, including those with no scenario file at all (0%). */
function shortfalls(report: NonNullable<TestRun["coverage"]>, min: number, paths: readonly string[], environment: Environment, access: RuleFileAccess): CoverageShortfall[] {
  const out: CoverageShortfall[] = [];
  const tested = new Set(report.map((g) => g.guideline));
  for (const { id, file } of guidelinesIn(paths, environment, access)) {
    if (tested.has(id) || min === 0) continue;
    out.push({ guideline: id, percent: 0, reason: `coverage of ${id} is 0.0%, below the minimum of ${min}%: ${file} has no scenario tests` });
  }
  for (const g of report) {
    const t = tally(g.items);
    if (t.percent + 1e-9 < min) out.push({ guideline: g.guideline, percent: t.percent, reason: `coverage of ${g.guideline} is ${t.percent.toFixed(1)}%, below the minimum of ${min}%` });
  }
  return out;
}

/** The guidelines declared in rule files (not test files) under `paths`, with the file each is in. */
function guidelinesIn(paths: readonly string[], environment: Environment, access: RuleFileAccess): { id: string; file: string }[] {
  const files = collectFiles(paths).filter((f) => !f.endsWith(".test.stw"));
  const program = loadProgram(files, diskHost(environment.stdin, access), access);
  return files.flatMap((file) => (program.files.get(file)?.ast.items ?? []).flatMap((item) => (item.kind === "guideline" ? [{ id: item.name.text, file }] : [])));
}
