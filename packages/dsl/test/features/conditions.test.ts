import { describe, expect, test } from "vitest";
import type { ir } from "@steward/core";
import { compileErrors, compileOk, formulary, header, ruleWhen } from "./guideline.js";

const prelude = `${header}
${formulary}
observation egfr "eGFR" {
  unit mL/min/1.73m2
  loinc 33914-3 "eGFR (MDRD)"
}

codes lower-uti "Lower UTI" {
  snomed 38822007 "Cystitis"
}

codes e-coli "E. coli" {
  snomed 112283007 "Escherichia coli"
}

finding improving "Symptoms improving"
`;

/** Line of the `when` in `prelude + ruleWhen(…)`. */
const whenLine = prelude.split("\n").length + 3;

/** The IR of `when condition`. */
function lowered(condition: string): ir.Expr {
  return compileOk(`${prelude}\n${ruleWhen(condition)}`).rules[0]!.when;
}

function errors(condition: string): ReturnType<typeof compileErrors> {
  return compileErrors(`${prelude}\n${ruleWhen(condition)}`);
}

const egfr = { kind: "observation", id: "egfr" } as const;
const age = { kind: "patient", field: "age" } as const;

describe("comparisons (§15.3)", () => {
  test("an observation compared with a quantity lowers to `compare` with the canonical text", () => {
    expect(lowered("egfr >= 45 mL/min/1.73m2")).toEqual({
      kind: "compare",
      op: ">=",
      left: { kind: "observation", id: "egfr" },
      right: { kind: "quantity", value: 45, unit: "mL/min/1.73m2" },
      text: "egfr >= 45 mL/min/1.73m2",
    });
  });

  test("a unit alias lowers to the canonical symbol, in the value and in the text", () => {
    expect(lowered("egfr < 30 ml/min/1.73m2")).toEqual({
      kind: "compare",
      op: "<",
      left: egfr,
      right: { kind: "quantity", value: 30, unit: "mL/min/1.73m2" },
      text: "egfr < 30 mL/min/1.73m2",
    });
  });

  test.each(["<", "<=", ">", ">=", "=", "!="] as const)("the operator `%s` is kept", (op) => {
    expect(lowered(`age ${op} 16 years`)).toMatchObject({ kind: "compare", op, left: age, right: { kind: "quantity", value: 16, unit: "years" } });
  });

  test("a plain number compares with a score-like patient fact", () => {
    expect(lowered("trimester = 3")).toEqual({ kind: "compare", op: "=", left: { kind: "patient", field: "trimester" }, right: { kind: "quantity", value: 3, unit: "" }, text: "trimester = 3" });
  });

  test("quantities in different units of the same dimension compare (age in months)", () => {
    expect(lowered("age < 3 month")).toEqual({ kind: "compare", op: "<", left: age, right: { kind: "quantity", value: 3, unit: "months" }, text: "age < 3 months" });
  });

  test("`measured within` limits an observation to recent results", () => {
    expect(lowered("egfr measured within 3 months >= 45 mL/min/1.73m2")).toEqual({
      kind: "compare",
      op: ">=",
      left: { kind: "observation", id: "egfr", within: { value: 3, unit: "months" } },
      right: { kind: "quantity", value: 45, unit: "mL/min/1.73m2" },
      text: "egfr measured within 3 months >= 45 mL/min/1.73m2",
    });
  });

  test("`between` lowers with both ends", () => {
    expect(lowered("weight between 40 kg and 120 kg")).toEqual({
      kind: "between",
      value: { kind: "patient", field: "weight" },
      low: { kind: "quantity", value: 40, unit: "kg" },
      high: { kind: "quantity", value: 120, unit: "kg" },
      text: "weight between 40 kg and 120 kg",
    });
  });

  test("a quantity without a unit compared with an observation that has one is reported", () => {
    expect(errors("egfr >= 45")).toEqual([{ code: "check/unit-dimension", severity: "error", line: whenLine, column: 16 }]);
  });

  test("quantities of different dimensions cannot be compared", () => {
    expect(errors("age >= 16 kg")).toEqual([{ code: "check/unit-dimension", severity: "error", line: whenLine, column: 15 }]);
  });

  test("`between` with the bounds the wrong way round is reported", () => {
    expect(errors("age between 16 years and 12 years")).toEqual([{ code: "check/invalid-value", severity: "error", line: whenLine, column: 8 }]);
  });

  test("`between` with bounds the wrong way round in different units is reported", () => {
    expect(errors("age between 1 years and 6 months")).toEqual([{ code: "check/invalid-value", severity: "error", line: whenLine, column: 8 }]);
  });

  test("temperatures, rates and percentages lower with their symbols", () => {
    const text = `${prelude}
observation temperature "Temperature" {
  unit °C
  loinc 8310-5 "Body temperature"
}

observation heart-rate "Heart rate" {
  unit /min
  loinc 8867-4 "Heart rate"
}

${ruleWhen("temperature > 38 degC and heart-rate > 90 per-minute")}`;
    expect(compileOk(text).rules[0]!.when).toEqual({
      kind: "and",
      args: [
        { kind: "compare", op: ">", left: { kind: "observation", id: "temperature" }, right: { kind: "quantity", value: 38, unit: "°C" }, text: "temperature > 38 °C" },
        { kind: "compare", op: ">", left: { kind: "observation", id: "heart-rate" }, right: { kind: "quantity", value: 90, unit: "/min" }, text: "heart-rate > 90 /min" },
      ],
    });
  });

  test("`measured within` needs a duration", () => {
    expect(errors("egfr measured within 3 mg >= 45 mL/min/1.73m2")).toEqual([{ code: "check/unit-dimension", severity: "error", line: whenLine, column: 29 }]);
  });
});

