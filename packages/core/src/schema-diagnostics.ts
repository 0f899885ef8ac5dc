/**
 * Turns the problems a zod schema found in untrusted input into diagnostics that name the field by
 * JSON pointer and say in words what was expected and what was given:
 * `/patient/age: expected a whole number, got "abc"`. Parse with `{ reportInput: true }` so the
 * given value can be shown.
 */
import type * as z from "zod/mini";
import type { Diagnostic, DiagnosticCode } from "./diagnostic.js";

type Issue = z.core.$ZodIssue;

const typeWords: Readonly<Record<string, string>> = {
  int: "a whole number",
  number: "a number",
  string: "a string",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  null: "null",
};

/** The JSON pointer of a path: `/` for the root, `~` and `/` escaped as RFC 6901 says. */
function pointer(path: readonly PropertyKey[]): string {
  return `/${path.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`;
}

function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

function oneOf(values: readonly unknown[]): string {
  return values.length === 1 ? JSON.stringify(values[0]) : `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
}

/** The value a union of literals allows, when every branch failed only on its literal. */
function literalUnion(issue: Extract<Issue, { code: "invalid_union" }>): unknown[] | undefined {
  const branches = issue.errors.map((branch) => (branch.length === 1 && branch[0]!.code === "invalid_value" && branch[0]!.path.length === 0 ? branch[0]!.values : undefined));
  return branches.length > 0 && branches.every((b) => b !== undefined) ? branches.flat() : undefined;
}

/** Each problem in words, at its pointer; an unknown-keys issue gives one message per key. */
function describe(issue: Issue): string[] {
  const at = pointer(issue.path);
  const field = issue.path[issue.path.length - 1];
  // invariant: parsed with reportInput, so only an absent field has an undefined input
  if (typeof field === "string" && issue.input === undefined && (issue.code === "invalid_type" || issue.code === "invalid_value" || issue.code === "invalid_union")) {
    return [`${pointer(issue.path.slice(0, -1))}: missing required field \`${String(field)}\``];
  }
  switch (issue.code) {
    case "invalid_type":
      return [`${at}: expected ${typeWords[issue.expected] ?? issue.expected}, got ${shown(issue.input)}`];
    case "unrecognized_keys":
      return issue.keys.map((key) => `${at}: unknown field \`${key}\``);
    case "invalid_value":
      return [`${at}: expected ${oneOf(issue.values)}, got ${shown(issue.input)}`];
    case "invalid_union": {
      if (issue.discriminator !== undefined && "options" in issue) {
        const given = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator];
        return [`${at}: expected ${oneOf(issue.options ?? [])}, got ${shown(given)}`];
      }
      const values = literalUnion(issue);
      return [values === undefined ? `${at}: ${shown(issue.input)} matches none of the forms allowed here` : `${at}: expected ${oneOf(values)}, got ${shown(issue.input)}`];
    }
    case "invalid_format":
      // A schema's own message for a format says what it accepts; zod's generic one names only the rule.
      return [`${at}: ${issue.format === "regex" && issue.message.startsWith("expected") ? issue.message : `expected text matching \`${issue.pattern ?? issue.format}\``}, got ${shown(issue.input)}`];
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const op = issue.code === "too_small" ? (issue.inclusive ? ">=" : ">") : issue.inclusive ? "<=" : "<";
      if (issue.origin === "string" && issue.code === "too_small" && Number(bound) === 1) return [`${at}: must not be empty`];
      if (issue.origin === "array" || issue.origin === "set") return [`${at}: must have ${op} ${String(bound)} items`];
      if (issue.origin === "string") return [`${at}: must have ${op} ${String(bound)} characters`];
      return [`${at}: ${shown(issue.input)} must be ${op} ${String(bound)}`];
    }
    case "not_multiple_of":
      return [`${at}: ${shown(issue.input)} must be a multiple of ${String(issue.divisor)}`];
    default:
      return [`${at}: ${issue.message}`];
  }
}

/**
 * Diagnostics for the problems a schema found, one per problem, each starting with the JSON
 * pointer of the field. A refinement that fails where a structural problem was already found at
 * the same field is left out: it would repeat the first problem in other words.
 */
export function schemaDiagnostics(issues: readonly Issue[], code: DiagnosticCode): Diagnostic[] {
  const structural = new Set(issues.filter((i) => i.code !== "custom").map((i) => pointer(i.path)));
  return issues
    .filter((i) => i.code !== "custom" || !structural.has(pointer(i.path)))
    .flatMap(describe)
    .map((message) => ({ code, severity: "error", message }));
}
