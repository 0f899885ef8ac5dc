// Property tests and scenario tests for NG109 in one vitest file (the example in docs/testing.md).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { prepare } from "@steward/core";
import { compile, loadProgram } from "@steward/dsl";
import { assertInvariants, defineScenarioTests, invariant, respectsRenalThreshold, standardInvariants } from "@steward/testing";
import { focusedContext } from "@steward/testing/arbitraries";
import { isLeft } from "fp-ts/lib/Either.js";
import { describe, test } from "vitest";

const folder = fileURLToPath(new URL("../../../guidelines/ng109-lower-uti/", import.meta.url));
const file = `${folder}ng109.stw`;
const now = "2026-11-25T09:00:00Z";

// Compile once, reading the guideline and the files it imports from disk.
const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
};
const compiled = compile(loadProgram([file], { read }), file);
if (isLeft(compiled)) throw new Error(compiled.left.map((d) => d.message).join("\n"));
const prepared = prepare([compiled.right]);
if (isLeft(prepared)) throw new Error(prepared.left.map((d) => d.message).join("\n"));
const evaluator = prepared.right;

// Patients on and just either side of every threshold NG109 compares against.
const patients = focusedContext(compiled.right, { now });

// A statement of our own about every decision: return why it fails, or undefined.
const offersComeFromRulesThatFired = invariant("every option offered comes from a rule that fired", (run) => {
  const fired = run.decision.guidelines.flatMap((g) => g.rulesApplied);
  const stray = run.decision.treatments.find((t) => !fired.includes(t.provenance.rule));
  return stray && `${stray.drug.id} is offered by ${stray.provenance.rule}, which did not fire`;
});

describe("NG109 properties", () => {
  test("the standard invariants hold for patients around NG109's thresholds", () => {
    assertInvariants(evaluator, standardInvariants, { now, contexts: patients, numRuns: 100 });
  });

  test("nitrofurantoin is never offered when the eGFR is below 45", () => {
    const renal = respectsRenalThreshold({ drugs: ["nitrofurantoin"], observation: "egfr", below: 45 });
    assertInvariants(evaluator, [renal], { now, contexts: patients, numRuns: 200 });
  });

  test("every option offered comes from a rule that fired", () => {
    assertInvariants(evaluator, [offersComeFromRulesThatFired], { now, contexts: patients, numRuns: 200 });
  });
});

// One vitest test for every scenario in the folder's *.test.stw files.
defineScenarioTests({ describe, test }, folder);
