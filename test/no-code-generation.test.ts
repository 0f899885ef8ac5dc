/**
 * A page with a Content-Security-Policy without 'unsafe-eval' forbids generating code from strings,
 * and reports each attempt even when the library catches the error. Loading and running the
 * evaluator must never try. (The browser example's test checks the same in Chromium.)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { compileText } from "@steward/dsl";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, test } from "vitest";

const repoRoot = resolve(import.meta.dirname, "..");
const scratch = mkdtempSync(join(tmpdir(), "steward-no-codegen-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("@steward/core and @steward/json", () => {
  test("load, validate, evaluate and explain without generating code from strings", () => {
    const file = join(repoRoot, "guidelines/ng109-lower-uti/ng109.stw");
    const ir = compileText(readFileSync(file, "utf8"), file, { read: (path) => readFileSync(path, "utf8") });
    if (ir._tag === "Left") throw new Error("NG109 does not compile");
    const irFile = join(scratch, "ng109.ir.json");
    writeFileSync(irFile, JSON.stringify(ir.right));
    const patients = readdirSync(join(repoRoot, "examples/patients")).filter((f) => f.endsWith(".json")).map((f) => join(repoRoot, "examples/patients", f));
    const probe = join(repoRoot, "test/support/code-generation-probe.ts");
    const result = spawnSync(process.execPath, ["--disallow-code-generation-from-strings", "--conditions=@steward/source", "--import", "tsx", probe, irFile, ...patients], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const { attempts, decisions } = JSON.parse(result.stdout) as { attempts: string[]; decisions: number };
    expect(attempts).toEqual([]);
    expect(decisions).toBeGreaterThan(10);
  }, 60_000);
});
