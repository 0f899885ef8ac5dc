import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { format, parse } from "@steward/dsl";
import { astArbitraries } from "../arbitraries.js";

const guidelines = fileURLToPath(new URL("../../../../guidelines/", import.meta.url));
const ruleFiles = (readdirSync(guidelines, { recursive: true }) as string[]).filter((f) => f.endsWith(".stw")).sort();

describe("format", () => {
  test("changes nothing when run on its own output", () => {
    fc.assert(
      fc.property(astArbitraries().file, (tree) => {
        const once = format(tree);
        expect(format(parse(once).ast), once).toBe(once);
      }),
      { numRuns: 400 },
    );
  });

  test("changes nothing on its own output when the source spelled units with aliases", () => {
    fc.assert(
      fc.property(astArbitraries({ unitSpelling: "any" }).file, (tree) => {
        const once = format(tree);
        expect(format(parse(once).ast), once).toBe(once);
      }),
      { numRuns: 200 },
    );
  });

  test("finds the repository's rule files", () => {
    expect(ruleFiles).toContain("ng109-lower-uti/ng109.stw");
  });

  test.each(ruleFiles)("leaves guidelines/%s exactly as it is (the file is canonical)", (path) => {
    const text = readFileSync(`${guidelines}${path}`, "utf8");
    const parsed = parse(text, path);
    expect(parsed.diagnostics).toEqual([]);
    expect(format(parsed.ast)).toBe(text);
  });
});
