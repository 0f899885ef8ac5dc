import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { adviseOn, compileBundledGuideline, makeEvaluator } from "../examples/node-host/host.js";

const evaluator = makeEvaluator([compileBundledGuideline()]);
const patient = (name: string): string => readFileSync(new URL(`../examples/patients/${name}`, import.meta.url), "utf8");

describe("the node host example", () => {
  test("advises nitrofurantoin first for the 30-year-old woman with cystitis and eGFR 80", () => {
    const advice = adviseOn(evaluator, patient("01-woman-30-cystitis-egfr-80.json"), "2026-11-25T09:00:00Z");
    expect(advice.ok).toBe(true);
    if (!advice.ok) return;
    const first = advice.decision.treatments.filter((t) => t.rank === "first").map((t) => t.drug.id);
    expect(first).toEqual(["nitrofurantoin", "trimethoprim"]);
    expect(advice.text).toContain("Nitrofurantoin 100 mg modified-release oral twice daily for 3 days");
  });

  test("reports a record with a wrong type instead of evaluating it", () => {
    const bad = JSON.stringify({ ...JSON.parse(patient("01-woman-30-cystitis-egfr-80.json")), patient: { age: "thirty" } });
    const advice = adviseOn(evaluator, bad, "2026-11-25T09:00:00Z");
    expect(advice).toEqual({ ok: false, problems: ["/patient/age: expected a number, got \"thirty\""] });
  });
});
