/**
 * One patient file for `eval` and `explain`: a Steward patient context (plain JSON), or a FHIR R4
 * record — a Bundle, an array of resources, a resource, a CDS Hooks prefetch — recognised by its
 * `resourceType`, or because the file was named with `--fhir`.
 */
import type { Diagnostic, PatientContextInput, vocabulary } from "@steward/core";
import { normalizeUnits } from "@steward/core/units";
import { fromFhir, type ContextProvenance } from "@steward/fhir";
import { parseJson } from "@steward/json";
import { right, type Either } from "fp-ts/lib/Either.js";

/** A patient ready to evaluate, with what the FHIR reading noted on the way. */
export interface PatientInput {
  readonly context: PatientContextInput;
  /** The patient as a FHIR reference, for `--format fhir`. */
  readonly patient: { readonly reference: string } | { readonly display: string };
  /** Where each fact came from, for a FHIR record. */
  readonly provenance: ContextProvenance | undefined;
  /** Warnings and notes from reading a FHIR record. */
  readonly notes: readonly Diagnostic[];
}

/** How to read patient files. */
export interface PatientInputOptions {
  readonly now: string;
  /** Every file is FHIR (`--fhir`), rather than recognised by its `resourceType`. */
  readonly fhir: boolean;
  /** The care setting given with `--setting`, for FHIR records. */
  readonly setting: vocabulary.CareSetting | undefined;
}

function looksLikeFhir(value: unknown): boolean {
  const isResource = (v: unknown): boolean => typeof v === "object" && v !== null && typeof (v as { resourceType?: unknown }).resourceType === "string";
  return isResource(value) || (Array.isArray(value) && value.length > 0 && value.every(isResource));
}

/**
 * Reads the text of one patient file as a context, or the diagnostics that stop it. Units are
 * normalised either way (fromFhir does it itself); the context is validated by `evaluate`.
 */
export function readPatientInput(text: string, file: string, options: PatientInputOptions): Either<readonly Diagnostic[], PatientInput> {
  const parsed = parseJson(text, options.fhir ? "the FHIR record" : "the patient context");
  if (parsed._tag === "Left") return parsed;
  if (options.fhir || looksLikeFhir(parsed.right)) {
    const read = fromFhir(parsed.right, options.setting === undefined ? { now: options.now } : { now: options.now, setting: options.setting });
    if (read._tag === "Left") return read;
    const { context, patient, provenance, diagnostics } = read.right;
    return right({ context, patient: patient === undefined ? { display: file } : { reference: patient }, provenance, notes: diagnostics });
  }
  // invariant: as evaluateJson does, units are normalised before evaluation (which validates)
  return right({ context: normalizeUnits(parsed.right as PatientContextInput), patient: { display: file }, provenance: undefined, notes: [] });
}
