import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { addTime, evaluate, formatDate, parseInstant, PatientContextSchema, type PatientContextInput } from "@steward/core";
import { isLeft } from "fp-ts/lib/Either.js";
import { focusedContext, patientContext } from "@steward/testing/arbitraries";
import { domainOf } from "@steward/testing";
import { compileNg109, evaluatorOf, NOW } from "./guidelines.js";

const ng109 = compileNg109();
const evaluator = evaluatorOf(ng109);
const focused = focusedContext(ng109, { now: NOW });
const samples = fc.sample(focused, { numRuns: 300, seed: 7 });

/** The context is valid by core's schema and evaluates to a decision. */
function isUsable(context: PatientContextInput): boolean {
  return PatientContextSchema.safeParse(context).success && !isLeft(evaluate(evaluator, context, { now: NOW }));
}

describe("patientContext and focusedContext", () => {
  test("unfocused contexts always validate against the PatientContext schema and evaluate without error", () => {
    fc.assert(fc.property(patientContext({ now: NOW }), isUsable), { numRuns: 150, seed: 1 });
  });

  test("contexts drawn from NG109's codes and drugs always validate and evaluate without error", () => {
    fc.assert(fc.property(patientContext({ now: NOW, guidelines: [ng109] }), isUsable), { numRuns: 150, seed: 2 });
  });

  test("contexts focused on NG109 always validate and evaluate without error", () => {
    fc.assert(fc.property(focused, isUsable), { numRuns: 150, seed: 3 });
  });

  test("contexts with much of the record missing still validate and evaluate", () => {
    fc.assert(fc.property(focusedContext(ng109, { now: NOW, missingRate: 0.9 }), isUsable), { numRuns: 100, seed: 4 });
  });

  test("the focus is NG109's thresholds: 45 for eGFR, and ages of 3 and 6 months and 1, 5, 6, 12 and 16 years", () => {
    const domain = domainOf(ng109);
    expect(domain.observations.get("egfr")).toEqual([45]);
    expect(domain.ages.map((a) => `${a.value} ${a.unit}`)).toEqual(["3 months", "6 months", "12 months", "1 years", "5 years", "6 years", "12 years", "16 years"]);
  });

  test("focused contexts hit the thresholds exactly: some eGFR is 45 and some patient turns 16 on the day", () => {
    const egfrs = samples.flatMap((c) => (c.observations ?? []).filter((o) => o.code.code === "33914-3").map((o) => o.value));
    expect(egfrs).toContain(45);
    const sixteenthBirthday = formatDate(addTime(parseInstant(NOW), -16, "years"));
    expect(samples.map((c) => c.patient.birthDate)).toContain(sixteenthBirthday);
  });

  test("focused contexts also fall just either side of the thresholds", () => {
    const egfrs = new Set(samples.flatMap((c) => (c.observations ?? []).map((o) => o.value)));
    expect([44, 44.5, 45.5, 46].some((v) => egfrs.has(v))).toBe(true);
    const dayBefore = formatDate(addTime(parseInstant(NOW), -16, "years") + 86_400_000);
    const dayAfter = formatDate(addTime(parseInstant(NOW), -16, "years") - 86_400_000);
    const births = new Set(samples.map((c) => c.patient.birthDate));
    expect(births.has(dayBefore) || births.has(dayAfter)).toBe(true);
  });

  test("focused contexts use the guideline's own diagnosis codes", () => {
    const codes = new Set(samples.flatMap((c) => (c.diagnoses ?? []).map((d) => d.code.code)));
    expect(codes.has("38822007") || codes.has("1090711000000102") || codes.has("N30.0")).toBe(true);
  });

  test("some contexts leave lists and facts out, as real records do", () => {
    expect(samples.some((c) => c.allergies === undefined)).toBe(true);
    expect(samples.some((c) => c.diagnoses === undefined)).toBe(true);
    expect(samples.some((c) => c.observations === undefined)).toBe(true);
    expect(samples.some((c) => c.patient.sex === undefined)).toBe(true);
    expect(samples.some((c) => c.allergies !== undefined && c.diagnoses !== undefined)).toBe(true);
  });

  test("shrinking can drop any single observation or finding, so a counterexample keeps only what it needs", () => {
    const withObservation = fc.check(fc.property(focused, (c) => (c.observations ?? []).length === 0), { seed: 5 });
    expect(withObservation.failed).toBe(true);
    expect(withObservation.counterexample![0].observations).toHaveLength(1);
    const withFinding = fc.check(fc.property(focused, (c) => (c.findings ?? []).length === 0), { seed: 6 });
    expect(withFinding.failed).toBe(true);
    expect(withFinding.counterexample![0].findings).toHaveLength(1);
  });

  test("the same seed gives the same contexts", () => {
    expect(fc.sample(focused, { numRuns: 20, seed: 7 })).toEqual(samples.slice(0, 20));
  });
});
