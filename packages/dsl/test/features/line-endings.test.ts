import { describe, expect, test } from "vitest";
import { check, format, loadProgram, parse } from "@steward/dsl";
import { compileOk, header, memoryHost, ruleWhen, summary } from "./guideline.js";

/** A guideline with one mistake (`egfr` is not declared) on line 12 of its LF form. */
const text = `${header}\n${ruleWhen("egfr >= 45 mL/min/1.73m2")}`;
const mistakeLine = text.split("\n").findIndex((l) => l.includes("egfr >= 45")) + 1;

function diagnosticsOf(source: string): ReturnType<typeof summary> {
  return summary(check(loadProgram(["main.stw"], memoryHost({ "main.stw": source }))));
}

describe("byte order marks and line endings in rule files (§22.8)", () => {
  test.each([
    ["\\n", "\n"],
    ["\\r\\n", "\r\n"],
    ["a lone \\r", "\r"],
  ])("lines ending in %s put a mistake at its own line and column", (_, end) => {
    expect(diagnosticsOf(text.replaceAll("\n", end))).toEqual([{ code: "check/unresolved-name", severity: "error", line: mistakeLine, column: 8 }]);
  });

  test("a byte order mark at the start is read as nothing: the same diagnostics, at the same lines and columns", () => {
    expect(diagnosticsOf(`\uFEFF${text}`)).toEqual(diagnosticsOf(text));
    expect(diagnosticsOf(`\uFEFF${text.replaceAll("\n", "\r")}`)).toEqual(diagnosticsOf(text));
  });

  test("a guideline compiles to the same IR whatever its line endings, with or without a byte order mark", () => {
    const lf = `${header}\n${ruleWhen("pregnant")}`;
    const ir = compileOk(lf);
    for (const variant of [`\uFEFF${lf}`, lf.replaceAll("\n", "\r\n"), lf.replaceAll("\n", "\r"), `\uFEFF${lf.replaceAll("\n", "\r")}`]) {
      expect(compileOk(variant)).toEqual(ir);
    }
  });

  test("formatting writes LF line endings and no byte order mark", () => {
    const lf = `${header}\n${ruleWhen("pregnant")}`;
    expect(format(parse(`\uFEFF${lf.replaceAll("\n", "\r")}`).ast)).toBe(format(parse(lf).ast));
  });

  test("a byte order mark anywhere but the start is still an unexpected character", () => {
    expect(summary(parse(`finding a "A"\n\uFEFFfinding b "B"\n`).diagnostics)).toEqual([{ code: "parse/unexpected-character", severity: "error", line: 2, column: 1 }]);
  });
});
