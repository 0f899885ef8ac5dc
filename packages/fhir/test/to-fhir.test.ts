import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluate, type Decision, type PatientContextInput } from "@steward/core";
import type { DetectedIssue, MedicationRequest, ServiceRequest, Task } from "fhir/r4.js";
import { describe, expect, test } from "vitest";
import { fromFhir, toFhir } from "../src/index.js";
import { repoRoot } from "../../../test/support/conformance.js";
import { bundledEvaluator, bundledGuidelines } from "../../../test/support/guidelines.js";

const NOW = "2026-11-25T09:00:00Z";
const guidelines = bundledGuidelines();
const evaluator = bundledEvaluator(guidelines);
const example = (prefix: string): PatientContextInput => {
  const dir = join(repoRoot, "examples/patients");
  const name = ["01-woman-30-cystitis-egfr-80.json", "09-child-4-years-16kg.json", "20-inpatient-sepsis-complex.json"].find((f) => f.startsWith(prefix))!;
  return JSON.parse(readFileSync(join(dir, name), "utf8")) as PatientContextInput;
};
const decide = (context: PatientContextInput): Decision => {
  const result = evaluate(evaluator, context, { now: NOW });
  if (result._tag === "Left") throw new Error(result.left.map((d) => d.message).join("; "));
  return result.right;
};
const resources = <T>(decision: Decision, type: string, context?: PatientContextInput) =>
  toFhir(decision, { patient: { reference: "Patient/p1" }, guidelines, ...(context === undefined ? {} : { context }) }).entry!.map((e) => e.resource!).filter((r) => r.resourceType === type) as T[];

describe("treatment options as MedicationRequest proposals", () => {
  const context = example("01-");
  const proposals = resources<MedicationRequest>(decide(context), "MedicationRequest", context);

  test("nitrofurantoin 100 mg modified-release is coded with the one dm+d product that fits it; trimethoprim, with no dm+d product in the formulary, by name only", () => {
    expect(proposals.slice(0, 2).map((p) => [p.status, p.intent, p.medicationCodeableConcept])).toEqual([
      ["draft", "proposal", { coding: [{ system: "https://dmd.nhs.uk", code: "39108511000001108", display: "Nitrofurantoin 100mg modified-release capsules" }], text: "Nitrofurantoin" }],
      ["draft", "proposal", { text: "Trimethoprim" }],
    ]);
    expect(proposals.map((p) => p.medicationCodeableConcept?.text)).toEqual(decide(context).treatments.map((t) => t.drug.name));
  });

  test("the dose, the route (SNOMED CT), twice daily, the 3-day course as the step's bounds and the expected supply, and the cystitis as the reason", () => {
    const [nitrofurantoin] = proposals;
    expect(nitrofurantoin!.dosageInstruction).toEqual([
      {
        sequence: 1,
        text: "100 mg modified-release oral twice daily for 3 days",
        route: { coding: [{ system: "http://snomed.info/sct", code: "26643006" }], text: "by mouth" },
        timing: { repeat: { frequency: 2, period: 1, periodUnit: "d", boundsDuration: { value: 3, unit: "days", system: "http://unitsofmeasure.org", code: "d" } }, code: { text: "twice daily" } },
        doseAndRate: [{ doseQuantity: { value: 100, unit: "mg", system: "http://unitsofmeasure.org", code: "mg" } }],
      },
    ]);
    expect(nitrofurantoin!.dispenseRequest).toEqual({ expectedSupplyDuration: { value: 3, unit: "days", system: "http://unitsofmeasure.org", code: "d" } });
    expect(nitrofurantoin!.reasonCode).toEqual([{ coding: [{ system: "http://snomed.info/sct", code: "38822007", display: "Cystitis" }] }]);
    expect(nitrofurantoin!.note?.map((n) => n.text)).toContain("or 50 mg oral four times daily for 3 days — if modified-release capsules are unavailable");
  });

  test("a dose worked out from the child's weight is the proposal's dose", () => {
    const child = example("09-");
    const decision = decide(child);
    const weighed = decision.treatments.find((t) => t.regimens[0]!.calculated.length > 0)!;
    const proposal = resources<MedicationRequest>(decision, "MedicationRequest", child).find((p) => p.medicationCodeableConcept?.text === weighed.drug.name)!;
    expect(proposal.dosageInstruction![0]!.doseAndRate![0]!.doseQuantity!.value).toBe(weighed.regimens[0]!.calculated[0]!.dose.value);
  });

  test("the same Decision gives the same resources and ids", () => {
    const decision = decide(context);
    expect(toFhir(decision, { patient: { reference: "Patient/p1" }, guidelines })).toEqual(toFhir(decision, { patient: { reference: "Patient/p1" }, guidelines }));
  });
});

