/**
 * Helpers for the feature tests: a valid guideline header to put snippets under, an in-memory host
 * for imports, and compile wrappers that return the IR or a compact summary of the diagnostics.
 */
import { isRight } from "fp-ts/lib/Either.js";
import type { Diagnostic, GuidelineIR } from "@steward/core";
import { compileText, type SourceHost } from "@steward/dsl";

/** A complete guideline header and one source, so snippets below it can compile. */
export const header = `guideline test-guideline {
  title "Test guideline"
  version 1.0.0
  status draft
  settings primary-care
  owner "Stewardship group"
  approved 2025-01-31
  review-by 2027-01-31
}

source nice {
  title "A NICE guideline"
}
`;

/** A small formulary for rules to prescribe from. */
export const formulary = `class beta-lactams "Beta-lactams"

class penicillins "Penicillins" within beta-lactams

drug amoxicillin "Amoxicillin" {
  classes penicillins
  aware access
  routes oral, iv
}

drug nitrofurantoin "Nitrofurantoin" {
  routes oral
}
`;

/** A host that reads files from a record of path to text. */
export function memoryHost(files: Readonly<Record<string, string>>): SourceHost {
  return { read: (path) => files[path] };
}

/** The diagnostics as `{ code, severity, line, column }`, the part tests assert on. */
export function summary(diagnostics: readonly Diagnostic[]): { code: string; severity: string; line?: number; column?: number }[] {
  return diagnostics.map((d) => ({ code: d.code, severity: d.severity, ...(d.span ? { line: d.span.line, column: d.span.column } : {}) }));
}

/** Compiles `text` (reading imports from `files`) and returns the IR; fails the test with the diagnostics otherwise. */
export function compileOk(text: string, files: Readonly<Record<string, string>> = {}, path = "main.stw"): GuidelineIR {
  const result = compileText(text, path, memoryHost(files));
  if (!isRight(result)) {
    throw new Error(`expected the guideline to compile, got:\n${result.left.map((d) => `${d.code} at ${d.span?.line}:${d.span?.column}: ${d.message}`).join("\n")}`);
  }
  return result.right;
}

/** Compiles `text` expecting failure; returns the diagnostics summary. */
export function compileErrors(text: string, files: Readonly<Record<string, string>> = {}, path = "main.stw"): ReturnType<typeof summary> {
  const result = compileText(text, path, memoryHost(files));
  if (isRight(result)) throw new Error("expected the guideline not to compile, but it did");
  return summary(result.left);
}

/** A rule with a citation, the given `when` and a piece of advice, for testing conditions. */
export function ruleWhen(condition: string, id = "r"): string {
  return `rule ${id} {\n  cite nice\n  when ${condition}\n  advice "a"\n}\n`;
}

/** Drugs of the NICE primary-care tables, for rules that prescribe them (routes as the tables give them). */
export const primaryCareFormulary = `source nice-tables {
  title "NICE antimicrobial prescribing tables"
}

class penicillins "Penicillins"

class macrolides "Macrolides"

drug phenoxymethylpenicillin "Phenoxymethylpenicillin" {
  classes penicillins
  routes oral
}

drug amoxicillin "Amoxicillin" {
  classes penicillins
  routes oral, iv
}

drug co-amoxiclav "Co-amoxiclav" {
  classes penicillins
  routes oral, iv
}

drug flucloxacillin "Flucloxacillin" {
  classes penicillins
  routes oral, iv
}

drug clarithromycin "Clarithromycin" {
  classes macrolides
  routes oral, iv
}

drug erythromycin "Erythromycin" {
  classes macrolides
  routes oral
}

drug doxycycline "Doxycycline" {
  routes oral
}

drug cefalexin "Cefalexin" {
  routes oral
}

drug gentamicin "Gentamicin" {
  routes iv
}
`;

/** A rule offering `choice` (a treatment choice and its block), under `header` and the primary-care formulary. */
export function choiceRule(choice: string): string {
  return `${header}\n${primaryCareFormulary}\nrule r {\n  cite nice-tables\n  when age >= 18 years\n  ${choice}\n}\n`;
}

/** Line of the choice in `choiceRule(…)`. */
export const choiceLine = `${header}\n${primaryCareFormulary}\n`.split("\n").length + 3;

/** The treatment option of `choiceRule(choice)`, compiled; fails the test with the diagnostics otherwise. */
export function choiceOption(choice: string): GuidelineIR["rules"][number]["treatments"][number] {
  return compileOk(choiceRule(choice)).rules[0]!.treatments[0]!;
}

/** The regimens of the treatment option of `choiceRule(choice)`. */
export function choiceRegimens(choice: string): GuidelineIR["rules"][number]["treatments"][number]["regimens"] {
  return choiceOption(choice).regimens;
}

/** The diagnostics summary of `choiceRule(choice)`, which must not compile. */
export function choiceErrors(choice: string): ReturnType<typeof compileErrors> {
  return compileErrors(choiceRule(choice));
}

/** The hint of the first diagnostic of `choiceRule(choice)`. */
export function choiceHint(choice: string): string | undefined {
  const result = compileText(choiceRule(choice));
  return isRight(result) ? undefined : result.left[0]?.hint;
}
