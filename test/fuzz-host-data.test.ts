/**
 * The host-data fuzz targets, each run for a small fixed number of inputs (the long soak is
 * `pnpm fuzz`): no input throws, and none is wrongly accepted.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { FuzzTarget } from "./fuzz/host-data.js";
import evaluateContext from "./fuzz/targets/evaluate-context.js";
import fhirRecord from "./fuzz/targets/fhir-record.js";
import jsonContext from "./fuzz/targets/json-context.js";
import { corpusNote } from "./support/conformance.js";

function soak(target: FuzzTarget, numRuns: number): { accepted: number; rejected: number } {
  const seen = { accepted: 0, rejected: 0 };
  fc.assert(
    fc.property(target.arbitrary, (input) => {
      const result = target.run(input);
      seen[result.outcome]++;
      expect(result.wrongAccept).toBeUndefined();
    }),
    { numRuns, seed: 10 },
  );
  return seen;
}

describe("host-data fuzz targets, bounded", () => {
  test.each([
    [jsonContext, 200, ""],
    [fhirRecord, 60, corpusNote],
    [evaluateContext, 150, ""],
  ])("$name: every input is refused with located diagnostics or gives a valid Decision", (target, numRuns, note) => {
    const seen = soak(target, numRuns);
    // Both outcomes occur: the mutations neither all break the record nor all leave it whole.
    expect(seen.rejected, `${target.name}${note}`).toBeGreaterThan(0);
    expect(seen.accepted, `${target.name}${note}`).toBeGreaterThan(0);
  }, 600_000);
});