describe("alerts, referrals and reviews", () => {
  const context = example("20-");
  const decision = decide(context);

  test("each alert is a DetectedIssue: severity from its priority, its key to acknowledge it by, the order and culture it implicates", () => {
    const issues = resources<DetectedIssue>(decision, "DetectedIssue", context);
    expect(issues.map((i) => [i.identifier![0]!.value, i.severity, i.implicated?.map((r) => r.reference)])).toEqual([
      ["organism-resistant@rx-amoxicillin-iv+f202", "high", ["MedicationRequest/rx-amoxicillin-iv", "DiagnosticReport/f202"]],
      ["indication-required@rx-linezolid-draft", "high", ["MedicationRequest/rx-linezolid-draft"]],
      ["reserve-antibiotic@rx-linezolid-draft", "high", ["MedicationRequest/rx-linezolid-draft"]],
    ]);
  });

  test("each referral is a ServiceRequest proposal to the AMS team, about its order; an urgency, where a Decision states one, becomes its priority", () => {
    const referrals = resources<ServiceRequest>(decision, "ServiceRequest", context);
    expect(referrals.map((r) => [r.intent, r.code?.text, r.reasonReference?.[0]?.reference, r.priority])).toEqual([
      ["proposal", "Referral to the antimicrobial stewardship team", "MedicationRequest/rx-linezolid-draft", undefined],
      ["proposal", "Referral to the antimicrobial stewardship team", "MedicationRequest/medrx0319", undefined],
    ]);
    const urgent = { ...decision, actions: decision.actions.map((a) => (a.kind === "refer" ? { ...a, urgency: "urgent" } : a)) } as Decision;
    expect(resources<ServiceRequest>(urgent, "ServiceRequest", context).map((r) => r.priority)).toEqual(["urgent", "urgent"]);
  });

  test("the overdue 48–72 hour review is a Task focused on its order, with its due time", () => {
    const overdue = resources<Task>(decision, "Task", context).find((t) => t.businessStatus?.text?.startsWith("overdue"))!;
    expect(overdue).toMatchObject({ status: "requested", intent: "proposal", code: { text: "Antimicrobial review" }, focus: { reference: "MedicationRequest/medrx0319" }, restriction: { period: { end: "2026-11-24T08:00:00Z" } } });
  });

  test("with the provenance of a FHIR reading, the implicated order is the resource it was read from", () => {
    const statement = { resourceType: "MedicationStatement", id: "ms1", status: "active", medicationCodeableConcept: { coding: [{ system: "https://dmd.nhs.uk", code: "41948311000001104" }] }, subject: { reference: "Patient/p1" }, dosage: [{ route: { coding: [{ system: "http://snomed.info/sct", code: "26643006" }] } }] };
    const reading = fromFhir([{ resourceType: "Patient", id: "p1" }, statement], { now: NOW, setting: "inpatient" });
    if (reading._tag === "Left") throw new Error("refused");
    const withOrder = { ...decision, alerts: [{ ...decision.alerts[0]!, concerns: { order: { id: "ms1", name: "doxycycline", route: "oral", indications: [] } } }] };
    const [issue] = resources<DetectedIssue>(withOrder, "DetectedIssue");
    expect(issue!.implicated).toEqual([{ reference: "MedicationRequest/ms1", display: "doxycycline" }]);
    const traced = toFhir(withOrder, { patient: { reference: "Patient/p1" }, context: reading.right.context, provenance: reading.right.provenance }).entry!.map((e) => e.resource!).find((r) => r.resourceType === "DetectedIssue") as DetectedIssue;
    expect(traced.implicated).toEqual([{ reference: "MedicationStatement/ms1", display: "doxycycline" }]);
  });

  test("the AuditEvent names every guideline with its version, content hash and the rules that fired", () => {
    const [audit] = toFhir(decision, { patient: { reference: "Patient/p1" } }).entry!.filter((e) => e.resource!.resourceType === "AuditEvent");
    const entities = (audit!.resource as { entity: { what: { identifier?: { value: string } }; detail?: { type: string; valueString: string }[] }[] }).entity.slice(1);
    expect(entities.map((e) => e.what.identifier!.value)).toEqual(decision.guidelines.map((g) => g.id));
    for (const [i, g] of decision.guidelines.entries()) {
      expect(entities[i]!.detail).toEqual([
        { type: "version", valueString: g.version },
        { type: "status", valueString: g.status },
        { type: "contentHash", valueString: g.contentHash },
        ...g.rulesApplied.map((rule) => ({ type: "ruleApplied", valueString: rule })),
      ]);
    }
  });
});

describe("an acknowledgement round trip", () => {
  test("a DetectedIssue Steward wrote, with the clinician's acknowledgement recorded as a mitigation, is read back as an acknowledged alert", () => {
    const decision = decide(example("20-"));
    const [issue] = toFhir(decision, { patient: { reference: "Patient/f201" } }).entry!.map((e) => e.resource!).filter((r) => r.resourceType === "DetectedIssue") as DetectedIssue[];
    const acknowledged = { ...issue!, mitigation: [{ action: { text: "acknowledged" }, date: "2026-11-25T09:05:00Z" }] };
    const reading = fromFhir([{ resourceType: "Patient", id: "f201" }, acknowledged], { now: "2026-11-25T09:10:00Z", setting: "inpatient" });
    expect(reading._tag === "Right" && reading.right.context.acknowledgedAlerts).toEqual([{ key: "organism-resistant@rx-amoxicillin-iv+f202", at: "2026-11-25T09:05:00Z" }]);
  });
});