describe("words, codes and drugs (§15.4–§15.7)", () => {
  test("`is` and `is not` compare a word", () => {
    expect(lowered("sex is female")).toEqual({ kind: "is", value: { kind: "patient", field: "sex" }, word: "female", negated: false, text: "sex is female" });
    expect(lowered("setting is not inpatient")).toEqual({ kind: "is", value: { kind: "patient", field: "setting" }, word: "inpatient", negated: true, text: "setting is not inpatient" });
  });

  test("an unknown word is reported at the word", () => {
    expect(errors("sex is femail")).toEqual([{ code: "check/unknown-word", severity: "error", line: whenLine, column: 15 }]);
  });

  test("`is` on a quantity is a type error", () => {
    expect(errors("age is female")).toEqual([{ code: "check/type-mismatch", severity: "error", line: whenLine, column: 8 }]);
  });

  test("`is known` and `is unknown` test whether a value is recorded", () => {
    expect(lowered("egfr is known")).toEqual({ kind: "known", value: egfr, negated: false, text: "egfr is known" });
    expect(lowered("egfr is unknown")).toEqual({ kind: "known", value: egfr, negated: true, text: "egfr is unknown" });
  });

  test("`is not known` means `is unknown`, and `is not unknown` means `is known`", () => {
    expect(lowered("egfr is not known")).toEqual({ kind: "known", value: egfr, negated: true, text: "egfr is unknown" });
    expect(lowered("egfr is not unknown")).toEqual({ kind: "known", value: egfr, negated: false, text: "egfr is known" });
  });

  test("`in` a code list tests coded values", () => {
    expect(lowered("diagnosis in lower-uti")).toEqual({ kind: "in", value: { kind: "diagnosis" }, set: { kind: "code-list", id: "lower-uti" }, text: "diagnosis in lower-uti" });
  });

  test("`in` with a name that is not a code list is reported", () => {
    expect(errors("diagnosis in penicillins")).toEqual([{ code: "check/wrong-kind-of-name", severity: "error", line: whenLine, column: 21 }]);
  });

  test("`allergic to` takes a drug or a class", () => {
    expect(lowered("allergic to amoxicillin")).toEqual({ kind: "allergic", target: { kind: "drug", id: "amoxicillin" }, text: "allergic to amoxicillin" });
    expect(lowered("allergic to penicillins")).toEqual({ kind: "allergic", target: { kind: "class", id: "penicillins" }, text: "allergic to penicillins" });
  });

  test("`allergic to` a drug that is not in the formulary is reported", () => {
    expect(errors("allergic to cefalexin")).toEqual([{ code: "check/drug-not-in-formulary", severity: "error", line: whenLine, column: 20 }]);
  });

  test("a finding, a boolean patient fact or a define used alone is a truth test", () => {
    expect(lowered("improving")).toEqual({ kind: "truth", value: { kind: "finding", id: "improving" }, text: "improving" });
    expect(lowered("pregnant")).toEqual({ kind: "truth", value: { kind: "patient", field: "pregnant" }, text: "pregnant" });
  });

  test("a quantity used alone as a condition is a type error", () => {
    expect(errors("egfr")).toEqual([{ code: "check/type-mismatch", severity: "error", line: whenLine, column: 8 }]);
  });
});

