import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, test } from "vitest";
import { DecisionSchema, evaluate, explain, IR_VERSION, prepare } from "@steward/core";
import { compileNg109, compileRules, cystitis, decide, egfr, NOW, patient, reject, rehashed, rule } from "./support/evaluation.js";

const ir = compileRules(rule("uti", "diagnosis in lower-uti", `first choice trimethoprim 200 mg oral twice daily for 3 days\n  alert high "check culture" key uti\n  review after 48 hours`));

describe("the evaluation time", () => {
  test.each([
    ["a date without a time", "2026-06-15"],
    ["a date-time without a zone", "2026-06-15T12:00:00"],
    ["words", "now"],
    ["an empty string", ""],
    ["a month that does not exist", "2026-13-01T12:00:00Z"],
    ["a day that does not exist", "2026-02-30T12:00:00Z"],
    ["a minute that does not exist", "2026-06-15T12:60:00Z"],
  ])("is rejected as eval/invalid-time when it is %s", (_, now) => {
    const diagnostics = reject([ir], patient(), { now });
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([["eval/invalid-time", "error"]]);
  });

  test("is rejected when it is missing or not a string", () => {
    for (const now of [undefined, 1781524800000, null]) {
      const result = evaluate([ir], patient(), { now } as unknown as { now: string });
      expect(isRight(result) ? [] : result.left.map((d) => d.code)).toEqual(["eval/invalid-time"]);
    }
  });

  test("is rejected by explain in the same way", () => {
    const result = explain([ir], patient(), { now: "2026-06-15" });
    expect(isRight(result) ? [] : result.left.map((d) => d.code)).toEqual(["eval/invalid-time"]);
  });

  test("may carry an offset or fractional seconds", () => {
    expect(decide([ir], patient(), { now: "2026-06-15T13:00:00+01:00" }).evaluatedAt).toBe("2026-06-15T12:00:00Z");
    expect(decide([ir], patient(), { now: "2026-06-15T12:00:00.5Z" }).evaluatedAt).toBe("2026-06-15T12:00:00.500Z");
  });
});

describe("guidelines that cannot be evaluated", () => {
  test("an IR of another irVersion is eval/invalid-guideline", () => {
    for (const irVersion of [IR_VERSION + 1, 0, "1", undefined]) {
      const diagnostics = reject([{ ...ir, irVersion }], patient());
      expect(diagnostics.map((d) => d.code)).toEqual(["eval/invalid-guideline"]);
      expect(diagnostics[0]!.message).toContain("IR version");
    }
  });

  test("an IR its schema rejects is eval/invalid-guideline naming the field", () => {
    const withoutRules: Record<string, unknown> = { ...ir };
    delete withoutRules["rules"];
    const diagnostics = reject([withoutRules], patient());
    expect(diagnostics.map((d) => d.code)).toEqual(["eval/invalid-guideline"]);
    expect(diagnostics[0]!.message).toBe("guideline 0: /: missing required field `rules`");
    const badVersion = { ...ir, guideline: { ...ir.guideline, version: "one" } };
    expect(reject([badVersion], patient())[0]!.message).toBe('guideline 0: /guideline/version: expected text matching `/^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$/`, got "one"');
  });

  test("values that are not guidelines at all are eval/invalid-guideline, not a crash", () => {
    for (const bad of [null, 42, "ir", [], { irVersion: IR_VERSION }]) {
      expect(reject([bad], patient()).map((d) => d.code)).toEqual(["eval/invalid-guideline"]);
    }
  });

  test("the same guideline given twice is eval/invalid-guideline", () => {
    expect(reject([ir, ir], patient()).map((d) => d.code)).toEqual(["eval/invalid-guideline"]);
  });

  test("an IR that refers to a drug, source, code list or define it does not declare is eval/invalid-guideline", () => {
    const refs = compileRules(`define febrile = fever\n${rule("uti", "diagnosis in lower-uti and febrile", "first choice amoxicillin 500 mg oral three times daily for 5 days")}`);
    const broken = [
      { ...refs, drugs: refs.drugs.filter((d) => d.id !== "amoxicillin") },
      { ...refs, sources: [] },
      { ...refs, codeLists: [] },
      { ...refs, defines: [] },
    ].map(rehashed);
    for (const g of broken) {
      expect(reject([g], patient()).map((d) => d.code)).toEqual(["eval/invalid-guideline"]);
      const prepared = prepare([g]);
      expect(isRight(prepared) ? [] : prepared.left.map((d) => [d.code, d.message.split(":")[0]])).toEqual([["eval/invalid-guideline", "guideline `test-rules`"]]);
    }
  });

  test("prepare reports the same problems without evaluating", () => {
    const result = prepare([{ ...ir, irVersion: 99 }]);
    expect(isRight(result) ? [] : result.left.map((d) => d.code)).toEqual(["eval/invalid-guideline"]);
  });
});

describe("contexts that cannot be evaluated", () => {
  test.each([
    ["null", null],
    ["a string", "patient"],
    ["an empty object", {}],
    ["an unknown care setting", { setting: "spaceship", patient: {} }],
    ["an extra top-level field", { setting: "primary-care", patient: {}, notes: "x" }],
    ["a negative age", { setting: "primary-care", patient: { age: -1 } }],
    ["a birth date that is not a date", { setting: "primary-care", patient: { birthDate: "last year" } }],
  ])("%s is eval/invalid-context", (_, context) => {
    const diagnostics = reject([ir], context);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(new Set(diagnostics.map((d) => d.code))).toEqual(new Set(["eval/invalid-context"]));
  });

  test("an invalid field is named by its JSON pointer", () => {
    const diagnostics = reject([ir], patient({ observations: [egfr(60, "2026-06-01"), { ...egfr(60, "2026-06-01"), value: Number.NaN }] }));
    expect(diagnostics.map((d) => d.message.split(":")[0])).toEqual(["/observations/1/value"]);
  });
});

describe("every Decision", () => {
  const ng109 = compileNg109();
  const contexts = [
    patient(),
    patient({ diagnoses: [cystitis], allergies: [], patient: { birthDate: "1990-01-01", sex: "female", pregnancy: { status: "not-pregnant" } }, observations: [egfr(30, "2026-06-01")] }),
    patient({ diagnoses: [cystitis], patient: { age: 0 } }),
    patient({ diagnoses: [cystitis], allergies: [{ class: "penicillins" }], patient: { birthDate: "1998-01-01", sex: "female", pregnancy: { status: "pregnant" } } }),
    patient({ diagnoses: [cystitis], setting: "urgent-care", patient: { birthDate: "2020-01-01", weight: { value: 18, unit: "kg" } }, observations: [egfr(90, "2026-06-01")] }),
  ];

  test("validates against DecisionSchema", () => {
    for (const context of contexts) {
      for (const guidelines of [[ir], [ng109], [ir, ng109]]) {
        const result = evaluate(guidelines, context, { now: NOW });
        if (!isRight(result)) throw new Error(result.left.map((d) => d.message).join("\n"));
        const parsed = DecisionSchema.safeParse(result.right);
        expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
      }
    }
  });

  test("is plain JSON: serialising and parsing it changes nothing", () => {
    for (const context of contexts) {
      const decision = decide([ir, ng109], context);
      expect(JSON.parse(JSON.stringify(decision))).toEqual(decision);
    }
  });
});
