import fc from "fast-check";
import { isLeft, isRight, type Either } from "fp-ts/lib/Either.js";
import { describe, expect, test } from "vitest";
import { DecisionSchema, evaluate, explain, prepare, type Decision, type Diagnostic, type GuidelineIR } from "@steward/core";
import { contextArb, corruptedContextArb, nowArb } from "./support/contexts.js";
import { compileNg109, compileRules, rule } from "./support/evaluation.js";

/** A guideline using every kind of condition, outcome and option the evaluator has. */
const features = compileRules(
  `define renal-ok = egfr measured within 3 months >= 45 mL/min/1.73m2

define on-long-iv = any course where course route is iv and time since course start >= 48 hours

${rule(
  "pneumonia-adults",
  "diagnosis in pneumonia and age >= 16 years",
  `strategy immediate
  first choice amoxicillin 500 mg oral three times daily for 5 days {
    only if renal-ok
    if unknown offer "check renal function"
  }
  second choice cefalexin 500 mg oral twice daily for 5 days {
    only if not pregnant
    if unknown exclude "pregnancy status needed"
  }
  alternative choice gentamicin 7 mg/kg max 560 mg iv once daily for 3 days {
    only if renal-ok and creatinine < 120 micromol/L
  }
  alert medium "consider a chest X-ray" key shared-key`,
)}
${rule("long-iv", "on-long-iv", `review after 48 hours\n  alert high "review IV antibiotics" key iv-review`)}
${rule("mismatch", "any course where any culture where culture specimen is urine and culture result for course drug is resistant", `alert critical "organism resistant to the current antibiotic" key mismatch\n  refer microbiology urgent "bug-drug mismatch"`)}
${rule("infants", "age < 3 months", `refer paediatric-specialist immediate "specialist care"`)}
${rule("uti-children", "(diagnosis in uti-any or fever) and age < 16 years", `first choice trimethoprim 4 mg/kg max 200 mg oral twice daily for 3 days\n  first choice nitrofurantoin 750 micrograms/kg oral four times daily for 3 days {\n    only if renal-ok\n  }`)}
${rule("penicillin-allergic", "allergic to penicillins and not (diagnosis in lower-uti)", `alert low "penicillin allergy recorded" key r-alert`)}
${rule("untreated-uti", "diagnosis in lower-uti and no course where course indication in lower-uti", `advice "no course is linked to the UTI"\n  alert high "UTI without a linked course" key shared-key`)}
${rule("pregnancy-unknown", "sex is female and age >= 12 years and pregnant is unknown", `request pregnant "needed to choose an antibiotic"`)}
${rule("improving", "symptoms-improving or not fever", `advice "symptoms settling"`)}
${rule("busy-between", "egfr between 30 mL/min/1.73m2 and 60 mL/min/1.73m2 and weight >= 50 kg", `advice "moderate renal impairment"`)}`,
);

/** A second small guideline from the same prelude, under another id. */
const second = compileRules(
  [rule("zz-fever", "fever and setting is inpatient", `alert high "fever on the ward" key shared-key`), rule("zz-culture", "any culture where culture specimen is blood", `review after 72 hours`)].join("\n"),
  "zz-rules",
);

const ng109 = compileNg109();
const guidelines: readonly GuidelineIR[] = [features, ng109, second];

