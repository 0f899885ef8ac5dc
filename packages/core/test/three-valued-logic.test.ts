import { describe, expect, test } from "vitest";
import { compileRules, cystitis, decide, egfr, fired, missingKeys, patient, rule, ruleStatus } from "./support/evaluation.js";

type Truth = "true" | "false" | "unknown";

const truths: readonly Truth[] = ["true", "false", "unknown"];

/** Findings that make `fever` and `symptoms-improving` come out as `a` and `b` (unknown = not recorded). */
function findingsFor(a: Truth, b: Truth) {
  const findings = [];
  if (a !== "unknown") findings.push({ finding: "fever", present: a === "true" });
  if (b !== "unknown") findings.push({ finding: "symptoms-improving", present: b === "true" });
  return patient({ findings });
}

const kleeneAnd = (a: Truth, b: Truth): Truth => (a === "false" || b === "false" ? "false" : a === "true" && b === "true" ? "true" : "unknown");
const kleeneOr = (a: Truth, b: Truth): Truth => (a === "true" || b === "true" ? "true" : a === "false" && b === "false" ? "false" : "unknown");
const kleeneNot = (a: Truth): Truth => (a === "true" ? "false" : a === "false" ? "true" : "unknown");
const status = { true: "fired", false: "not-fired", unknown: "unknown" } as const;

const logic = compileRules(
  [
    rule("both", "fever and symptoms-improving"),
    rule("either", "fever or symptoms-improving"),
    rule("negated", "not fever"),
    rule("negated-and", "not (fever and symptoms-improving)"),
    rule("negated-or", "not (fever or symptoms-improving)"),
  ].join("\n"),
);

describe("and, or and not follow Kleene's three-valued logic", () => {
  const pairs = truths.flatMap((a) => truths.map((b) => [a, b] as const));

  test.each(pairs)("with fever %s and symptoms-improving %s, `and` and `or` give Kleene's answers", (a, b) => {
    const context = findingsFor(a, b);
    expect(ruleStatus([logic], context, "both")).toBe(status[kleeneAnd(a, b)]);
    expect(ruleStatus([logic], context, "either")).toBe(status[kleeneOr(a, b)]);
    expect(ruleStatus([logic], context, "negated-and")).toBe(status[kleeneNot(kleeneAnd(a, b))]);
    expect(ruleStatus([logic], context, "negated-or")).toBe(status[kleeneNot(kleeneOr(a, b))]);
  });

  test.each(truths)("`not` of %s is its Kleene negation", (a) => {
    expect(ruleStatus([logic], findingsFor(a, "unknown"), "negated")).toBe(status[kleeneNot(a)]);
  });

  test("the rules that fire in evaluate are exactly the ones explain reports as fired", () => {
    for (const [a, b] of pairs) {
      const decision = decide([logic], findingsFor(a, b));
      const expected = [
        kleeneAnd(a, b) === "true" ? "both" : undefined,
        kleeneOr(a, b) === "true" ? "either" : undefined,
        kleeneNot(a) === "true" ? "negated" : undefined,
        kleeneNot(kleeneAnd(a, b)) === "true" ? "negated-and" : undefined,
        kleeneNot(kleeneOr(a, b)) === "true" ? "negated-or" : undefined,
      ].filter((x) => x !== undefined);
      expect(fired(decision)).toEqual(expected);
    }
  });

  test("an unknown `and` lists the missing data of every unknown part, each once", () => {
    const decision = decide([logic], findingsFor("unknown", "unknown"));
    expect(missingKeys(decision)).toEqual(["finding:fever", "finding:symptoms-improving"]);
  });

  test("a false part of an `and` decides it without the data the other part lacks", () => {
    const decision = decide([compileRules(rule("both", "fever and symptoms-improving"))], findingsFor("false", "unknown"));
    expect(fired(decision)).toEqual([]);
    expect(decision.missingData).toEqual([]);
  });

  test("a true part of an `or` decides it without the data the other part lacks", () => {
    const decision = decide([compileRules(rule("either", "fever or symptoms-improving"))], findingsFor("unknown", "true"));
    expect(fired(decision)).toEqual(["either"]);
    expect(decision.missingData).toEqual([]);
  });
});

