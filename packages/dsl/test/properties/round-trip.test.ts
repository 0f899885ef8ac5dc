import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { format, parse } from "@steward/dsl";
import { astArbitraries } from "../arbitraries.js";

const { file } = astArbitraries();
import { stripSpans } from "../strip-spans.js";

describe("parse(format(ast))", () => {
  test("gives back the same tree, spans aside, with no diagnostics", () => {
    fc.assert(
      fc.property(file, (tree) => {
        const text = format(tree);
        const reparsed = parse(text);
        expect(reparsed.diagnostics, text).toEqual([]);
        expect(stripSpans(reparsed.ast), text).toEqual(stripSpans(tree));
      }),
      { numRuns: 400 },
    );
  });
});
