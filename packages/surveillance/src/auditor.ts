/**
 * What the audit needs from the compiled guidelines, worked out once: the evaluator, the formulary
 * (by drug id and by code), and the diagnosis codes some rule treats (what makes an unlinked order
 * `coded` rather than `missing`).
 */
import { codeKey, prepare, requiredDiagnoses, type ContextCoding, type Diagnostic, type DrugReference, type Evaluator, type GuidelineIR, type ir } from "@steward/core";
import { isLeft, right, type Either } from "fp-ts/lib/Either.js";

/** Guidelines prepared for auditing. */
export interface Auditor {
  readonly evaluator: Evaluator;
  /**
   * The guidelines that can suggest an IV-to-oral switch (a rule with the oral-switch suggestion),
   * alone: the switch criteria are checked at every moment of an IV course, and only these can
   * answer, so the other guidelines are not evaluated there.
   */
  readonly switchEvaluator: Evaluator;
  /** Formulary drugs by id. */
  readonly drugs: ReadonlyMap<string, ir.Drug>;
  /** Formulary drugs by code key (dm+d and SNOMED CT share one key space). */
  readonly drugsByCode: ReadonlyMap<string, ir.Drug>;
  /** Code keys of the diagnoses some rule of some guideline requires. */
  readonly treatedDiagnoses: ReadonlySet<string>;
}

/** Prepares compiled guidelines for auditing; fails as `prepare` does. */
export function prepareAudit(guidelines: readonly GuidelineIR[]): Either<readonly Diagnostic[], Auditor> {
  const evaluator = prepare(guidelines);
  if (isLeft(evaluator)) return evaluator;
  const switchEvaluator = prepare(guidelines.filter((g) => g.rules.some((r) => r.actions.some((a) => a.kind === "suggest" && a.suggestion === "oral-switch"))));
  if (isLeft(switchEvaluator)) return switchEvaluator;
  const drugs = new Map<string, ir.Drug>();
  const drugsByCode = new Map<string, ir.Drug>();
  const treatedDiagnoses = new Set<string>();
  // Guidelines are read in id order, so a drug declared by two of them resolves the same way every run.
  for (const guideline of [...guidelines].sort((a, b) => (a.guideline.id < b.guideline.id ? -1 : 1))) {
    for (const drug of guideline.drugs) {
      if (!drugs.has(drug.id)) drugs.set(drug.id, drug);
      for (const c of drug.codes) if (!drugsByCode.has(codeKey(c.system, c.code))) drugsByCode.set(codeKey(c.system, c.code), drug);
    }
    for (const rule of guideline.rules) requiredDiagnoses(rule.when, guideline)?.forEach((key) => treatedDiagnoses.add(key));
  }
  return right({ evaluator: evaluator.right, switchEvaluator: switchEvaluator.right, drugs, drugsByCode, treatedDiagnoses });
}

/** The formulary drug an order names: by its id, else by its code. */
export function formularyDrug(auditor: Auditor, drug: DrugReference): ir.Drug | undefined {
  const byId = drug.id === undefined ? undefined : auditor.drugs.get(drug.id);
  return byId ?? (drug.code === undefined ? undefined : auditor.drugsByCode.get(codeKey(drug.code.system, drug.code.code)));
}

/** A coding as `system|code`, the system as sent. */
export function codingText(c: ContextCoding): string {
  return `${c.system}|${c.code}`;
}
