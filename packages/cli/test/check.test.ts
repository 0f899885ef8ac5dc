import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { run } from "../src/run.js";
import { guidelinesDir, guidelineWithErrors, repoRoot, tempDir, validGuideline } from "./temp-dir.js";

const dir = tempDir();
afterAll(() => dir.remove());

describe("steward check", () => {
  test("the committed guidelines check with exit 0 and no errors", async () => {
    const result = await run(["check", guidelinesDir]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("0 errors, 0 warnings");
    expect(result.exitCode).toBe(0);
  });

  test("a file with an error exits 1 and shows the source line with a caret under the mistake", async () => {
    const file = dir.write("renal.stw", guidelineWithErrors);
    const result = await run(["check", file]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("error[check/unit-dimension]: ");
    expect(result.stdout).toContain(
      [
        `  --> ${file}:27:16`,
        "   |",
        "27 |   when egfr >= 45 mg",
        "   |                ^^^^^",
      ].join("\n"),
    );
    expect(result.stdout).toContain("1 file checked: 1 error, 1 warning");
  });

  test("a code list with `<<` reads its expansion file beside the rule file, and a missing one is shown at its name", async () => {
    const sub = tempDir();
    try {
      const list = `\ncodes uti-any {\n  expansion "terminology/uti.json"\n  snomed << 68566005 "Urinary tract infectious disease"\n}\n`;
      const file = sub.write("uti.stw", validGuideline + list);
      expect((await run(["check", file])).stdout).toContain("error[check/expansion-not-found]: cannot read the expansion file `terminology/uti.json`");
    } finally {
      sub.remove();
    }
    const withFile = tempDir();
    try {
      const file = withFile.write("uti.stw", `${validGuideline}\ncodes uti-any {\n  expansion "uti.json"\n  snomed << 68566005 "Urinary tract infectious disease"\n}\n`);
      withFile.write("uti.json", readFileSync(join(repoRoot, "test/fixtures/terminology/sample-uti-expansion.json"), "utf8"));
      const result = await run(["check", file]);
      expect(result.stdout).toContain("0 errors, 0 warnings");
      expect(result.exitCode).toBe(0);
    } finally {
      withFile.remove();
    }
  });

  test("a file with only a warning still exits 1", async () => {
    const file = dir.write("warning.stw", validGuideline.replace('loinc 33914-3 "eGFR (MDRD)"', 'loinc 33914-3 "eGFR (MDRD)"\n  loinc 33914-3 "eGFR again"'));
    const result = await run(["check", file]);
    expect(result.stdout).toContain("0 errors, 1 warning");
    expect(result.exitCode).toBe(1);
  });

  test("a clean temp file exits 0", async () => {
    const file = dir.write("clean.stw", validGuideline);
    expect(await run(["check", file])).toMatchObject({ exitCode: 0, stderr: "" });
  });

  test("a path that does not exist exits 2 and names the path", async () => {
    const missing = join(dir.path, "no-such-file.stw");
    const result = await run(["check", missing]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(missing);
    expect(result.stdout).toBe("");
  });

  test("check with no paths exits 2 with its usage", async () => {
    const result = await run(["check"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("Usage: steward check");
  });

  test("an unknown option exits 2 with its usage", async () => {
    const result = await run(["check", "--colour", guidelinesDir]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("Usage: steward check");
  });

  test("no command at all exits 2 and lists the commands", async () => {
    const result = await run([]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("Usage: steward [options] [command]");
  });

  test("--format json prints every diagnostic with code, severity, message and span, and a summary that counts them", async () => {
    const file = dir.write("renal-json.stw", guidelineWithErrors);
    const result = await run(["check", "--format", "json", file]);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as {
      diagnostics: { code: string; severity: string; message: string; span: { file: string; line: number; column: number; offset: number; length: number } }[];
      summary: { files: number; errors: number; warnings: number };
    };
    expect(report.diagnostics.map((d) => ({ code: d.code, severity: d.severity, file: d.span.file, line: d.span.line, column: d.span.column }))).toEqual([
      { code: "check/duplicate-code", severity: "warning", file, line: 18, column: 9 },
      { code: "check/unit-dimension", severity: "error", file, line: 27, column: 16 },
    ]);
    for (const d of report.diagnostics) expect(d.message).toMatch(/\S/);
    // The span's offset and length cover the text the caret marks.
    const spanned = report.diagnostics.map((d) => guidelineWithErrors.slice(d.span.offset, d.span.offset + d.span.length));
    expect(spanned).toEqual(["33914-3", "45 mg"]);
    expect(report.summary).toEqual({
      files: 1,
      errors: report.diagnostics.filter((d) => d.severity === "error").length,
      warnings: report.diagnostics.filter((d) => d.severity === "warning").length,
    });
    expect(report.summary).toEqual({ files: 1, errors: 1, warnings: 1 });
  });
});
