// Every fuzz target in test/fuzz/targets, run for a bounded number of inputs: no input throws and
// none is accepted wrongly. `pnpm fuzz` runs the same targets for as long as it is asked to (hangs
// are found there, where a worker can be stopped).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { FuzzTarget } from "./fuzz/target.js";

const dir = join(import.meta.dirname, "fuzz/targets");
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".ts"))
  .sort();

/** Inputs per target: enough to meet each kind of input, few enough for a loaded two-core machine. Slow targets run fewer. */
const runsFor: Readonly<Record<string, number>> = { "rule-file-mutations": 40, "deep-nesting": 40, "mutated-ir": 80 };
const DEFAULT_RUNS = 150;

describe("fuzz targets, bounded", () => {
  test("every target file is found", () => expect(files.length).toBeGreaterThanOrEqual(5));

  test.each(files)("%s: no input throws or is accepted wrongly", async (file) => {
    const target = ((await import(pathToFileURL(join(dir, file)).href)) as { default: FuzzTarget }).default;
    expect(`${target.name}.ts`).toBe(file);
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(target.arbitrary, (input) => {
        const result = target.run(input);
        outcomes.add(result.outcome);
        expect(result.wrongAccept).toBeUndefined();
      }),
      { numRuns: runsFor[target.name] ?? DEFAULT_RUNS },
    );
    // Every target meets inputs that are refused.
    expect(outcomes.has("rejected")).toBe(true);
  }, 180_000);
});
