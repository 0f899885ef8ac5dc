import { describe, expect, test } from "vitest";
import { renderDecision } from "@steward/core";
import { compileRules, decide, missingKeys, patient, rule } from "./support/evaluation.js";

const drugs = `drug doxycycline "Doxycycline" {
  aware access
  routes oral
}

drug phenoxymethylpenicillin "Phenoxymethylpenicillin" {
  classes penicillins
  aware access
  routes oral
}

drug co-amoxiclav "Co-amoxiclav" {
  classes penicillins
  aware watch
  routes oral, iv
}
`;

const uti = { diagnoses: [{ code: { system: "http://snomed.info/sct", code: "38822007" } }], allergies: [] };

function offered(choices: string, weight?: number) {
  const ir = compileRules(drugs + rule("r", "diagnosis in lower-uti", choices));
  return decide([ir], patient({ ...uti, ...(weight !== undefined ? { patient: { weight: { value: weight, unit: "kg" } } } : {}) }));
}

describe("regimens in the Decision read as the NICE tables print them (§14.13)", () => {
  test.each([
    ["NG84 phenoxymethylpenicillin", "first choice phenoxymethylpenicillin 500 mg oral four times daily or 1000 mg twice daily for 5 to 10 days", "500 mg oral four times daily or 1000 mg twice daily for 5 to 10 days"],
    ["NG111 cefalexin", "first choice cefalexin 500 mg oral twice or three times daily for 7 to 10 days", "500 mg oral twice or three times daily for 7 to 10 days"],
    ["NG141 flucloxacillin", "first choice flucloxacillin 500 mg to 1 g oral four times daily for 5 to 7 days", "500 mg to 1 g oral four times daily for 5 to 7 days"],
    ["NG120 doxycycline", "first choice doxycycline 200 mg oral on day 1 then 100 mg once daily for 4 days", "200 mg oral on day 1 then 100 mg oral once daily for 4 days (5 days total)"],
    ["NG138 co-amoxiclav", "first choice co-amoxiclav 500/125 mg oral three times daily for 5 days", "500/125 mg oral three times daily for 5 days"],
    ["NG111 step-down", "first choice co-amoxiclav 1.2 g iv three times daily until review then 500/125 mg oral three times daily to complete 7 to 10 days", "1.2 g iv three times daily until review then 500/125 mg oral three times daily to complete 7 to 10 days"],
  ])("%s", (_name, choice, text) => {
    const d = offered(choice);
    expect(d.treatments[0]!.regimens.map((r) => r.text)).toEqual([text]);
    expect(renderDecision(d)).toContain(text);
  });

  test("each dose per kilogram of a step is worked out, its alternatives and both ends of a range included", () => {
    const d = offered("first choice cefalexin 12.5 mg/kg or 125 mg oral twice daily or 25 mg/kg to 50 mg/kg max 1 g three times daily for 3 days", 16);
    expect(d.treatments[0]!.regimens[0]!.calculated).toEqual([
      { step: 0, option: 0, dose: { value: 200, unit: "mg" }, weight: { value: 16, unit: "kg" }, capped: false },
      { step: 0, option: 2, dose: { value: 400, unit: "mg" }, doseTo: { value: 800, unit: "mg" }, weight: { value: 16, unit: "kg" }, capped: false },
    ]);
    expect(renderDecision(d)).toContain("         = 400 to 800 mg per dose for 16 kg");
  });

  test("a range is capped at both ends; with the weight unknown, the weight is asked for to work out each dose", () => {
    const capped = offered("first choice cefalexin 25 mg/kg to 50 mg/kg max 1 g oral three times daily for 3 days", 30);
    expect(capped.treatments[0]!.regimens[0]!.calculated).toEqual([{ step: 0, option: 0, dose: { value: 750, unit: "mg" }, doseTo: { value: 1000, unit: "mg" }, weight: { value: 30, unit: "kg" }, capped: true }]);
    const unknown = offered("first choice cefalexin 12.5 mg/kg or 125 mg oral twice daily for 3 days");
    expect(missingKeys(unknown)).toEqual(["patient:weight"]);
    expect(unknown.missingData[0]!.neededFor).toEqual(["to calculate the 12.5 mg/kg dose of cefalexin"]);
  });

  test("a choice marked unverified is still offered, carrying the note, and shown with it", () => {
    const d = offered(`first choice phenoxymethylpenicillin 500 mg oral four times daily for 5 days {
    unverified "sources disagree on the dose"
  }`);
    expect(d.treatments[0]!.unverified).toBe("sources disagree on the dose");
    expect(renderDecision(d)).toContain("       unverified: sources disagree on the dose");
  });
});
