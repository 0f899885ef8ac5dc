import { describe, expect, test } from "vitest";
import { compileRules, decide, egfr, fired, missingKeys, patient, rule, ruleStatus } from "./support/evaluation.js";

const recent = compileRules(rule("recent-egfr-ok", "egfr measured within 3 months >= 45 mL/min/1.73m2"));
const latest = compileRules(rule("egfr-ok", "egfr >= 45 mL/min/1.73m2"));

function creatinine(value: number, unit: string, time = "2026-06-01T08:00:00Z") {
  return { code: { system: "http://loinc.org", code: "14682-9" }, value, unit, time };
}

describe("`measured within` a number of months counts calendar months", () => {
  const now = "2026-06-15T12:00:00Z";

  test("a result exactly three calendar months before the evaluation time counts", () => {
    const decision = decide([recent], patient({ observations: [egfr(60, "2026-03-15T12:00:00Z")] }), { now });
    expect(fired(decision)).toEqual(["recent-egfr-ok"]);
    expect(decision.missingData).toEqual([]);
  });

  test("a result a second older than three calendar months does not count, so the value is unknown", () => {
    const decision = decide([recent], patient({ observations: [egfr(60, "2026-03-15T11:59:59Z")] }), { now });
    expect(fired(decision)).toEqual([]);
    expect(decision.missingData).toEqual([
      {
        data: "observation:egfr@3 months",
        description: "Estimated glomerular filtration rate measured within 3 months",
        neededFor: [expect.stringContaining("rule recent-egfr-ok")],
      },
    ]);
  });

  test("three months is longer than 90 days: a 91-day-old result still counts in June", () => {
    const decision = decide([recent], patient({ observations: [egfr(60, "2026-03-16T12:00:00Z")] }), { now });
    expect(fired(decision)).toEqual(["recent-egfr-ok"]);
  });

  test("three months before 31 May is the last day of February", () => {
    const now31May = "2026-05-31T12:00:00Z";
    expect(ruleStatus([recent], patient({ observations: [egfr(60, "2026-02-28T12:00:00Z")] }), "recent-egfr-ok", { now: now31May })).toBe("fired");
    expect(ruleStatus([recent], patient({ observations: [egfr(60, "2026-02-28T11:59:59Z")] }), "recent-egfr-ok", { now: now31May })).toBe("unknown");
  });

  test("a window in years is counted on the calendar too", () => {
    const yearly = compileRules(rule("egfr-this-year", "egfr measured within 1 years >= 45 mL/min/1.73m2"));
    expect(ruleStatus([yearly], patient({ observations: [egfr(60, "2025-06-15T12:00:00Z")] }), "egfr-this-year")).toBe("fired");
    expect(ruleStatus([yearly], patient({ observations: [egfr(60, "2025-06-15T11:59:59Z")] }), "egfr-this-year")).toBe("unknown");
  });

  test("a recent low result decides the rule false, with nothing missing", () => {
    const decision = decide([recent], patient({ observations: [egfr(30, "2026-06-01")] }));
    expect(fired(decision)).toEqual([]);
    expect(decision.missingData).toEqual([]);
  });

  test("without `measured within`, an old result is still the latest value", () => {
    expect(fired(decide([latest], patient({ observations: [egfr(60, "2019-01-01")] })))).toEqual(["egfr-ok"]);
  });
});

describe("the latest result wins", () => {
  test("whatever order the results are sent in", () => {
    const older = egfr(30, "2026-01-10T09:00:00Z");
    const newer = egfr(60, "2026-06-10T09:00:00Z");
    expect(fired(decide([latest], patient({ observations: [older, newer] })))).toEqual(["egfr-ok"]);
    expect(fired(decide([latest], patient({ observations: [newer, older] })))).toEqual(["egfr-ok"]);
  });

  test("a newer low result overrides an older high one", () => {
    const observations = [egfr(80, "2026-01-10T09:00:00Z"), egfr(40, "2026-06-10T09:00:00Z")];
    expect(fired(decide([latest], patient({ observations })))).toEqual([]);
  });

  test("within a window, an old high result does not rescue a recent low one", () => {
    const observations = [egfr(80, "2025-01-10T09:00:00Z"), egfr(40, "2026-06-10T09:00:00Z")];
    expect(ruleStatus([recent], patient({ observations }), "recent-egfr-ok")).toBe("not-fired");
  });

  test("results of another observation's code are not mixed in", () => {
    const observations = [egfr(60, "2026-01-10T09:00:00Z"), creatinine(20, "micromol/L", "2026-06-10T09:00:00Z")];
    expect(fired(decide([latest], patient({ observations })))).toEqual(["egfr-ok"]);
  });

  test("a result whose code the guideline does not declare is ignored, leaving the value unknown", () => {
    const observations = [{ code: { system: "http://loinc.org", code: "2160-0" }, value: 60, unit: "mg/dL", time: "2026-06-10" }];
    const decision = decide([latest], patient({ observations }));
    expect(missingKeys(decision)).toEqual(["observation:egfr"]);
  });
});

