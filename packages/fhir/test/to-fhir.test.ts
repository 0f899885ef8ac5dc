import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluate, type Decision, type PatientContextInput } from "@steward/core";
import type { DetectedIssue, MedicationRequest, ServiceRequest, Task } from "fhir/r4.js";
import { describe, expect, test } from "vitest";
import { fromFhir, toFhir } from "../src/index.js";
import { repoRoot } from "../../../test/support/conformance.js";
import { bundledGuidelines, compileGuideline, evaluatorOf } from "../../../test/support/guidelines.js";

const NOW = "2026-11-25T09:00:00Z";
const guidelines = bundledGuidelines();
const evaluator = evaluatorOf(guidelines);
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

  test("each referral is a ServiceRequest proposal to the AMS team, about its order, with its urgency as priority (immediate is stat)", () => {
    const referrals = resources<ServiceRequest>(decision, "ServiceRequest", context);
    expect(referrals.map((r) => [r.intent, r.code?.text, r.reasonReference?.[0]?.reference, r.priority])).toEqual([
      ["proposal", "Referral to the antimicrobial stewardship team", "MedicationRequest/rx-linezolid-draft", "routine"],
      ["proposal", "Referral to the antimicrobial stewardship team", "MedicationRequest/medrx0319", "urgent"],
    ]);
    const immediate = { ...decision, actions: decision.actions.map((a) => (a.kind === "refer" ? { ...a, urgency: "immediate", unverified: "the source gives no time" } : a)) } as Decision;
    const written = resources<ServiceRequest>(immediate, "ServiceRequest", context);
    expect(written.map((r) => r.priority)).toEqual(["stat", "stat"]);
    expect(written[0]!.note!.map((n) => n.text)).toContain("urgency not confirmed in a cited source: the source gives no time");
  });

  test("what about a rule is not confirmed in a cited source goes with what it says: after an alert's message, in a task's or referral's note", () => {
    const unverified = (p: Decision["alerts"][number]["provenance"]) => ({ ...p, unverified: "the threshold is not confirmed" });
    const marked = { ...decision, alerts: decision.alerts.map((a) => ({ ...a, provenance: unverified(a.provenance) })), actions: decision.actions.map((a) => ({ ...a, provenance: unverified(a.provenance) })) } as Decision;
    expect(resources<DetectedIssue>(marked, "DetectedIssue", context)[0]!.detail).toBe(`${decision.alerts[0]!.message} (unverified: the threshold is not confirmed)`);
    for (const type of ["Task", "ServiceRequest"]) {
      for (const r of resources<Task | ServiceRequest>(marked, type, context)) expect(r.note![0]!.text).toMatch(/, rule [a-z0-9-]+; unverified: the threshold is not confirmed$/);
    }
  });

  test("an order check's alert is a DetectedIssue naming the check and implicating the order it found against", () => {
    const cystitis = { code: { system: "http://snomed.info/sct", code: "38822007" }, status: "active" as const };
    const checked: PatientContextInput = {
      setting: "primary-care",
      patient: { birthDate: "1996-05-01", sex: "female", pregnancy: { status: "not-pregnant" } },
      diagnoses: [cystitis],
      allergies: [],
      observations: [{ code: { system: "http://loinc.org", code: "33914-3" }, value: 30, unit: "mL/min/{1.73_m2}", time: "2026-11-20T09:00:00Z" }],
      orders: [{ id: "rx-nitro", status: "draft", drug: { code: { system: "https://dmd.nhs.uk", code: "39108511000001108" } }, route: "oral", indications: [cystitis.code] }],
    };
    const issue = resources<DetectedIssue>(decide(checked), "DetectedIssue", checked).find((i) => i.identifier![0]!.value === "nitrofurantoin-egfr-below-45@rx-nitro")!;
    expect(issue).toMatchObject({
      code: { text: "Antimicrobial stewardship alert (order check: contraindication nitrofurantoin-egfr-below-45), priority high, interruptive" },
      severity: "high",
      implicated: [{ reference: "MedicationRequest/rx-nitro" }],
    });
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

describe("treatment rows as the language writes them: combinations, add-ons, ranges, a choice of frequency, a dose on day 1, a volume of a product, a back-up delay", () => {
  const file = "packages/fhir/test/fixtures/regimens.stw";
  const fixture = compileGuideline(readFileSync(join(repoRoot, file), "utf8"), file);
  const rows = evaluatorOf([fixture]);
  /** The proposals for a man of 40 with one diagnosis, and the Decision they were written from. */
  const proposalsFor = (code: string): { decision: Decision; proposals: MedicationRequest[] } => {
    const context: PatientContextInput = { setting: "primary-care", patient: { age: 40, sex: "male" }, diagnoses: [{ code: { system: "http://snomed.info/sct", code } }], allergies: [] };
    const result = evaluate(rows, context, { now: NOW });
    if (result._tag === "Left") throw new Error(result.left.map((d) => d.message).join("; "));
    const written = toFhir(result.right, { patient: { reference: "Patient/p1" }, guidelines: [fixture], context }).entry!.map((e) => e.resource!);
    return { decision: result.right, proposals: written.filter((r): r is MedicationRequest => r.resourceType === "MedicationRequest") };
  };
  const notes = (p: MedicationRequest): string[] => p.note!.map((n) => n.text);

  test("a drug given with the option's drug is a proposal of its own in the option's group, and each says what the other is; an add-on says when to add it", () => {
    const { proposals } = proposalsFor("385093006");
    expect(proposals.map((p) => [p.medicationCodeableConcept!.text, p.groupIdentifier?.system])).toEqual([
      ["Co-amoxiclav", "https://steward.dev/fhir/treatment-option"],
      ["Clarithromycin", "https://steward.dev/fhir/treatment-option"],
      ["Amoxicillin", "https://steward.dev/fhir/treatment-option"],
      ["Clarithromycin", "https://steward.dev/fhir/treatment-option"],
    ]);
    const [coAmoxiclav, withIt, amoxicillin, addOn] = proposals;
    expect(withIt!.groupIdentifier).toEqual(coAmoxiclav!.groupIdentifier);
    expect(addOn!.groupIdentifier).toEqual(amoxicillin!.groupIdentifier);
    expect(amoxicillin!.groupIdentifier).not.toEqual(coAmoxiclav!.groupIdentifier);
    expect(notes(coAmoxiclav!)).toContain("given with clarithromycin 500 mg oral twice daily for 5 days");
    expect(notes(withIt!).slice(0, 2)).toEqual([
      "given with co-amoxiclav (first choice, fhir-writer-fixture 0.1.0, rule pneumonia-combination; unverified: the severity is not assessed in this fixture): 500 mg oral twice daily for 5 days",
      "or 500 mg iv twice daily for 5 days",
    ]);
    expect(notes(amoxicillin!)).toContain("add clarithromycin 500 mg oral twice daily for 5 days if atypical pathogens are suspected");
    expect(notes(addOn!)[0]).toMatch(/^an add-on, if atypical pathogens are suspected, to amoxicillin \(second choice, /);
    // The companion treats the same diagnosis.
    expect(withIt!.reasonCode).toEqual(coAmoxiclav!.reasonCode);
    expect(withIt!.dosageInstruction![0]!.doseAndRate).toEqual([{ doseQuantity: { value: 500, unit: "mg", system: "http://unitsofmeasure.org", code: "mg" } }]);
  });

  test("a combination product's strengths are no single dose of the drug: the dose is left to the dosage text, never given as 500 mg", () => {
    const [coAmoxiclav] = proposalsFor("385093006").proposals;
    expect(coAmoxiclav!.dosageInstruction).toEqual([
      {
        sequence: 1,
        text: "500/125 mg oral three times daily for 5 days",
        route: { coding: [{ system: "http://snomed.info/sct", code: "26643006" }], text: "by mouth" },
        timing: { repeat: { frequency: 3, period: 1, periodUnit: "d", boundsDuration: { value: 5, unit: "days", system: "http://unitsofmeasure.org", code: "d" } }, code: { text: "three times daily" } },
      },
    ]);
  });

  test("a dose range is a doseRange, and a choice that is not confirmed says so", () => {
    const { decision, proposals } = proposalsFor("363746003");
    expect(proposals[0]!.dosageInstruction![0]!.doseAndRate).toEqual([
      { doseRange: { low: { value: 250, unit: "mg", system: "http://unitsofmeasure.org", code: "mg" }, high: { value: 500, unit: "mg", system: "http://unitsofmeasure.org", code: "mg" } } },
    ]);
    expect(notes(proposals[0]!)).toContain(`unverified: ${decision.treatments[0]!.unverified!}`);
  });

  test("twice or three times daily is a frequency of 2 up to 3; a course of 7 to 10 days is a bounds range, with no single supply duration", () => {
    const [cefalexin, volume] = proposalsFor("36689008").proposals;
    const days = (value: number) => ({ value, unit: "days", system: "http://unitsofmeasure.org", code: "d" });
    expect(cefalexin!.dosageInstruction![0]!.timing).toEqual({ repeat: { frequency: 2, frequencyMax: 3, period: 1, periodUnit: "d", boundsRange: { low: days(7), high: days(10) } }, code: { text: "twice or three times daily" } });
    expect(cefalexin!.dispenseRequest).toBeUndefined();
    // 5 mL of a 125/31 suspension is no amount of co-amoxiclav: the text carries it.
    expect(volume!.dosageInstruction![0]!.text).toBe("5 mL of 125/31 oral three times daily for 7 to 10 days");
    expect(volume!.dosageInstruction![0]!.doseAndRate).toBeUndefined();
  });

  test("a dose on day 1 is a single dose, and the course it starts is 5 days in all", () => {
    const [doxycycline] = proposalsFor("10509002").proposals;
    expect(doxycycline!.dosageInstruction!.map((d) => [d.timing, d.doseAndRate![0]!.doseQuantity!.value])).toEqual([
      [{ repeat: { count: 1 }, code: { text: "on day 1" } }, 200],
      [{ repeat: { frequency: 1, period: 1, periodUnit: "d", boundsDuration: { value: 4, unit: "days", system: "http://unitsofmeasure.org", code: "d" } }, code: { text: "once daily" } }, 100],
    ]);
    expect(doxycycline!.dispenseRequest!.expectedSupplyDuration!.value).toBe(5);
  });

  test("a back-up prescription's delay is in every proposal's notes", () => {
    const [penicillin] = proposalsFor("15805002").proposals;
    expect(notes(penicillin!)).toContain("back-up (delayed) antibiotic prescription, delayed 7 days: Use the back-up prescription if symptoms do not improve within 7 days, or worsen at any time");
  });
});
