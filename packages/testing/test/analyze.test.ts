import { describe, expect, test } from "vitest";
import type { Decision, PatientContextInput } from "@steward/core";
import { compileScenarios, loadProgram } from "@steward/dsl";
import { isLeft } from "fp-ts/lib/Either.js";
import { analyze, renderAnalysis, toScenario, type AnalysisFinding } from "@steward/testing";
import { brokenText, compileNg109, compileStandalone, completedYears, decide, egfrOf, evaluatorOf, fired, ng109Text, replaced } from "./guidelines.js";

const AT = "2026-01-01T12:00:00Z";
const broken = compileStandalone(brokenText);
const brokenEvaluator = evaluatorOf(broken);
const analysis = analyze(broken, { now: AT });

function only(kind: AnalysisFinding["kind"]): AnalysisFinding {
  const found = analysis.findings.filter((f) => f.kind === kind);
  expect(found).toHaveLength(1);
  return found[0]!;
}

function witnessOf(finding: AnalysisFinding): PatientContextInput {
  expect(finding.witness).toBeDefined();
  return finding.witness!;
}

/** No treatment offered, withheld or excluded, no referral and no "no antibiotic" strategy. */
function recommendsNothing(d: Decision): boolean {
  return d.treatments.length === 0 && d.withheld.length === 0 && d.excluded.length === 0 && !d.actions.some((a) => a.kind === "refer") && !d.strategies.some((s) => s.kind === "no-antibiotic");
}

function withEgfr(context: PatientContextInput, value: number): PatientContextInput {
  return { ...context, observations: (context.observations ?? []).map((o) => (o.code.code === "33914-3" ? { ...o, value } : o)) };
}

