/** What `toFhir` needs beside the Decision, and the references to the record it derives from it. */
import type { GuidelineIR, PatientContextInput, Provenance } from "@steward/core";
import type { Reference } from "fhir/r4.js";
import { sourceOfFact, type ContextProvenance } from "../provenance.js";

/** How to write a Decision as FHIR resources. */
export interface ToFhirOptions {
  /** The patient the Decision is about: `{ reference: "Patient/f201" }`, or an identifier such as the NHS number. */
  readonly patient: Reference;
  /** The compiled guidelines the Decision came from: proposals take their dm+d codes, and their reasons, from them. */
  readonly guidelines?: readonly GuidelineIR[];
  /** The context the Decision was made from: the diagnoses a rule treats become the proposal's reason. */
  readonly context?: PatientContextInput;
  /** Where the context's facts came from (`fromFhir` returns it): orders and cultures are referred to as the resources they were read from. */
  readonly provenance?: ContextProvenance;
}

/** The record resource an order or culture of the context was read from; without provenance, an order is taken to be a MedicationRequest of that id. */
export function recordReference(options: ToFhirOptions, list: "orders" | "microbiology", id: string, display?: string): Reference {
  const index = (list === "orders" ? options.context?.orders : options.context?.microbiology)?.findIndex((item) => item.id === id) ?? -1;
  const from = index < 0 || options.provenance === undefined ? undefined : sourceOfFact(options.provenance, `/${list}/${index}`);
  const reference = from?.id !== undefined ? `${from.resourceType}/${from.id}` : list === "orders" ? `MedicationRequest/${id}` : `DiagnosticReport/${id}`;
  return display === undefined ? { reference } : { reference, display };
}

/** Where an item of the Decision came from, for a resource's note: the guideline, its version and the rule, and what about the rule is not confirmed in a cited source. */
export function sourceNote(provenance: Provenance): string {
  const source = `${provenance.guideline} ${provenance.version}, rule ${provenance.rule}`;
  return provenance.unverified === undefined ? source : `${source}; unverified: ${provenance.unverified}`;
}
