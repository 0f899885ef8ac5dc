/**
 * Reads `key value` fields of a declaration block against a table saying which keys are allowed,
 * which are required and what each value must look like.
 */
import type { Span } from "@steward/core";
import type * as ast from "../ast.js";
import { suggest, type Checker } from "./context.js";

/** What a field's values must be. */
export type FieldShape = "text" | "version" | "date" | "word" | "words" | "unit" | "names" | "name" | "quantity" | "regimen";

/** One row of a block's field table. */
export interface FieldRule {
  readonly shape: FieldShape;
  readonly required: boolean;
  readonly example: string;
}

/** A field's value, already shape-checked. */
export type FieldValue = { readonly shape: "text" | "version" | "date" | "word" | "unit" | "name" | "quantity"; readonly value: string; readonly span: Span; readonly node: ast.FieldValue } | { readonly shape: "words" | "names"; readonly values: readonly ast.Name[]; readonly span: Span };

/**
 * Reads the fields of `entries` against `table`. Unknown, repeated, missing and misshapen fields are
 * reported; code entries and citations are left to the caller. `owner` is where "missing" is reported.
 */
export function readFields(
  checker: Checker,
  entries: readonly ast.BlockEntry[],
  table: Readonly<Record<string, FieldRule>>,
  owner: ast.Name,
  what: string,
  completeness = true,
): Map<string, FieldValue> {
  const out = new Map<string, FieldValue>();
  for (const entry of entries) {
    // A dose entry is read by its declaration; anywhere else it is a field that does not belong.
    if (entry.kind === "dose-entry" && table[entry.key.text]?.shape !== "regimen") {
      checker.report("check/unknown-field", entry.key.span, `\`${entry.key.text}\` is not a field of ${what}`);
      continue;
    }
    if (entry.kind !== "field") continue;
    const key = entry.key.text;
    const rule = table[key];
    if (rule === undefined) {
      const keys = Object.keys(table);
      checker.report("check/unknown-field", entry.key.span, `\`${key}\` is not a field of ${what}`, keys.length > 0 ? suggest(key, keys) : `${what} has no fields`);
      continue;
    }
    if (out.has(key)) {
      checker.report("check/duplicate-field", entry.key.span, `\`${key}\` is given more than once`, "keep one");
      continue;
    }
    if (rule.shape === "regimen") {
      checker.report("check/invalid-value", entry.span, `\`${key}\` takes a dose and the source that gives it`, `write \`${key} ${rule.example}\``);
      continue;
    }
    const value = shapeOf(checker, entry, rule);
    if (value !== undefined) out.set(key, value);
  }
  if (completeness) {
    for (const [key, rule] of Object.entries(table)) {
      if (rule.required && !out.has(key) && !entries.some((e) => e.kind === "field" && e.key.text === key)) {
        checker.report("check/missing-field", owner.span, `${what} \`${owner.text}\` has no \`${key}\``, `add \`${key} ${rule.example}\``);
      }
    }
  }
  return out;
}

function shapeOf(checker: Checker, entry: ast.Field, rule: FieldRule): FieldValue | undefined {
  const values = entry.values;
  const many = rule.shape === "words" || rule.shape === "names";
  if (!many && values.length !== 1) {
    checker.report("check/invalid-value", values[1]?.span ?? entry.span, `\`${entry.key.text}\` takes one value`, `write \`${entry.key.text} ${rule.example}\``);
    return undefined;
  }
  if (many) {
    const names: ast.Name[] = [];
    for (const v of values) {
      if (v.kind !== "name") {
        checker.report("check/invalid-value", v.span, `\`${entry.key.text}\` expects names, like \`${rule.example}\``);
        return undefined;
      }
      names.push(v);
    }
    return { shape: rule.shape as "words" | "names", values: names, span: entry.span };
  }
  const v = values[0]!;
  const expected: Record<Exclude<FieldShape, "words" | "names">, boolean> = {
    text: v.kind === "text",
    version: v.kind === "version",
    date: v.kind === "date",
    word: v.kind === "name",
    name: v.kind === "name",
    unit: v.kind === "name",
    quantity: v.kind === "quantity",
    regimen: false,
  };
  const ok = expected[rule.shape as Exclude<FieldShape, "words" | "names">];
  if (!ok) {
    const code = rule.shape === "version" ? "check/invalid-version" : rule.shape === "date" ? "check/invalid-date" : "check/invalid-value";
    checker.report(code, v.span, `\`${entry.key.text}\` expects ${shapeWords[rule.shape]}`, `write \`${entry.key.text} ${rule.example}\``);
    return undefined;
  }
  const value = v.kind === "text" ? v.value : v.kind === "quantity" ? v.number : v.text;
  return { shape: rule.shape as "text", value, span: v.span, node: v };
}

const shapeWords: Record<FieldShape, string> = {
  text: "a string in double quotes",
  version: "a version like `1.0.0`",
  date: "a date like `2025-01-31`",
  word: "a word",
  words: "a list of words",
  unit: "a unit",
  names: "a list of names",
  name: "a name",
  quantity: "a quantity with its unit",
  regimen: "a dose and its source",
};

/** True for a real calendar date in `YYYY-MM-DD` form. */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
