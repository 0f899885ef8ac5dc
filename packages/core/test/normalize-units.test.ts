import { describe, expect, test } from "vitest";
import { normalizeUnits } from "@steward/core/units";
import type { PatientContextInput } from "@steward/core";
import { compileRules, decide, fired, missingKeys, rule } from "./support/evaluation.js";

const loinc = (code: string, value: number, unit: string) => ({ code: { system: "http://loinc.org", code }, value, unit, time: "2026-06-01" });
const context = (observations: ReturnType<typeof loinc>[], weight?: { value: number; unit: string }): PatientContextInput => ({
  setting: "primary-care",
  patient: weight === undefined ? {} : { weight },
  observations,
});
const normalised = (unit: string, value = 5): { value: number; unit: string } => {
  const o = normalizeUnits(context([loinc("6690-2", value, unit)])).observations![0]!;
  return { value: o.value, unit: o.unit };
};

describe("normalizeUnits reads any UCUM spelling of a quantity Steward knows", () => {
  test.each([
    ["10*3/uL", 5, 5, "10^9/L"],
    ["/nL", 5, 5, "10^9/L"],
    ["10*9/L", 5, 5, "10^9/L"],
    ["mL/min/{1.73_m2}", 40, 40, "mL/min/1.73m2"],
    ["umol/L", 88, 88, "micromol/L"],
    ["Cel", 37.5, 37.5, "°C"],
    ["[degF]", 98.6, 37, "°C"],
    ["K", 310, 36.85, "°C"],
    ["ug/mL", 5, 5, "mg/L"],
    ["{ScoreOf}", 6, 6, ""],
    ["{beats}/min", 95, 95, "/min"],
    ["{Breaths}/min", 21, 21, "/min"],
    ["mm[Hg]", 120, 120, "mmHg"],
    ["kPa", 16, 120.010200867, "mmHg"],
    ["%", 93, 93, "%"],
  ])("%s: %s becomes %s %s", (unit, value, expected, canonical) => {
    expect(normalised(unit, value)).toEqual({ value: expected, unit: canonical });
  });

  test("converted values are rounded: 5 thousand per microlitre is 5, not 4.999999999999999", () => {
    expect(normalised("10*3/uL", 5).value).toBe(5);
  });

  test("a weight in pounds or grams becomes kilograms", () => {
    expect(normalizeUnits(context([], { value: 154, unit: "[lb_av]" })).patient.weight).toEqual({ value: 69.85322498, unit: "kg" });
    expect(normalizeUnits(context([], { value: 3500, unit: "g" })).patient.weight).toEqual({ value: 3500, unit: "g" });
  });

  test("a clearance in mL/min is not turned into an eGFR, and an eGFR not into a clearance", () => {
    expect(normalised("mL/min")).toEqual({ value: 5, unit: "mL/min" });
    expect(normalised("mL/min/{1.73_m2}").unit).toBe("mL/min/1.73m2");
  });

  test("a molar concentration is not turned into a cell count, nor a score into a percentage", () => {
    expect(normalised("mmol/L")).toEqual({ value: 5, unit: "mmol/L" });
    expect(normalised("{score}")).toEqual({ value: 5, unit: "" });
  });

  test.each([["furlongs"], ["mL/min/1.73 m2"], ["mL/min/1.73m²"], ["mgs"], ["[IU]/L"]])("`%s` (not UCUM, or not a quantity Steward knows) is left as sent", (unit) => {
    expect(normalised(unit)).toEqual({ value: 5, unit });
  });

  test("a weight sent in a unit of another quantity is left as sent", () => {
    expect(normalizeUnits(context([], { value: 70, unit: "mL" })).patient.weight).toEqual({ value: 70, unit: "mL" });
  });

  test("does not change its argument", () => {
    const input = Object.freeze(context([Object.freeze(loinc("6690-2", 5, "10*3/uL"))], Object.freeze({ value: 154, unit: "[lb_av]" })));
    const before = JSON.stringify(input);
    normalizeUnits(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  test("a context without observations or weight comes back equal", () => {
    const input: PatientContextInput = { setting: "inpatient", patient: { age: 40 } };
    expect(normalizeUnits(input)).toEqual(input);
  });
});

describe("a normalised context evaluates as if sent in Steward's units", () => {
  const wcc = compileRules(
    `observation white-cell-count "White cell count" {
  unit 10^9/L
  loinc 6690-2 "Leukocytes [#/volume] in Blood"
}
${rule("leucocytosis", "white-cell-count > 12 10^9/L")}`,
    "wcc-rules",
  );

  test("a white cell count of 13 thousand per microlitre is read as 13 × 10^9/L", () => {
    const raw = context([loinc("6690-2", 13, "10*3/uL")]);
    expect(missingKeys(decide([wcc], raw))).toEqual(["unit:white-cell-count:/observations/0"]);
    expect(fired(decide([wcc], normalizeUnits(raw)))).toEqual(["leucocytosis"]);
    expect(fired(decide([wcc], normalizeUnits(context([loinc("6690-2", 11, "10*3/uL")]))))).toEqual([]);
  });
});
