// The primary-care guidelines through the CDS Hooks service, over loopback: an order check on a
// drafted order at order-sign, NICE NG84's choice at order-select, and what no guideline could read.
// A record here is FHIR R4 as a GP system sends it (SNOMED CT, dm+d, LOINC, UCUM).
import { evaluate, type PatientContextInput } from "@steward/core";
import { afterAll, describe, expect, test } from "vitest";
import { bundledGuidelines, evaluatorOf } from "../../../test/support/guidelines.js";
import { decisionToCards } from "../src/index.js";
import { startTestService } from "./support/service.js";
import { expectValidResponse } from "./support/valid-cards.js";

const NOW = "2026-11-25T09:00:00Z";
const guidelines = bundledGuidelines();
const service = await startTestService(guidelines, { setting: "primary-care" }, NOW);
afterAll(() => service.close());

type Cards = { cards: { summary: string; indicator: string; detail?: string; source: { label: string }; suggestions?: { label: string; isRecommended?: boolean; actions?: { type: string; resourceId?: string }[] }[] }[] };
const searchset = (patient: string, resources: readonly Record<string, unknown>[]) => ({ resourceType: "Bundle", type: "searchset", entry: resources.map((resource) => ({ resource: { subject: { reference: `Patient/${patient}` }, ...resource } })) });
const snomed = (code: string, display: string) => ({ coding: [{ system: "http://snomed.info/sct", code, display }] });
const active = { clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: "active" }] } };
const finding = (id: string, present: boolean) => ({ resourceType: "Observation", id, status: "final", code: { coding: [{ system: "https://steward.dev/fhir/CodeSystem/finding", code: id }] }, effectiveDateTime: "2026-11-25T08:50:00Z", valueBoolean: present });
const nkda = (patient: string) => searchset(patient, [{ resourceType: "AllergyIntolerance", id: "nkda", patient: { reference: `Patient/${patient}` }, code: snomed("409137002", "No known drug allergy") }]);
const none = { "medication-requests": null, "medication-statements": null, "medication-administrations": null, "diagnostic-reports": null, "detected-issues": null };
const draftOrder = (patient: string, id: string, coding: { system: string; code: string; display: string }, indication: string) => ({
  resourceType: "Bundle",
  type: "collection",
  entry: [{ resource: { resourceType: "MedicationRequest", id, status: "draft", intent: "order", subject: { reference: `Patient/${patient}` }, medicationCodeableConcept: { coding: [coding] }, reasonReference: [{ reference: `Condition/${indication}` }], authoredOn: "2026-11-25T08:55:00Z", dosageInstruction: [{ route: snomed("26643006", "Oral route") }] } }],
});

