import { describe, expect, test } from "vitest";
import { explain, renderExplanation } from "@steward/core";
import { isRight } from "fp-ts/lib/Either.js";
import { compileRules, decide, fired, missingKeys, NOW, patient, rule, ruleStatus } from "./support/evaluation.js";

const ir = compileRules(
  rule("is-pregnant", "diagnosis in lower-uti and pregnant") +
    rule("is-not-pregnant", "diagnosis in lower-uti and not pregnant") +
    rule("is-at-term", "diagnosis in lower-uti and at-term") +
    rule("pregnancy-unknown", "diagnosis in lower-uti and pregnant is unknown"),
);

const uti = { diagnoses: [{ code: { system: "http://snomed.info/sct", code: "38822007" } }] };

describe("a patient recorded as male is not pregnant (§18.3)", () => {
  test("with no pregnancy recorded, a man is not pregnant and not at term, and no pregnancy status is asked for", () => {
    const d = decide([ir], patient({ ...uti, patient: { sex: "male" } }));
    expect(fired(d)).toEqual(["is-not-pregnant"]);
    expect(missingKeys(d)).toEqual([]);
  });

  test("a pregnancy recorded as unknown is the same for a man", () => {
    expect(fired(decide([ir], patient({ ...uti, patient: { sex: "male", pregnancy: { status: "unknown" } } })))).toEqual(["is-not-pregnant"]);
  });

  test("a recorded pregnancy always counts, whatever the recorded sex", () => {
    expect(fired(decide([ir], patient({ ...uti, patient: { sex: "male", pregnancy: { status: "pregnant", atTerm: true } } })))).toEqual(["is-pregnant", "is-at-term"]);
  });

  test("for a woman, or a patient whose sex is other, unknown or not recorded, a missing pregnancy status stays unknown", () => {
    for (const sex of ["female", "other", "unknown", undefined]) {
      const context = patient({ ...uti, patient: sex === undefined ? {} : { sex } });
      expect(ruleStatus([ir], context, "is-pregnant"), String(sex)).toBe("unknown");
      expect(fired(decide([ir], context)), String(sex)).toEqual(["pregnancy-unknown"]);
      expect(missingKeys(decide([ir], context)), String(sex)).toContain("patient:pregnant");
    }
  });

  test("the trace says why a man with no pregnancy recorded is not pregnant", () => {
    const result = explain([ir], patient({ ...uti, patient: { sex: "male" } }), { now: NOW });
    const trace = isRight(result) ? renderExplanation(result.right) : "";
    expect(trace).toContain("✗ pregnant   [pregnant = no (recorded as male; no pregnancy recorded)]");
  });
});
