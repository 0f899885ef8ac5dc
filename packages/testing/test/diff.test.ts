import { describe, expect, test } from "vitest";
import type { GuidelineIR } from "@steward/core";
import { decisionLines, diffGuidelines, renderDiff, type GuidelineDiff } from "@steward/testing";
import { compileNg109, compileStandalone, decide, egfrOf, evaluatorOf, formularyText, headerOf, ng109Text, NOW, replaced } from "./guidelines.js";

/** Nitrofurantoin's renal contraindication in the shared formulary, which NG109 imports. */
const RENAL = "when egfr < 45 mL/min/1.73m2";
const before = compileNg109();
const shorterCourse = compileNg109(replaced(ng109Text, "first choice trimethoprim 200 mg oral twice daily for 7 days", "first choice trimethoprim 200 mg oral twice daily for 5 days"));
let shorterDiff: GuidelineDiff | undefined;
/** The diff for a shorter men's trimethoprim course, computed once for the tests that read it. */
const shorter = (): GuidelineDiff => (shorterDiff ??= diffGuidelines(before, shorterCourse, { now: NOW }));

/** A one-rule guideline whose eGFR threshold is a parameter. */
const withParameter = `${headerOf("renal", "Renal")}
codes lower-uti "Lower urinary tract infection" {
  snomed 38822007 "Cystitis"
}

observation egfr "Estimated glomerular filtration rate" {
  unit mL/min/1.73m2
  loinc 33914-3 "eGFR (MDRD)"
}

drug nitrofurantoin "Nitrofurantoin" {
  routes oral
}

parameter nitrofurantoin-egfr = 45 mL/min/1.73m2

rule adults {
  cite nice "1.1"
  when diagnosis in lower-uti
  first choice nitrofurantoin 100 mg oral twice daily for 3 days {
    only if egfr >= nitrofurantoin-egfr
  }
}
`;

/** Every change's witness gets a different decision from the two versions, as the change says. */
function expectWitnessesShowTheirChanges(diff: GuidelineDiff, old: GuidelineIR, next: GuidelineIR): void {
  const [a, b] = [evaluatorOf(old), evaluatorOf(next)];
  for (const change of diff.changes) {
    const was = decisionLines(decide(a, change.witness, NOW));
    const now = decisionLines(decide(b, change.witness, NOW));
    expect(now).not.toEqual(was);
    expect(was).toEqual(expect.arrayContaining([...change.before]));
    expect(now).toEqual(expect.arrayContaining([...change.after]));
  }
}

// Each diff evaluates both versions over some 17,000 patient regions.
describe("diffGuidelines", { timeout: 120_000 }, () => {
  test("two identical versions have no changes", () => {
    const diff = diffGuidelines(before, compileNg109(), { now: NOW });
    expect(diff.changes).toEqual([]);
    expect(diff.regionsChecked).toBeGreaterThan(0);
    expect(renderDiff(diff)).toContain("0 kinds of patient get a different decision");
  });

  test("lowering the nitrofurantoin eGFR threshold from 45 to 30 changes nitrofurantoin for patients with an eGFR from 30 to 44", () => {
    const after = compileNg109(ng109Text, replaced(formularyText, RENAL, "when egfr < 30 mL/min/1.73m2"));
    const diff = diffGuidelines(before, after, { now: NOW });
    expect(diff.changes.length).toBeGreaterThan(0);
    for (const change of diff.changes) expect([...change.before, ...change.after].join("\n")).toContain("nitrofurantoin");
    const renal = diff.changes.find((c) => {
      const egfr = egfrOf(c.witness);
      return egfr !== undefined && egfr >= 30 && egfr < 45;
    });
    expect(renal).toBeDefined();
    expect(renal!.before.some((l) => l.startsWith("excludes nitrofurantoin"))).toBe(true);
    expect(renal!.after.some((l) => l.startsWith("offers") && l.includes("nitrofurantoin"))).toBe(true);
    expectWitnessesShowTheirChanges(diff, before, after);
  });

  test("changing the duration of the men's trimethoprim reports the old and new regimen lines", () => {
    const diff = shorter();
    expect(diff.changes).toHaveLength(1);
    const change = diff.changes[0]!;
    expect(change.before).toEqual(["offers first choice trimethoprim: 200 mg oral twice daily for 7 days"]);
    expect(change.after).toEqual(["offers first choice trimethoprim: 200 mg oral twice daily for 5 days"]);
    expect(change.patients).toContain("sex male");
    expect(change.witness.patient.sex).toBe("male");
    expectWitnessesShowTheirChanges(diff, before, shorterCourse);
  });

  test("a threshold only the old version has still divides the patients, so dropping it is seen for patients on both sides", () => {
    const after = compileNg109(ng109Text, replaced(formularyText, RENAL, "when at-term"));
    const diff = diffGuidelines(before, after, { now: NOW });
    const nowOffered = diff.changes.find((c) => c.before.some((l) => l.startsWith("excludes nitrofurantoin")) && c.after.some((l) => l.startsWith("offers") && l.includes("nitrofurantoin")));
    expect(nowOffered).toBeDefined();
    expect(egfrOf(nowOffered!.witness)).toBeLessThan(45);
    expectWitnessesShowTheirChanges(diff, before, after);
  });

  test("a changed parameter keeps its old value too, so patients between the old and the new threshold are compared", () => {
    const old = compileStandalone(withParameter, "renal.stw");
    const next = compileStandalone(replaced(withParameter, "= 45 mL/min/1.73m2", "= 30 mL/min/1.73m2"), "renal.stw");
    const diff = diffGuidelines(old, next, { now: NOW });
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]!.patients).toContain("egfr 37.5 mL/min/1.73m2");
    expect(diff.changes[0]!.patients).not.toContain("egfr 45 mL/min/1.73m2");
    expectWitnessesShowTheirChanges(diff, old, next);
  });

  test("the rendered diff lists each change with the lines removed and added and a witness", () => {
    const text = renderDiff(shorter());
    expect(text).toContain("1 kind of patient get a different decision");
    expect(text).toContain("   - offers first choice trimethoprim: 200 mg oral twice daily for 7 days");
    expect(text).toContain("   + offers first choice trimethoprim: 200 mg oral twice daily for 5 days");
    expect(text).toContain("   witness: ");
  });
});
