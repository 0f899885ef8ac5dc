/**
 * Named clinical invariants: statements that must hold for every patient, checked against real
 * decisions. Each returns why it does not hold, or undefined. `invariant` makes a custom one.
 */
import { evaluate, isPlausible, plausibleBounds, type Decision, type Diagnostic, type Evaluator, type GuidelineIR, type PatientContextInput } from "@steward/core";
import { canonicalJson } from "@steward/core/content-hash";
import type { Either } from "fp-ts/lib/Either.js";
import { isLeft } from "fp-ts/lib/Either.js";

/** What an invariant sees: the patient, the decision, and a way to evaluate variations of the patient. */
export interface InvariantRun {
  readonly evaluator: Evaluator;
  readonly now: string;
  readonly context: PatientContextInput;
  readonly decision: Decision;
  /** Evaluates another context with the same guidelines and time (for metamorphic invariants). */
  readonly evaluate: (context: PatientContextInput) => Either<readonly Diagnostic[], Decision>;
}

/** A named statement about every decision. */
export interface Invariant {
  readonly name: string;
  /** Why the invariant does not hold for this run, or undefined when it holds. */
  readonly check: (run: InvariantRun) => string | undefined;
}

/** Makes a custom invariant from a name and a check. */
export function invariant(name: string, check: (run: InvariantRun) => string | undefined): Invariant {
  return { name, check };
}

function formulary(run: InvariantRun): GuidelineIR["drugs"] {
  return run.evaluator.guidelines.flatMap((g) => g.ir.drugs);
}

function activeAllergies(context: PatientContextInput): NonNullable<PatientContextInput["allergies"]> {
  return (context.allergies ?? []).filter((a) => a.verification !== "refuted" && a.verification !== "entered-in-error" && (a.category ?? "medication") === "medication");
}

function offered(decision: Decision): Set<string> {
  return new Set(decision.treatments.map((t) => t.drug.id));
}

/** Never offers a drug the patient is recorded as allergic to, directly or through a class it belongs to. */
export const neverRecommendsAnAllergen: Invariant = invariant("never recommends a drug the patient is allergic to (by drug or class)", (run) => {
  const drugs = new Map(formulary(run).map((d) => [d.id, d]));
  for (const t of run.decision.treatments) {
    // The drugs given with an option are given too.
    for (const given of [t.drug.id, ...t.combinedWith.map((c) => c.drug.id)]) {
      const drug = drugs.get(given);
      const what = given === t.drug.id ? `${given} (${t.rank} choice)` : `${given} (given with ${t.drug.id}, ${t.rank} choice)`;
      for (const a of activeAllergies(run.context)) {
        if (a.drug === given) return `${what} is offered although an allergy to ${a.drug} is recorded`;
        if (a.class !== undefined && drug?.allClasses.includes(a.class)) return `${what} is offered although an allergy to ${a.class} is recorded and ${given} is one of them`;
      }
    }
  }
  return undefined;
});

/** Every regimen offered ends: it has a duration, is a single dose, or runs until a review the decision schedules. */
export const everyRecommendationHasADurationOrReview: Invariant = invariant("every antimicrobial recommendation has a duration or a review date", (run) => {
  for (const t of run.decision.treatments) {
    for (const r of [...t.regimens, ...t.combinedWith.flatMap((c) => c.regimens)]) {
      const last = r.regimen.steps[r.regimen.steps.length - 1]!;
      const ends = last.schedule.kind === "once" || (last.duration !== undefined && last.duration.kind !== "until-review");
      const reviewed = last.duration?.kind === "until-review" && run.decision.actions.some((a) => a.kind === "review" && a.provenance.rule === t.provenance.rule);
      if (!ends && !reviewed) return `${t.drug.id} "${r.text}" has no duration and no review is scheduled`;
    }
  }
  return undefined;
});

/** Nothing listed is offered while the latest value of `observation` is below `below` (in the observation's unit). */
export function respectsRenalThreshold(options: { readonly drugs: readonly string[]; readonly observation: string; readonly below: number }): Invariant {
  return invariant(`nothing is offered below its renal threshold (${options.drugs.join(", ")} below ${options.observation} ${options.below})`, (run) => {
    const codes = new Set(run.evaluator.guidelines.flatMap((g) => g.ir.observations.filter((o) => o.id === options.observation).flatMap((o) => o.codes.map((c) => c.code))));
    const results = (run.context.observations ?? []).filter((o) => codes.has(o.code.code)).sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
    const latest = results[0];
    if (latest === undefined || latest.value >= options.below) return undefined;
    const bad = run.decision.treatments.find((t) => options.drugs.includes(t.drug.id));
    return bad ? `${bad.drug.id} (${bad.rank} choice) is offered with ${options.observation} ${latest.value} ${latest.unit}, below ${options.below}` : undefined;
  });
}

