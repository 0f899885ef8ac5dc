/** The `steward` command as a user runs it: a real process started through pnpm from the repository root. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, test } from "vitest";

const repoRoot = resolve(import.meta.dirname, "..");
const scratch = mkdtempSync(join(tmpdir(), "steward-e2e-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function steward(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("pnpm", ["-s", "steward", ...args], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("pnpm steward check", () => {
  test("the committed guidelines check cleanly with exit 0", () => {
    const result = steward("check", "guidelines/");
    expect(result.stdout).toContain("0 errors, 0 warnings");
    expect(result.status).toBe(0);
  }, 60_000);

  test("a file with a mistake exits 1 and prints the source line with a caret under it", () => {
    const file = join(scratch, "renal.stw");
    writeFileSync(
      file,
      `guideline renal {
  title "Renal"
  version 1.0.0
  status draft
  settings primary-care
  owner "AMS"
  approved 2025-01-31
  review-by 2027-01-31
}

source nice {
  title "NICE"
}

observation egfr "eGFR" {
  unit mL/min/1.73m2
  loinc 33914-3 "eGFR (MDRD)"
}

rule renal-function {
  cite nice "1.1"
  when egfr >= 45 mgs
  strategy immediate
}
`,
    );
    const result = steward("check", file);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("error[parse/unknown-unit]");
    expect(result.stdout).toContain([`  --> ${file}:22:19`, "   |", "22 |   when egfr >= 45 mgs", "   |                   ^^^"].join("\n"));
    expect(result.stdout).toContain("did you mean `mg`?");
    expect(result.stdout).toContain("1 file checked: 1 error, 0 warnings");
  }, 60_000);
});
