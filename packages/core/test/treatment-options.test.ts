import { describe, expect, test } from "vitest";
import { compileRules, decide, egfr, missingKeys, patient, rule } from "./support/evaluation.js";

function gated(ifUnknown: string, only = "egfr >= 45 mL/min/1.73m2"): ReturnType<typeof compileRules> {
  return compileRules(
    rule(
      "treat",
      "setting is primary-care",
      `first choice nitrofurantoin 100 mg modified-release oral twice daily for 3 days {
    only if ${only}
    ${ifUnknown}
  }
  second choice trimethoprim 200 mg oral twice daily for 3 days`,
    ),
  );
}

const noAllergies = { allergies: [] };

describe("`only if` decides whether a choice is offered", () => {
  test("a true condition offers the choice with no caution", () => {
    const decision = decide([gated("")], patient({ ...noAllergies, observations: [egfr(60, "2026-06-01")] }));
    expect(decision.treatments.map((t) => t.drug.id)).toEqual(["nitrofurantoin", "trimethoprim"]);
    expect(decision.treatments[0]!.cautions).toEqual([]);
    expect(decision.excluded).toEqual([]);
    expect(decision.withheld).toEqual([]);
  });

  test("a false condition excludes the choice, saying the condition and the value it saw", () => {
    const decision = decide([gated("")], patient({ ...noAllergies, observations: [egfr(30, "2026-06-01T09:00:00Z")] }));
    expect(decision.treatments.map((t) => t.drug.id)).toEqual(["trimethoprim"]);
    expect(decision.excluded).toEqual([expect.objectContaining({ rank: "first", drug: expect.objectContaining({ id: "nitrofurantoin" }), because: "condition" })]);
    const reason = decision.excluded[0]!.reason;
    expect(reason).toContain("egfr >= 45 mL/min/1.73m2");
    expect(reason).toContain("egfr = 30 mL/min/1.73m2 on 2026-06-01");
    expect(decision.missingData).toEqual([]);
  });

  test("a false part of a compound condition is the one given as the reason", () => {
    const ir = gated("", "egfr >= 45 mL/min/1.73m2 and not at-term");
    const decision = decide([ir], patient({ ...noAllergies, observations: [egfr(80, "2026-06-01")], patient: { pregnancy: { status: "pregnant", atTerm: true } } }));
    const reason = decision.excluded[0]!.reason;
    expect(reason).toContain("at-term");
    expect(reason).toContain("at term = yes");
    expect(reason).not.toContain("egfr");
  });

  test("the excluded choice carries the rule's provenance", () => {
    const decision = decide([gated("")], patient({ ...noAllergies, observations: [egfr(30, "2026-06-01")] }));
    expect(decision.excluded[0]!.provenance).toMatchObject({ guideline: "test-rules", version: "1.2.3", rule: "treat", citations: [{ source: "nice", section: "section treat" }] });
  });
});

