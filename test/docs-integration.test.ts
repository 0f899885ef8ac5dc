// Keeps docs/integration.md honest about the tables the code holds: the plausibility bounds and the
// code system aliases hosts may send.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { codeSystems, defaultContextLimits, plausibleRanges } from "@steward/core";
import { defaultLimits, depthCeiling } from "@steward/dsl";
import { defaultFhirLimits } from "@steward/fhir";

const doc = readFileSync(resolve(import.meta.dirname, "../docs/integration.md"), "utf8");

/** The rows of the first table after `heading`, as cells without their backticks. */
function table(heading: string): string[][] {
  const from = doc.indexOf(heading);
  expect(from).toBeGreaterThan(-1);
  const lines = doc.slice(from).split("\n");
  const start = lines.findIndex((l) => l.startsWith("|"));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line.split("|").slice(1, -1).map((c) => c.trim().replace(/`/g, "")));
  }
  return rows;
}

describe("docs/integration.md", () => {
  test("the plausibility table is exactly plausibleRanges", () => {
    const words = plausibleRanges.map((r) => [
      r.quantity,
      r.unit,
      `${r.minExclusive ? "more than" : "at least"} ${r.min}${r.max !== undefined ? ` and at most ${r.max}` : ""}`,
      r.why,
    ]);
    expect(table(". Plausibility bounds")).toEqual(words);
  });

  test("the code system table lists every system with every alias", () => {
    expect(table("### Code systems")).toEqual(codeSystems.map((s) => [s.uri, s.word, s.aliases.join(", ")]));
  });

  test("the limits table is exactly the default limits of a patient context and of a FHIR record", () => {
    const number = (n: number | undefined): string => (n === undefined ? "—" : n.toLocaleString("en-GB"));
    const scalars = (["maxSize", "maxDepth", "maxStringLength"] as const).map((k) => [k, number(defaultContextLimits[k]), number(defaultFhirLimits[k])]);
    const lists = Object.keys({ ...defaultContextLimits.maxItems, ...defaultFhirLimits.maxItems }).map((k) => [`maxItems.${k}`, number(defaultContextLimits.maxItems[k]), number(defaultFhirLimits.maxItems[k])]);
    expect(table("### Limits on what a host sends").map(([limit, , context, fhir]) => [limit, context, fhir])).toEqual([...scalars, ...lists]);
  });

  test("the rule-file limits table lists every limit with its default", () => {
    const rows = table("### Rule files");
    expect(rows.map((r) => r[1])).toEqual(Object.keys(defaultLimits));
    for (const [, name, value] of rows) {
      const ceiling = name === "nesting" || name === "defineDepth" ? ` (at most ${depthCeiling})` : "";
      expect(value).toBe(`${defaultLimits[name as keyof typeof defaultLimits]}${ceiling}`);
    }
  });
});
