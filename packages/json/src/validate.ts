/**
 * Validation at the JSON boundary with ajv against the published schemas. A bad input is rejected
 * whole, with one diagnostic per problem naming the JSON pointer and what was expected.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import type { Diagnostic } from "@steward/core";
import { left, right, type Either } from "fp-ts/lib/Either.js";
import contextSchema from "../schemas/patient-context.schema.json" with { type: "json" };
import decisionSchema from "../schemas/decision.schema.json" with { type: "json" };

function compile(schema: object): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false });
  return ajv.compile(schema);
}

const validators = { context: compile(contextSchema), decision: compile(decisionSchema) } as const;

function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

// The schema holds only the regular expression; these say in words what each named pattern accepts.
const patternForms: Record<string, string> = {
  Instant: "a date (YYYY-MM-DD) or a date-time with a zone (YYYY-MM-DDThh:mm:ssZ)",
};

function patternForm(e: ErrorObject): string {
  const definition = /\/\$defs\/([^/]+)\/pattern$/.exec(e.schemaPath)?.[1];
  if (definition !== undefined && patternForms[definition] !== undefined) return patternForms[definition];
  return `text matching \`${String((e.params as { pattern?: unknown }).pattern)}\``;
}

/** One ajv error as a sentence: `/patient/age: expected a number, got "abc"`. */
export function describeError(e: ErrorObject): string {
  const at = e.instancePath === "" ? "/" : e.instancePath;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "type": {
      const words: Record<string, string> = { integer: "a whole number", number: "a number", string: "a string", boolean: "true or false", object: "an object", array: "a list", null: "null" };
      const wanted = String(p["type"]).split(",").map((t) => words[t] ?? t).join(" or ");
      return `${at}: expected ${wanted}, got ${shown(e.data)}`;
    }
    case "required":
      return `${at}: missing required field \`${String(p["missingProperty"])}\``;
    case "additionalProperties":
      return `${at}: unknown field \`${String(p["additionalProperty"])}\``;
    case "enum":
      return `${at}: expected one of ${(p["allowedValues"] as unknown[]).map((v) => JSON.stringify(v)).join(", ")}, got ${shown(e.data)}`;
    case "const":
      return `${at}: expected ${JSON.stringify(p["allowedValue"])}, got ${shown(e.data)}`;
    case "pattern":
      return `${at}: expected ${patternForm(e)}, got ${shown(e.data)}`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `${at}: ${shown(e.data)} ${e.message ?? "is out of range"}`;
    case "minLength":
      return `${at}: must not be empty`;
    default:
      return `${at}: ${e.message ?? "is not valid"}`;
  }
}

/** The errors worth showing: for a failed `anyOf`/`oneOf`, its branches' errors say more than the summary. */
function relevant(errors: readonly ErrorObject[]): ErrorObject[] {
  const out = errors.filter((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf" && e.keyword !== "if");
  const seen = new Set<string>();
  return out.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function validate<T>(which: keyof typeof validators, value: unknown): Either<readonly Diagnostic[], T> {
  const validator = validators[which];
  if (validator(value)) return right(value as T);
  return left(relevant(validator.errors ?? []).map((e) => ({ code: "json/invalid-value" as const, severity: "error" as const, message: describeError(e) })));
}

/** Validates a patient context against the published schema. */
export function validateContext(value: unknown): Either<readonly Diagnostic[], unknown> {
  return validate("context", value);
}

/** Validates a Decision against the published schema (hosts can use it to check stored decisions). */
export function validateDecision(value: unknown): Either<readonly Diagnostic[], unknown> {
  return validate("decision", value);
}
