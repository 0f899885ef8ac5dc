import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, test } from "vitest";
import { explain, renderDecision, renderExplanation } from "@steward/core";
import { compileRules, decide, egfr, NOW, patient, rule } from "./support/evaluation.js";

const ir = compileRules(
  [
    rule(
      "kids",
      "age < 16 years and not pregnant",
      `first choice trimethoprim 4 mg/kg max 200 mg oral twice daily for 3 days {
    or 100 mg oral twice daily for 3 days "older children"
  }
  first choice nitrofurantoin 50 mg oral four times daily for 3 days {
    only if egfr >= 45 mL/min/1.73m2
  }
  alert high "check the urine culture" key urine-culture
  alert low "for information" key info
  review after 48 hours`,
    ),
    rule("febrile", "fever", `advice "treat the fever"`),
  ].join("\n"),
);

const child = patient({ allergies: [], patient: { birthDate: "2020-01-01", weight: { value: 16, unit: "kg" }, pregnancy: { status: "not-pregnant" } }, observations: [egfr(30, "2026-06-01")] });

describe("renderDecision", () => {
  const text = renderDecision(decide([ir], child));

  test("puts the interruptive alert under ALERT and the others under Other alerts", () => {
    expect(text).toContain("ALERT\n  !! HIGH: check the urine culture  [NICE test guideline, section kids]");
    expect(text).toContain("Other alerts\n  LOW: for information");
    expect(text.indexOf("ALERT")).toBeLessThan(text.indexOf("Treatment options"));
  });

  test("shows each treatment with its calculated dose, its other regimens and its source", () => {
    expect(text).toContain(
      [
        "    1. Trimethoprim 4 mg/kg max 200 mg oral twice daily for 3 days  (UK-AWaRe access)",
        "         = 64 mg per dose for 16 kg",
        "       or 100 mg oral twice daily for 3 days — older children",
        "       source: NICE test guideline, section kids",
      ].join("\n"),
    );
  });

  test("says why an option is not offered, with the value seen", () => {
    expect(text).toContain("Not offered\n  ✗ Nitrofurantoin (first choice): not met: egfr >= 45 mL/min/1.73m2 (egfr = 30 mL/min/1.73m2 on 2026-06-01)");
  });

  test("lists actions and the missing data that would change the decision", () => {
    expect(text).toContain("Actions\n  → Review due 2026-06-17T12:00:00Z");
    expect(text).toContain("Missing data that would change this decision\n  • Fever — to decide whether NICE test guideline, section febrile applies (rule febrile)");
  });

  test("says so when the guideline does not apply and nothing is recommended", () => {
    const none = renderDecision(decide([ir], patient({ setting: "urgent-care" })));
    expect(none).toContain("— does not apply in this setting");
    expect(none).toContain("No recommendation: no rule applies to this patient.");
  });
});

describe("renderExplanation", () => {
  const result = explain([ir], child, { now: NOW });
  if (!isRight(result)) throw new Error("explain failed");
  const text = renderExplanation(result.right);

  test("marks each rule fired or unknown, with every condition and the value it saw", () => {
    expect(text).toContain(
      [
        "  FIRED     kids — NICE test guideline, section kids",
        "      ✓ all of",
        "        ✓ age < 16 years   [age = 6 years]",
        "        ✓ not pregnant   [pregnant = no]",
        "      offered  first choice trimethoprim",
        "      excluded first choice nitrofurantoin — not met: egfr >= 45 mL/min/1.73m2 (egfr = 30 mL/min/1.73m2 on 2026-06-01)",
        "  UNKNOWN   febrile — NICE test guideline, section febrile",
        "      ? fever   [fever is not recorded]",
        "      would be decided by: fever",
      ].join("\n"),
    );
  });

  test("shows an age given in whole years as such", () => {
    const whole = explain([ir], patient({ allergies: [], patient: { age: 6, pregnancy: { status: "not-pregnant" } } }), { now: NOW });
    if (!isRight(whole)) throw new Error("explain failed");
    expect(renderExplanation(whole.right)).toContain("(whole years only)");
  });
});
