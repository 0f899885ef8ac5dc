/** The README's main command, run the way a user runs it: through pnpm, from the repository root. */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";

const repoRoot = resolve(import.meta.dirname, "..");
const patientFiles = readdirSync(join(repoRoot, "examples/patients")).filter((f) => f.endsWith(".json")).sort();

describe("pnpm -s steward eval --guidelines guidelines --patient examples/patients --now 2026-11-25T09:00:00Z", () => {
  test("exits 0 and prints a decision for each example patient", () => {
    const result = spawnSync("pnpm", ["-s", "steward", "eval", "--guidelines", "guidelines", "--patient", "examples/patients", "--now", "2026-11-25T09:00:00Z"], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.error).toBeUndefined();
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const headers = result.stdout.match(/^Patient: .*$/gm) ?? [];
    expect(patientFiles.length).toBeGreaterThan(0);
    expect(headers).toEqual(patientFiles.map((f) => `Patient: examples/patients/${f}`));
    expect(result.stdout.match(/^Evaluated at 2026-11-25T09:00:00Z$/gm)).toHaveLength(patientFiles.length);
  }, 60_000);
});
