import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { diagnosticCodes } from "@steward/core";
import { check, compile, loadProgram, type SourceHost } from "@steward/dsl";
import { tokenSoup } from "../arbitraries.js";

/** A host holding two files of soup; anything else cannot be read. */
function host(main: string, other: string): SourceHost {
  const files: Record<string, string> = { "main.stw": main, "other.stw": other };
  return { read: (path) => files[path] };
}

describe("check on token soup", () => {
  test("never throws and reports only known codes", () => {
    fc.assert(
      fc.property(tokenSoup, tokenSoup, (main, other) => {
        const program = loadProgram(["main.stw"], host(`import "other.stw"\n${main}`, other));
        for (const d of check(program)) expect(diagnosticCodes).toContain(d.code);
      }),
      { numRuns: 300 },
    );
  });

  test("never makes compile throw either", () => {
    fc.assert(
      fc.property(tokenSoup, (main) => {
        const program = loadProgram(["main.stw"], host(main, ""));
        expect(() => compile(program, "main.stw")).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