describe("unknown never picks a branch", () => {
  const branches = compileRules(
    [
      rule("renal-ok", "egfr >= 45 mL/min/1.73m2", `advice "renal function adequate"`),
      rule("renal-poor", "egfr < 45 mL/min/1.73m2", `advice "renal function reduced"`),
      rule("renal-poor-negated", "not (egfr >= 45 mL/min/1.73m2)", `advice "renal function not adequate"`),
    ].join("\n"),
  );

  test("with no eGFR neither a threshold nor its complement fires", () => {
    const decision = decide([branches], patient());
    expect(fired(decision)).toEqual([]);
    expect(decision.advice).toEqual([]);
  });

  test("each undecided rule is named in the missing data's neededFor", () => {
    const decision = decide([branches], patient());
    expect(decision.missingData).toHaveLength(1);
    const entry = decision.missingData[0]!;
    expect(entry.data).toBe("observation:egfr");
    expect(entry.description).toBe("Estimated glomerular filtration rate");
    for (const id of ["renal-ok", "renal-poor", "renal-poor-negated"]) {
      expect(entry.neededFor).toContainEqual(expect.stringContaining(`rule ${id}`));
    }
  });

  test("with an eGFR recorded exactly one of the complementary rules fires and nothing is missing", () => {
    for (const [value, expected] of [
      [44, ["renal-poor", "renal-poor-negated"]],
      [45, ["renal-ok"]],
      [90, ["renal-ok"]],
    ] as const) {
      const decision = decide([branches], patient({ observations: [egfr(value, "2026-06-01")] }));
      expect(fired(decision)).toEqual(expected);
      expect(decision.missingData).toEqual([]);
    }
  });

  test("`is` is unknown when the value is not recorded, and so is `is not`", () => {
    const ir = compileRules([rule("female", "sex is female"), rule("not-female", "sex is not female")].join("\n"));
    expect(ruleStatus([ir], patient(), "female")).toBe("unknown");
    expect(ruleStatus([ir], patient(), "not-female")).toBe("unknown");
    expect(missingKeys(decide([ir], patient()))).toEqual(["patient:sex"]);
    expect(fired(decide([ir], patient({ patient: { sex: "male" } })))).toEqual(["not-female"]);
  });

  test("a recorded sex of `unknown` or `other` leaves `sex is female` unknown", () => {
    const ir = compileRules(rule("female", "sex is female"));
    expect(ruleStatus([ir], patient({ patient: { sex: "unknown" } }), "female")).toBe("unknown");
    expect(ruleStatus([ir], patient({ patient: { sex: "other" } }), "female")).toBe("unknown");
  });

  test("`between` with an unknown value is unknown and includes both ends when known", () => {
    const ir = compileRules(rule("mid", "egfr between 30 mL/min/1.73m2 and 45 mL/min/1.73m2"));
    expect(ruleStatus([ir], patient(), "mid")).toBe("unknown");
    for (const [value, expected] of [[29, "not-fired"], [30, "fired"], [45, "fired"], [46, "not-fired"]] as const) {
      expect(ruleStatus([ir], patient({ observations: [egfr(value, "2026-06-01")] }), "mid")).toBe(expected);
    }
  });

  test("pregnancy recorded with status `unknown` leaves `pregnant` and `not pregnant` unknown", () => {
    const ir = compileRules([rule("pregnant-rule", "pregnant"), rule("not-pregnant-rule", "not pregnant")].join("\n"));
    const decision = decide([ir], patient({ patient: { pregnancy: { status: "unknown" } } }));
    expect(fired(decision)).toEqual([]);
    expect(missingKeys(decision)).toEqual(["patient:pregnant"]);
  });
});