describe("a pregnant woman with lower UTI and a drafted trimethoprim order, at order-sign", () => {
  const patient = "preg-uti";
  const prefetch = {
    patient: { resourceType: "Patient", id: patient, birthDate: "1994-07-01", gender: "female" },
    conditions: searchset(patient, [
      { resourceType: "Condition", id: "uti", ...active, code: snomed("38822007", "Cystitis"), recordedDate: "2026-11-25" },
      { resourceType: "Condition", id: "preg", ...active, code: snomed("72892002", "Normal pregnancy"), recordedDate: "2026-10-20" },
    ]),
    allergies: nkda(patient),
    observations: searchset(patient, [{ resourceType: "Observation", id: "egfr", status: "final", code: { coding: [{ system: "http://loinc.org", code: "33914-3" }] }, effectiveDateTime: "2026-10-01", valueQuantity: { value: 95, system: "http://unitsofmeasure.org", code: "mL/min/{1.73_m2}" } }]),
    ...none,
  };
  const draftOrders = draftOrder(patient, "rx-tmp", { system: "http://snomed.info/sct", code: "387179001", display: "Trimethoprim" }, "uti");

  test("in the first trimester (as the evaluator is told it), the trimethoprim order raises a critical card naming the contraindication", () => {
    // FHIR R4 has no trimester Steward reads (see below), so the first trimester is given to the evaluator directly.
    const context: PatientContextInput = {
      setting: "primary-care",
      patient: { birthDate: "1994-07-01", sex: "female", pregnancy: { status: "pregnant", trimester: 1, atTerm: false } },
      diagnoses: [{ code: { system: "http://snomed.info/sct", code: "38822007" }, status: "active" }],
      allergies: [],
      observations: [{ code: { system: "http://loinc.org", code: "33914-3" }, value: 95, unit: "mL/min/{1.73_m2}", time: "2026-10-01T00:00:00Z" }],
      orders: [{ id: "rx-tmp", drug: { id: "trimethoprim" }, route: "oral", status: "draft", indications: [{ system: "http://snomed.info/sct", code: "38822007" }] }],
    };
    const decision = evaluate(evaluatorOf(guidelines), context, { now: NOW });
    if (decision._tag === "Left") throw new Error(decision.left.map((d) => d.message).join("; "));
    const { cards } = decisionToCards(decision.right, { hook: "order-sign", hookInstance: "6f1d0d1e-4c55-4a7e-9d0b-0c1a2b3c4d5e", patient: { reference: `Patient/${patient}` }, guidelines, context, draftOrders: ["rx-tmp"] });
    expectValidResponse({ cards });
    expect(cards[0]).toMatchObject({ indicator: "critical", summary: "Trimethoprim in the first trimester of pregnancy: avoid (folate antagonist) — Trimethoprim (order rx-tmp, draft)" });
    expect(cards[0]!.detail).toContain("(priority high, interruptive, order check: contraindication trimethoprim-first-trimester)");
  });

  test("over HTTP, with the trimester not in the record, the order cannot be checked: a warning card says to record it, and offers to withdraw the draft", async () => {
    const { status, body } = await service.call("POST", "/cds-services/steward-order-sign", { hook: "order-sign", hookInstance: "6f1d0d1e-4c55-4a7e-9d0b-0c1a2b3c4d60", context: { userId: "Practitioner/gp1", patientId: patient, draftOrders }, prefetch });
    expect(status).toBe(200);
    const { cards } = expectValidResponse(body as Cards);
    const check = cards.find((c) => c.summary.startsWith("Trimethoprim (order rx-tmp, draft) cannot be checked"))!;
    expect(check).toMatchObject({ indicator: "warning", summary: "Trimethoprim (order rx-tmp, draft) cannot be checked: trimethoprim is avoided in the first trimester" });
    expect(check.detail).toContain("order check: contraindication trimethoprim-first-trimester");
    expect(cards.map((c) => c.summary)).toContain("To decide, record: whether the pregnancy is at term, trimester of pregnancy");
    // The pregnancy Condition is read as pregnancy, but no guideline reads it as a diagnosis: the last card says so.
    expect(cards.at(-1)).toMatchObject({ indicator: "info", summary: "No guideline covers 1 diagnosis: check by hand" });
    expect(check.suggestions).toEqual([expect.objectContaining({ label: "Withdraw the draft order for Trimethoprim", actions: [expect.objectContaining({ type: "delete", resourceId: "MedicationRequest/rx-tmp" })] })]);
  });
});

describe("a child of 8 with acute sore throat and FeverPAIN 4, choosing phenoxymethylpenicillin (order-select)", () => {
  const patient = "child-st";
  const prefetch = {
    patient: { resourceType: "Patient", id: patient, birthDate: "2018-03-14", gender: "male" },
    conditions: searchset(patient, [{ resourceType: "Condition", id: "st", ...active, code: snomed("17741008", "Acute tonsillitis"), recordedDate: "2026-11-25", onsetDateTime: "2026-11-23" }]),
    allergies: nkda(patient),
    observations: searchset(patient, [
      finding("fever-past-24-hours", true),
      finding("purulence", true),
      finding("attended-within-3-days", true),
      finding("severely-inflamed-tonsils", true),
      finding("no-cough-or-coryza", false),
      finding("systemically-very-unwell", false),
      finding("signs-of-serious-illness", false),
      finding("high-risk-of-complications", false),
    ]),
    ...none,
  };
  const draftOrders = draftOrder(patient, "rx-pen", { system: "https://dmd.nhs.uk", code: "41953811000001101", display: "Phenoxymethylpenicillin 250mg tablets" }, "st");

  test("NICE NG84's choice comes back: phenoxymethylpenicillin first, as an order to pick, with the immediate or back-up prescription", async () => {
    const { status, body } = await service.call("POST", "/cds-services/steward-order-select", {
      hook: "order-select",
      hookInstance: "6f1d0d1e-4c55-4a7e-9d0b-0c1a2b3c4d61",
      context: { userId: "Practitioner/gp1", patientId: patient, draftOrders, selections: ["MedicationRequest/rx-pen"] },
      prefetch,
    });
    expect(status).toBe(200);
    const { cards } = expectValidResponse(body as Cards);
    const choice = cards.find((c) => c.source.label === "NICE NG84")!;
    expect(choice).toMatchObject({ indicator: "info", summary: "First choice: phenoxymethylpenicillin" });
    expect(choice.suggestions!.filter((s) => s.isRecommended === true).map((s) => s.label)).toEqual(["First choice: Phenoxymethylpenicillin 250 mg oral four times daily for 5 to 10 days"]);
    expect(choice.detail).toContain("**Prescribing strategy**\n- Immediate antibiotic\n- Back-up (delayed) antibiotic prescription");
  });
});
