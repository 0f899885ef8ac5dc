/** `steward test` results for machines: JSON, and JUnit XML as CI systems read it. */
import type { GuidelineCoverage, SuiteResult } from "@steward/testing";
import { renderFailure, tally } from "@steward/testing";

/** A guideline whose coverage is below the minimum asked for. */
export interface CoverageShortfall {
  readonly guideline: string;
  readonly percent: number;
  /** Why, in words, e.g. that the guideline has no scenario file. */
  readonly reason: string;
}

/** Everything a test run found. */
export interface TestRun {
  readonly results: readonly SuiteResult[];
  readonly coverage: readonly GuidelineCoverage[] | undefined;
  readonly minimum: number | undefined;
  readonly shortfalls: readonly CoverageShortfall[];
}

function counts(run: TestRun): { scenarios: number; passed: number; failed: number } {
  const all = run.results.flatMap((s) => s.results);
  const passed = all.filter((r) => r.passed).length;
  return { scenarios: all.length, passed, failed: all.length - passed };
}

/** The run as one JSON document. */
export function testRunJson(run: TestRun): string {
  const suites = run.results.map((s) => ({
    file: s.suite.file,
    guideline: s.guideline.guideline.id,
    scenarios: s.results.map((r) => ({
      name: r.scenario.name,
      line: r.scenario.span.line,
      passed: r.passed,
      failures: r.failures.map((f) => ({ line: f.expectation.span.line, expectation: f.expectation.text, expected: f.expected, actual: f.actual })),
      errors: r.errors,
    })),
  }));
  const coverage = run.coverage?.map((g) => ({ guideline: g.guideline, ...tally(g.items), notCovered: g.items.filter((i) => !i.covered).map((i) => i.description) }));
  return JSON.stringify({ summary: counts(run), suites, ...(coverage === undefined ? {} : { coverage }), ...(run.minimum === undefined ? {} : { minimumCoverage: run.minimum, belowMinimum: run.shortfalls }) }, null, 2);
}

const escapes: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text safe inside an XML attribute or element; characters XML 1.0 cannot hold are dropped. */
function xml(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "").replace(/[&<>"']/g, (c) => escapes[c]!);
}

/** The run as JUnit XML: a test suite per scenario file, a test case per scenario, and one for each coverage minimum. */
export function testRunJunit(run: TestRun): string {
  const total = counts(run);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const coverageCases = run.minimum === undefined ? [] : (run.coverage ?? []).map((g) => g.guideline);
  const missing = run.shortfalls.filter((s) => !coverageCases.includes(s.guideline)).map((s) => s.guideline);
  const coverageTests = coverageCases.length + missing.length;
  const failures = total.failed + run.shortfalls.length;
  lines.push(`<testsuites name="steward test" tests="${total.scenarios + coverageTests}" failures="${failures}" errors="0">`);
  for (const s of run.results) {
    const failed = s.results.filter((r) => !r.passed).length;
    lines.push(`  <testsuite name="${xml(s.suite.file)}" tests="${s.results.length}" failures="${failed}" errors="0">`);
    for (const r of s.results) {
      const open = `    <testcase classname="${xml(s.suite.file)}" name="${xml(r.scenario.name)}" file="${xml(r.scenario.span.file)}" line="${r.scenario.span.line}"`;
      if (r.passed) {
        lines.push(`${open}/>`);
        continue;
      }
      const first = r.failures[0];
      const message = first === undefined ? (r.errors[0]?.message ?? "failed") : `line ${first.expectation.span.line}: ${first.expectation.text}`;
      lines.push(`${open}>`, `      <failure message="${xml(message)}">${xml(renderFailure(r))}</failure>`, "    </testcase>");
    }
    lines.push("  </testsuite>");
  }
  if (coverageTests > 0) {
    lines.push(`  <testsuite name="coverage" tests="${coverageTests}" failures="${run.shortfalls.length}" errors="0">`);
    for (const guideline of [...coverageCases, ...missing]) {
      const open = `    <testcase classname="coverage" name="${xml(`${guideline} is at least ${run.minimum}% covered`)}"`;
      const shortfall = run.shortfalls.find((x) => x.guideline === guideline);
      if (shortfall === undefined) lines.push(`${open}/>`);
      else lines.push(`${open}>`, `      <failure message="${xml(shortfall.reason)}"/>`, "    </testcase>");
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return lines.join("\n");
}
