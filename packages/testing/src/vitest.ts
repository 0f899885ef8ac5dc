/**
 * Runs scenario test files inside a vitest (or any `describe`/`test`) suite: one test per scenario,
 * failing with the same expected-against-actual report and trace that `steward test` prints.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { compileSuites, renderFailure } from "./suites.js";
import { runSuite } from "./run-scenarios.js";

/** The `describe` and `test` functions of the host test runner. */
export interface TestRunner {
  /** Groups tests under a name (vitest's `describe`). */
  readonly describe: (name: string, body: () => void) => void;
  /** Registers one test (vitest's `test`). */
  readonly test: (name: string, body: () => void) => void;
}

function testFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? testFiles(join(path, e.name)) : e.name.endsWith(".test.stw") ? [join(path, e.name)] : []));
}

/** Registers one test per scenario of every `*.test.stw` file under `paths`. */
export function defineScenarioTests(runner: TestRunner, ...paths: string[]): void {
  const files = paths.flatMap(testFiles);
  const host = {
    read: (p: string): string | undefined => {
      try {
        return readFileSync(p, "utf8");
      } catch {
        return undefined;
      }
    },
  };
  const { suites, diagnostics } = compileSuites(files, host);
  if (diagnostics.length > 0) {
    runner.test("scenario files compile", () => {
      throw new Error(diagnostics.map((d) => `${d.span ? `${d.span.file}:${d.span.line}:${d.span.column} ` : ""}${d.code}: ${d.message}`).join("\n"));
    });
    return;
  }
  for (const { suite, guideline } of suites) {
    runner.describe(suite.file, () => {
      const result = runSuite(suite, guideline);
      for (const r of result.results) {
        runner.test(r.scenario.name, () => {
          if (!r.passed) throw new Error(renderFailure(r));
        });
      }
    });
  }
}
