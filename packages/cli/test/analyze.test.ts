import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { run } from "../src/run.js";
import { guidelinesDir, guidelineWithErrors, repoRoot, tempDir } from "./temp-dir.js";

const fixture = join(repoRoot, "packages/testing/test/fixtures/broken-uti.stw");
const dir = tempDir();
afterAll(() => dir.remove());

describe("steward analyze", () => {
  test("the broken fixture exits 1 and prints each finding with a witness scenario", async () => {
    const result = await run(["analyze", fixture]);
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

  test("the committed guidelines have no findings and exit 0", async () => {
    const result = await run(["analyze", guidelinesDir]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("analysis of ng109-lower-uti: 0 findings");
    expect(result.stdout).not.toMatch(/: [1-9]\d* findings?\n/);
    expect(result.exitCode).toBe(0);
  }, 30_000);

  test("--format json prints the findings as data", async () => {
    const result = await run(["analyze", fixture, "--format", "json"]);
    expect(result.exitCode).toBe(1);
    const { analyses } = JSON.parse(result.stdout) as { analyses: { guideline: string; findings: { kind: string }[] }[] };
    expect(analyses.map((a) => a.guideline)).toEqual(["broken-uti"]);
    expect(analyses[0]!.findings.map((f) => f.kind)).toEqual(["conflict", "gap", "threshold-gap", "unreachable", "shadowed"]);
  });

  test("a guideline with errors exits 1 and shows the errors instead of analysing", async () => {
    const file = dir.write("errors.stw", guidelineWithErrors);
    const result = await run(["analyze", file]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("error[check/unit-dimension]");
    expect(result.stderr).toContain("fix the errors before analysing");
    expect(result.stdout).toBe("");
  });

  test("no path, an unknown format, a missing path or a folder without guidelines is bad usage and exits 2", async () => {
    for (const args of [["analyze"], ["analyze", fixture, "--format", "xml"], ["analyze", join(dir.path, "no-such-file.stw")], ["analyze", dir.write("empty.stw", "")]]) {
      const result = await run(args);
      expect(result.exitCode, args.join(" ")).toBe(2);
      expect(result.stderr).toContain("Usage: steward analyze");
    }
  });
});
