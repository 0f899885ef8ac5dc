import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { diagnosticCodes } from "@steward/core";
import { parse } from "@steward/dsl";
import { tokenSoup } from "../arbitraries.js";

/** The contract of `parse` on any text: a result, never an exception, and diagnostics that point into the text. */
function parsesWithoutThrowing(text: string): void {
  const result = parse(text, "soup.stw");
  expect(result.ast.kind).toBe("file");
  for (const d of result.diagnostics) {
    expect(diagnosticCodes, d.message).toContain(d.code);
    expect(d.span, d.message).toBeDefined();
    const span = d.span!;
    expect(span.file).toBe("soup.stw");
    expect(span.offset).toBeGreaterThanOrEqual(0);
    expect(span.offset + span.length, d.message).toBeLessThanOrEqual(text.length);
    expect(span.line).toBeGreaterThanOrEqual(1);
    expect(span.column).toBeGreaterThanOrEqual(1);
    // line and column agree with the offset; a line ends at `\n`, `\r\n` or a lone `\r`
    const before = text.slice(0, span.offset).split(/\r\n|\r(?!\n)|\n/);
    expect({ line: span.line, column: span.column }, d.message).toEqual({ line: before.length, column: before[before.length - 1]!.length + 1 });
  }
}

describe("parse on random text", () => {
  test("never throws on arbitrary unicode and reports only known codes at places inside the text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), parsesWithoutThrowing), { numRuns: 300 });
  });

  test("never throws on printable ASCII", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme-ascii", maxLength: 200 }), parsesWithoutThrowing), { numRuns: 300 });
  });

  test("never throws on token soup and reports only known codes at places inside the text", () => {
    fc.assert(fc.property(tokenSoup, parsesWithoutThrowing), { numRuns: 500 });
  });
});
