/**
 * Codings as FHIR sends them, turned into context codings: only codings with a system and a code
 * count, system URIs are written the one way Steward knows them, and where one coding must be
 * chosen the systems Steward's code lists use come first.
 */
import { findCodeSystem, findCodeSystemByUri, type ContextCoding } from "@steward/core";
import { objectsAt, textAt, type JsonObject } from "./json-value.js";

/** Code system URIs the adapter reads. */
export const systems = {
  snomed: "http://snomed.info/sct",
  dmd: "https://dmd.nhs.uk",
  loinc: "http://loinc.org",
  ucum: "http://unitsofmeasure.org",
  actCode: "http://terminology.hl7.org/CodeSystem/v3-ActCode",
  interpretation: "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
  /** Steward's own: an Observation coded here records a guideline finding by its id (`clinical-signs-improving`). */
  finding: "https://steward.dev/fhir/CodeSystem/finding",
  /** Steward's own: the identifier system of an alert's key, on the DetectedIssue that carries the alert. */
  alertKey: "https://steward.dev/fhir/alert-key",
} as const;

/**
 * The URI Steward knows a system by. UK Core examples write dm+d both with and without a trailing
 * slash (`https://dmd.nhs.uk/`); both name one system.
 */
export function canonicalSystem(uri: string): string {
  const trimmed = uri.trim();
  return findCodeSystemByUri(trimmed)?.uri ?? findCodeSystemByUri(withoutTrailingSlashes(trimmed))?.uri ?? trimmed;
}

/** `text` without the slashes it ends with; a loop, where a regular expression would take quadratic time on a long run of slashes. */
export function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === "/") end--;
  return text.slice(0, end);
}

/** The FHIR URI of a context coding's system, which may be written as a Steward word (`snomed`). */
export function systemUri(system: string): string {
  return findCodeSystem(system)?.uri ?? system;
}

/** The usable codings of a CodeableConcept, each with its index in `coding`. */
export function codingsOf(concept: JsonObject | undefined): { readonly coding: ContextCoding; readonly index: number }[] {
  return objectsAt(concept, "coding").flatMap(({ value, index }) => {
    const system = textAt(value, "system");
    const code = textAt(value, "code");
    if (system === undefined || code === undefined) return [];
    const display = textAt(value, "display");
    const coding: ContextCoding = display === undefined ? { system: canonicalSystem(system), code: code.trim() } : { system: canonicalSystem(system), code: code.trim(), display };
    return [{ coding, index }];
  });
}

/** The first coding of the concept in the first of `preferred` systems that has one, else its first coding. */
export function preferredCoding(concept: JsonObject | undefined, preferred: readonly string[]): { readonly coding: ContextCoding; readonly index: number } | undefined {
  const all = codingsOf(concept);
  for (const system of preferred) {
    const found = all.find((c) => c.coding.system === system);
    if (found !== undefined) return found;
  }
  return all[0];
}

/** The words a concept is known by, for naming it: its text, else the first display. */
export function conceptText(concept: JsonObject | undefined): string | undefined {
  return textAt(concept, "text") ?? codingsOf(concept).find((c) => c.coding.display !== undefined)?.coding.display;
}

/** A coding with the concept's text as its display when the coding has none. */
export function withDisplay(coding: ContextCoding, concept: JsonObject | undefined): ContextCoding {
  if (coding.display !== undefined) return coding;
  const text = textAt(concept, "text");
  return text === undefined ? coding : { ...coding, display: text };
}
