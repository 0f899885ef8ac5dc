// The complex inpatient read from FHIR instead of translated by hand: the HL7 R4 example resources
// it came from, read in place with the changes the hand translation made (test/fixtures, each with
// why), plus the resources it added. Its Decision against every bundled guideline must equal the
// Decision for examples/patients/20-inpatient-sepsis-complex.json.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluate, type Decision } from "@steward/core";
import { defaultMappings, fromFhir, type FhirReading } from "@steward/fhir";
import { describe, expect, test } from "vitest";
import { conformanceRoot, corpusNote, repoRoot } from "./support/conformance.js";
import { assemble, readFixture } from "./support/fhir-record.js";
import { evaluatorOf } from "./support/guidelines.js";

const fixture = readFixture("20-inpatient-sepsis-complex.fhir.json");
const evaluator = evaluatorOf();

function decide(context: unknown): Decision {
  const result = evaluate(evaluator, context, { now: fixture.now });
  if (result._tag === "Left") throw new Error(result.left.map((d) => d.message).join("; "));
  return result.right;
}

function read(): FhirReading {
  const result = fromFhir(assemble(fixture), {
    now: fixture.now,
    mappings: {
      medications: [...defaultMappings.medications, ...(fixture.mappings.medications ?? [])],
      laboratoryAntibiotics: [...defaultMappings.laboratoryAntibiotics, ...(fixture.mappings.laboratoryAntibiotics ?? [])],
    },
  });
  if (result._tag === "Left") throw new Error(result.left.map((d) => d.message).join("; "));
  return result.right;
}

describe.skipIf(conformanceRoot === undefined)(`the complex inpatient read from the HL7 FHIR R4 examples${corpusNote}`, () => {
  const reading = read();
  const hand = JSON.parse(readFileSync(join(repoRoot, "examples/patients/20-inpatient-sepsis-complex.json"), "utf8")) as { orders: unknown[] };

  test("its Decision equals the Decision for the hand-translated context, and also names the code systems of the record Steward does not know", () => {
    const { unknownCodeSystems, ...decision } = decide(reading.context);
    const { unknownCodeSystems: none, ...fromHand } = decide(hand);
    expect(decision).toEqual(fromHand);
    expect(none).toEqual([]);
    // The hand translation left these codes out; the record has them, and the drugs are matched by the mapped formulary ids.
    expect(unknownCodeSystems.map((u) => [u.system, u.fields.length])).toEqual([
      ["http://acme.org/lab/codes/tests", 19],
      ["http://hl7.org/fhir/sid/ndc", 1],
      ["https://example.org/fhir/CodeSystem/ward-drug", 2],
    ]);
  });

  test("the setting and the admission come from Encounter f203; the birth date and sex from Patient f201", () => {
    expect(reading.patient).toBe("Patient/f201");
    expect(reading.context.setting).toBe("inpatient");
    expect(reading.context.admitted).toBe("2026-11-22T07:00:00Z");
    expect(reading.context.patient).toEqual({ birthDate: "1960-03-13", sex: "male", weight: { value: 80, unit: "kg" } });
    expect(reading.provenance.filter((p) => ["/setting", "/admitted", "/patient/birthDate"].includes(p.fact))).toEqual([
      { fact: "/patient/birthDate", resourceType: "Patient", id: "f201", pointer: "/0/birthDate" },
      { fact: "/setting", resourceType: "Encounter", id: "f203", pointer: "/1/class" },
      { fact: "/admitted", resourceType: "Encounter", id: "f203", pointer: "/1/period/start" },
    ]);
  });

  test("the orders are the hand translation's, the piperacillin-tazobactam one started by its first recorded dose and indicated by the sepsis Condition", () => {
    const orders = reading.context.orders!;
    expect(orders.map((o) => [o.id, o.status, o.drug.id, o.route, o.start])).toEqual([
      ["medrx0319", "active", "piperacillin-tazobactam", "iv", "2026-11-22T08:00:00Z"],
      ["rx-amoxicillin-iv", "active", "amoxicillin", "iv", "2026-11-23T10:00:00Z"],
      ["rx-linezolid-draft", "draft", "linezolid", "iv", undefined],
    ]);
    expect(orders[0]!.indications).toEqual([{ system: "http://snomed.info/sct", code: "10001005", display: "Bacterial sepsis" }]);
    expect(reading.provenance.find((p) => p.fact === "/orders/0/start")).toEqual({ fact: "/orders/0/start", resourceType: "MedicationAdministration", id: "medrx0319-dose-1", pointer: expect.stringMatching(/\/effectiveDateTime$/) });
  });

  // Bundle micro holds 19 results: 18 by MIC (obx2-1 … obx2-34) and oxacillin again by disk diffusion
  // (obx3-1). The corpus README counts 17; the bundle itself is what is read.
  test("the blood culture follows Observation f206's susceptibility panels: the six formulary drugs of the 19 results, with ampicillin and oxacillin as the hand translation wrote them", () => {
    const [culture] = reading.context.microbiology!;
    expect(culture).toMatchObject({ id: "f202", specimen: "blood", status: "final", collected: "2026-11-22T07:30:00Z", reported: "2026-11-24T18:00:00Z", organism: { code: "3092008", display: "Staphylococcus aureus" } });
    expect(culture!.susceptibilities).toHaveLength(19);
    const mapped = (culture!.susceptibilities ?? []).filter((s) => s.drug.id !== undefined).map((s) => [s.drug.id, s.result]);
    expect(mapped).toEqual([
      ["amoxicillin", "resistant"],
      ["doxycycline", "susceptible"],
      ["gentamicin", "susceptible"],
      ["linezolid", "susceptible"],
      ["flucloxacillin", "susceptible"],
      ["vancomycin", "susceptible"],
      ["flucloxacillin", "susceptible"],
    ]);
  });

  test("what cannot be used is said, located: the Encounter's diagnoses not in the input, resources Steward does not read", () => {
    const codes = reading.diagnostics.map((d) => `${d.code} ${d.location?.resourceType ?? ""}/${d.location?.id ?? ""}`);
    expect(codes.filter((c) => !c.startsWith("fhir/not-read") && !c.startsWith("fhir/unmapped-code"))).toEqual([
      "fhir/unresolved-reference Encounter/f203",
      "fhir/unresolved-reference Encounter/f203",
    ]);
    // The twelve results about antibiotics the laboratory mapping does not name are each reported.
    expect(reading.diagnostics.filter((d) => d.code === "fhir/unmapped-code").map((d) => d.location?.id)).toEqual([
      "obx2-2", "obx2-4", "obx2-6", "obx2-8", "obx2-12", "obx2-16", "obx2-20", "obx2-24", "obx2-26", "obx2-28", "obx2-30", "obx2-32",
    ]);
  });

  test("acknowledging the alert on its DetectedIssue is what holds it back", () => {
    const { acknowledgedAlerts, ...unacknowledged } = reading.context;
    expect(acknowledgedAlerts).toEqual([{ key: "restricted-antimicrobial@medrx0319", at: "2026-11-25T08:00:00Z" }]);
    expect(decide(unacknowledged).alerts.map((a) => a.key)).toContain("restricted-antimicrobial@medrx0319");
    expect(decide(reading.context).suppressedAlerts.map((a) => a.key)).toEqual(["restricted-antimicrobial@medrx0319"]);
  });
});
