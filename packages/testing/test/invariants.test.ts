import { describe, expect, test } from "vitest";
import { compileScenarios, loadProgram, parse } from "@steward/dsl";
import { isLeft } from "fp-ts/lib/Either.js";
import {
  assertInvariants,
  findCounterexample,
  invariant,
  respectsRenalThreshold,
  standardInvariants,
  worseningRenalFunctionNeverAddsADrug,
  type Counterexample,
} from "@steward/testing";
import { focusedContext } from "@steward/testing/arbitraries";
import { compileNg109, decide, evaluatorOf, formularyText, ng109Text, NOW, replaced, repoHost } from "./guidelines.js";

const ng109 = compileNg109();
const evaluator = evaluatorOf(ng109);
const contexts = focusedContext(ng109, { now: NOW });
const renal = respectsRenalThreshold({ drugs: ["nitrofurantoin"], observation: "egfr", below: 45 });

// Deliberately unsafe: nitrofurantoin allowed down to an eGFR of 10 instead of 45.
const unsafe = compileNg109(ng109Text, replaced(formularyText, "when egfr < 45 mL/min/1.73m2", "when egfr < 10 mL/min/1.73m2"));
const unsafeEvaluator = evaluatorOf(unsafe);

/** The `scenario "…" { … }` block of a counterexample report. */
function scenarioBlock(report: string): string {
  const lines = report.split("\n");
  const start = lines.findIndex((l) => l.startsWith('scenario "'));
  const end = lines.findIndex((l, i) => i > start && l === "}");
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return lines.slice(start, end + 1).join("\n");
}

/** The counterexample's scenario, pasted into a test file next to ng109.stw and compiled. */
function pasted(counterexample: Counterexample): { text: string; compiled: ReturnType<typeof compileScenarios> } {
  const file = "guidelines/ng109-lower-uti/counterexample.test.stw";
  const text = `tests "ng109.stw"\n\n${scenarioBlock(counterexample.report)}\n`;
  return { text, compiled: compileScenarios(loadProgram([file], repoHost({ [file]: text })), file) };
}

describe("invariants over NG109", () => {
  test.each(standardInvariants.map((i) => [i.name, i] as const))("NG109 keeps the standard invariant: %s", (_name, inv) => {
    expect(findCounterexample(evaluator, [inv], { now: NOW, contexts, numRuns: 60 })?.report).toBeUndefined();
  });

  test("NG109 never offers nitrofurantoin below an eGFR of 45", () => {
    expect(findCounterexample(evaluator, [renal], { now: NOW, contexts, numRuns: 150 })?.report).toBeUndefined();
  });

  test("lowering the eGFR never brings nitrofurantoin into NG109's options", () => {
    const worsening = worseningRenalFunctionNeverAddsADrug({ observation: "egfr", drugs: ["nitrofurantoin"] });
    expect(findCounterexample(evaluator, [worsening], { now: NOW, contexts, numRuns: 100 })?.report).toBeUndefined();
  });

  test("assertInvariants passes quietly when every invariant holds", () => {
    expect(() => assertInvariants(evaluator, [...standardInvariants, renal], { now: NOW, contexts, numRuns: 30 })).not.toThrow();
  });
});

