import { describe, expect, test } from "vitest";
import type { Decision } from "@steward/core";
import { compileNg109, compileRules, cystitis, decide, egfr, missingKeys, patient, rule } from "./support/evaluation.js";

const doses = compileRules(
  rule(
    "children",
    "setting is primary-care",
    `first choice trimethoprim 4 mg/kg max 200 mg oral twice daily for 3 days {
    or 100 mg oral twice daily for 3 days
  }
  first choice nitrofurantoin 750 micrograms/kg oral four times daily for 3 days
  second choice cefalexin 12.5 mg/kg oral twice daily for 3 days
  alternative choice gentamicin 7 mg/kg max 560 mg iv once daily for 3 days
  alternative choice amoxicillin 1 g iv once then 50 mg/kg max 1 g iv three times daily to complete 5 days
  alternative choice flucloxacillin 750 micrograms/kg max 50 mg oral four times daily for 3 days`,
  ),
);

function calculated(decision: Decision, drug: string, regimen = 0) {
  const t = decision.treatments.find((x) => x.drug.id === drug);
  if (t === undefined) throw new Error(`${drug} is not offered`);
  return t.regimens[regimen]!.calculated;
}

function weighing(kg: number, unit = "kg") {
  return patient({ allergies: [], patient: { weight: { value: kg, unit } } });
}

describe("a per-kilogram dose is worked out from the weight", () => {
  test("4 mg/kg for 16 kg is 64 mg, under the cap", () => {
    expect(calculated(decide([doses], weighing(16)), "trimethoprim")).toEqual([{ step: 0, option: 0, dose: { value: 64, unit: "mg" }, weight: { value: 16, unit: "kg" }, capped: false }]);
  });

  test("4 mg/kg for 60 kg is capped at 200 mg", () => {
    expect(calculated(decide([doses], weighing(60)), "trimethoprim")).toEqual([{ step: 0, option: 0, dose: { value: 200, unit: "mg" }, weight: { value: 60, unit: "kg" }, capped: true }]);
  });

  test("a dose exactly at the cap is not marked capped", () => {
    expect(calculated(decide([doses], weighing(50)), "trimethoprim")[0]).toMatchObject({ dose: { value: 200, unit: "mg" }, capped: false });
  });

  test("a fixed-dose `or` regimen has nothing to calculate", () => {
    expect(calculated(decide([doses], weighing(16)), "trimethoprim", 1)).toEqual([]);
  });

  test("decimal doses do not show floating-point noise", () => {
    expect(calculated(decide([doses], weighing(13.3)), "cefalexin")[0]!.dose).toEqual({ value: 166.25, unit: "mg" });
    expect(calculated(decide([doses], weighing(0.7)), "cefalexin")[0]!.dose).toEqual({ value: 8.75, unit: "mg" });
  });

  test("a weight sent in grams is converted to kilograms", () => {
    expect(calculated(decide([doses], weighing(16000, "g")), "trimethoprim")).toEqual([{ step: 0, option: 0, dose: { value: 64, unit: "mg" }, weight: { value: 16, unit: "kg" }, capped: false }]);
  });

  test("only the per-kilogram step of a multi-step regimen is calculated", () => {
    expect(calculated(decide([doses], weighing(10)), "amoxicillin")).toEqual([{ step: 1, option: 0, dose: { value: 500, unit: "mg" }, weight: { value: 10, unit: "kg" }, capped: false }]);
    expect(calculated(decide([doses], weighing(30)), "amoxicillin")).toEqual([{ step: 1, option: 0, dose: { value: 1000, unit: "mg" }, weight: { value: 30, unit: "kg" }, capped: true }]);
  });
});

describe("microgram doses", () => {
  test("are shown in mg once they reach 1 mg", () => {
    expect(calculated(decide([doses], weighing(16)), "nitrofurantoin")[0]!.dose).toEqual({ value: 12, unit: "mg" });
    expect(calculated(decide([doses], weighing(3.5)), "nitrofurantoin")[0]!.dose).toEqual({ value: 2.625, unit: "mg" });
  });

  test("stay in micrograms below 1 mg", () => {
    expect(calculated(decide([doses], weighing(1)), "nitrofurantoin")[0]!.dose).toEqual({ value: 750, unit: "micrograms" });
  });

  test("are shown as 1 mg at exactly 1000 micrograms", () => {
    expect(calculated(decide([doses], weighing(4)), "nitrofurantoin")[0]!.dose).toEqual({ value: 3, unit: "mg" });
    const oneMg = compileRules(rule("one", "setting is primary-care", "first choice nitrofurantoin 250 micrograms/kg oral four times daily for 3 days"));
    expect(calculated(decide([oneMg], weighing(4)), "nitrofurantoin")[0]!.dose).toEqual({ value: 1, unit: "mg" });
  });

  test("are capped by a maximum written in mg", () => {
    expect(calculated(decide([doses], weighing(100)), "flucloxacillin")).toEqual([{ step: 0, option: 0, dose: { value: 50, unit: "mg" }, weight: { value: 100, unit: "kg" }, capped: true }]);
    expect(calculated(decide([doses], weighing(20)), "flucloxacillin")).toEqual([{ step: 0, option: 0, dose: { value: 15, unit: "mg" }, weight: { value: 20, unit: "kg" }, capped: false }]);
  });
});

describe("with the weight unknown", () => {
  test("per-kilogram choices are still offered, with nothing calculated", () => {
    const decision = decide([doses], patient({ allergies: [] }));
    expect(decision.treatments.map((t) => t.drug.id)).toEqual(["trimethoprim", "nitrofurantoin", "cefalexin", "gentamicin", "amoxicillin", "flucloxacillin"]);
    for (const t of decision.treatments) for (const r of t.regimens) expect(r.calculated).toEqual([]);
  });

  test("the weight is listed as missing, for each dose it would calculate", () => {
    const decision = decide([doses], patient({ allergies: [] }));
    expect(missingKeys(decision)).toEqual(["patient:weight"]);
    expect(decision.missingData[0]!.description).toBe("body weight");
    expect(decision.missingData[0]!.neededFor).toEqual([
      "to calculate the 4 mg/kg max 200 mg dose of trimethoprim",
      "to calculate the 750 micrograms/kg dose of nitrofurantoin",
      "to calculate the 12.5 mg/kg dose of cefalexin",
      "to calculate the 7 mg/kg max 560 mg dose of gentamicin",
      "to calculate the 50 mg/kg max 1 g dose of amoxicillin",
      "to calculate the 750 micrograms/kg max 50 mg dose of flucloxacillin",
    ]);
  });
});

describe("NICE NG109 table 4", () => {
  test("a 4-year-old of 16 kg gets trimethoprim 64 mg and nitrofurantoin 12 mg per dose", () => {
    const context = patient({ diagnoses: [cystitis], allergies: [], observations: [egfr(90, "2026-06-01")], patient: { birthDate: "2022-02-10", sex: "male", weight: { value: 16, unit: "kg" } } });
    const decision = decide([compileNg109()], context);
    expect(calculated(decision, "trimethoprim")[0]!.dose).toEqual({ value: 64, unit: "mg" });
    expect(decision.treatments.filter((t) => t.drug.id === "nitrofurantoin").map((t) => t.regimens[0]!.calculated[0]!.dose)).toEqual([
      { value: 12, unit: "mg" },
      { value: 12, unit: "mg" },
    ]);
  });
});
