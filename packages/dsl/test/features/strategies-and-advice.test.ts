import { describe, expect, test } from "vitest";
import { format, parse } from "@steward/dsl";
import { compileErrors, compileOk, header } from "./guideline.js";

function rule(clauses: string): string {
  return `${header}\nrule r {\n  cite nice\n  when pregnant\n  ${clauses}\n}\n`;
}

const clauseLine = `${header}\n`.split("\n").length + 3;

describe("back-up delay (§13.3)", () => {
  test("NG79: a back-up prescription delayed for 7 days carries its delay", () => {
    const ir = compileOk(rule('strategy back-up after 7 days "Use it if symptoms do not improve within 7 days, or get worse rapidly or significantly"'));
    expect(ir.rules[0]!.strategies).toEqual([{ kind: "back-up", delay: { value: 7, unit: "days" }, advice: "Use it if symptoms do not improve within 7 days, or get worse rapidly or significantly" }]);
  });

  test("only a back-up prescription is delayed, by a time of more than zero", () => {
    expect(compileErrors(rule("strategy immediate after 7 days"))).toEqual([{ code: "check/conflicting-clauses", severity: "error", line: clauseLine, column: 28 }]);
    expect(compileErrors(rule('strategy back-up after 7 mg "Use it"'))).toEqual([{ code: "check/unit-dimension", severity: "error", line: clauseLine, column: 26 }]);
    expect(compileErrors(rule('strategy back-up after 0 days "Use it"'))).toEqual([{ code: "check/invalid-quantity", severity: "error", line: clauseLine, column: 26 }]);
    expect(compileErrors(rule("strategy back-up after 7 days"))[0]?.code).toBe("check/missing-field");
  });
});

describe("self-care and safety-net advice (§13.5)", () => {
  test("NG84 FeverPAIN 0 or 1: no antibiotic, with self-care and safety-net advice of their kinds", () => {
    const ir = compileOk(
      rule('strategy no-antibiotic\n  advice self-care "Paracetamol or ibuprofen for pain"\n  advice safety-net "Seek help if symptoms worsen rapidly or do not improve after 1 week"\n  advice "Sore throat usually lasts about a week"'),
    );
    expect(ir.rules[0]!.advice).toEqual([
      { text: "Paracetamol or ibuprofen for pain", kind: "self-care" },
      { text: "Seek help if symptoms worsen rapidly or do not improve after 1 week", kind: "safety-net" },
      { text: "Sore throat usually lasts about a week" },
    ]);
  });

  test("another word is not a kind of advice, and a leaflet has none", () => {
    expect(compileErrors(rule('advice safetynet "Seek help"'))).toEqual([{ code: "check/unknown-word", severity: "error", line: clauseLine, column: 10 }]);
    expect(compileErrors(rule('leaflet self-care "TARGET leaflet"'))).toEqual([{ code: "check/unknown-word", severity: "error", line: clauseLine, column: 11 }]);
  });

  test("delays and kinds are written back as they are read", () => {
    const text = rule('strategy back-up after 7 days "Use it"\n  advice safety-net "Seek help"');
    expect(format(parse(text).ast)).toBe(text);
  });
});
