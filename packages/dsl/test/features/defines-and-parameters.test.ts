import { describe, expect, test } from "vitest";
import { compileErrors, compileOk, header, ruleWhen } from "./guideline.js";

const egfr = `observation egfr "eGFR" {
  unit mL/min/1.73m2
  loinc 33914-3 "eGFR (MDRD)"
}
`;

describe("parameters (§12)", () => {
  test("lower to a value in the canonical unit, with an optional title", () => {
    const ir = compileOk(`${header}\nparameter renal-threshold = 45 ml/min/1.73m2 "eGFR below which nitrofurantoin is avoided"\n\nparameter max-days = 7 day\n\nparameter points = 2\n`);
    expect(ir.parameters).toEqual([
      { id: "max-days", value: { value: 7, unit: "days" } },
      { id: "points", value: { value: 2, unit: "" } },
      { id: "renal-threshold", title: "eGFR below which nitrofurantoin is avoided", value: { value: 45, unit: "mL/min/1.73m2" } },
    ]);
  });

  test("keeps decimals", () => {
    expect(compileOk(`${header}\nparameter child-dose = 12.5 mg/kg\n`).parameters[0]!.value).toEqual({ value: 12.5, unit: "mg/kg" });
  });

  test("a parameter compared with an observation lowers to a parameter reference", () => {
    const ir = compileOk(`${header}\n${egfr}\nparameter threshold = 45 mL/min/1.73m2\n\n${ruleWhen("egfr >= threshold")}`);
    expect(ir.rules[0]!.when).toEqual({
      kind: "compare",
      op: ">=",
      left: { kind: "observation", id: "egfr" },
      right: { kind: "parameter", id: "threshold" },
      text: "egfr >= threshold",
    });
  });

  test("a parameter in a different dimension from the observation is reported", () => {
    expect(compileErrors(`${header}\n${egfr}\nparameter threshold = 45 mg\n\n${ruleWhen("egfr >= threshold")}`)).toEqual([
      { code: "check/unit-dimension", severity: "error", line: 24, column: 16 },
    ]);
  });
});

describe("defines (§11)", () => {
  test("lower to named conditions, sorted by id, and a use lowers to a define reference", () => {
    const text = `${header}\n${egfr}
define renal-ok = egfr >= 45 mL/min/1.73m2

define adult-woman = sex is female and age >= 16 years

${ruleWhen("adult-woman and renal-ok")}`;
    const ir = compileOk(text);
    expect(ir.defines).toEqual([
      {
        id: "adult-woman",
        expr: {
          kind: "and",
          args: [
            { kind: "is", value: { kind: "patient", field: "sex" }, word: "female", negated: false, text: "sex is female" },
            { kind: "compare", op: ">=", left: { kind: "patient", field: "age" }, right: { kind: "quantity", value: 16, unit: "years" }, text: "age >= 16 years" },
          ],
        },
      },
      {
        id: "renal-ok",
        expr: { kind: "compare", op: ">=", left: { kind: "observation", id: "egfr" }, right: { kind: "quantity", value: 45, unit: "mL/min/1.73m2" }, text: "egfr >= 45 mL/min/1.73m2" },
      },
    ]);
    expect(ir.rules[0]!.when).toEqual({
      kind: "and",
      args: [
        { kind: "truth", value: { kind: "define", id: "adult-woman" }, text: "adult-woman" },
        { kind: "truth", value: { kind: "define", id: "renal-ok" }, text: "renal-ok" },
      ],
    });
  });

  test("a define may use other defines, declared before or after it", () => {
    const ir = compileOk(`${header}\ndefine a = b and pregnant\n\ndefine b = not breastfeeding\n\n${ruleWhen("a")}`);
    expect(ir.defines.map((d) => d.id)).toEqual(["a", "b"]);
    expect(ir.defines[1]!.expr).toEqual({ kind: "not", arg: { kind: "truth", value: { kind: "patient", field: "breastfeeding" }, text: "breastfeeding" } });
  });

  test("a define that refers back to itself is reported", () => {
    const codes = compileErrors(`${header}\ndefine a = b and pregnant\n\ndefine b = a\n\n${ruleWhen("a")}`).map((d) => d.code);
    expect(codes).toContain("check/define-cycle");
  });

  test("a define must be a condition, not a quantity", () => {
    expect(compileErrors(`${header}\ndefine old = age\n`)).toEqual([{ code: "check/type-mismatch", severity: "error", line: 15, column: 14 }]);
  });

  test("a name that is neither declared nor a patient fact is reported", () => {
    expect(compileErrors(`${header}\ndefine a = pregnnt\n`)).toEqual([{ code: "check/unresolved-name", severity: "error", line: 15, column: 12 }]);
  });

  test("two declarations with one name are reported at the second", () => {
    expect(compileErrors(`${header}\ndefine a = pregnant\n\nparameter a = 3\n`)).toEqual([{ code: "check/duplicate-id", severity: "error", line: 17, column: 11 }]);
  });
});
