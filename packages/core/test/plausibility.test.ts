import { describe, expect, test } from "vitest";
import { isLeft } from "fp-ts/lib/Either.js";
import { convert, evaluate, findUnit, plausibleRanges, type Diagnostic, type GuidelineIR } from "@steward/core";
import { compileRules, decide, egfr, fired, NOW, patient, rule } from "./support/evaluation.js";

const rules = compileRules(
  [
    rule("egfr-ok", "egfr >= 45 mL/min/1.73m2"),
    rule("heavy", "weight > 50 kg"),
    rule("creatinine-high", "creatinine > 120 micromol/L"),
  ].join("\n"),
);

function creatinine(value: number, unit = "micromol/L") {
  return { code: { system: "http://loinc.org", code: "14682-9" }, value, unit, time: "2026-06-01" };
}

/** The diagnostics of a rejected context, or none when it is evaluated. */
function reject(guidelines: readonly GuidelineIR[], context: unknown): readonly Diagnostic[] {
  const result = evaluate(guidelines, context, { now: NOW });
  return isLeft(result) ? result.left : [];
}

const codes = (context: Record<string, unknown>): string[] => reject([rules], patient(context)).map((d) => `${d.code} ${d.message.split(":")[0]}`);

describe("a birth date after the evaluation time", () => {
  test("is rejected naming /patient/birthDate", () => {
    expect(codes({ patient: { birthDate: "2099-01-01" } })).toEqual(["eval/implausible-value /patient/birthDate"]);
  });

  test("a birth on the day of evaluation is accepted", () => {
    expect(fired(decide([rules], patient({ patient: { birthDate: "2026-06-15" } })))).toEqual([]);
  });

  test("a birth a second after the evaluation time is rejected", () => {
    expect(codes({ patient: { birthDate: "2026-06-15T12:00:01Z" } })).toEqual(["eval/implausible-value /patient/birthDate"]);
  });
});

describe("a weight", () => {
  test("of 0 kg is rejected naming /patient/weight/value", () => {
    expect(codes({ patient: { weight: { value: 0, unit: "kg" } } })).toEqual(["eval/implausible-value /patient/weight/value"]);
  });

  test("below zero, in any unit of weight, is rejected", () => {
    expect(codes({ patient: { weight: { value: -1, unit: "g" } } })).toEqual(["eval/implausible-value /patient/weight/value"]);
  });

  test("of 1 g is plausible (the bound is above zero, not a clinical minimum)", () => {
    expect(reject([rules], patient({ patient: { weight: { value: 1, unit: "g" } } }))).toEqual([]);
  });

  test("in a unit that is not a weight is not judged here: it only leaves per-kg doses unknown", () => {
    expect(reject([rules], patient({ patient: { weight: { value: -5, unit: "mL" } } }))).toEqual([]);
  });
});

describe("an observation a guideline reads", () => {
  test("an eGFR of 0 or below is rejected naming the value", () => {
    expect(codes({ observations: [egfr(0, "2026-06-01")] })).toEqual(["eval/implausible-value /observations/0/value"]);
    expect(codes({ observations: [egfr(60, "2026-05-01"), egfr(-3, "2026-06-01")] })).toEqual(["eval/implausible-value /observations/1/value"]);
  });

  test("an eGFR just above 0 is plausible", () => {
    expect(reject([rules], patient({ observations: [egfr(0.1, "2026-06-01")] }))).toEqual([]);
  });

  test("a negative concentration is rejected, in whichever unit of the dimension it came", () => {
    expect(codes({ observations: [creatinine(-0.01, "mmol/L")] })).toEqual(["eval/implausible-value /observations/0/value"]);
    expect(reject([rules], patient({ observations: [creatinine(0)] }))).toEqual([]);
  });

  test("the message names the quantity, the bound and why it is a bound", () => {
    const [d] = reject([rules], patient({ observations: [egfr(0, "2026-06-01")] }));
    expect(d!.message).toBe("/observations/0/value: 0 mL/min/1.73m2 is not a possible eGFR: it must be more than 0 mL/min/1.73m2 (an estimated filtration rate is more than zero)");
  });

  test("a value sent in a unit of another quantity is not judged by that quantity's bounds: it is only unreadable", () => {
    expect(reject([rules], patient({ observations: [egfr(60, "2026-06-01", "°C")] }))).toEqual([]);
  });

  test("an observation no guideline reads is not judged", () => {
    const baseExcess = { code: { system: "http://loinc.org", code: "1925-7" }, value: -6, unit: "mmol/L", time: "2026-06-01" };
    expect(reject([rules], patient({ observations: [baseExcess] }))).toEqual([]);
  });
});

describe("body temperature", () => {
  const temperature = compileRules(
    `observation temperature "Body temperature" {
  unit °C
  loinc 8310-5 "Body temperature"
}
${rule("febrile", "temperature > 38 °C")}`,
    "temperature-rules",
  );
  const at = (value: number, unit = "°C") => patient({ observations: [{ code: { system: "http://loinc.org", code: "8310-5" }, value, unit, time: "2026-06-01" }] });
  const rejected = (value: number, unit?: string) => reject([temperature], at(value, unit)).map((d) => d.code);

  test.each([
    [3.9, true],
    [4, false],
    [47, false],
    [47.1, true],
  ])("%s °C is %s rejected", (value, isRejected) => {
    expect(rejected(value)).toEqual(isRejected ? ["eval/implausible-value"] : []);
  });

  test("a Fahrenheit reading sent as Celsius is rejected rather than read as a fever", () => {
    expect(rejected(98.6)).toEqual(["eval/implausible-value"]);
  });
});

describe("the table", () => {
  test("has one row per dimension, in a unit of that dimension", () => {
    const dimensions = plausibleRanges.map((r) => r.dimension);
    expect(new Set(dimensions).size).toBe(dimensions.length);
    for (const r of plausibleRanges) {
      expect(findUnit(r.unit)?.dimension).toBe(r.dimension);
      expect(convert(1, findUnit(r.unit)!, findUnit(r.unit)!)).toBe(1);
      if (r.max !== undefined) expect(r.max).toBeGreaterThan(r.min);
    }
  });
});