/** Evaluating the same input twice gives byte-identical output. */
export const isDeterministic: Invariant = invariant("output is deterministic", (run) => {
  const again = run.evaluate(run.context);
  if (isLeft(again)) return "the second evaluation failed where the first succeeded";
  return canonicalJson(again.right) === canonicalJson(run.decision) && JSON.stringify(again.right) === JSON.stringify(run.decision) ? undefined : "two evaluations of the same input differ";
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Evaluation does not change its input (it is deep-frozen, and compared before and after). */
export const doesNotMutateItsInput: Invariant = invariant("the input is not mutated", (run) => {
  const before = JSON.stringify(run.context);
  const frozen = deepFreeze(JSON.parse(before) as PatientContextInput);
  let result;
  try {
    result = evaluate(run.evaluator, frozen, { now: run.now });
  } catch (e) {
    return `evaluation threw on a frozen input: ${(e as Error).message}`;
  }
  if (isLeft(result)) return "evaluation of a frozen copy failed";
  return JSON.stringify(frozen) === before ? undefined : "the input changed during evaluation";
});

/** Recording an allergy to a class never brings a drug of that class into the options. */
export const addingAnAllergyNeverAddsThatClass: Invariant = invariant("adding an allergy never adds a drug of that class", (run) => {
  const drugs = formulary(run);
  const classes = [...new Set(drugs.flatMap((d) => d.allClasses))].sort();
  const before = offered(run.decision);
  for (const c of classes) {
    const after = run.evaluate({ ...run.context, allergies: [...(run.context.allergies ?? []), { class: c, verification: "confirmed" }] });
    if (isLeft(after)) return `adding an allergy to ${c} made the record invalid`;
    for (const t of after.right.treatments) {
      const drug = drugs.find((d) => d.id === t.drug.id);
      if (drug?.allClasses.includes(c) && !before.has(t.drug.id)) return `adding an allergy to ${c} brought ${t.drug.id} into the options`;
      if (drug?.allClasses.includes(c)) return `${t.drug.id} is still offered after an allergy to ${c} is recorded`;
    }
  }
  return undefined;
});

/** Lowering the latest value of `observation` never brings one of `drugs` into the options. */
export function worseningRenalFunctionNeverAddsADrug(options: { readonly observation: string; readonly drugs: readonly string[]; readonly by?: number }): Invariant {
  return invariant(`worsening ${options.observation} never adds ${options.drugs.join(", ")}`, (run) => {
    const codes = new Set(run.evaluator.guidelines.flatMap((g) => g.ir.observations.filter((o) => o.id === options.observation).flatMap((o) => o.codes.map((c) => c.code))));
    const observations = run.context.observations ?? [];
    const latest = observations.filter((o) => codes.has(o.code.code)).sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0))[0];
    if (latest === undefined) return undefined;
    // Lower, but still a value a patient can have: halfway to the plausibility bound when the step would cross it.
    const bound = plausibleBounds(latest.unit)?.min ?? 0;
    const lowered = latest.value - (options.by ?? 10);
    const value = isPlausible(lowered, latest.unit) && lowered >= bound ? lowered : Number.parseFloat(((latest.value + bound) / 2).toPrecision(12));
    if (!(value < latest.value) || !isPlausible(value, latest.unit)) return undefined;
    const worse = { ...latest, value };
    const after = run.evaluate({ ...run.context, observations: observations.map((o) => (o === latest ? worse : o)) });
    if (isLeft(after)) return "the record with a lower value was rejected";
    const before = offered(run.decision);
    const added = after.right.treatments.find((t) => options.drugs.includes(t.drug.id) && !before.has(t.drug.id));
    return added ? `lowering ${options.observation} from ${latest.value} to ${worse.value} brought ${added.drug.id} into the options` : undefined;
  });
}

/** The built-in invariants that need no parameters. */
export const standardInvariants: readonly Invariant[] = [neverRecommendsAnAllergen, everyRecommendationHasADurationOrReview, isDeterministic, doesNotMutateItsInput, addingAnAllergyNeverAddsThatClass];
