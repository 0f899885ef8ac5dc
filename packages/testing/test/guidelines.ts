/** Loading the committed NG109 guideline and the broken fixture for the tests of @steward/testing. */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { evaluate, prepare, type Decision, type Evaluator, type GuidelineIR, type PatientContextInput } from "@steward/core";
import { compile, compileText, loadProgram, type SourceHost } from "@steward/dsl";
import { isLeft } from "fp-ts/lib/Either.js";

/** The repository root; rule-file paths in these tests are relative to it. */
export const repoRoot = resolve(import.meta.dirname, "../../..");

/** The NG109 guideline, as a path from the repository root. */
export const NG109 = "guidelines/ng109-lower-uti/ng109.stw";

/** The moment the NG109 scenarios are evaluated at. */
export const NOW = "2026-11-25T09:00:00Z";

/** A guideline header for primary care and a source \`nice\`, for small guidelines written in a test. */
export function headerOf(id: string, title: string, version = "1.0.0"): string {
  return `guideline ${id} {
  title "${title}"
  version ${version}
  status draft
  settings primary-care
  owner "Steward tests"
  approved 2026-01-01
  review-by 2027-01-01
}

source nice {
  title "NICE"
}
`;
}

/** Reads rule files from the repository, with some files replaced by the texts in `overrides`. */
export function repoHost(overrides: Readonly<Record<string, string>> = {}): SourceHost {
  return {
    read: (path) => {
      if (overrides[path] !== undefined) return overrides[path];
      try {
        return readFileSync(join(repoRoot, path), "utf8");
      } catch {
        return undefined;
      }
    },
  };
}

/** The text of NG109 as committed. */
export const ng109Text = readFileSync(join(repoRoot, NG109), "utf8");

/** The shared formulary NG109 imports, as a path from the repository root; its contraindications travel with NG109. */
export const FORMULARY = "guidelines/formulary.stw";

/** The text of the shared formulary as committed. */
export const formularyText = readFileSync(join(repoRoot, FORMULARY), "utf8");

/** Compiles NG109, or a changed text of it, optionally with a changed formulary (it imports the shared sources, formulary and observations). */
export function compileNg109(text: string = ng109Text, formulary: string = formularyText): GuidelineIR {
  const result = compile(loadProgram([NG109], repoHost({ [NG109]: text, [FORMULARY]: formulary })), NG109);
  if (isLeft(result)) throw new Error(`NG109 does not compile: ${result.left.map((d) => `${d.span?.line ?? "?"}: ${d.message}`).join("; ")}`);
  return result.right;
}

/** `text` with `from` replaced by `to`; fails when `from` is not in the text, so a stale replacement cannot pass silently. */
export function replaced(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`\`${from}\` is not in the text`);
  return text.split(from).join(to);
}

/** The fixture with one guideline broken on purpose in five ways. */
export const brokenText = readFileSync(join(import.meta.dirname, "fixtures/broken-uti.stw"), "utf8");

/** Compiles a guideline that imports nothing. */
export function compileStandalone(text: string, path = "broken-uti.stw"): GuidelineIR {
  const result = compileText(text, path);
  if (isLeft(result)) throw new Error(`${path} does not compile: ${result.left.map((d) => d.message).join("; ")}`);
  return result.right;
}

/** A prepared evaluator for compiled guidelines. */
export function evaluatorOf(...guidelines: GuidelineIR[]): Evaluator {
  const prepared = prepare(guidelines);
  if (isLeft(prepared)) throw new Error(prepared.left.map((d) => d.message).join("; "));
  return prepared.right;
}

/** The decision for `context` at `now`; fails the test when the context is rejected. */
export function decide(evaluator: Evaluator, context: PatientContextInput, now: string): Decision {
  const result = evaluate(evaluator, context, { now });
  if (isLeft(result)) throw new Error(`the context was rejected: ${result.left.map((d) => d.message).join("; ")}`);
  return result.right;
}

/** Ids of the rules that fired. */
export function fired(decision: Decision): string[] {
  return decision.guidelines.flatMap((g) => g.rulesApplied);
}

/** Completed years of age on the day of `now` for someone born on `birthDate`. */
export function completedYears(birthDate: string, now: string): number {
  const [year, month, day] = birthDate.split("-").map(Number) as [number, number, number];
  const at = new Date(now);
  const birthdayPassed = at.getUTCMonth() + 1 > month || (at.getUTCMonth() + 1 === month && at.getUTCDate() >= day);
  return at.getUTCFullYear() - year - (birthdayPassed ? 0 : 1);
}

/** The value of the first eGFR result in `context`, if any. */
export function egfrOf(context: PatientContextInput): number | undefined {
  return context.observations?.find((o) => o.code.code === "33914-3")?.value;
}

/** The fixture with rows of the NICE primary-care tables (NG84, NG79, NG120, NG138), and its scenarios. */
export const primaryCareText = readFileSync(join(import.meta.dirname, "fixtures/primary-care.stw"), "utf8");
export const PRIMARY_CARE_TESTS = "packages/testing/test/fixtures/primary-care.test.stw";
