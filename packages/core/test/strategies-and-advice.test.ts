import { describe, expect, test } from "vitest";
import { renderDecision } from "@steward/core";
import { compileRules, decide, patient } from "./support/evaluation.js";

const ir = compileRules(`rule sinusitis {
  cite nice "NG79 recommendation 1.1.4"
  unverified "the wording is seen only in a local formulary's summary"
  when diagnosis in pneumonia
  strategy no-antibiotic
  strategy back-up after 7 days "Use the back-up prescription if symptoms do not improve within 7 days, or get worse rapidly or significantly at any time"
  advice self-care "Paracetamol or ibuprofen for pain or fever"
  advice safety-net "Seek help if symptoms worsen rapidly or significantly, or you become very unwell"
  advice "Symptoms usually last 2 to 3 weeks"
}

rule also-back-up {
  cite nice "section 2"
  when diagnosis in pneumonia
  strategy back-up "Use it if symptoms get worse"
  advice self-care "Paracetamol or ibuprofen for pain or fever"
}
`);

const d = decide([ir], patient({ diagnoses: [{ code: { system: "http://snomed.info/sct", code: "233604007" } }] }));

describe("back-up delay and the kinds of advice in the Decision (§13.3, §13.5, §18.9)", () => {
  test("NG79: the back-up strategy carries its 7-day delay; a back-up without one from another rule is another strategy", () => {
    expect(d.strategies.map((s) => ({ kind: s.kind, delay: s.delay }))).toEqual([
      { kind: "no-antibiotic", delay: undefined },
      { kind: "back-up", delay: { value: 7, unit: "days" } },
      { kind: "back-up", delay: undefined },
    ]);
  });

  test("self-care and safety-net advice keep their kinds; the same text of the same kind appears once", () => {
    expect(d.advice.map((a) => [a.kind, a.text])).toEqual([
      ["self-care", "Paracetamol or ibuprofen for pain or fever"],
      ["safety-net", "Seek help if symptoms worsen rapidly or significantly, or you become very unwell"],
      [undefined, "Symptoms usually last 2 to 3 weeks"],
    ]);
  });

  test("a rule marked unverified marks everything it produces", () => {
    expect(d.strategies[0]!.provenance.unverified).toBe("the wording is seen only in a local formulary's summary");
    expect(d.strategies[2]!.provenance.unverified).toBeUndefined();
  });

  test("the Decision as text prints the delay, the advice by kind and what is not confirmed", () => {
    const text = renderDecision(d);
    expect(text).toContain("  • Back-up (delayed) prescription, delayed 7 days: Use the back-up prescription if symptoms do not improve within 7 days");
    expect(text).toContain("Self-care\n  • Paracetamol or ibuprofen for pain or fever");
    expect(text).toContain("Safety net: when to seek help\n  • Seek help if symptoms worsen rapidly or significantly, or you become very unwell");
    expect(text).toContain("Not confirmed in a cited source\n  • rule sinusitis: the wording is seen only in a local formulary's summary");
  });
});
