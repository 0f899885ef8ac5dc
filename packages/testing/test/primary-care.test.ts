// The test kit over the language of the NICE primary-care tables: scores, onsets, companions,
// back-up delay and kinds of advice, with the fixture's scenarios, analyze, diff, coverage,
// the patient generators and the scenarios written from patients.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { analyze, compileSuites, coverage, diffGuidelines, givenLines, renderAnalysis, runSuites } from "@steward/testing";
import { focusedContext } from "@steward/testing/arbitraries";
import { compileStandalone, primaryCareText, PRIMARY_CARE_TESTS, replaced, repoHost } from "./guidelines.js";

const NOW = "2026-01-01T12:00:00Z";
const fixture = compileStandalone(primaryCareText, "primary-care.stw");

describe("the fixture's scenarios", () => {
  const { suites, diagnostics } = compileSuites([PRIMARY_CARE_TESTS], repoHost());
  const results = runSuites(suites);

  test("read the phrases for scores, onsets, companions, delays and advice kinds, and all pass", () => {
    expect(diagnostics).toEqual([]);
    const scenarios = results.flatMap((r) => r.results);
    expect(scenarios.length).toBeGreaterThan(15);
    expect(scenarios.filter((s) => !s.passed).map((s) => s.scenario.name)).toEqual([]);
    const kinds = new Set(suites.flatMap((s) => s.suite.scenarios.flatMap((sc) => sc.expectations.map((e) => e.kind))));
    for (const kind of ["score", "strategy", "advises", "offers", "caution", "missing"]) expect(kinds).toContain(kind);
  });

  test("coverage counts each criterion of a score as a condition to cover", () => {
    const items = coverage(results)[0]!.items.filter((i) => i.id.startsWith("score:"));
    expect(items.map((i) => i.id)).toContain("score:feverpain/4=true");
    expect(items.find((i) => i.id === "score:crb65/3=true")?.covered).toBe(true);
  });
});

describe("analyze over scores and onsets", () => {
  test("the fixture's rows leave no gap and no conflict, and FeverPAIN is varied as one number", () => {
    const analysis = analyze(fixture, { now: NOW, searchRuns: 200 });
    expect(analysis.findings).toEqual([]);
    expect(analysis.dimensions).toContain("score:feverpain");
    expect(analysis.dimensions).not.toContain("finding:purulence");
    expect(analysis.dimensions).toContain("onset:code-list:acute-sinusitis");
  }, 60_000);

  test("without the FeverPAIN 2 to 3 row, the gap is at FeverPAIN 2 and 3, never between whole numbers", () => {
    const broken = compileStandalone(replaced(primaryCareText, "feverpain between 2 and 3", "feverpain between 2 and 3 and pregnant and not pregnant"), "primary-care.stw");
    const gaps = analyze(broken, { now: NOW, searchRuns: 0 }).findings.filter((f) => f.kind === "gap" || f.kind === "threshold-gap");
    expect(gaps.map((g) => g.message)).toEqual([expect.stringMatching(/^a patient with diagnosis in sore-throat .*gets no recommendation at .*feverpain 2 \/ feverpain 3$/)]);
    expect(gaps[0]!.kind).toBe("gap");
  }, 60_000);

  test("a recorded score is varied over its whole numbers: the gap between `<= 1` and `>= 3` is at 2, not at 1.5", () => {
    const text = `guideline scored {
  title "Scored"
  version 0.1.0
  status draft
  settings primary-care
  owner "Steward test fixtures"
  approved 2026-01-01
  review-by 2027-01-01
}

source s {
  title "A source"
}

codes infection "Infection" {
  snomed 38822007 "Cystitis"
}

score severity "Severity score" {
  snomed 1104051000000101 "NEWS2 score"
  range 0 to 4
}

rule low {
  cite s
  when diagnosis in infection and severity <= 1
  strategy no-antibiotic
}

rule high {
  cite s
  when diagnosis in infection and severity >= 3
  strategy no-antibiotic
  advice safety-net "Seek help"
}
`;
    const scored = compileStandalone(text, "scored.stw");
    const analysis = analyze(scored, { now: NOW, searchRuns: 0 });
    expect(analysis.findings.map((f) => f.message)).toEqual(["a patient with diagnosis in infection gets no recommendation at severity 2"]);
    expect(renderAnalysis(analysis, [scored])).not.toMatch(/severity 1\.5|severity 2\.5/);
    expect(renderAnalysis(analysis, [scored])).toContain("        severity 2 on 2025-12-31T12:00:00Z");
  }, 60_000);

  test("moving NG79's 10 days to 7 for no antibiotic leaves a gap from 7 to 9 days, with a witness whose onset is written `started`", () => {
    const broken = compileStandalone(replaced(primaryCareText, "time since onset of acute-sinusitis < 10 days", "time since onset of acute-sinusitis < 7 days"), "primary-care.stw");
    const analysis = analyze(broken, { now: NOW, searchRuns: 0 });
    const gap = analysis.findings.find((f) => f.kind === "gap")!;
    expect(gap.message).toContain("diagnosis in acute-sinusitis");
    expect(gap.witnessDescription).toMatch(/onset of acute-sinusitis (just under 10 days|7 days) ago/);
    expect(renderAnalysis(analysis, [broken])).toMatch(/diagnosis snomed 15805002 started 2025-12-2\dT12:00:00Z/);
  }, 60_000);
});

