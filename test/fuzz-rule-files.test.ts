// The rule-file fuzz targets (test/fuzz/targets), run for a bounded number of inputs each: no stage
// throws on any of them, and no stage accepts what a later one refuses. `pnpm fuzz` runs the same
// targets for as long as it is asked to.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import deepNesting from "./fuzz/targets/deep-nesting.js";
import hostileImports from "./fuzz/targets/hostile-imports.js";
import mutatedIr from "./fuzz/targets/mutated-ir.js";
import ruleFileMutations from "./fuzz/targets/rule-file-mutations.js";
import tokenSoup from "./fuzz/targets/token-soup.js";
import type { FuzzTarget } from "./fuzz/rule-file-pipeline.js";

/** Inputs per target: enough to meet each kind of input, few enough for a loaded two-core machine. */
const runs: [FuzzTarget, number][] = [
  [ruleFileMutations, 40],
  [tokenSoup, 150],
  [deepNesting, 60],
  [hostileImports, 150],
  [mutatedIr, 80],
];

describe("rule-file fuzz targets, bounded", () => {
  test.each(runs.map(([target, n]) => [target.name, target, n] as const))("%s: no input throws or is accepted wrongly", (_, target, numRuns) => {
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(target.arbitrary, (input) => {
        const result = target.run(input);
        outcomes.add(result.outcome);
        expect(result.wrongAccept).toBeUndefined();
      }),
      { numRuns },
    );
    // Every target meets inputs that are refused; most also meet ones that are accepted.
    expect(outcomes.has("rejected")).toBe(true);
  }, 180_000);
});
