import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { run } from "../src/run.js";
import { guidelineWithErrors, repoRoot, tempDir, validGuideline } from "./temp-dir.js";

const fixture = join(repoRoot, "packages/testing/test/fixtures/broken-uti.stw");
const fixtureText = readFileSync(fixture, "utf8");
const dir = tempDir();
afterAll(() => dir.remove());

const copy = dir.write("copy.stw", fixtureText);
const lowered = dir.write("lowered.stw", fixtureText.replace("    only if egfr >= 45 mL/min/1.73m2", "    only if egfr >= 30 mL/min/1.73m2"));

describe("steward diff", () => {
  test("two identical versions exit 0 and report no changes", async () => {
    const result = await run(["diff", fixture, copy]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^broken-uti 0\.1\.0 → broken-uti 0\.1\.0: 0 kinds of patient get a different decision \(\d+ patient regions compared\)\n$/);
    expect(result.exitCode).toBe(0);
  });

  test("a changed threshold exits 1 and lists the decisions before and after, with a witness", async () => {
    expect(lowered).not.toBe(copy);
    const result = await run(["diff", fixture, lowered]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/: [1-9]\d* kinds? of patient get a different decision/);
    expect(result.stdout).toContain("   - excludes nitrofurantoin (first choice)");
    expect(result.stdout).toContain("   + offers first choice nitrofurantoin: 100 mg modified-release oral twice daily for 3 days");
    expect(result.stdout).toContain("   witness: ");
  });

  test("--format json prints the changes as data", async () => {
    const result = await run(["diff", fixture, lowered, "--format", "json"]);
    expect(result.exitCode).toBe(1);
    const diff = JSON.parse(result.stdout) as { changes: { before: string[]; after: string[] }[] };
    expect(diff.changes.length).toBeGreaterThan(0);
    expect(diff.changes.every((c) => [...c.before, ...c.after].some((l) => l.includes("nitrofurantoin")))).toBe(true);
  });

  test("a version with errors exits 1 and names the file", async () => {
    const broken = dir.write("errors.stw", guidelineWithErrors);
    const result = await run(["diff", fixture, broken]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("error[check/unit-dimension]");
    expect(result.stderr).toContain(`\`${broken}\` has errors`);
  });

  test("anything but two readable files of one guideline each is bad usage and exits 2", async () => {
    const twoGuidelines = tempDir();
    twoGuidelines.write("a.stw", fixtureText);
    twoGuidelines.write("b.stw", validGuideline);
    try {
      for (const args of [["diff"], ["diff", fixture], ["diff", fixture, copy, lowered], ["diff", fixture, join(dir.path, "no-such-file.stw")], ["diff", fixture, copy, "--format", "xml"], ["diff", twoGuidelines.path, copy]]) {
        const result = await run(args);
        expect(result.exitCode, args.join(" ")).toBe(2);
        expect(result.stderr).toContain("Usage: steward diff");
      }
    } finally {
      twoGuidelines.remove();
    }
  });
});
