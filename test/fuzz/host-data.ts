/**
 * What the host-data fuzz targets share: the fuzz target shape, the bundled guidelines prepared
 * once, the checks made on an accepted input (the Decision validates against DecisionSchema, no
 * internal error, nothing added to Object.prototype) and the mutations applied to real records.
 */
import fc from "fast-check";
import { DecisionSchema, type Decision, type Diagnostic, type Evaluator, type GuidelineIR } from "@steward/core";
import type { Either } from "fp-ts/lib/Either.js";
import { bundledGuidelines, evaluatorOf } from "../support/guidelines.js";

/** A fuzz target: inputs to try, and what one input did. */
export interface FuzzTarget {
  readonly name: string;
  readonly arbitrary: fc.Arbitrary<unknown>;
  run(input: unknown): { outcome: "accepted" | "rejected"; wrongAccept?: string };
}

/** The evaluation time of every target. */
export const NOW = "2026-11-25T09:00:00Z";

let compiled: GuidelineIR[] | undefined;
let evaluator: Evaluator | undefined;
/** Every bundled guideline, compiled on first use. */
export function guidelines(): readonly GuidelineIR[] {
  compiled ??= bundledGuidelines();
  return compiled;
}
/** Every bundled guideline, prepared on first use. */
export function bundledEvaluator(): Evaluator {
  evaluator ??= evaluatorOf(guidelines());
  return evaluator;
}

/**
 * The outcome of an evaluation: refused with located diagnostics, or accepted with a Decision the
 * schema takes. An internal error, a Decision the schema refuses or a polluted Object.prototype is a
 * wrong accept.
 */
export function judge(result: Either<readonly Diagnostic[], Decision>, stage: string): { outcome: "accepted" | "rejected"; wrongAccept?: string } {
  const polluted = Object.keys(Object.prototype).length > 0;
  if (polluted) return { outcome: result._tag === "Left" ? "rejected" : "accepted", wrongAccept: `${stage} added ${Object.keys(Object.prototype).join(", ")} to Object.prototype` };
  if (result._tag === "Left") {
    const internal = result.left.find((d) => d.code === "eval/internal-error");
    return internal === undefined ? { outcome: "rejected" } : { outcome: "rejected", wrongAccept: `${stage} failed inside instead of naming the bad field: ${internal.message}` };
  }
  const checked = DecisionSchema.safeParse(result.right);
  return checked.success ? { outcome: "accepted" } : { outcome: "accepted", wrongAccept: `${stage} returned a Decision DecisionSchema refuses: ${checked.error.issues[0]?.message ?? ""} at /${checked.error.issues[0]?.path.join("/") ?? ""}` };
}

/** The replacements a mutation makes at one place of a record, as JSON text. */
export const replacements = ["json", "delete", "deep", "wide", "big-number", "proto", "constructor", "long-string", "duplicate"] as const;
/** One replacement. */
export type Replacement = (typeof replacements)[number];

/** A mutation: which record, where in it (a fraction of its values, walked in a fixed order), what goes there. */
export interface Mutation {
  readonly record: number;
  readonly at: number;
  readonly replacement: Replacement;
  readonly value: unknown;
  readonly size: number;
}

/** Mutations of one of `count` records. */
export function mutations(count: number): fc.Arbitrary<Mutation> {
  return fc.record({
    record: fc.nat({ max: Math.max(0, count - 1) }),
    at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    replacement: fc.constantFrom(...replacements),
    value: fc.jsonValue({ maxDepth: 3 }),
    size: fc.constantFrom(10, 1_000, 20_000, 200_000),
  });
}

/** Every object or array in `value` with each of its keys, in a fixed order. */
export function slots(value: unknown, out: [Record<string, unknown>, string][] = []): [Record<string, unknown>, string][] {
  if (value === null || typeof value !== "object") return out;
  for (const key of Object.keys(value)) {
    out.push([value as Record<string, unknown>, key]);
    slots((value as Record<string, unknown>)[key], out);
  }
  return out;
}

const MARK = "\u0000steward-fuzz\u0000";

/** The JSON text that replaces the chosen value; built as text, so no depth overflows JSON.stringify. */
function replacementText(m: Mutation, old: unknown): string | undefined {
  switch (m.replacement) {
    case "json":
      return JSON.stringify(m.value);
    case "delete":
      return undefined;
    case "deep":
      return `${"[".repeat(m.size)}1${"]".repeat(m.size)}`;
    case "wide":
      return `[${Array.from({ length: m.size }, () => JSON.stringify(old ?? 0)).join(",")}]`;
    case "big-number":
      return `${"9".repeat(Math.min(m.size, 400))}`;
    case "proto":
      return `{"__proto__":{"polluted":true,"setting":"inpatient"},"value":${JSON.stringify(old ?? null)}}`;
    case "constructor":
      return `{"constructor":{"prototype":{"polluted":true}},"__proto__":[]}`;
    case "long-string":
      return JSON.stringify("x".repeat(m.size * 10));
    case "duplicate":
      return `[${JSON.stringify(old ?? null)},${JSON.stringify(old ?? null)}]`;
  }
}

/** `record` as JSON text with the mutation applied (the record itself is not changed). */
export function mutatedText(record: unknown, m: Mutation): string {
  const copy = structuredClone(record);
  const all = slots(copy);
  if (all.length === 0) return JSON.stringify(copy);
  const [holder, key] = all[Math.floor(m.at * all.length)]!;
  const text = replacementText(m, holder[key]);
  if (text === undefined) {
    if (Array.isArray(holder)) holder.splice(Number(key), 1);
    else delete holder[key];
    return JSON.stringify(copy);
  }
  holder[key] = MARK;
  return JSON.stringify(copy).replace(JSON.stringify(MARK), () => text);
}
