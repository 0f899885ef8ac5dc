import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { run } from "../src/run.js";
import { guidelinesDir, guidelineWithErrors, repoRoot, tempDir } from "./temp-dir.js";

const fixture = join(repoRoot, "packages/testing/test/fixtures/broken-uti.stw");
const dir = tempDir();
afterAll(() => dir.remove());

describe("steward analyze", () => {
  test("the broken fixture exits 1 and prints each finding with a witness scenario", () => {
    const result = run(["analyze", fixture]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("analysis of broken-uti: 5 findings");
    expect(result.stdout).toContain("CONFLICT (exact): rules women and older-women both apply");
    expect(result.stdout).toContain("GAP (exact): a patient with diagnosis in lower-uti (sex male) gets no recommendation");
    expect(result.stdout).toContain("THRESHOLD-GAP (exact): egfr 44.5 mL/min/1.73m2 falls between the guideline's thresholds");
    expect(result.stdout).toContain("UNREACHABLE (exact): rule teenagers can never fire");
    expect(result.stdout).toContain("SHADOWED (exact): rule women-over-30 is shadowed by women");
    expect(result.stdout.match(/ {2}as a scenario:\n {4}scenario "/g)).toHaveLength(4);
  }, 30_000);

  test("two guidelines that tell one patient to change and to continue one course exit 1, with the contradiction and its witness", () => {
    const fixtures = join(repoRoot, "packages/testing/test/fixtures/contradiction");
    const result = run(["analyze", fixtures]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("analysis of hospital-review: 0 findings");
    expect(result.stdout).toContain("analysis across guidelines: 1 contradiction (hospital-review and uti-culture compared");
    expect(result.stdout).toContain("CONTRADICTION: for order course-1, hospital-review recommends change");
    expect(result.stdout).toContain('    scenario "contradiction: hospital-review, uti-culture" {');
    const json = JSON.parse(run(["analyze", fixtures, "--format", "json"]).stdout) as { across: { findings: { guidelines: string[] }[] } };
    expect(json.across.findings.map((f) => f.guidelines)).toEqual([["hospital-review", "uti-culture"]]);
  });

  // NG109 with the hospital guidelines: the primary-care guidelines' analyses take many minutes each (millions of regions), so they are run by `steward analyze`, not in the suite.
  test("the committed hospital guidelines and NG109 have no findings, no two contradict each other, and exit 0", () => {
    const files = ["coded-indication", "iv-to-oral-switch", "ng109-lower-uti", "restricted-antimicrobials", "start-smart-then-focus"].map((d) => join(guidelinesDir, d, `${d === "ng109-lower-uti" ? "ng109" : d}.stw`));
    const result = run(["analyze", ...files]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("analysis of ng109-lower-uti: 0 findings");
    expect(result.stdout).toContain("analysis across guidelines: 0 contradictions (iv-to-oral-switch and ng109-lower-uti; iv-to-oral-switch and start-smart-then-focus; ng109-lower-uti and start-smart-then-focus compared");
    expect(result.stdout).not.toMatch(/: [1-9]\d* findings?\n/);
    expect(result.exitCode).toBe(0);
  }, 300_000);

  test("--format json prints the findings as data", () => {
    const result = run(["analyze", fixture, "--format", "json"]);
    expect(result.exitCode).toBe(1);
    const { analyses } = JSON.parse(result.stdout) as { analyses: { guideline: string; findings: { kind: string }[] }[] };
    expect(analyses.map((a) => a.guideline)).toEqual(["broken-uti"]);
    expect(analyses[0]!.findings.map((f) => f.kind)).toEqual(["conflict", "gap", "threshold-gap", "unreachable", "shadowed"]);
  });

  test("a guideline with errors exits 1 and shows the errors instead of analysing", () => {
    const file = dir.write("errors.stw", guidelineWithErrors);
    const result = run(["analyze", file]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("error[check/unit-dimension]");
    expect(result.stderr).toContain("fix the errors before analysing");
    expect(result.stdout).toBe("");
  });

  test("no path, an unknown format, a missing path or a folder without guidelines is bad usage and exits 2", () => {
    for (const args of [["analyze"], ["analyze", fixture, "--format", "xml"], ["analyze", join(dir.path, "no-such-file.stw")], ["analyze", dir.write("empty.stw", "")]]) {
      const result = run(args);
      expect(result.exitCode, args.join(" ")).toBe(2);
      expect(result.stderr).toContain("Usage: steward analyze");
    }
  });
});