describe("courses and cultures (§15.8–§15.10)", () => {
  test("`any course where` binds `course …` fields", () => {
    expect(lowered("any course where course drug in penicillins and course route is iv")).toEqual({
      kind: "exists",
      subject: "course",
      negated: false,
      where: {
        kind: "and",
        args: [
          { kind: "in", value: { kind: "course", field: "drug" }, set: { kind: "class", id: "penicillins" }, text: "course drug in penicillins" },
          { kind: "is", value: { kind: "course", field: "route" }, word: "iv", negated: false, text: "course route is iv" },
        ],
      },
      text: "any course where course drug in penicillins and course route is iv",
    });
  });

  test("`course drug is` names a drug", () => {
    expect(lowered("any course where course drug is amoxicillin")).toMatchObject({
      where: { kind: "is", value: { kind: "course", field: "drug" }, word: "amoxicillin", negated: false, text: "course drug is amoxicillin" },
    });
  });

  test("`no culture` without `where` is a negated existence test", () => {
    expect(lowered("no culture")).toEqual({ kind: "exists", subject: "culture", negated: true, text: "no culture" });
  });

  test("culture results, organisms and `time since` read the bound culture or course", () => {
    expect(lowered("any culture where culture organism in e-coli and culture result for amoxicillin is resistant and time since culture reported < 3 days")).toEqual({
      kind: "exists",
      subject: "culture",
      negated: false,
      where: {
        kind: "and",
        args: [
          { kind: "in", value: { kind: "culture", field: "organism" }, set: { kind: "code-list", id: "e-coli" }, text: "culture organism in e-coli" },
          { kind: "is", value: { kind: "susceptibility", drug: { kind: "drug", id: "amoxicillin" } }, word: "resistant", negated: false, text: "culture result for amoxicillin is resistant" },
          { kind: "compare", op: "<", left: { kind: "time-since", of: { kind: "culture", field: "reported" } }, right: { kind: "quantity", value: 3, unit: "days" }, text: "time since culture reported < 3 days" },
        ],
      },
      text: "any culture where culture organism in e-coli and culture result for amoxicillin is resistant and time since culture reported < 3 days",
    });
  });

  test("nested `where` can relate a culture to the course (`culture result for course drug`)", () => {
    expect(lowered("any course where (any culture where culture result for course drug is resistant)")).toEqual({
      kind: "exists",
      subject: "course",
      negated: false,
      where: {
        kind: "exists",
        subject: "culture",
        negated: false,
        where: { kind: "is", value: { kind: "susceptibility", drug: { kind: "course-drug" } }, word: "resistant", negated: false, text: "culture result for course drug is resistant" },
        text: "any culture where culture result for course drug is resistant",
      },
      text: "any course where any culture where culture result for course drug is resistant",
    });
  });

  test("`course …` outside `any course where` is reported", () => {
    expect(errors("course route is iv")).toEqual([{ code: "check/subject-out-of-scope", severity: "error", line: whenLine, column: 8 }]);
  });

  test("`time since` needs a date and time", () => {
    expect(errors("any course where time since course route > 2 days")).toEqual([{ code: "check/type-mismatch", severity: "error", line: whenLine, column: 36 }]);
  });
});

describe("and, or, not (§15.1)", () => {
  test("`and` binds tighter than `or`", () => {
    expect(lowered("pregnant and improving or breastfeeding")).toEqual({
      kind: "or",
      args: [
        {
          kind: "and",
          args: [
            { kind: "truth", value: { kind: "patient", field: "pregnant" }, text: "pregnant" },
            { kind: "truth", value: { kind: "finding", id: "improving" }, text: "improving" },
          ],
        },
        { kind: "truth", value: { kind: "patient", field: "breastfeeding" }, text: "breastfeeding" },
      ],
    });
  });

  test("parentheses group, and `not` applies to the next condition only", () => {
    expect(lowered("not pregnant and (improving or breastfeeding)")).toEqual({
      kind: "and",
      args: [
        { kind: "not", arg: { kind: "truth", value: { kind: "patient", field: "pregnant" }, text: "pregnant" } },
        {
          kind: "or",
          args: [
            { kind: "truth", value: { kind: "finding", id: "improving" }, text: "improving" },
            { kind: "truth", value: { kind: "patient", field: "breastfeeding" }, text: "breastfeeding" },
          ],
        },
      ],
    });
  });

  test("`not` before a comparison negates the whole comparison", () => {
    expect(lowered("not age >= 16 years")).toEqual({
      kind: "not",
      arg: { kind: "compare", op: ">=", left: age, right: { kind: "quantity", value: 16, unit: "years" }, text: "age >= 16 years" },
    });
  });

  test("a chain of `and` is one node with every argument in order", () => {
    const when = lowered("pregnant and improving and breastfeeding and at-term");
    expect(when.kind).toBe("and");
    expect((when as { args: ir.Expr[] }).args.map((a) => (a as { text: string }).text)).toEqual(["pregnant", "improving", "breastfeeding", "at-term"]);
  });
});
