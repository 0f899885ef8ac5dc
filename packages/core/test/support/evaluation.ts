/**
 * Helpers for the evaluator tests: a small guideline prelude (header, source, formulary,
 * observations, code lists, a finding) that rules are appended to, compiled with the DSL, and
 * wrappers that evaluate and fail the test on a Left or on a Decision the schema rejects.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { DecisionSchema, evaluate, explain, type Decision, type Diagnostic, type EvaluateOptions, type Evaluator, type GuidelineIR } from "@steward/core";
import { compile, compileText, loadProgram, type SourceHost } from "@steward/dsl";
import { guidelineHash } from "../../src/content-hash.js";

/** A guideline a test changed on purpose, with its content hash computed again so `prepare` reads it. */
export function rehashed<T extends GuidelineIR>(ir: T): T {
  return { ...ir, contentHash: guidelineHash(ir) };
}

/** The evaluation time used unless a test gives another. */
export const NOW = "2026-06-15T12:00:00Z";

/** A guideline header, a source, a small formulary, two observations, code lists and a finding. */
export const prelude = `guideline test-rules {
  title "Evaluator test rules"
  version 1.2.3
  status draft
  settings primary-care, inpatient
  owner "Steward test group"
  approved 2026-01-01
  review-by 2028-01-01
}

source nice {
  title "NICE test guideline: antimicrobial prescribing"
  url "https://www.nice.org.uk/"
}

class beta-lactams "Beta-lactams"

class penicillins "Penicillins" within beta-lactams

class cephalosporins "Cephalosporins" within beta-lactams

class aminoglycosides "Aminoglycosides"

drug amoxicillin "Amoxicillin" {
  dmd 39732411000001106 "Amoxicillin 500mg capsules"
  classes penicillins
  aware access
  routes oral, iv
}

drug flucloxacillin "Flucloxacillin" {
  classes penicillins
  aware access
  routes oral, iv
}

drug cefalexin "Cefalexin" {
  classes cephalosporins
  aware access
  routes oral
}

drug gentamicin "Gentamicin" {
  classes aminoglycosides
  aware access
  routes iv
}

drug trimethoprim "Trimethoprim" {
  snomed 387179001 "Trimethoprim (substance)"
  aware access
  routes oral
}

drug nitrofurantoin "Nitrofurantoin" {
  aware access
  routes oral
}

observation egfr "Estimated glomerular filtration rate" {
  unit mL/min/1.73m2
  loinc 33914-3 "eGFR (MDRD)"
}

observation creatinine "Serum creatinine" {
  unit micromol/L
  loinc 14682-9 "Creatinine [Moles/volume] in Serum or Plasma"
}

codes lower-uti "Lower urinary tract infection" {
  snomed 38822007 "Cystitis"
}

codes pneumonia "Pneumonia" {
  snomed 233604007 "Pneumonia"
}

codes uti-any "Urinary tract infection" {
  snomed 68566005 "Urinary tract infectious disease"
  snomed 38822007 "Cystitis"
}

finding symptoms-improving "Symptoms are already improving"

finding fever "Fever" {
  snomed 386661006 "Fever"
}
`;

/** Coded diagnoses as a host sends them. */
export const cystitis = { code: { system: "http://snomed.info/sct", code: "38822007", display: "Cystitis" } } as const;
export const pneumonia = { code: { system: "http://snomed.info/sct", code: "233604007", display: "Pneumonia" } } as const;

/** An eGFR result as a host sends it. */
export function egfr(value: number, time: string, unit = "mL/min/1.73m2"): ContextJson {
  return { code: { system: "http://loinc.org", code: "33914-3" }, value, unit, time };
}

/** Compiles the prelude (under guideline id `guidelineId`) with `rules` appended; fails the test with the diagnostics if it does not compile. */
export function compileRules(rules: string, guidelineId = "test-rules"): GuidelineIR {
  const text = `${prelude.replace("guideline test-rules {", `guideline ${guidelineId} {`)}\n${rules}`;
  const result = compileText(text, `${guidelineId}.stw`);
  if (isLeft(result)) throw new Error(`expected the rules to compile, got:\n${result.left.map((d) => `${d.code} ${d.span?.line}:${d.span?.column} ${d.message}`).join("\n")}`);
  return result.right;
}

/** Evaluates and returns the Decision; fails the test on a Left or when the Decision does not validate. */
export function decide(guidelines: Evaluator | readonly unknown[], context: unknown, options: Partial<EvaluateOptions> = {}): Decision {
  const result = evaluate(guidelines, context, { now: NOW, ...options });
  if (!isRight(result)) throw new Error(`expected a Decision, got:\n${result.left.map((d) => `${d.code}: ${d.message}`).join("\n")}`);
  const checked = DecisionSchema.safeParse(result.right);
  if (!checked.success) throw new Error(`the Decision does not validate: ${checked.error.message}`);
  return result.right;
}

/** Evaluates expecting a Left; returns its diagnostics. */
export function reject(guidelines: Evaluator | readonly unknown[], context: unknown, options: Partial<EvaluateOptions> = {}): readonly Diagnostic[] {
  const result = evaluate(guidelines, context, { now: NOW, ...options });
  if (isRight(result)) throw new Error("expected evaluate to fail, got a Decision");
  return result.left;
}

/** The explain trace's status of a rule: fired, not-fired or unknown. */
export function ruleStatus(guidelines: Evaluator | readonly unknown[], context: unknown, rule: string, options: Partial<EvaluateOptions> = {}): string {
  const result = explain(guidelines, context, { now: NOW, ...options });
  if (!isRight(result)) throw new Error(`expected an explanation, got:\n${result.left.map((d) => `${d.code}: ${d.message}`).join("\n")}`);
  const found = result.right.guidelines.flatMap((g) => g.rules).find((r) => r.rule === rule);
  if (found === undefined) throw new Error(`no rule ${rule} in the explanation`);
  return found.status;
}

/** Ids of the rules that applied, across guidelines. */
export function fired(decision: Decision): string[] {
  return decision.guidelines.flatMap((g) => g.rulesApplied);
}

/** The missing-data keys of a Decision. */
export function missingKeys(decision: Decision): string[] {
  return decision.missingData.map((m) => m.data);
}

/** A context as a host might send it: plain JSON, checked by `evaluate`, not by the compiler. */
export type ContextJson = { readonly [key: string]: unknown };

/** A minimal context in primary care, extended by `extra`. */
export function patient(extra: ContextJson = {}): ContextJson {
  return { setting: "primary-care", patient: {}, ...extra };
}

/** A rule prefix with a citation, so tests write only the condition and outcomes. */
export function rule(id: string, when: string, body = `advice "${id} applies"`): string {
  return `rule ${id} {\n  cite nice "section ${id}"\n  when ${when}\n  ${body}\n}\n`;
}

/** Reads rule files from disk; undefined when a file cannot be read. */
export const diskHost: SourceHost = {
  read: (path) => {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
};

/** NICE NG109 compiled from guidelines/ng109-lower-uti/ng109.stw, with its imports read from disk. */
export function compileNg109(): GuidelineIR {
  const file = resolve(import.meta.dirname, "../../../../guidelines/ng109-lower-uti/ng109.stw");
  const result = compile(loadProgram([file], diskHost), file);
  if (isLeft(result)) throw new Error(`NG109 does not compile:\n${result.left.map((d) => `${d.code}: ${d.message}`).join("\n")}`);
  return result.right;
}
