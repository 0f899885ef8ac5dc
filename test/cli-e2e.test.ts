/** The `steward` command as a user runs it: a real process started through pnpm from the repository root. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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

describe("the steward process and its terminal", () => {
  const shell = (command: string, env: NodeJS.ProcessEnv = {}) => spawnSync("bash", ["-c", command], { cwd: repoRoot, encoding: "utf8", timeout: 90_000, env: { ...process.env, NO_COLOR: "", ...env } });
  // util-linux `script` runs a command with a pseudo-terminal as its standard output and error.
  const hasScript = existsSync("/usr/bin/script");
  const inTerminal = (command: string, env: NodeJS.ProcessEnv = {}) => shell(`script -qec ${JSON.stringify(command)} /dev/null`, env);
  const ansi = /\u001b\[\d+m/;
  const broken = join(scratch, "broken.stw");
  writeFileSync(broken, 'guideline broken {\n  title "Broken"\n}\n\nrule r {\n  when egfr >= 45 mgs\n}\n');

  test("a reader that stops early (compile … | head) ends it quietly: no EPIPE, no stack trace, exit 0", () => {
    const result = shell("set -o pipefail; pnpm -s steward compile guidelines/ng109-lower-uti/ng109.stw | head -c 200 > /dev/null");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  }, 90_000);

  test("output to a pipe has no colour and no progress line", () => {
    const checked = shell(`pnpm -s steward check ${broken}`);
    expect(checked.status).toBe(1);
    expect(checked.stdout).toContain("error[");
    expect(checked.stdout).not.toMatch(ansi);
    const tested = shell("pnpm -s steward test guidelines/ng109-lower-uti");
    expect(tested.stderr).toBe("");
  }, 90_000);

  test.skipIf(!hasScript)("a terminal gets colour unless NO_COLOR is set (needs util-linux script)", () => {
    expect(inTerminal(`pnpm -s steward check ${broken}`).stdout).toMatch(ansi);
    const withoutColour = inTerminal(`pnpm -s steward check ${broken}`, { NO_COLOR: "1" });
    expect(withoutColour.stdout).toContain("error[");
    expect(withoutColour.stdout).not.toMatch(ansi);
  }, 90_000);

  test.skipIf(!hasScript)("a terminal sees progress while scenario tests run, cleared before the results (needs util-linux script)", () => {
    const result = inTerminal("pnpm -s steward test guidelines/ng109-lower-uti 2>&1");
    expect(result.stdout).toMatch(/\r\u001b\[2Ktest: 1\/\d+ files/);
    expect(result.stdout).toContain("scenarios: ");
  }, 90_000);
});