function json(result: Either<readonly Diagnostic[], unknown>): string {
  return JSON.stringify(result);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function decisionOf(result: Either<readonly Diagnostic[], Decision>): Decision {
  if (isLeft(result)) throw new Error(result.left.map((d) => `${d.code}: ${d.message}`).join("\n"));
  return result.right;
}

const runs = { numRuns: 100 };

describe("the generated contexts", () => {
  test("are valid, so the properties below exercise the rules rather than validation", () => {
    fc.assert(
      fc.property(contextArb, nowArb, (context, now) => {
        const decision = decisionOf(evaluate(guidelines, context, { now }));
        expect(DecisionSchema.safeParse(decision).success).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  test("often make rules fire, withhold options and ask for data", () => {
    const seen = { fired: 0, withheld: 0, missing: 0, alerts: 0, treatments: 0 };
    fc.assert(
      fc.property(contextArb, nowArb, (context, now) => {
        const d = decisionOf(evaluate(guidelines, context, { now }));
        if (d.guidelines.some((g) => g.rulesApplied.length > 0)) seen.fired++;
        if (d.withheld.length > 0) seen.withheld++;
        if (d.missingData.length > 0) seen.missing++;
        if (d.alerts.length > 0) seen.alerts++;
        if (d.treatments.length > 0) seen.treatments++;
      }),
      { numRuns: 200, seed: 1 },
    );
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(5);
  });
});

describe("evaluate is pure and deterministic", () => {
  test("evaluating twice gives byte-identical JSON", () => {
    fc.assert(
      fc.property(contextArb, nowArb, (context, now) => {
        expect(json(evaluate(guidelines, context, { now }))).toBe(json(evaluate(guidelines, context, { now })));
      }),
      runs,
    );
  });

  test("a prepared evaluator reused across patients gives what a fresh evaluation gives", () => {
    const prepared = prepare(guidelines);
    if (!isRight(prepared)) throw new Error("the guidelines do not prepare");
    fc.assert(
      fc.property(fc.array(fc.tuple(contextArb, nowArb), { minLength: 2, maxLength: 4 }), (cases) => {
        for (const [context, now] of cases) expect(json(evaluate(prepared.right, context, { now }))).toBe(json(evaluate(guidelines, context, { now })));
      }),
      { numRuns: 60 },
    );
  });

  test("the context is not mutated, even when deep-frozen", () => {
    fc.assert(
      fc.property(contextArb, nowArb, (context, now) => {
        const before = JSON.stringify(context);
        const frozen = deepFreeze(context);
        const result = evaluate(guidelines, frozen, { now });
        expect(isRight(result) ? [] : result.left).toEqual([]);
        explain(guidelines, frozen, { now });
        expect(JSON.stringify(frozen)).toBe(before);
      }),
      runs,
    );
  });

  test("the guideline IR is not mutated, even when deep-frozen", () => {
    const frozen = guidelines.map((g) => deepFreeze(structuredClone(g)));
    const before = JSON.stringify(frozen);
    fc.assert(
      fc.property(contextArb, nowArb, (context, now) => {
        expect(isRight(evaluate(frozen, context, { now }))).toBe(true);
      }),
      { numRuns: 50 },
    );
    expect(JSON.stringify(frozen)).toBe(before);
  });

  test("explain's Decision is identical to evaluate's, so the rule index never changes the outcome", () => {
    fc.assert(
      fc.property(contextArb, nowArb, (context, now) => {
        const traced = explain(guidelines, context, { now });
        if (isLeft(traced)) throw new Error(traced.left.map((d) => d.message).join("\n"));
        expect(JSON.stringify(traced.right.decision)).toBe(JSON.stringify(decisionOf(evaluate(guidelines, context, { now }))));
      }),
      runs,
    );
  });

  test("explain and evaluate list missing data in one order when one condition needs two items' data (an unlisted order and a pending culture)", () => {
    // Found by the property above: the traced path reads items in id order, the untraced in record order.
    const context = {
      setting: "primary-care",
      patient: {},
      diagnoses: [],
      orders: [
        { id: "o3", status: "active", drug: { code: { system: "https://dmd.nhs.uk", code: "12345611000001100" }, display: "Unlisted product" }, route: "oral" },
        { id: "o1", status: "active", drug: { id: "amoxicillin" }, route: "oral" },
      ],
      microbiology: [{ id: "c1", specimen: "urine", status: "pending", susceptibilities: [] }],
    } as const;
    const now = "2026-06-15T12:00:00Z";
    const traced = explain(guidelines, context, { now });
    if (isLeft(traced)) throw new Error(traced.left.map((d) => d.message).join("\n"));
    const missing = traced.right.decision.missingData.map((m) => m.data);
    expect(missing).toContain("order:o3:drug");
    expect(missing).toContain("culture:c1:susceptibility:amoxicillin");
    expect(JSON.stringify(traced.right.decision)).toBe(JSON.stringify(decisionOf(evaluate(guidelines, context, { now }))));
  });

  test("a rule explain reports as skipped by the index never fires", () => {
    fc.assert(
      fc.property(contextArb, nowArb, (context, now) => {
        const traced = explain(guidelines, context, { now });
        if (isLeft(traced)) throw new Error(traced.left.map((d) => d.message).join("\n"));
        for (const g of traced.right.guidelines) for (const r of g.rules) if (r.skipped !== undefined) expect(r.status, `${g.id}/${r.rule}`).toBe("not-fired");
      }),
      runs,
    );
  });

  test("IR round-tripped through JSON evaluates identically to the compiled IR", () => {
    const loaded = guidelines.map((g) => JSON.parse(JSON.stringify(g)) as unknown);
    fc.assert(
      fc.property(contextArb, nowArb, (context, now) => {
        expect(json(evaluate(loaded, context, { now }))).toBe(json(evaluate(guidelines, context, { now })));
      }),
      runs,
    );
  });

  test("guidelines given in a different order give the same Decision", () => {
    fc.assert(
      fc.property(contextArb, nowArb, fc.shuffledSubarray([...guidelines], { minLength: guidelines.length }), (context, now, shuffled) => {
        expect(json(evaluate(shuffled, context, { now }))).toBe(json(evaluate(guidelines, context, { now })));
      }),
      runs,
    );
  });

  test("list items given in a different order give the same Decision, apart from the order missing data is listed in", () => {
    const shuffle = <T>(items: readonly T[] | undefined, keys: readonly number[]): T[] | undefined =>
      items === undefined ? undefined : items.map((item, i) => ({ item, k: keys[i % keys.length]! })).sort((a, b) => a.k - b.k).map((x) => x.item);
    fc.assert(
      fc.property(contextArb, nowArb, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), (context, now, keys) => {
        const c = context as Record<string, unknown[] | undefined>;
        const reordered = {
          ...context,
          diagnoses: shuffle(c["diagnoses"], keys),
          allergies: shuffle(c["allergies"], keys),
          observations: shuffle(c["observations"], keys),
          findings: shuffle(c["findings"], keys),
          microbiology: shuffle(c["microbiology"], keys)?.map((m) => ({ ...(m as object), susceptibilities: shuffle((m as { susceptibilities: unknown[] }).susceptibilities, keys) })),
        };
        const a = decisionOf(evaluate(guidelines, JSON.parse(JSON.stringify(reordered)), { now }));
        const b = decisionOf(evaluate(guidelines, context, { now }));
        const strip = (d: Decision) => ({
          ...d,
          missingData: [...d.missingData].sort((x, y) => (x.data < y.data ? -1 : 1)),
          withheld: d.withheld.map((w) => ({ ...w, needs: [...w.needs].sort() })),
        });
        expect(strip(a)).toEqual(strip(b));
      }),
      { numRuns: 200 },
    );
  });

  test("every Decision validates with DecisionSchema", () => {
    fc.assert(
      fc.property(contextArb, nowArb, (context, now) => {
        const parsed = DecisionSchema.safeParse(decisionOf(evaluate(guidelines, context, { now })));
        expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
      }),
      runs,
    );
  });
});

describe("evaluate never throws", () => {
  const noThrow = (guidelineInput: readonly unknown[], context: unknown, now: unknown) => {
    const result = evaluate(guidelineInput, context, { now } as { now: string });
    if (isRight(result)) expect(DecisionSchema.safeParse(result.right).success).toBe(true);
    else expect(result.left.length).toBeGreaterThan(0);
    return result;
  };

  test("for arbitrary JSON as the context it returns Left", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (context) => {
        expect(isLeft(noThrow(guidelines, context, "2026-06-15T12:00:00Z"))).toBe(true);
      }),
      runs,
    );
  });

  test("for a valid context with any one value replaced by arbitrary JSON", () => {
    fc.assert(
      fc.property(corruptedContextArb, nowArb, (context, now) => {
        const result = noThrow(guidelines, context, now);
        if (isLeft(result)) for (const d of result.left) expect(d.code).not.toBe("eval/internal-error");
      }),
      { numRuns: 200 },
    );
  });

  test("for arbitrary JSON as `now` it returns Left unless it is a date-time with a zone", () => {
    fc.assert(
      fc.property(contextArb, fc.oneof(fc.jsonValue(), fc.string(), fc.constantFrom("2026-06-15", "2026-06-15T12:00:00", "2026-02-30T00:00:00Z")), (context, now) => {
        const result = noThrow(guidelines, context, now);
        expect(isLeft(result) ? result.left.map((d) => d.code) : []).toEqual(["eval/invalid-time"]);
      }),
      runs,
    );
  });

  test("for arbitrary JSON as the guidelines it returns Left", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 2 }), contextArb, (input, context) => {
        const result = noThrow(input, context, "2026-06-15T12:00:00Z");
        expect(isLeft(result) ? result.left.map((d) => d.code) : []).toContain("eval/invalid-guideline");
      }),
      runs,
    );
  });
});
