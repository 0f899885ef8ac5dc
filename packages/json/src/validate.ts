/**
 * Validation at the JSON boundary: a value is checked against the same zod schemas `evaluate`
 * uses (the published JSON Schemas are generated from them), in one pass, with no code generated
 * at run time. A bad value is rejected whole, with one diagnostic per problem naming its JSON pointer.
 */
import { DecisionSchema, PatientContextSchema, schemaDiagnostics, type Decision, type Diagnostic, type PatientContext } from "@steward/core";
import { left, right, type Either } from "#fp-ts/either";

/** Validates a patient context, giving it back with the schema's defaults filled in. */
export function validateContext(value: unknown): Either<readonly Diagnostic[], PatientContext> {
  const parsed = PatientContextSchema.safeParse(value, { reportInput: true });
  return parsed.success ? right(parsed.data) : left(schemaDiagnostics(parsed.error.issues, "json/invalid-value"));
}

/** Validates a Decision (a host can check one it stored before reading it back). */
export function validateDecision(value: unknown): Either<readonly Diagnostic[], Decision> {
  const parsed = DecisionSchema.safeParse(value, { reportInput: true });
  return parsed.success ? right(parsed.data) : left(schemaDiagnostics(parsed.error.issues, "json/invalid-value"));
}