describe("an unknown `only if`", () => {
  test("withholds the choice by default, listing what it needs", () => {
    const decision = decide([gated("")], patient(noAllergies));
    expect(decision.treatments.map((t) => t.drug.id)).toEqual(["trimethoprim"]);
    expect(decision.excluded).toEqual([]);
    expect(decision.withheld).toEqual([
      expect.objectContaining({ rank: "first", drug: expect.objectContaining({ id: "nitrofurantoin" }), needs: ["Estimated glomerular filtration rate"] }),
    ]);
    expect(decision.withheld[0]!.reason).toContain("egfr >= 45 mL/min/1.73m2");
    expect(decision.missingData).toEqual([
      { data: "observation:egfr", description: "Estimated glomerular filtration rate", neededFor: ["to recommend nitrofurantoin (first choice, rule treat)"] },
    ]);
  });

  test("`if unknown withhold` with a note gives the note as the reason", () => {
    const decision = decide([gated(`if unknown withhold "needs an eGFR first"`)], patient(noAllergies));
    expect(decision.withheld.map((w) => w.reason)).toEqual(["needs an eGFR first"]);
  });

  test("`if unknown offer` offers the choice with the note as a caution", () => {
    const decision = decide([gated(`if unknown offer "check renal function"`)], patient(noAllergies));
    expect(decision.treatments.map((t) => t.drug.id)).toEqual(["nitrofurantoin", "trimethoprim"]);
    expect(decision.treatments[0]!.cautions).toEqual(["check renal function"]);
    expect(decision.withheld).toEqual([]);
    expect(missingKeys(decision)).toEqual(["observation:egfr"]);
  });

  test("`if unknown offer` without a note cautions with the undecided condition", () => {
    const decision = decide([gated(`if unknown offer`)], patient(noAllergies));
    expect(decision.treatments[0]!.cautions).toEqual([expect.stringContaining("egfr >= 45 mL/min/1.73m2")]);
  });

  test("`if unknown exclude` excludes the choice with the note as the reason", () => {
    const decision = decide([gated(`if unknown exclude "no recent renal function"`)], patient(noAllergies));
    expect(decision.treatments.map((t) => t.drug.id)).toEqual(["trimethoprim"]);
    expect(decision.excluded).toEqual([expect.objectContaining({ drug: expect.objectContaining({ id: "nitrofurantoin" }), because: "unknown", reason: "no recent renal function" })]);
    expect(decision.withheld).toEqual([]);
    expect(missingKeys(decision)).toEqual(["observation:egfr"]);
  });

  test("`if unknown` plays no part once the condition is known", () => {
    for (const action of [`if unknown offer "x"`, `if unknown exclude "x"`, `if unknown withhold "x"`]) {
      const high = decide([gated(action)], patient({ ...noAllergies, observations: [egfr(60, "2026-06-01")] }));
      expect(high.treatments.map((t) => t.drug.id)).toEqual(["nitrofurantoin", "trimethoprim"]);
      expect(high.treatments[0]!.cautions).toEqual([]);
      const low = decide([gated(action)], patient({ ...noAllergies, observations: [egfr(30, "2026-06-01")] }));
      expect(low.excluded.map((x) => x.because)).toEqual(["condition"]);
    }
  });
});

describe("treatment order", () => {
  test("treatments are ranked first, second, alternative, then by rule order and written order", () => {
    const ir = compileRules(
      [
        rule("a", "setting is primary-care", `alternative choice gentamicin 400 mg iv once daily for 3 days\n  second choice cefalexin 500 mg oral twice daily for 3 days\n  first choice trimethoprim 200 mg oral twice daily for 3 days`),
        rule("b", "setting is primary-care", `second choice amoxicillin 500 mg oral three times daily for 3 days\n  first choice nitrofurantoin 50 mg oral four times daily for 3 days`),
      ].join("\n"),
    );
    const decision = decide([ir], patient(noAllergies));
    expect(decision.treatments.map((t) => `${t.rank}:${t.drug.id}:${t.provenance.rule}`)).toEqual([
      "first:trimethoprim:a",
      "first:nitrofurantoin:b",
      "second:cefalexin:a",
      "second:amoxicillin:b",
      "alternative:gentamicin:a",
    ]);
  });

  test("a treatment shows its regimens as text, with `or` regimens and their notes", () => {
    const ir = compileRules(
      rule("a", "setting is primary-care", `first choice nitrofurantoin 100 mg modified-release oral twice daily for 3 days {\n    or 50 mg oral four times daily for 3 days "if modified-release capsules are unavailable"\n    note "avoid at term"\n  }`),
    );
    const t = decide([ir], patient(noAllergies)).treatments[0]!;
    expect(t.regimens.map((r) => [r.text, r.note])).toEqual([
      ["100 mg modified-release oral twice daily for 3 days", undefined],
      ["50 mg oral four times daily for 3 days", "if modified-release capsules are unavailable"],
    ]);
    expect(t.notes).toEqual(["avoid at term"]);
    expect(t.drug).toEqual({ id: "nitrofurantoin", name: "Nitrofurantoin", aware: "access" });
  });
});
