/** Helpers for the adapter's tests: read a record that must be readable, and small FHIR resources. */
import type { Diagnostic } from "@steward/core";
import { fromFhir, type FhirReading, type FromFhirOptions } from "../src/index.js";

/** The time the tests read records at. */
export const NOW = "2026-11-25T09:00:00Z";

/** The patient the test resources are about. */
export const patient = { resourceType: "Patient", id: "p1", birthDate: "1960-03-13", gender: "female" } as const;

/** A reference to that patient. */
export const subject = { reference: "Patient/p1" } as const;

/** Reads `input` (the patient is added unless `alone`), failing the test when the reading is refused. */
export function readOk(resources: readonly unknown[], options: Partial<FromFhirOptions> = {}): FhirReading {
  const result = fromFhir([patient, ...resources], { now: NOW, setting: "primary-care", ...options });
  if (result._tag === "Left") throw new Error(result.left.map((d) => d.message).join("\n"));
  return result.right;
}

/** The errors that refuse a reading. */
export function refused(input: unknown, options: Partial<FromFhirOptions> = {}): Diagnostic[] {
  const result = fromFhir(input, { now: NOW, ...options });
  if (result._tag === "Right") throw new Error("the reading was not refused");
  return [...result.left];
}

/** Diagnostics as `code Type/id pointer` lines, for exact assertions. */
export function located(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.location?.resourceType ?? "-"}/${d.location?.id ?? "-"} ${d.location?.pointer ?? ""}`);
}

/** A SNOMED CT CodeableConcept. */
export function snomed(code: string, display?: string): { coding: { system: string; code: string; display?: string }[] } {
  return { coding: [display === undefined ? { system: "http://snomed.info/sct", code } : { system: "http://snomed.info/sct", code, display }] };
}

/** A UCUM-coded Quantity. */
export function ucum(value: number, code: string): { value: number; system: string; code: string } {
  return { value, system: "http://unitsofmeasure.org", code };
}
