/**
 * Errors as the specification asks for them ("Returning OperationOutcome"): a FHIR OperationOutcome
 * with one issue per problem, each saying what it is and, in `diagnostics`, where it is (a JSON
 * pointer into the body), with no patient data in it.
 */
import type { OperationOutcome, OperationOutcomeIssue } from "fhir/r4.js";

/** One problem to report. */
export interface OutcomeIssue {
  readonly code: OperationOutcomeIssue["code"];
  readonly text: string;
  /** Where in the request, as a JSON pointer, when it is about one field. */
  readonly pointer?: string;
  readonly severity?: OperationOutcomeIssue["severity"];
}

/** An OperationOutcome holding the issues. */
export function operationOutcome(issues: readonly OutcomeIssue[]): OperationOutcome {
  return {
    resourceType: "OperationOutcome",
    issue: issues.map((i) => ({ severity: i.severity ?? "error", code: i.code, details: { text: i.text }, ...(i.pointer === undefined || i.pointer === "" ? {} : { diagnostics: `at ${i.pointer}` }) })),
  };
}
