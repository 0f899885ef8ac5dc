import { evaluate, type Decision } from "@steward/core";
import type { DetectedIssue } from "fhir/r4.js";
import { describe, expect, test } from "vitest";
import { toFhir } from "../src/index.js";
import { bundledGuidelines, evaluatorOf } from "../../../test/support/guidelines.js";
import { NOW, readOk, snomed, subject, ucum } from "./support.js";

// A record as a GP system sends it: a woman of 66 with cystitis, not pregnant, no known drug
// allergy, an eGFR of 80, and a
// drafted nitrofurantoin 100 mg modified-release order linked to the cystitis, its course length
// the expected supply on the prescription.
const guidelines = bundledGuidelines();
const evaluator = evaluatorOf(guidelines);
const cystitis = { resourceType: "Condition", id: "uti", clinicalStatus: { coding: [{ code: "active" }] }, code: snomed("38822007", "Cystitis"), subject };
const notPregnant = { resourceType: "Observation", id: "preg", status: "final", code: { coding: [{ system: "http://loinc.org", code: "82810-3" }] }, subject, effectiveDateTime: "2026-11-25T08:30:00Z", valueCodeableConcept: snomed("60001007", "Not pregnant") };
const nkda = { resourceType: "AllergyIntolerance", id: "nkda", clinicalStatus: { coding: [{ code: "active" }] }, verificationStatus: { coding: [{ code: "confirmed" }] }, code: snomed("409137002", "No known drug allergy"), patient: subject };
const egfr = { resourceType: "Observation", id: "egfr", status: "final", code: { coding: [{ system: "http://loinc.org", code: "62238-1" }] }, subject, effectiveDateTime: "2026-11-01T09:00:00Z", valueQuantity: { ...ucum(80, "mL/min/{1.73_m2}"), unit: "mL/min/1.73m2" } };
const order = (supply: object | undefined) => ({
  resourceType: "MedicationRequest",
  id: "rx1",
  status: "draft",
  intent: "order",
  medicationCodeableConcept: { coding: [{ system: "https://dmd.nhs.uk", code: "39108511000001108", display: "Nitrofurantoin 100mg modified-release capsules" }] },
  subject,
  authoredOn: "2026-11-25T08:30:00Z",
  reasonReference: [{ reference: "Condition/uti" }],
  dosageInstruction: [{ route: snomed("26643006", "Oral"), timing: { repeat: { frequency: 2, period: 1, periodUnit: "d" } }, doseAndRate: [{ doseQuantity: ucum(100, "mg") }] }],
  ...(supply === undefined ? {} : { dispenseRequest: { expectedSupplyDuration: supply } }),
});
const decide = (supply: object | undefined): { decision: Decision; context: ReturnType<typeof readOk>["context"] } => {
  const { context } = readOk([cystitis, notPregnant, nkda, egfr, order(supply)]);
  const result = evaluate(evaluator, context, { now: NOW });
  if (result._tag === "Left") throw new Error(result.left.map((d) => d.message).join("; "));
  return { decision: result.right, context };
};
const lengthAlerts = (d: Decision) => d.alerts.filter((a) => a.check?.kind === "duration");

describe("a prescribed course length read from FHIR is checked against NG109", () => {
  test("an expected supply of 7 d is longer than table 1's 3 days: a medium alert naming the order, both lengths, the rule and its citation", () => {
    const { decision } = decide(ucum(7, "d"));
    expect(decision.treatments[0]?.regimens[0]?.text).toBe("100 mg modified-release oral twice daily for 3 days");
    expect(lengthAlerts(decision)).toEqual([
      expect.objectContaining({
        priority: "medium",
        key: "course-longer-than-guideline@rx1",
        interruptive: false,
        check: { kind: "duration" },
        message:
          "Nitrofurantoin (order rx1, draft) is prescribed for 7 days, longer than the 3 days the guideline offers (rule non-pregnant-women): check the course length [NICE NG109: Urinary tract infection (lower): antimicrobial prescribing, recommendations on managing lower UTI in non-pregnant women; table 1]",
        concerns: { order: expect.objectContaining({ id: "rx1", drug: "nitrofurantoin" }) },
        provenance: expect.objectContaining({ guideline: "ng109-lower-uti", rule: "non-pregnant-women", citations: [expect.objectContaining({ source: "ng109", section: "recommendations on managing lower UTI in non-pregnant women; table 1" })] }),
      }),
    ]);
    expect(decision.missingData.map((m) => m.data)).not.toContain("order:rx1:duration");
  });

  test("an expected supply of 3 d raises no course length alert; none recorded is missing data, not an alert", () => {
    expect(lengthAlerts(decide(ucum(3, "d")).decision)).toEqual([]);
    const { decision } = decide(undefined);
    expect(lengthAlerts(decision)).toEqual([]);
    expect(decision.missingData.find((m) => m.data === "order:rx1:duration")).toEqual({
      data: "order:rx1:duration",
      description: "prescribed course length of order rx1",
      neededFor: ["to check the course length of order rx1 (Nitrofurantoin 100mg modified-release capsules) against the guideline"],
    });
  });

  test("a week written as 1 wk is compared as 7 days", () => {
    expect(lengthAlerts(decide(ucum(1, "wk")).decision).map((a) => a.key)).toEqual(["course-longer-than-guideline@rx1"]);
  });

  test("the alert becomes a DetectedIssue naming the check and implicating the MedicationRequest it was read from", () => {
    const { decision, context } = decide(ucum(7, "d"));
    const bundle = toFhir(decision, { patient: { reference: "Patient/p1" }, guidelines, context });
    const issues = bundle.entry!.map((e) => e.resource!).filter((r): r is DetectedIssue => r.resourceType === "DetectedIssue");
    const issue = issues.find((i) => i.identifier?.[0]?.value === "course-longer-than-guideline@rx1");
    expect(issue).toMatchObject({
      status: "final",
      code: { text: "Antimicrobial stewardship alert (order check: duration), priority medium" },
      severity: "moderate",
      implicated: [{ reference: "MedicationRequest/rx1" }],
    });
  });
});
