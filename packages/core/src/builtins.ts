/**
 * Names every rule file can use without declaring them: facts about the patient, and the fields of
 * a course or culture inside `any course where …`. The checker reads `type`; the evaluator reads
 * the same row to know which context field to look at.
 */
import type { Dimension } from "./units.js";

/** The type of a value in a condition. */
export type ValueType =
  | { readonly kind: "bool" }
  | { readonly kind: "quantity"; readonly dimension: Dimension }
  | { readonly kind: "word"; readonly domain: WordDomain }
  | { readonly kind: "codes"; readonly what: "diagnosis" | "indication" | "organism" }
  | { readonly kind: "drug" }
  | { readonly kind: "datetime" };

/** The closed word lists a value can be compared with using `is`. */
export type WordDomain = "sex" | "setting" | "route" | "specimen" | "susceptibility" | "aware" | "review-outcome" | "trend" | "order-status";

/** A patient fact readable by name. */
export interface PatientBuiltin {
  readonly name: string;
  readonly type: ValueType;
  readonly description: string;
}

/** Facts about the patient and the encounter. */
export const patientBuiltins = [
  { name: "age", type: { kind: "quantity", dimension: "time" }, description: "age, from the birth date (or the age given) at the time of evaluation" },
  { name: "weight", type: { kind: "quantity", dimension: "mass" }, description: "body weight" },
  { name: "sex", type: { kind: "word", domain: "sex" }, description: "recorded sex: `female` or `male`" },
  { name: "pregnant", type: { kind: "bool" }, description: "currently pregnant" },
  { name: "trimester", type: { kind: "quantity", dimension: "score" }, description: "trimester of pregnancy, 1 to 3, as recorded" },
  { name: "gestation", type: { kind: "quantity", dimension: "time" }, description: "gestational age, as recorded" },
  { name: "at-term", type: { kind: "bool" }, description: "pregnant and recorded as at term" },
  { name: "breastfeeding", type: { kind: "bool" }, description: "currently breastfeeding" },
  { name: "setting", type: { kind: "word", domain: "setting" }, description: "the care setting of the encounter" },
  { name: "diagnosis", type: { kind: "codes", what: "diagnosis" }, description: "the patient's active coded diagnoses (use with `in`)" },
] as const satisfies readonly PatientBuiltin[];

/** The name of a patient fact. */
export type PatientBuiltinName = (typeof patientBuiltins)[number]["name"];

/** Fields of an antimicrobial course, readable as `course <field>` inside `any course where`. */
export const courseFields = [
  { name: "drug", type: { kind: "drug" }, description: "the course's drug (use with `is` or `in` a class)" },
  { name: "route", type: { kind: "word", domain: "route" }, description: "the route it is given by" },
  { name: "status", type: { kind: "word", domain: "order-status" }, description: "`active` (the patient is on it) or `draft` (being prescribed)" },
  { name: "start", type: { kind: "datetime" }, description: "when the course started (use with `time since`)" },
  { name: "indication", type: { kind: "codes", what: "indication" }, description: "the coded indication linked to the order (use with `in`)" },
  { name: "indicated", type: { kind: "bool" }, description: "the order has at least one coded indication linked to it" },
  { name: "aware", type: { kind: "word", domain: "aware" }, description: "the UK-AWaRe category of the course's drug" },
  { name: "oral-option", type: { kind: "drug" }, description: "the formulary's oral option for the course's drug: the drug itself if it has an oral route, else its `oral-option`; unknown if there is none" },
  { name: "review", type: { kind: "word", domain: "review-outcome" }, description: "the outcome of the course's last recorded review (stop, switch-to-oral, change, continue, opat)" },
  { name: "reviewed", type: { kind: "datetime" }, description: "when the course was last reviewed (use with `time since`)" },
  { name: "next-review", type: { kind: "datetime" }, description: "when the last review said to review it next" },
] as const satisfies readonly PatientBuiltin[];

/** Fields of a microbiology culture, readable as `culture <field>` inside `any culture where`. */
export const cultureFields = [
  { name: "specimen", type: { kind: "word", domain: "specimen" }, description: "the specimen type" },
  { name: "organism", type: { kind: "codes", what: "organism" }, description: "the organism grown (use with `in` a code list)" },
  { name: "reported", type: { kind: "datetime" }, description: "when the result was reported (use with `time since`)" },
  { name: "collected", type: { kind: "datetime" }, description: "when the specimen was collected" },
] as const satisfies readonly PatientBuiltin[];

/** Finds a patient fact by name. */
export function findPatientBuiltin(name: string): PatientBuiltin | undefined {
  return patientBuiltins.find((b) => b.name === name);
}

/** A type as words, for messages. */
export function describeType(type: ValueType): string {
  switch (type.kind) {
    case "bool":
      return "a condition";
    case "quantity":
      return type.dimension === "score" ? "a plain number" : `a quantity`;
    case "word":
      return `a ${type.domain} word`;
    case "codes":
      return type.what === "diagnosis" ? "coded diagnoses" : `a coded ${type.what}`;
    case "drug":
      return "a drug";
    case "datetime":
      return "a date and time";
  }
}