describe("diff over scores and onsets", () => {
  test("moving FeverPAIN's upper band from 4 to 3 changes the decision for FeverPAIN 3 only", () => {
    const after = compileStandalone(replaced(replaced(primaryCareText, "feverpain >= 4", "feverpain >= 3"), "feverpain between 2 and 3", "feverpain = 2"), "primary-care.stw");
    const diff = diffGuidelines(fixture, after, { now: NOW });
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]!.patients).toContain("feverpain 3");
    expect(diff.changes[0]!.patients).not.toMatch(/feverpain [0-2]\b/);
    expect(diff.changes[0]!.after).toContain("strategy immediate");
  }, 60_000);

  test("a back-up delay changed from 7 to 5 days is a change for the patients with symptoms for 10 days or more", () => {
    const after = compileStandalone(replaced(primaryCareText, "strategy back-up after 7 days", "strategy back-up after 5 days"), "primary-care.stw");
    const diff = diffGuidelines(fixture, after, { now: NOW });
    expect(diff.changes.map((c) => [c.before, c.after])).toEqual([[["strategy back-up after 7 days"], ["strategy back-up after 5 days"]]]);
  }, 60_000);
});

describe("patients generated and written for the primary-care language", () => {
  const samples = fc.sample(focusedContext(fixture, { now: NOW }), { numRuns: 400, seed: 7 });

  test("onsets fall on and either side of NG79's 10 days", () => {
    const days = samples.flatMap((c) => c.diagnoses ?? []).flatMap((d) => (d.onset === undefined ? [] : [Math.round((Date.parse(NOW) - Date.parse(d.onset)) / 86_400_000)]));
    expect(days).toEqual(expect.arrayContaining([9, 10, 11]));
  });

  test("a recorded score is sent as a whole number within its range", () => {
    const values = samples.flatMap((c) => c.observations ?? []).filter((o) => o.code.code === "1104051000000101").map((o) => o.value);
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((v) => Number.isInteger(v) && v >= 0 && v <= 20)).toBe(true);
  });

  test("givenLines writes an onset as `started`, a symptom's too, and a recorded score by its name", () => {
    const lines = givenLines(
      {
        patient: {},
        setting: "primary-care",
        diagnoses: [{ code: { system: "http://snomed.info/sct", code: "15805002" }, onset: "2025-12-20" }],
        findings: [{ finding: "purulence", present: true, onset: "2025-12-30" }],
        observations: [{ code: { system: "http://snomed.info/sct", code: "1104051000000101" }, value: 4, unit: "{score}", time: "2025-12-31T12:00:00Z" }],
      },
      [fixture],
    );
    expect(lines).toEqual(expect.arrayContaining(["diagnosis snomed 15805002 started 2025-12-20", "purulence started 2025-12-30", "news2 4 on 2025-12-31T12:00:00Z"]));
  });
});