describe("an invariant broken on purpose", () => {
  const counterexample = findCounterexample(unsafeEvaluator, [...standardInvariants, renal], { now: NOW, contexts: focusedContext(unsafe, { now: NOW }), numRuns: 200 });

  test("the renal invariant catches a guideline that offers nitrofurantoin down to an eGFR of 10", () => {
    expect(counterexample).toBeDefined();
    expect(counterexample!.invariant).toBe(renal.name);
    expect(counterexample!.reason).toMatch(/^nitrofurantoin \((first|second) choice\) is offered with egfr [\d.]+ mL\/min\/1\.73m2, below 45$/);
  });

  test("the counterexample is shrunk to a small patient: one diagnosis, one eGFR, nothing else of note", () => {
    const context = counterexample!.context;
    expect(context.observations).toHaveLength(1);
    expect(context.observations![0]!.value).toBeLessThan(45);
    expect(context.diagnoses).toHaveLength(1);
    expect(context.allergies ?? []).toEqual([]);
    expect(context.orders ?? []).toEqual([]);
    expect(context.microbiology ?? []).toEqual([]);
    expect(context.findings).toBeUndefined();
    expect(Object.keys(context.patient).length).toBeLessThanOrEqual(2);
    expect(Object.keys(context).length).toBeLessThanOrEqual(7);
  });

  test("the shrunk patient really breaks the invariant, and the safe guideline does not offer it nitrofurantoin", () => {
    const context = counterexample!.context;
    expect(decide(unsafeEvaluator, context, NOW).treatments.some((t) => t.drug.id === "nitrofurantoin")).toBe(true);
    expect(decide(evaluator, context, NOW).treatments.some((t) => t.drug.id === "nitrofurantoin")).toBe(false);
  });

  test("the report shows the broken invariant, the patient as JSON, a scenario to paste and the trace", () => {
    const report = counterexample!.report;
    expect(report).toContain(`invariant broken: ${renal.name}`);
    expect(report).toContain(JSON.stringify(counterexample!.context, null, 2));
    expect(report).toContain('scenario "');
    expect(report).toContain("given {");
    expect(report).toMatch(/^ {4}egfr [\d.]+ mL\/min\/1\.73m2 on /m);
    expect(report).toContain("trace:");
    expect(report).toMatch(/FIRED {5}\S+/);
  });

  test("the scenario in the report parses when pasted into a test file next to ng109.stw", () => {
    const { text } = pasted(counterexample!);
    expect(parse(text, "counterexample.test.stw").diagnostics).toEqual([]);
  });

  test("the pasted scenario compiles against NG109 and reproduces the counterexample", () => {
    const { compiled } = pasted(counterexample!);
    if (isLeft(compiled)) throw new Error(compiled.left.map((d) => d.message).join("; "));
    const scenario = compiled.right.suite.scenarios[0]!;
    expect(scenario.expectations).toEqual([]);
    expect(decide(unsafeEvaluator, scenario.context, scenario.at)).toEqual(decide(unsafeEvaluator, counterexample!.context, NOW));
  });

  test("assertInvariants throws the same report", () => {
    expect(() => assertInvariants(unsafeEvaluator, [...standardInvariants, renal], { now: NOW, contexts: focusedContext(unsafe, { now: NOW }), numRuns: 200 })).toThrow(counterexample!.report);
  });

  test("the same seed finds the same counterexample", () => {
    const again = findCounterexample(unsafeEvaluator, [...standardInvariants, renal], { now: NOW, contexts: focusedContext(unsafe, { now: NOW }), numRuns: 200 });
    expect(again?.context).toEqual(counterexample!.context);
  });
});

describe("custom invariants", () => {
  const everyOptionHasAReason = invariant("every option offered comes from a rule that fired", (run) => {
    const fired = new Set(run.decision.guidelines.flatMap((g) => g.rulesApplied));
    const stray = run.decision.treatments.find((t) => !fired.has(t.provenance.rule));
    return stray === undefined ? undefined : `${stray.drug.id} is offered by ${stray.provenance.rule}, which did not fire`;
  });
  const noTrimethoprimForChildren = invariant("no one under 16 is offered trimethoprim", (run) => {
    const t = run.decision.treatments.find((x) => x.drug.id === "trimethoprim");
    const born = run.context.patient.birthDate;
    const young = (run.context.patient.age !== undefined && run.context.patient.age < 16) || (born !== undefined && Date.parse(born) > Date.parse("2010-11-25"));
    return t !== undefined && young ? `trimethoprim (${t.rank} choice) is offered to a patient under 16` : undefined;
  });

  test("a custom invariant that holds finds no counterexample", () => {
    expect(findCounterexample(evaluator, [everyOptionHasAReason], { now: NOW, contexts, numRuns: 100 })).toBeUndefined();
  });

  test("a custom invariant that does not hold is caught, shrunk and reported like a built-in one", () => {
    const found = findCounterexample(evaluator, [noTrimethoprimForChildren], { now: NOW, contexts, numRuns: 200 });
    expect(found).toBeDefined();
    expect(found!.invariant).toBe("no one under 16 is offered trimethoprim");
    expect(found!.reason).toMatch(/^trimethoprim \(first choice\) is offered to a patient under 16$/);
    expect(found!.context.diagnoses).toHaveLength(1);
    expect(found!.context.observations ?? []).toEqual([]);
    expect(found!.report).toContain("invariant broken: no one under 16 is offered trimethoprim");
    expect(found!.report).toContain('scenario "invariant: no one under 16 is offered trimethoprim" {');
    const { compiled } = pasted(found!);
    expect(isLeft(compiled)).toBe(false);
  });
});

