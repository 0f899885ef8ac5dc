/** One patient's record as the audit's reader hands it to a worker: the text, and where it came from. */

/** Where a record came from, for reporting a problem with it. */
export interface RecordSource {
  readonly file: string;
  /** The line (from 1) of an NDJSON file; null for a whole file or a patient gathered from several files. */
  readonly line: number | null;
}

/** A line of Steward contexts NDJSON: `{"key": …, "site": …, "context": {…}}`. */
export interface ContextRecord extends RecordSource {
  readonly kind: "context";
  readonly text: string;
}

/** A patient's FHIR resources, each as JSON text: one file's Bundle, or the lines of a Bulk Data export about one patient. */
export interface FhirRecord extends RecordSource {
  readonly kind: "fhir";
  readonly texts: readonly string[];
  /** The resource types the export holds completely (none for a bundle). */
  readonly exportedTypes: readonly string[];
}

/** A record for the audit. */
export type InputRecord = ContextRecord | FhirRecord;

/** A record the audit could not read, with what was wrong. */
export interface RecordProblem extends RecordSource {
  /** The diagnostic code (`json/invalid-json`, `audit/invalid-record`, …). */
  readonly code: string;
  readonly message: string;
}
