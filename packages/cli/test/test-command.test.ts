import { cpSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { run } from "../src/run.js";
import { guidelinesDir, tempDir } from "./temp-dir.js";

// A copy of the committed guidelines (no test files), so scenario files can be written beside NG109;
// a scenario file named there is outside the working folder, so `--root` names the copy as the
// guideline folder, which NG109's imports of `../formulary.stw` and the others lie in.
const dir = tempDir();
cpSync(guidelinesDir, dir.path, { recursive: true, filter: (src) => statSync(src).isDirectory() || (src.endsWith(".stw") && !src.endsWith(".test.stw")) });
afterAll(() => dir.remove());

const ng109Dir = join(guidelinesDir, "ng109-lower-uti");

const failing = `tests "ng109.stw" at 2026-11-25T09:00:00Z

scenario "a man of 45 gets trimethoprim" {
  given {
    born 1981-05-20
    sex male
    diagnosis lower-uti
    egfr 88 mL/min/1.73m2 on 2026-10-01
    nothing else recorded
  }
  expect {
    fires men
    offers first choice trimethoprim
  }
}

scenario "a man of 45 gets fosfomycin" {
  given {
    born 1981-05-20
    sex male
    diagnosis lower-uti
    egfr 88 mL/min/1.73m2 on 2026-10-01
    nothing else recorded
  }
  expect {
    fires men
    offers first choice fosfomycin
  }
}
`;

describe("steward test", () => {
  test("the NG109 scenarios pass with 100% coverage, and --min-coverage 100 exits 0", async () => {
    const result = await run(["test", ng109Dir, "--coverage", "--min-coverage", "100"]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/\n(\d+) scenarios: \1 passed, 0 failed\n/);
    expect(result.stdout).toContain("coverage of ng109-lower-uti: 100.0%");
    expect(result.stdout).toContain("  rules     100.0%");
    expect(result.stdout).not.toContain("below the minimum");
    expect(result.exitCode).toBe(0);
  });

  test("every guideline under guidelines/ that has scenario files has 100% coverage", async () => {
    const result = await run(["test", guidelinesDir, "--min-coverage", "100"]);
    expect(result.stdout).not.toContain("below the minimum");
    expect(result.exitCode).toBe(0);
  });

  test("a failing expectation exits 1 and prints what was expected, what happened, and the trace", async () => {
    const file = dir.write("ng109-lower-uti/failing.test.stw", failing);
    const result = await run(["test", "--root", dir.path, file]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("  ✓ a man of 45 gets trimethoprim");
    expect(result.stdout).toContain("  ✗ a man of 45 gets fosfomycin");
    expect(result.stdout).toContain("line 27: offers first choice fosfomycin");
    expect(result.stdout).toContain("        expected: offers first choice fosfomycin\n");
    expect(result.stdout).toContain('        actual:   first choice trimethoprim "200 mg oral twice daily for 7 days"');
    expect(result.stdout).toContain("      trace:");
    expect(result.stdout).toContain("FIRED     men");
    expect(result.stdout).toContain("2 scenarios: 1 passed, 1 failed");
  });

  test("coverage below --min-coverage exits 1 and says by how much", async () => {
    const result = await run(["test", join(ng109Dir, "table-3-men.test.stw"), "--min-coverage", "90"]);
    expect(result.stdout).toMatch(/coverage of ng109-lower-uti is \d+\.\d%, below the minimum of 90%/);
    expect(result.stdout).toContain("not covered:");
    expect(result.exitCode).toBe(1);
  });

  test("a scenario line no phrase matches exits 1 with a diagnostic at that line", async () => {
    const file = dir.write("ng109-lower-uti/typo.test.stw", failing.replace("fires men\n    offers first choice fosfomycin", "fires men\n    prescribes fosfomycin"));
    const result = await run(["test", "--root", dir.path, file]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("check/unknown-scenario-line");
    expect(result.stderr).toContain(":27:");
    expect(result.stderr).toContain("the scenario files have errors");
  });

  test("--min-coverage above 100 is bad usage and exits 2", async () => {
    const result = await run(["test", ng109Dir, "--min-coverage", "101"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("steward test: option `--min-coverage <percent>` argument `101` is invalid. It must be a percentage from 0 to 100.");
    expect(result.stderr).toContain("Usage: steward test");
    expect(result.stdout).toBe("");
  });

  test("--min-coverage that is not a number is bad usage and exits 2", async () => {
    expect((await run(["test", ng109Dir, "--min-coverage", "most"])).exitCode).toBe(2);
  });

  test("an unknown option or a path that does not exist is bad usage and exits 2", async () => {
    expect((await run(["test", ng109Dir, "--colour"])).exitCode).toBe(2);
    const missing = await run(["test", join(dir.path, "no-such-dir")]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("no-such-dir");
  });

  test("with --min-coverage, a guideline in the folders given that has no scenario file at all counts as 0% and fails", async () => {
    const copy = tempDir();
    try {
      // Every guideline, but scenario files only for NG109.
      cpSync(guidelinesDir, copy.path, { recursive: true, filter: (src) => statSync(src).isDirectory() || (src.endsWith(".stw") && (!src.endsWith(".test.stw") || src.includes("ng109-lower-uti"))) });
      const result = await run(["test", copy.path, "--min-coverage", "100"]);
      expect(result.stdout).toContain("coverage of ng109-lower-uti: 100.0%");
      expect(result.stdout).toMatch(/coverage of coded-indication is 0\.0%, below the minimum of 100%: \S*coded-indication\.stw has no scenario tests/);
      expect(result.stdout).toContain("coverage of start-smart-then-focus is 0.0%");
      expect(result.exitCode).toBe(1);
      // Without a minimum, untested guidelines are not an error.
      expect((await run(["test", copy.path])).exitCode).toBe(0);
    } finally {
      copy.remove();
    }
  });

  test("a directory without scenario files exits 1 and says so", async () => {
    const empty = tempDir();
    try {
      const result = await run(["test", empty.path]);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain("no scenario test files (*.test.stw) found");
    } finally {
      empty.remove();
    }
  });
});

describe("steward test --format json and junit, for CI", () => {
  const file = dir.write("ng109-lower-uti/reported.test.stw", failing.replace("a man of 45 gets fosfomycin", "a man of 45 gets fosfomycin <& 'quoted'>"));

  test("json: every scenario with its result, the failed expectation's expected and actual, and a summary", async () => {
    const result = await run(["test", "--root", dir.path, file, "--format", "json"]);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as {
      summary: unknown;
      suites: { file: string; guideline: string; scenarios: { name: string; passed: boolean; failures: { line: number; expectation: string; expected: string; actual: string }[] }[] }[];
    };
    expect(report.summary).toEqual({ scenarios: 2, passed: 1, failed: 1 });
    expect(report.suites).toHaveLength(1);
    expect(report.suites[0]!.guideline).toBe("ng109-lower-uti");
    expect(report.suites[0]!.scenarios.map((s) => s.passed)).toEqual([true, false]);
    expect(report.suites[0]!.scenarios[1]!.failures).toEqual([
      { line: 27, expectation: "offers first choice fosfomycin", expected: "offers first choice fosfomycin", actual: expect.stringContaining("first choice trimethoprim") },
    ]);
    expect(result.stdout).not.toContain("✓");
  });

  test("json with --min-coverage lists each guideline's coverage and those below the minimum", async () => {
    const result = await run(["test", join(ng109Dir, "table-3-men.test.stw"), "--min-coverage", "90", "--format", "json"]);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as { coverage: { guideline: string; percent: number }[]; minimumCoverage: number; belowMinimum: { guideline: string }[] };
    expect(report.minimumCoverage).toBe(90);
    expect(report.coverage.map((c) => c.guideline)).toEqual(["ng109-lower-uti"]);
    expect(report.coverage[0]!.percent).toBeLessThan(90);
    expect(report.belowMinimum.map((b) => b.guideline)).toEqual(["ng109-lower-uti"]);
  });

  test("junit: a test suite per file and a test case per scenario, the failure with its message, text escaped for XML", async () => {
    const result = await run(["test", "--root", dir.path, file, "--format", "junit"]);
    expect(result.exitCode).toBe(1);
    const xml = result.stdout;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="steward test" tests="2" failures="1" errors="0">')).toBe(true);
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toContain('name="a man of 45 gets fosfomycin &lt;&amp; &apos;quoted&apos;&gt;"');
    expect(xml).toContain('<failure message="line 27: offers first choice fosfomycin">');
    expect(xml).toContain("expected: offers first choice fosfomycin");
    expect(xml.trimEnd().endsWith("</testsuites>")).toBe(true);
    // Every element that opens closes: the document is well formed as far as nesting goes.
    const stack: string[] = [];
    for (const [, closing, name, selfClosing] of xml.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      if (selfClosing === "/") continue;
      if (closing === "/") expect(stack.pop()).toBe(name);
      else stack.push(name!);
    }
    expect(stack).toEqual([]);
  });

  test("junit with --min-coverage adds a coverage test case per guideline, failed when below the minimum", async () => {
    const result = await run(["test", join(ng109Dir, "table-3-men.test.stw"), "--min-coverage", "90", "--format", "junit"]);
    expect(result.stdout).toContain('<testsuite name="coverage" tests="1" failures="1" errors="0">');
    expect(result.stdout).toMatch(/<testcase classname="coverage" name="ng109-lower-uti is at least 90% covered">\n {6}<failure message="coverage of ng109-lower-uti is \d+\.\d%, below the minimum of 90%"\/>/);
  });
});