describe("analyze on a guideline broken on purpose", () => {
  test("it reports exactly the five planted mistakes: a conflict, a gap, a threshold gap, an unreachable rule and a shadowed rule", () => {
    expect(analysis.findings.map((f) => ({ kind: f.kind, rules: f.rules }))).toEqual([
      { kind: "conflict", rules: ["women", "older-women"] },
      { kind: "gap", rules: [] },
      { kind: "threshold-gap", rules: [] },
      { kind: "unreachable", rules: ["teenagers"] },
      { kind: "shadowed", rules: ["women-over-30", "women"] },
    ]);
    expect(analysis.findings.every((f) => f.method === "exact")).toBe(true);
  });

  test("the conflict is about the two trimethoprim regimens, and its witness is a woman of 65 or over for whom both rules fire", () => {
    const conflict = only("conflict");
    expect(conflict.message).toContain("trimethoprim");
    expect(conflict.message).toContain("for 3 days");
    expect(conflict.message).toContain("for 7 days");
    const witness = witnessOf(conflict);
    expect(witness.patient.sex).toBe("female");
    expect(completedYears(witness.patient.birthDate!, AT)).toBeGreaterThanOrEqual(65);
    expect(fired(decide(brokenEvaluator, witness, AT))).toEqual(expect.arrayContaining(["women", "older-women"]));
  });

  test("the gap is men of 16 and 17, and its witness gets no treatment, no referral and no no-antibiotic strategy", () => {
    const gap = only("gap");
    expect(gap.message).toContain("sex male");
    expect(gap.message).toContain("age 16 years exactly");
    expect(gap.message).toContain("age just under 18 years");
    const witness = witnessOf(gap);
    expect(witness.patient.sex).toBe("male");
    expect([16, 17]).toContain(completedYears(witness.patient.birthDate!, AT));
    const d = decide(brokenEvaluator, witness, AT);
    expect(recommendsNothing(d)).toBe(true);
    expect(fired(d)).toEqual([]);
  });

  test("the threshold gap is an eGFR of 44.5, which falls between the two children's rules", () => {
    const gap = only("threshold-gap");
    expect(gap.message).toContain("egfr 44.5");
    const witness = witnessOf(gap);
    expect(egfrOf(witness)).toBe(44.5);
    expect(completedYears(witness.patient.birthDate!, AT)).toBeLessThan(16);
    expect(recommendsNothing(decide(brokenEvaluator, witness, AT))).toBe(true);
    expect(fired(decide(brokenEvaluator, withEgfr(witness, 45), AT))).toEqual(["children-renal-function-normal"]);
    expect(fired(decide(brokenEvaluator, withEgfr(witness, 44), AT))).toEqual(["children-renal-function-reduced"]);
  });

  test("the threshold gap is reported once although it holds for either sex", () => {
    expect(only("threshold-gap").message).not.toContain("sex");
  });

  test("the unreachable rule is teenagers, and it comes with no witness because none exists", () => {
    const unreachable = only("unreachable");
    expect(unreachable.message).toContain("rule teenagers can never fire");
    expect(unreachable.witness).toBeUndefined();
  });

  test("women-over-30 is shadowed by women, and its witness fires both", () => {
    const shadowed = only("shadowed");
    expect(shadowed.message).toContain("rule women-over-30 is shadowed by women");
    expect(fired(decide(brokenEvaluator, witnessOf(shadowed), AT))).toEqual(expect.arrayContaining(["women", "women-over-30"]));
  });

  test("a conflict of the shadowed rule is reported once, through the rule that shadows it", () => {
    expect(analysis.findings.some((f) => f.kind === "conflict" && f.rules.includes("women-over-30"))).toBe(false);
  });

  // As in NG138, where the moderate-severity amoxicillin with clarithromycin is `only if not pregnant`,
  // so a pregnant woman is offered only the pregnancy rule's amoxicillin with erythromycin. (Without
  // its strategy, older-women's first choice is not compared with the nitrofurantoin of women.)
  const gatedAt = (gate: string): readonly AnalysisFinding[] =>
    analyze(compileStandalone(replaced(replaced(brokenText, "  }\n  first choice trimethoprim 200 mg oral twice daily for 3 days\n}", `  }\n  first choice trimethoprim 200 mg oral twice daily for 3 days {\n    only if ${gate}\n  }\n}`), "age >= 65 years\n  strategy immediate\n", "age >= 65 years\n")), { now: AT }).findings.filter((f) => f.kind === "conflict" && f.rules.includes("women"));

  test("an option ruled out by its own `only if` wherever both rules fire is not offered, so it disagrees with nothing", () => {
    expect(gatedAt("age < 65 years")).toEqual([]);
  });

  test("an option whose `only if` still lets it through where both rules fire still conflicts, with a witness inside the overlap", () => {
    const found = gatedAt("age < 70 years");
    expect(found.map((f) => f.rules)).toEqual([["women", "older-women"]]);
    const age = completedYears(witnessOf(found[0]!).patient?.birthDate ?? "", AT);
    expect(age).toBeGreaterThanOrEqual(65);
    expect(age).toBeLessThan(70);
  });

  test("every witness, evaluated on its own, shows its finding", () => {
    const withWitness = analysis.findings.filter((f) => f.witness !== undefined);
    expect(withWitness).toHaveLength(4);
    for (const f of withWitness) {
      const d = decide(brokenEvaluator, f.witness!, AT);
      if (f.kind === "gap" || f.kind === "threshold-gap") expect(recommendsNothing(d), f.message).toBe(true);
      else expect(fired(d), f.message).toEqual(expect.arrayContaining([...f.rules]));
    }
  });

  test("every witness written as a scenario compiles next to the guideline and describes the same patient", () => {
    for (const f of analysis.findings.filter((x) => x.witness !== undefined)) {
      const text = `tests "broken-uti.stw"\n\n${toScenario(`${f.kind}: ${f.rules.join(", ")}`, f.witness!, AT, [broken])}\n`;
      const files: Record<string, string> = { "broken-uti.stw": brokenText, "witness.test.stw": text };
      const compiled = compileScenarios(loadProgram(["witness.test.stw"], { read: (p) => files[p] }), "witness.test.stw");
      if (isLeft(compiled)) throw new Error(compiled.left.map((d) => d.message).join("; "));
      const scenario = compiled.right.suite.scenarios[0]!;
      expect(decide(brokenEvaluator, scenario.context, scenario.at)).toEqual(decide(brokenEvaluator, f.witness!, AT));
    }
  });

  test("the rendered analysis prints each finding with its witness as a scenario to paste", () => {
    const text = renderAnalysis(analysis, [broken]);
    expect(text).toContain("analysis of broken-uti: 5 findings");
    for (const heading of ["CONFLICT (exact)", "GAP (exact)", "THRESHOLD-GAP (exact)", "UNREACHABLE (exact)", "SHADOWED (exact)"]) expect(text).toContain(heading);
    expect(text.match(/scenario "/g)).toHaveLength(4);
  });
});

describe("analyze on rules that read facts the regions do not vary", () => {
  const trend = compileStandalone(
    `guideline trend-check {
  title "Trend"
  version 1.0.0
  status draft
  settings inpatient
  owner "Steward tests"
  approved 2026-01-01
  review-by 2027-01-01
}

source s {
  title "S"
}

codes sepsis "Sepsis" {
  snomed 91302008 "Sepsis"
}

observation news2 "NEWS2 score" {
  snomed 1104051000000101 "NEWS2"
}

rule improving {
  cite s "1"
  when diagnosis in sepsis and trend of news2 is falling
  advice "NEWS2 is falling"
}
`,
    "trend-check.stw",
  );
  const result = analyze(trend, { now: AT, searchRuns: 200 });

  test("a rule that needs a series of results is not reported unreachable, because no region holds a series", () => {
    expect(result.findings.filter((f) => f.kind === "unreachable")).toEqual([]);
  });

  test("such a rule is listed as not checked, with what it reads, and the report says so", () => {
    expect(result.unproven).toEqual([{ rule: "improving", reads: ["trend of news2"] }]);
    expect(renderAnalysis(result, [trend])).toContain("  not checked: rule improving never fired, but it reads trend of news2, which the analysis does not vary");
  });

  test("a rule that can never fire over facts the regions do vary is still reported unreachable", () => {
    expect(analysis.unproven).toEqual([]);
    expect(only("unreachable").rules).toEqual(["teenagers"]);
  });
});

describe("analyze on NG109", () => {
  const ng109 = analyze(compileNg109(), { now: "2026-11-25T09:00:00Z" });

  test("NG109 has no conflicting rules and no unreachable rules", () => {
    expect(ng109.findings.filter((f) => f.kind === "conflict")).toEqual([]);
    expect(ng109.findings.filter((f) => f.kind === "unreachable")).toEqual([]);
    expect(ng109.cellsChecked).toBeGreaterThan(0);
  });

  test("moving the men's age threshold from 16 to 18 years opens a gap whose witness is a man of 16 or 17", { timeout: 60_000 }, () => {
    const now = "2026-11-25T09:00:00Z";
    const shifted = compileNg109(replaced(ng109Text, "and sex is male\n      and age >= 16 years", "and sex is male\n      and age >= 18 years"));
    // One gap for each way the UTI can be coded: lower UTI, and UTI without its site.
    const gaps = analyze(shifted, { now }).findings.filter((f) => f.kind === "gap");
    expect(gaps.map((g) => g.message.split(" (")[0])).toEqual(["a patient with diagnosis in lower-uti", "a patient with diagnosis in uti-site-not-specified"]);
    for (const gap of gaps) {
      const witness = gap.witness!;
      expect(witness.patient.sex).toBe("male");
      expect([16, 17]).toContain(completedYears(witness.patient.birthDate!, now));
      expect(recommendsNothing(decide(evaluatorOf(shifted), witness, now))).toBe(true);
    }
  });
});
