/** A region of a source file. Offsets are the truth; line and column (both 1-based) are derived once. */
export interface Span {
  readonly file: string;
  readonly offset: number;
  readonly length: number;
  readonly line: number;
  readonly column: number;
}

/** Every diagnostic code Steward can produce, grouped by the layer that reports it. */
export const diagnosticCodes = [
  // lexing and parsing
  "parse/unexpected-character",
  "parse/unterminated-string",
  "parse/unexpected-token",
  "parse/missing-token",
  "parse/unknown-unit",
  "parse/file-too-large",
  "parse/string-too-long",
  "parse/too-deep",
  "parse/too-many-declarations",
  // name resolution, types and content checks
  "check/unresolved-name",
  "check/wrong-kind-of-name",
  "check/duplicate-id",
  "check/type-mismatch",
  "check/unit-dimension",
  "check/missing-duration",
  "check/missing-citation",
  "check/unknown-source",
  "check/drug-not-in-formulary",
  "check/unknown-code-system",
  "check/malformed-code",
  "check/unknown-word",
  "check/unknown-field",
  "check/duplicate-code",
  "check/define-cycle",
  "check/subject-out-of-scope",
  "check/invalid-version",
  "check/invalid-date",
  "check/invalid-url",
  "check/review-before-approval",
  "check/missing-header",
  "check/duplicate-header",
  "check/duplicate-field",
  "check/missing-field",
  "check/import-not-found",
  "check/import-cycle",
  "check/import-unknown-name",
  "check/class-cycle",
  "check/empty-code-list",
  "check/expansion-not-found",
  "check/invalid-expansion",
  "check/missing-expansion",
  "check/stale-expansion",
  "check/rule-without-condition",
  "check/rule-without-outcome",
  "check/route-not-available",
  "check/invalid-quantity",
  "check/conflicting-clauses",
  "check/invalid-value",
  "check/unknown-scenario-line",
  "check/combination-in-note",
  "check/score-as-observation",
  "check/summary-too-long",
  "check/define-too-deep",
  "check/path-outside-root",
  "check/wrong-file-type",
  "check/too-many-files",
  // compile
  "compile/invalid-ir",
  // evaluation inputs
  "eval/invalid-context",
  "eval/invalid-time",
  "eval/implausible-value",
  "eval/unknown-reference",
  "eval/duplicate-id",
  "eval/contradictory-context",
  "eval/invalid-guideline",
  "eval/invalid-option",
  "eval/limit-exceeded",
  "eval/content-hash-mismatch",
  "eval/internal-error",
  // the plain-JSON adapter
  "json/invalid-json",
  "json/invalid-value",
  // the FHIR adapter
  "fhir/invalid-input",
  "fhir/limit-exceeded",
  "fhir/ambiguous-patient",
  "fhir/no-setting",
  "fhir/invalid-resource",
  "fhir/invalid-value",
  "fhir/inexact-value",
  "fhir/unresolved-reference",
  "fhir/other-patient",
  "fhir/unmapped-code",
  "fhir/conflicting-data",
  "fhir/fetch-error",
  "fhir/incomplete-list",
  "fhir/not-read",
  // surveillance: the audit of a population's prescriptions
  "audit/invalid-record",
  "audit/no-time",
  "audit/invalid-population",
  "audit/unusable-feedback",
  // file input / output and command use
  "io/unreadable",
] as const;

/** A stable diagnostic code: the contract tests and tools rely on; messages are only rendering. */
export type DiagnosticCode = (typeof diagnosticCodes)[number];

/** How serious a diagnostic is: errors stop compilation, warnings and info do not. */
export type Severity = "error" | "warning" | "info";

/**
 * Where in a JSON input a problem lies: a JSON pointer into the input and, for FHIR, the resource
 * it belongs to (`Observation/f204` at `/entry/3/resource/valueQuantity`).
 */
export interface DataLocation {
  readonly pointer: string;
  readonly resourceType?: string;
  readonly id?: string;
}

/** The one diagnostic type shared by the parser, checker, compiler, evaluator and adapters. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span?: Span;
  /** For problems in JSON input (a FHIR bundle), where they are; rule files use `span`. */
  readonly location?: DataLocation;
  readonly hint?: string;
}

/** Whether a diagnostic code is one Steward defines. */
export function isDiagnosticCode(value: string): value is DiagnosticCode {
  return (diagnosticCodes as readonly string[]).includes(value);
}

/** True when any of the diagnostics is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Orders diagnostics by file, then offset, then code, so output never depends on discovery order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const fa = a.span?.file ?? "";
    const fb = b.span?.file ?? "";
    if (fa !== fb) return fa < fb ? -1 : 1;
    const oa = a.span?.offset ?? -1;
    const ob = b.span?.offset ?? -1;
    if (oa !== ob) return oa - ob;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}
