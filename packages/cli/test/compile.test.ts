import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, describe, expect, test } from "vitest";
import { run } from "../src/run.js";
import { guidelinesDir, guidelineWithErrors, repoRoot, tempDir } from "./temp-dir.js";

const ng109 = join(guidelinesDir, "ng109-lower-uti", "ng109.stw");
const schema = JSON.parse(readFileSync(join(repoRoot, "packages/core/schemas/ir.schema.json"), "utf8")) as object;

const dir = tempDir();
afterAll(() => dir.remove());

describe("steward compile", () => {
  test("-o writes IR that the committed JSON Schema accepts", async () => {
    const out = join(dir.path, "ng109.json");
    const result = await run(["compile", ng109, "-o", out]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("");
    const ir = JSON.parse(readFileSync(out, "utf8")) as { guideline: { id: string }; rules: unknown[] };
    expect(ir.guideline.id).toBe("ng109-lower-uti");
    expect(ir.rules.length).toBeGreaterThan(0);

    const validate = new Ajv2020({ allErrors: true }).compile(schema);
    expect(validate(ir), JSON.stringify(validate.errors)).toBe(true);
    // The schema is not vacuous: IR without its rules is rejected.
    expect(validate({ ...ir, rules: undefined })).toBe(false);
  });

  test("compiling the same guideline twice writes byte-identical files", async () => {
    const first = join(dir.path, "first.json");
    const second = join(dir.path, "second.json");
    expect((await run(["compile", ng109, "-o", first])).exitCode).toBe(0);
    expect((await run(["compile", ng109, "-o", second])).exitCode).toBe(0);
    expect(readFileSync(second).equals(readFileSync(first))).toBe(true);
  });

  test("a file with errors exits 1, shows the error and writes nothing", async () => {
    const file = dir.write("renal.stw", guidelineWithErrors);
    const out = join(dir.path, "renal.json");
    const result = await run(["compile", file, "-o", out]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("error[check/unit-dimension]");
    expect(result.stderr).toContain(`${file}: not compiled`);
    expect(existsSync(out)).toBe(false);
  });

  test("compile with no file exits 2 with its usage", async () => {
    const result = await run(["compile"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("Usage: steward compile");
  });
});
