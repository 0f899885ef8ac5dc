/**
 * The complex inpatient (examples/patients/20, read from the HL7 FHIR R4 examples by
 * test/fixtures/20-inpatient-sepsis-complex.fhir.json) as a CDS client sends it: the record as the
 * service's prefetch keys, the linezolid order as the draft order, and the host's mapping rows.
 */
import { assemble, readFixture } from "../../../../test/support/fhir-record.js";

/** The prefetch, the hook context (without `selections`), the mapping rows and the time of the fixture. */
export function complexInpatientCall() {
  const fixture = readFixture("20-inpatient-sepsis-complex.fhir.json");
  const resources = assemble(fixture) as Record<string, unknown>[];
  const ofType = (type: string) => resources.filter((r) => r["resourceType"] === type);
  const searchset = (list: readonly unknown[]) => ({ resourceType: "Bundle", type: "searchset", entry: list.map((resource) => ({ resource })) });
  const draft = resources.find((r) => r["id"] === "rx-linezolid-draft")!;
  const prefetch = {
    patient: ofType("Patient")[0],
    encounter: ofType("Encounter")[0],
    conditions: searchset(ofType("Condition")),
    allergies: searchset(ofType("AllergyIntolerance")),
    observations: searchset(ofType("Observation")),
    "medication-requests": searchset(ofType("MedicationRequest").filter((r) => r !== draft)),
    "medication-statements": null,
    "medication-administrations": searchset(ofType("MedicationAdministration")),
    "diagnostic-reports": searchset(ofType("DiagnosticReport")),
    "detected-issues": searchset(ofType("DetectedIssue")),
  };
  const context = { userId: "Practitioner/f201", patientId: "f201", encounterId: "f203", draftOrders: { resourceType: "Bundle", type: "collection", entry: [{ resource: draft }] } };
  const mappings = { medications: fixture.mappings.medications ?? [], laboratoryAntibiotics: fixture.mappings.laboratoryAntibiotics ?? [] };
  return { prefetch, context, draft, mappings, now: fixture.now };
}
