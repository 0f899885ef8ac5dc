import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { IR_VERSION } from "@steward/core";
import { afterAll, describe, expect, test } from "vitest";
import { plainEnvironment } from "../src/io.js";
import { run } from "../src/run.js";
import { guidelinesDir, guidelineWithErrors, repoRoot, tempDir, validGuideline } from "./temp-dir.js";

const NOW = "2026-11-25T09:00:00Z";
const ng109 = join(guidelinesDir, "ng109-lower-uti", "ng109.stw");
const patient = join(repoRoot, "examples/patients/01-woman-30-cystitis-egfr-80.json");
const withStdin = (text: string) => plainEnvironment({ stdin: () => text });

const dir = tempDir();
afterAll(() => dir.remove());
const irFile = join(dir.path, "ng109.ir.json");
const compiled = await run(["compile", ng109, "-o", irFile]);

describe("a path given as - reads standard input", () => {
  test("check - reports problems in the text on standard input, named <stdin>", async () => {
    const result = await run(["check", "-"], withStdin(guidelineWithErrors));
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("  --> <stdin>:27:");
    expect(result.stdout).toContain("1 file checked: 1 error, 1 warning");
  });

  test("fmt - writes the formatted text to standard output and no file", async () => {
    const messy = validGuideline.replace("rule renal {", "rule   renal   {");
    const result = await run(["fmt", "-"], withStdin(messy));
    expect(result).toEqual({ exitCode: 0, stdout: validGuideline, stderr: "" });
    expect(await run(["fmt", "--check", "-"], withStdin(messy))).toMatchObject({ exitCode: 1, stdout: "<stdin>: not formatted\n1 file: 1 to format, 0 with syntax errors\n" });
  });

  test("compile - compiles the guideline on standard input, reading its imports relative to the working directory", async () => {
    const text = readFileSync(ng109, "utf8").replaceAll('import "../', 'import "guidelines/');
    const result = await run(["compile", "-"], withStdin(text));
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(readFileSync(irFile, "utf8")));
  });

  test("eval --patient - evaluates the patient context on standard input", async () => {
    const fromFile = await run(["eval", "--guidelines", guidelinesDir, "--patient", patient, "--now", NOW, "--format", "json"]);
    const fromStdin = await run(["eval", "--guidelines", guidelinesDir, "--patient", "-", "--now", NOW, "--format", "json"], withStdin(readFileSync(patient, "utf8")));
    expect(fromStdin.exitCode).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  test("a bad patient on standard input is named <stdin>", async () => {
    const result = await run(["eval", "--guidelines", irFile, "--patient", "-", "--now", NOW], withStdin('{"setting": "primary-care"}'));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("<stdin>: error[eval/invalid-context]: /: missing required field `patient`");
  });

  test("only one of --guidelines and --patient can read standard input", async () => {
    const result = await run(["eval", "--guidelines", "-", "--patient", "-"], withStdin("{}"));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("only one of --guidelines and --patient can read standard input");
  });
});

describe("eval and explain take compiled guidelines (the IR steward compile writes)", () => {
  test("an IR file gives the same decision as the rule files it was compiled from", async () => {
    expect(compiled.exitCode).toBe(0);
    const fromRules = await run(["eval", "--guidelines", ng109, "--patient", patient, "--now", NOW, "--format", "json"]);
    const fromIr = await run(["eval", "--guidelines", irFile, "--patient", patient, "--now", NOW, "--format", "json"]);
    expect(fromIr.stderr).toBe("");
    expect(fromIr.exitCode).toBe(0);
    expect(fromIr.stdout).toBe(fromRules.stdout);
    expect(JSON.parse(fromIr.stdout).treatments.length).toBeGreaterThan(0);
  });

  test("a directory's *.ir.json files are read, and --guidelines may be given more than once", async () => {
    const both = await run(["explain", "--guidelines", dir.path, "--guidelines", join(guidelinesDir, "coded-indication"), "--patient", patient, "--now", NOW]);
    expect(both.exitCode).toBe(0);
    expect(both.stdout).toContain("ng109-lower-uti");
    expect(both.stdout).toContain("coded-indication");
  });

  test("--guidelines - reads one compiled guideline from standard input", async () => {
    const result = await run(["eval", "--guidelines", "-", "--patient", patient, "--now", NOW], withStdin(readFileSync(irFile, "utf8")));
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Nitrofurantoin 100 mg modified-release oral twice daily for 3 days");
  });

  test("IR of another version is refused, naming the file and saying to recompile", async () => {
    const other = join(dir.path, "other-version.json");
    writeFileSync(other, JSON.stringify({ ...JSON.parse(readFileSync(irFile, "utf8")), irVersion: IR_VERSION + 1 }));
    const result = await run(["eval", "--guidelines", other, "--patient", patient, "--now", NOW]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`${other}: error[eval/invalid-guideline]: guideline 0: IR version \`${IR_VERSION + 1}\` is not supported`);
    expect(result.stderr).toContain("recompile it");
    expect(result.stderr).toContain("a compiled guideline cannot be used; compile it again with this version's `steward compile`");
  });

  test("the same guideline given as rule file and as IR is refused: a guideline is given once", async () => {
    const result = await run(["eval", "--guidelines", irFile, "--guidelines", ng109, "--patient", patient, "--now", NOW]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("guideline `ng109-lower-uti` is given twice");
  });

  test("a compiled guideline that is not JSON is refused with its line and column", async () => {
    const broken = join(dir.path, "broken.json");
    writeFileSync(broken, '{"irVersion": 1,\n');
    const result = await run(["eval", "--guidelines", broken, "--patient", patient, "--now", NOW]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${broken}: error[json/invalid-json]: the compiled guideline is not valid JSON at line 2, column 1`);
  });
});
