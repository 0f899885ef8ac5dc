/**
 * Property-testing guidelines with fast-check: generate patients, evaluate them, check invariants.
 * A failure is shrunk to a small patient and reported as JSON, as a scenario ready to paste into a
 * test file, and with the trace of the rules that fired.
 */
import fc from "fast-check";
import { evaluate, explain, renderExplanation, type Evaluator, type PatientContextInput } from "@steward/core";
import { isLeft } from "fp-ts/lib/Either.js";
import type { Invariant, InvariantRun } from "./invariants.js";
import { toScenario } from "./to-scenario.js";

/** How to run a property check. */
export interface PropertyOptions {
  readonly now: string;
  readonly contexts: fc.Arbitrary<PatientContextInput>;
  readonly numRuns?: number;
  readonly seed?: number;
}

/** A broken invariant, with the shrunk patient that breaks it. */
export interface Counterexample {
  readonly invariant: string;
  readonly reason: string;
  readonly context: PatientContextInput;
  readonly seed: number;
  readonly report: string;
}

/** Runs `invariants` over generated patients; the first one broken is returned shrunk, or undefined when all hold. */
export function findCounterexample(evaluator: Evaluator, invariants: readonly Invariant[], options: PropertyOptions): Counterexample | undefined {
  const seed = options.seed ?? 42;
  const runOf = (context: PatientContextInput): InvariantRun | undefined => {
    const decision = evaluate(evaluator, context, { now: options.now });
    if (isLeft(decision)) return undefined;
    return { evaluator, now: options.now, context, decision: decision.right, evaluate: (c) => evaluate(evaluator, c, { now: options.now }) };
  };
  const broken = (context: PatientContextInput): { invariant: Invariant; reason: string } | undefined => {
    const run = runOf(context);
    if (run === undefined) return undefined;
    for (const inv of invariants) {
      const reason = inv.check(run);
      if (reason !== undefined) return { invariant: inv, reason };
    }
    return undefined;
  };
  const result = fc.check(fc.property(options.contexts, (context) => broken(context) === undefined), { numRuns: options.numRuns ?? 200, seed });
  if (!result.failed || result.counterexample === null) return undefined;
  const [context] = result.counterexample;
  const failure = broken(context)!;
  const x = explain(evaluator, context, { now: options.now });
  const trace = isLeft(x) ? "" : renderExplanation({ decision: x.right.decision, guidelines: x.right.guidelines.map((g) => ({ ...g, rules: g.rules.filter((r) => r.status !== "not-fired") })) });
  const report = [
    `invariant broken: ${failure.invariant.name}`,
    `  ${failure.reason}`,
    `shrunk patient (seed ${seed}, ${result.numShrinks} shrinks):`,
    JSON.stringify(context, null, 2),
    "as a scenario:",
    toScenario(`invariant: ${failure.invariant.name}`, context, options.now, evaluator.guidelines.map((g) => g.ir)),
    "trace:",
    trace,
  ].join("\n");
  return { invariant: failure.invariant.name, reason: failure.reason, context, seed, report };
}

/** Like `findCounterexample`, but throws the report: for use inside a test. */
export function assertInvariants(evaluator: Evaluator, invariants: readonly Invariant[], options: PropertyOptions): void {
  const counterexample = findCounterexample(evaluator, invariants, options);
  if (counterexample !== undefined) throw new Error(counterexample.report);
}