describe("results in another unit are converted to the declared unit", () => {
  const creatinineRules = compileRules(
    [rule("creatinine-high", "creatinine > 120 micromol/L"), rule("creatinine-mmol", "creatinine >= 0.09 mmol/L")].join("\n"),
  );

  test("creatinine sent in mmol/L is compared in micromol/L", () => {
    expect(fired(decide([creatinineRules], patient({ observations: [creatinine(0.13, "mmol/L")] })))).toEqual(["creatinine-high", "creatinine-mmol"]);
    expect(fired(decide([creatinineRules], patient({ observations: [creatinine(0.12, "mmol/L")] })))).toEqual(["creatinine-mmol"]);
  });

  test("a threshold written in mmol/L is compared with a result in micromol/L", () => {
    expect(fired(decide([creatinineRules], patient({ observations: [creatinine(90, "micromol/L")] })))).toEqual(["creatinine-mmol"]);
    expect(fired(decide([creatinineRules], patient({ observations: [creatinine(89, "micromol/L")] })))).toEqual([]);
  });

  test("the UCUM and symbol spellings of micromol/L are accepted", () => {
    for (const unit of ["umol/L", "µmol/L", "micromol/L"]) {
      expect(fired(decide([creatinineRules], patient({ observations: [creatinine(121, unit)] })))).toEqual(["creatinine-high", "creatinine-mmol"]);
    }
  });

  test("eGFR sent with the UCUM unit mL/min/{1.73_m2} is read as mL/min/1.73m2", () => {
    expect(fired(decide([latest], patient({ observations: [egfr(50, "2026-06-01", "mL/min/{1.73_m2}")] })))).toEqual(["egfr-ok"]);
    expect(fired(decide([latest], patient({ observations: [egfr(44, "2026-06-01", "mL/min/{1.73_m2}")] })))).toEqual([]);
  });
});

describe("a result in a unit that cannot be converted to the unit the rules compare in", () => {
  const creatinineRule = compileRules(rule("creatinine-high", "creatinine > 120 micromol/L"), "creatinine-rules");

  test("makes the value unknown for the rules that read it, with the field, the unit and what it is needed for", () => {
    const observations = [egfr(60, "2026-06-01"), egfr(1.2, "2026-06-02", "mg/dL")];
    const decision = decide([latest], patient({ observations }));
    expect(fired(decision)).toEqual([]);
    expect(decision.missingData).toEqual([
      {
        data: "unit:egfr:/observations/1",
        description: "Estimated glomerular filtration rate recorded as 1.2 `mg/dL` (/observations/1): the unit cannot be read as `mL/min/1.73m2`; send it in a UCUM unit of that quantity",
        neededFor: [expect.stringContaining("rule egfr-ok")],
      },
    ]);
  });

  test("an older unreadable result does not hide a newer readable one", () => {
    const observations = [egfr(1.2, "2026-06-01", "mg/dL"), egfr(60, "2026-06-02")];
    expect(fired(decide([latest], patient({ observations })))).toEqual(["egfr-ok"]);
  });

  test("a clearance in mL/min is not an eGFR", () => {
    expect(missingKeys(decide([latest], patient({ observations: [egfr(60, "2026-06-01", "mL/min")] })))).toEqual(["unit:egfr:/observations/0"]);
  });

  test("a unit nobody knows is not guessed at", () => {
    expect(missingKeys(decide([latest], patient({ observations: [egfr(60, "2026-06-01", "furlongs")] })))).toEqual(["unit:egfr:/observations/0"]);
  });

  test("affects only the guideline that reads the observation: another guideline decides as if it were not sent", () => {
    const observations = [egfr(60, "2026-06-01"), creatinine(1.3, "mg/dL")];
    const both = decide([latest, creatinineRule], patient({ observations }));
    expect(fired(both)).toEqual(["egfr-ok"]);
    expect(missingKeys(both)).toEqual(["unit:creatinine:/observations/1"]);
    expect(both.guidelines.find((g) => g.id === "test-rules")?.rulesApplied).toEqual(["egfr-ok"]);
  });

  test("two guidelines reading the same unreadable result give one missing-data entry, needed for both", () => {
    const other = compileRules(rule("egfr-low", "egfr < 30 mL/min/1.73m2"), "other-rules");
    const decision = decide([latest, other], patient({ observations: [egfr(60, "2026-06-01", "mg/dL")] }));
    expect(decision.missingData).toHaveLength(1);
    expect(decision.missingData[0]!.neededFor).toEqual([expect.stringContaining("rule egfr-low"), expect.stringContaining("rule egfr-ok")]);
  });

  test("makes `highest … measured within` and `trend of` unknown when a result in the window cannot be read", () => {
    const highest = compileRules(rule("creatinine-peak", "highest creatinine measured within 7 days > 120 micromol/L"), "peak-rules");
    const rising = compileRules(rule("creatinine-rising", "trend of creatinine measured within 7 days is rising"), "trend-rules");
    const observations = [creatinine(130, "micromol/L", "2026-06-10T08:00:00Z"), creatinine(1.5, "mg/dL", "2026-06-11T08:00:00Z")];
    expect(ruleStatus([highest], patient({ observations }), "creatinine-peak")).toBe("unknown");
    expect(ruleStatus([rising], patient({ observations }), "creatinine-rising")).toBe("unknown");
  });

  test("a weight in a unit that is not a mass leaves only the weight unknown, naming /patient/weight", () => {
    const decision = decide([latest], patient({ patient: { weight: { value: 70, unit: "mL" } }, observations: [egfr(60, "2026-06-01")] }));
    expect(fired(decision)).toEqual(["egfr-ok"]);
    const weightRule = compileRules(rule("heavy", "weight > 50 kg"), "weight-rules");
    const weighed = decide([weightRule], patient({ patient: { weight: { value: 70, unit: "mL" } } }));
    expect(missingKeys(weighed)).toEqual(["unit:weight:/patient/weight"]);
    expect(weighed.missingData[0]!.description).toBe("body weight recorded as 70 `mL` (/patient/weight): the unit cannot be read as a weight (kg or g); send it in a UCUM unit of that quantity");
  });
});
