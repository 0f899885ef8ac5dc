import { cpSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { run } from "../src/run.js";
import { guidelinesDir, tempDir } from "./temp-dir.js";

// A copy of the committed guidelines (no test files), so scenario files can be written beside NG109.
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
  test("the NG109 scenarios pass with 100% coverage, and --min-coverage 100 exits 0", () => {
    const result = run(["test", ng109Dir, "--coverage", "--min-coverage", "100"]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/\n(\d+) scenarios: \1 passed, 0 failed\n/);
    expect(result.stdout).toContain("coverage of ng109-lower-uti: 100.0%");
    expect(result.stdout).toContain("  rules     100.0%");
    expect(result.stdout).not.toContain("below the minimum");
    expect(result.exitCode).toBe(0);
  });

  test("every guideline under guidelines/ that has scenario files has 100% coverage", () => {
    const result = run(["test", guidelinesDir, "--min-coverage", "100"]);
    expect(result.stdout).not.toContain("below the minimum");
    expect(result.exitCode).toBe(0);
  });

  test("a failing expectation exits 1 and prints what was expected, what happened, and the trace", () => {
    const file = dir.write("ng109-lower-uti/failing.test.stw", failing);
    const result = run(["test", file]);
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

  test("coverage below --min-coverage exits 1 and says by how much", () => {
    const result = run(["test", join(ng109Dir, "table-3-men.test.stw"), "--min-coverage", "90"]);
    expect(result.stdout).toMatch(/coverage of ng109-lower-uti is \d+\.\d%, below the minimum of 90%/);
    expect(result.stdout).toContain("not covered:");
    expect(result.exitCode).toBe(1);
  });

  test("a scenario line no phrase matches exits 1 with a diagnostic at that line", () => {
    const file = dir.write("ng109-lower-uti/typo.test.stw", failing.replace("fires men\n    offers first choice fosfomycin", "fires men\n    prescribes fosfomycin"));
    const result = run(["test", file]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("check/unknown-scenario-line");
    expect(result.stderr).toContain(":27:");
    expect(result.stderr).toContain("the scenario files have errors");
  });

  test("--min-coverage above 100 is bad usage and exits 2", () => {
    const result = run(["test", ng109Dir, "--min-coverage", "101"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("--min-coverage takes a percentage from 0 to 100");
    expect(result.stderr).toContain("usage: steward test");
    expect(result.stdout).toBe("");
  });

  test("--min-coverage that is not a number is bad usage and exits 2", () => {
    expect(run(["test", ng109Dir, "--min-coverage", "most"]).exitCode).toBe(2);
  });

  test("an unknown option or a path that does not exist is bad usage and exits 2", () => {
    expect(run(["test", ng109Dir, "--colour"]).exitCode).toBe(2);
    const missing = run(["test", join(dir.path, "no-such-dir")]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("no-such-dir");
  });

  test("with --min-coverage, a guideline in the folders given that has no scenario file at all counts as 0% and fails", () => {
    const copy = tempDir();
    try {
      // Every guideline, but scenario files only for NG109.
      cpSync(guidelinesDir, copy.path, { recursive: true, filter: (src) => statSync(src).isDirectory() || (src.endsWith(".stw") && (!src.endsWith(".test.stw") || src.includes("ng109-lower-uti"))) });
      const result = run(["test", copy.path, "--min-coverage", "100"]);
      expect(result.stdout).toContain("coverage of ng109-lower-uti: 100.0%");
      expect(result.stdout).toMatch(/coverage of coded-indication is 0\.0%, below the minimum of 100%: \S*coded-indication\.stw has no scenario tests/);
      expect(result.stdout).toContain("coverage of start-smart-then-focus is 0.0%");
      expect(result.exitCode).toBe(1);
      // Without a minimum, untested guidelines are not an error.
      expect(run(["test", copy.path]).exitCode).toBe(0);
    } finally {
      copy.remove();
    }
  });

  test("a directory without scenario files exits 1 and says so", () => {
    const empty = tempDir();
    try {
      const result = run(["test", empty.path]);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain("no scenario test files (*.test.stw) found");
    } finally {
      empty.remove();
    }
  });
});