describe("`is known` and `is unknown`", () => {
  const known = compileRules(
    [
      rule("egfr-known", "egfr is known"),
      rule("egfr-unknown", "egfr is unknown"),
      rule("pregnancy-known", "pregnant is known"),
      rule("fever-unknown", "fever is unknown"),
      rule("weight-known", "weight is known"),
    ].join("\n"),
  );

  test("are never unknown, so a rule built on them never waits for data", () => {
    const contexts = [
      patient(),
      patient({ observations: [egfr(60, "2026-06-01")], findings: [{ finding: "fever", present: false }], patient: { pregnancy: { status: "not-pregnant" }, weight: { value: 70, unit: "kg" } } }),
    ];
    for (const context of contexts) {
      for (const id of ["egfr-known", "egfr-unknown", "pregnancy-known", "fever-unknown", "weight-known"]) {
        expect(ruleStatus([known], context, id)).not.toBe("unknown");
      }
      expect(decide([known], context).missingData).toEqual([]);
    }
  });

  test("say whether the record has the value", () => {
    expect(fired(decide([known], patient()))).toEqual(["egfr-unknown", "fever-unknown"]);
    const full = patient({ observations: [egfr(60, "2026-06-01")], findings: [{ finding: "fever", present: false }], patient: { pregnancy: { status: "pregnant" }, weight: { value: 70, unit: "kg" } } });
    expect(fired(decide([known], full))).toEqual(["egfr-known", "pregnancy-known", "weight-known"]);
  });

  test("a finding recorded as absent is known", () => {
    const decision = decide([known], patient({ findings: [{ finding: "fever", present: false }] }));
    expect(fired(decision)).not.toContain("fever-unknown");
  });

  test("combined with an unknown value by `and` they do not hide the unknown", () => {
    const ir = compileRules(rule("needs-egfr", "egfr is known and sex is female"));
    const decision = decide([ir], patient({ observations: [egfr(60, "2026-06-01")] }));
    expect(fired(decision)).toEqual([]);
    expect(missingKeys(decision)).toEqual(["patient:sex"]);
  });
});

describe("a rule whose condition is unknown", () => {
  const uti = compileRules(
    rule(
      "women-with-uti",
      "diagnosis in lower-uti and sex is female and not pregnant",
      `first choice nitrofurantoin 100 mg modified-release oral twice daily for 3 days
  alert high "check the culture" key uti-culture
  review after 48 hours`,
    ),
  );

  test("does not fire: none of its outcomes appear", () => {
    const decision = decide([uti], patient({ diagnoses: [cystitis], patient: { sex: "female" } }));
    expect(fired(decision)).toEqual([]);
    expect(decision.treatments).toEqual([]);
    expect(decision.withheld).toEqual([]);
    expect(decision.excluded).toEqual([]);
    expect(decision.alerts).toEqual([]);
    expect(decision.actions).toEqual([]);
  });

  test("lists its missing data with neededFor naming the rule", () => {
    const decision = decide([uti], patient({ diagnoses: [cystitis], patient: { sex: "female" } }));
    expect(decision.missingData).toEqual([
      { data: "patient:pregnant", description: "pregnancy status", neededFor: ["to decide whether NICE test guideline, section women-with-uti applies (rule women-with-uti)"] },
    ]);
  });

  test("lists every missing piece when several parts are unknown", () => {
    const decision = decide([uti], patient());
    expect(missingKeys(decision)).toEqual(["list:diagnoses", "patient:sex", "patient:pregnant"]);
    for (const entry of decision.missingData) expect(entry.neededFor).toEqual([expect.stringContaining("rule women-with-uti")]);
  });

  test("fires once the missing data is recorded", () => {
    const decision = decide([uti], patient({ diagnoses: [cystitis], patient: { sex: "female", pregnancy: { status: "not-pregnant" } } }));
    expect(fired(decision)).toEqual(["women-with-uti"]);
    expect(decision.treatments.map((t) => t.drug.id)).toEqual(["nitrofurantoin"]);
  });
});
