// Every file of the shared conformance corpus that carries patient data (HL7 FHIR R4 examples, UK
// Core examples, the five Synthea bundles, CDS Hooks requests and prefetch data) read by
// `fromFhir`, asserted file by file: where the record itself says which care setting it is, which
// lists of the context it makes known, and exactly which diagnostics it raises — only where the
// data is really unusable (a unit coded in SNOMED CT, an RxNorm drug, an order with no route …).
import { fromFhir } from "@steward/fhir";
import { describe, expect, test } from "vitest";
import { corpusFiles, corpusJson, corpusNote } from "./support/conformance.js";

const NOW = "2026-11-25T09:00:00Z";

/**
 * Per file: `own` is what the record says alone (its setting, or the error that stops it); with the
 * host's setting given, `lists` are the context's known lists and `diagnostics` the codes raised
 * (without the `fhir/` prefix, ×count), or `refused` the error that stops it.
 */
type Expected = { readonly own: string } & ({ readonly lists: string; readonly diagnostics: string } | { readonly refused: string });

const expected: Readonly<Record<string, Expected>> = Object.fromEntries([
  ["cds-hooks/hook-examples/hook-order-select-context-r4.json", { own: "fhir/no-setting", lists: "medicationHistory", diagnostics: "unmapped-code incomplete-list not-read" }],
  ["cds-hooks/hook-examples/hook-order-sign-context-r4.json", { own: "fhir/no-setting", lists: "medicationHistory", diagnostics: "unmapped-code incomplete-list not-read" }],
  ["cds-hooks/logical-models-draft/binary-CDSHooksRequestPV.json", { own: "fhir/no-setting", lists: "", diagnostics: "" }],
  ["cds-hooks/spec-examples/prefetch-data.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "not-read×2" }],
  ["cds-hooks/spec-examples/request-order-sign-prefetch-pagination.json", { own: "fhir/no-setting", lists: "", diagnostics: "incomplete-list×3" }],
  ["cds-hooks/spec-examples/request-patient-view-with-extension.json", { own: "fhir/no-setting", lists: "", diagnostics: "" }],
  ["cds-hooks/spec-examples/request-patient-view.json", { own: "fhir/no-setting", lists: "", diagnostics: "" }],
  ["fhir-r4/examples/AllergyIntolerance-example.json", { own: "fhir/no-setting", lists: "allergies", diagnostics: "" }],
  ["fhir-r4/examples/AllergyIntolerance-medication.json", { own: "fhir/no-setting", lists: "allergies", diagnostics: "unmapped-code" }],
  ["fhir-r4/examples/AllergyIntolerance-nkda.json", { own: "fhir/no-setting", lists: "allergies", diagnostics: "" }],
  ["fhir-r4/examples/Bundle-bundle-example.json", { own: "fhir/no-setting", lists: "", diagnostics: "incomplete-list×2 not-read" }],
  ["fhir-r4/examples/Bundle-bundle-response-medsallergies.json", { own: "fhir/no-setting", lists: "diagnoses orders medicationHistory", diagnostics: "incomplete-list" }],
  ["fhir-r4/examples/Bundle-bundle-transaction.json", { own: "fhir/ambiguous-patient", refused: "fhir/ambiguous-patient" }],
  ["fhir-r4/examples/Bundle-f202.json", { own: "fhir/no-setting", lists: "microbiology", diagnostics: "unresolved-reference not-read" }],
  ["fhir-r4/examples/Bundle-lri-example.json", { own: "fhir/no-setting", lists: "observations microbiology", diagnostics: "unmapped-code×2" }],
  ["fhir-r4/examples/Bundle-micro.json", { own: "fhir/no-setting", lists: "observations microbiology", diagnostics: "unmapped-code×20 invalid-resource not-read" }],
  ["fhir-r4/examples/Condition-example.json", { own: "fhir/no-setting", lists: "diagnoses", diagnostics: "" }],
  ["fhir-r4/examples/Condition-f201.json", { own: "fhir/no-setting", lists: "diagnoses", diagnostics: "" }],
  ["fhir-r4/examples/Condition-f203.json", { own: "fhir/no-setting", lists: "diagnoses", diagnostics: "" }],
  ["fhir-r4/examples/Condition-f204.json", { own: "fhir/no-setting", lists: "diagnoses", diagnostics: "" }],
  ["fhir-r4/examples/Condition-f205.json", { own: "fhir/no-setting", lists: "diagnoses", diagnostics: "" }],
  ["fhir-r4/examples/DetectedIssue-allergy.json", { own: "fhir/no-setting", lists: "", diagnostics: "not-read" }],
  ["fhir-r4/examples/DetectedIssue-ddi.json", { own: "fhir/no-setting", lists: "", diagnostics: "not-read" }],
  ["fhir-r4/examples/DetectedIssue-duplicate.json", { own: "fhir/no-setting", lists: "", diagnostics: "not-read" }],
  ["fhir-r4/examples/DetectedIssue-lab.json", { own: "fhir/no-setting", lists: "", diagnostics: "not-read" }],
  ["fhir-r4/examples/Encounter-emerg.json", { own: "inpatient", lists: "admitted", diagnostics: "" }],
  ["fhir-r4/examples/Encounter-f201.json", { own: "fhir/no-setting", lists: "", diagnostics: "" }],
  ["fhir-r4/examples/Encounter-f203.json", { own: "fhir/no-setting", lists: "", diagnostics: "unresolved-reference×2" }],
  ["fhir-r4/examples/MedicationRequest-medrx0302.json", { own: "fhir/no-setting", lists: "orders medicationHistory", diagnostics: "inexact-value" }],
  ["fhir-r4/examples/MedicationRequest-medrx0313.json", { own: "fhir/no-setting", lists: "orders medicationHistory", diagnostics: "" }],
  ["fhir-r4/examples/MedicationRequest-medrx0318.json", { own: "fhir/no-setting", lists: "orders medicationHistory", diagnostics: "unmapped-code" }],
  ["fhir-r4/examples/MedicationRequest-medrx0319.json", { own: "fhir/no-setting", lists: "orders medicationHistory", diagnostics: "unmapped-code" }],
  ["fhir-r4/examples/MedicationRequest-medrx0332.json", { own: "fhir/no-setting", lists: "orders medicationHistory", diagnostics: "" }],
  ["fhir-r4/examples/MedicationStatement-example001.json", { own: "fhir/no-setting", lists: "orders medicationHistory", diagnostics: "unmapped-code" }],
  ["fhir-r4/examples/MedicationStatement-example004.json", { own: "fhir/no-setting", lists: "orders medicationHistory", diagnostics: "" }],
  ["fhir-r4/examples/Observation-blood-pressure.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "" }],
  ["fhir-r4/examples/Observation-body-temperature.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "" }],
  ["fhir-r4/examples/Observation-f202.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "" }],
  ["fhir-r4/examples/Observation-f204.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "inexact-value" }],
  ["fhir-r4/examples/Observation-f205.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "inexact-value" }],
  ["fhir-r4/examples/Observation-f206.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "not-read" }],
  ["fhir-r4/examples/Observation-heart-rate.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "" }],
  ["fhir-r4/examples/Observation-respiratory-rate.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "" }],
  ["fhir-r4/examples/Observation-satO2.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "" }],
  ["fhir-r4/examples/Observation-vitals-panel.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "not-read" }],
  ["fhir-r4/examples/Patient-example.json", { own: "fhir/no-setting", lists: "", diagnostics: "" }],
  ["fhir-r4/examples/Patient-f201.json", { own: "fhir/no-setting", lists: "", diagnostics: "" }],
  ["fhir-r4/examples/ServiceRequest-example.json", { own: "fhir/no-setting", lists: "", diagnostics: "not-read" }],
  ["fhir-r4/examples/ServiceRequest-physiotherapy.json", { own: "fhir/no-setting", lists: "", diagnostics: "not-read" }],
  ["fhir-r4/examples/Task-example1.json", { own: "fhir/no-setting", lists: "", diagnostics: "not-read" }],
  ["synthea/Cammy_Kreiger_968df7cb-9393-48b6-a9cf-0a9e9a73d4a9.json", { own: "fhir/no-setting", lists: "diagnoses observations orders medicationHistory microbiology", diagnostics: "unmapped-code×7 not-read×9" }],
  ["synthea/Gerardo_Botello_979e317d-076b-42e4-b33c-c323229d2081.json", { own: "fhir/no-setting", lists: "diagnoses allergies observations medicationHistory microbiology", diagnostics: "unmapped-code×10 incomplete-list×5 not-read×8" }],
  ["synthea/Hong_Macejkovic_372e5381-b390-4065-a10f-14a7c26e607b.json", { own: "fhir/no-setting", lists: "diagnoses observations medicationHistory microbiology", diagnostics: "unmapped-code×10 incomplete-list×3 not-read×10" }],
  ["synthea/Hyacinth_Bins_665c7335-79e2-4bf1-aa23-101930c6c70a.json", { own: "fhir/no-setting", lists: "diagnoses allergies observations medicationHistory microbiology", diagnostics: "unmapped-code×10 incomplete-list×3 not-read×8" }],
  ["synthea/Reginald_Auer_d46fae79-67eb-4721-a300-238c8eb943eb.json", { own: "fhir/no-setting", lists: "diagnoses observations medicationHistory microbiology", diagnostics: "unmapped-code×10 incomplete-list×3 not-read×9" }],
  ["uk-core/examples-json/UKCore-AllergyIntolerance-Amoxicillin-Example.json", { own: "fhir/no-setting", lists: "allergies", diagnostics: "" }],
  ["uk-core/examples-json/UKCore-AllergyIntolerance-EnteredInError-Example.json", { own: "fhir/no-setting", lists: "", diagnostics: "" }],
  ["uk-core/examples-json/UKCore-AllergyIntolerance-Sn-DrugAllergy-Example.json", { own: "fhir/no-setting", lists: "allergies", diagnostics: "" }],
  ["uk-core/examples-json/UKCore-AllergyIntolerance-Sn-NegHandlNoKnownAllergies-Example.json", { own: "fhir/no-setting", lists: "allergies", diagnostics: "" }],
  ["uk-core/examples-json/UKCore-AllergyIntolerance-Sn-TransferDegradedDrugAllergy-Example.json", { own: "fhir/no-setting", lists: "allergies", diagnostics: "" }],
  ["uk-core/examples-json/UKCore-Bundle-AllergyList-Example.json", { own: "fhir/no-setting", lists: "allergies", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-Bundle-NEWS2Observations-Example.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-Condition-BleedingFromEar-Example.json", { own: "fhir/no-setting", lists: "diagnoses", diagnostics: "" }],
  ["uk-core/examples-json/UKCore-Condition-HipReplacement-Example.json", { own: "fhir/no-setting", lists: "diagnoses", diagnostics: "" }],
  ["uk-core/examples-json/UKCore-DiagnosticReport-Lab-DiagnosticStudiesReport-Example.json", { own: "fhir/no-setting", lists: "microbiology", diagnostics: "unresolved-reference" }],
  ["uk-core/examples-json/UKCore-Encounter-InpatientEncounter-Example.json", { own: "fhir/no-setting", lists: "", diagnostics: "" }],
  ["uk-core/examples-json/UKCore-Medication-Sn-Amoxicillin-Example.json", { own: "fhir/no-setting", lists: "", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-MedicationAdministration-CiprofloxacinIV-Example.json", { own: "fhir/no-setting", lists: "orders medicationHistory", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-MedicationDispense-Amoxicillin-Example.json", { own: "fhir/no-setting", lists: "", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-MedicationRequest-Amoxicillin-Example.json", { own: "fhir/no-setting", lists: "orders medicationHistory", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-MedicationRequest-CiprofloxacinIV-Example.json", { own: "fhir/no-setting", lists: "orders medicationHistory", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-MedicationRequest-CiprofloxacinOral-Example.json", { own: "fhir/no-setting", lists: "orders medicationHistory", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-MedicationRequest-Clarithromycin-Example.json", { own: "fhir/no-setting", lists: "orders medicationHistory", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-MedicationRequest-Doxycycline-Example.json", { own: "fhir/no-setting", lists: "orders medicationHistory", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-MedicationStatement-Amoxicillin-Example.json", { own: "fhir/no-setting", lists: "orders medicationHistory", diagnostics: "" }],
  ["uk-core/examples-json/UKCore-Observation-Group-FullBloodCount-Example.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-Observation-Lab-WhiteCellCount-Example.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "invalid-resource" }],
  ["uk-core/examples-json/UKCore-Observation-NPEWSTotal-Example.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "" }],
  ["uk-core/examples-json/UKCore-Observation-PatientConsciousness-Example.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-Observation-VitalSigns-BloodPressure-Example.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "" }],
  ["uk-core/examples-json/UKCore-Observation-VitalSigns-BodyTemperature-Example.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "" }],
  ["uk-core/examples-json/UKCore-Observation-VitalSigns-HeartRate-Example.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "" }],
  ["uk-core/examples-json/UKCore-Observation-VitalSigns-OxygenSaturation-Example.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "" }],
  ["uk-core/examples-json/UKCore-Observation-VitalSigns-RespiratoryRate-Example.json", { own: "fhir/no-setting", lists: "observations", diagnostics: "" }],
  ["uk-core/examples-json/UKCore-Organization-LeedsTeachingHospital-Example.json", { own: "fhir/no-setting", lists: "", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-Patient-BabyPatient-Example.json", { own: "fhir/no-setting", lists: "", diagnostics: "" }],
  ["uk-core/examples-json/UKCore-Patient-RichardSmith-Example.json", { own: "fhir/no-setting", lists: "", diagnostics: "" }],
  ["uk-core/examples-json/UKCore-Practitioner-ConsultantSandraGose-Example.json", { own: "fhir/no-setting", lists: "", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-RequestGroup-Ciprofloxacin-Example.json", { own: "fhir/no-setting", lists: "", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-RequestGroup-MultipleAntibiotics-Example.json", { own: "fhir/no-setting", lists: "", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-ServiceRequest-Lab-CReactiveProtein-Example.json", { own: "fhir/no-setting", lists: "", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-Specimen-BloodSpecimen-Example.json", { own: "fhir/no-setting", lists: "", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-Specimen-UrineSpecimen-Example.json", { own: "fhir/no-setting", lists: "", diagnostics: "not-read" }],
  ["uk-core/examples-json/UKCore-Task-Colonoscopy-Example.json", { own: "fhir/no-setting", lists: "", diagnostics: "not-read" }],
]);

// CDS Hooks files that carry no patient data: discovery documents, cards, feedback, tokens, templates and models.
const notPatientData = /^cds-hooks\/(spec-examples\/(action-|card-|context-|discovery-|feedback-|fhirAuthorization|jwks-|jwt-|override-|prefetch-template|response-)|logical-models-draft\/(binary-CDSHookServices|binary-CDSHooksResponse|structuredefinition-))/;

const corpus = ["fhir-r4/examples", "uk-core/examples-json", "synthea", "cds-hooks/spec-examples", "cds-hooks/hook-examples", "cds-hooks/logical-models-draft"].flatMap(corpusFiles).filter((f) => !notPatientData.test(f));

function summary(codes: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const c of codes) counts.set(c.slice("fhir/".length), (counts.get(c.slice("fhir/".length)) ?? 0) + 1);
  return [...counts].map(([c, n]) => (n === 1 ? c : `${c}×${n}`)).join(" ");
}

describe(`fromFhir on every patient-data file of the conformance corpus${corpusNote}`, () => {
  test.skipIf(corpus.length === 0)("the table covers exactly the corpus's patient-data files", () => {
    expect(corpus.sort()).toEqual(Object.keys(expected).sort());
  });

  test.skipIf(corpus.length === 0).each(corpus)("%s", (file) => {
    const input = corpusJson(file);
    const want = expected[file]!;
    const own = fromFhir(input, { now: NOW });
    expect(own._tag === "Right" ? own.right.context.setting : own.left.filter((d) => d.severity === "error").map((d) => d.code)[0]).toBe(want.own);
    const hosted = fromFhir(input, { now: NOW, setting: "primary-care" });
    if ("refused" in want) {
      expect(hosted._tag).toBe("Left");
      if (hosted._tag === "Left") expect(hosted.left.filter((d) => d.severity === "error").map((d) => d.code)).toEqual([want.refused]);
      return;
    }
    expect(hosted._tag).toBe("Right");
    if (hosted._tag !== "Right") return;
    const { context, diagnostics } = hosted.right;
    expect(Object.keys(context).filter((k) => k !== "patient" && k !== "setting").join(" ")).toBe(want.lists);
    expect(summary(diagnostics.map((d) => d.code))).toBe(want.diagnostics);
    // Every diagnostic names where it is: a resource, or a place in the input.
    for (const d of diagnostics) expect(d.location?.pointer).toBeTypeOf("string");
    expect(diagnostics.every((d) => d.severity !== "error")).toBe(true);
  });
});
