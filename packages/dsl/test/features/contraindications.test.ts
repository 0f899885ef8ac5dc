import { describe, expect, test } from "vitest";
import { compileErrors, compileOk, formulary, header } from "./guideline.js";

const prelude = `${header}
${formulary}
observation egfr "eGFR" {
  unit mL/min/1.73m2
  loinc 33914-3 "eGFR (MDRD)"
}

codes lower-uti "Lower UTI" {
  snomed 38822007 "Cystitis"
}
`;
const line = (n: number): number => prelude.split("\n").length + n;
const at = (l: number, column: number, code: string) => ({ code, severity: "error", line: line(l), column });

describe("contraindications (§10.4)", () => {
  test("lower with their target, condition, order alert, what to do when unknown, and citations", () => {
    const ir = compileOk(`${prelude}
contraindication nitrofurantoin-renal for nitrofurantoin {
  cite nice "renal impairment"
  when egfr < 45 mL/min/1.73m2
  alert high "Nitrofurantoin with an eGFR below 45" key renal
  if unknown withhold "record the eGFR"
}

contraindication penicillins-in-infants for penicillins {
  cite nice "children"
  when age < 1 months
  alert medium "A penicillin for a young infant"
  if unknown offer
  unverified "from a summary site only"
}
`);
    expect(ir.contraindications).toEqual([
      {
        id: "nitrofurantoin-renal",
        target: { kind: "drug", id: "nitrofurantoin" },
        when: expect.objectContaining({ kind: "compare", op: "<", text: "egfr < 45 mL/min/1.73m2" }),
        alert: { priority: "high", message: "Nitrofurantoin with an eGFR below 45", key: "renal" },
        ifUnknown: "withhold",
        unknownNote: "record the eGFR",
        citations: [{ source: "nice", section: "renal impairment" }],
      },
      {
        id: "penicillins-in-infants",
        target: { kind: "class", id: "penicillins" },
        when: expect.objectContaining({ kind: "compare", text: "age < 1 months" }),
        alert: { priority: "medium", message: "A penicillin for a young infant", key: "penicillins-in-infants" },
        ifUnknown: "offer",
        citations: [{ source: "nice", section: "children" }],
        unverified: "from a summary site only",
      },
    ]);
  });

  test("`if unknown` defaults to withhold: a contraindication that cannot be ruled out holds the drug back", () => {
    const ir = compileOk(`${prelude}\ncontraindication c for nitrofurantoin {\n  cite nice\n  when egfr < 45 mL/min/1.73m2\n  alert high "x"\n}\n`);
    expect(ir.contraindications[0]!.ifUnknown).toBe("withhold");
  });

  test("a citation, a condition and an alert are required, each reported at the declaration's name", () => {
    expect(compileErrors(`${prelude}\ncontraindication c for nitrofurantoin {\n  when egfr < 45 mL/min/1.73m2\n  alert high "x"\n}\n`)).toEqual([at(1, 18, "check/missing-citation")]);
    expect(compileErrors(`${prelude}\ncontraindication c for nitrofurantoin {\n  cite nice\n  alert high "x"\n}\n`)).toEqual([at(1, 18, "check/rule-without-condition")]);
    expect(compileErrors(`${prelude}\ncontraindication c for nitrofurantoin {\n  cite nice\n  when pregnant\n}\n`)).toEqual([at(1, 18, "check/missing-field")]);
  });

  test("a clause a contraindication cannot hold (a treatment choice, a window) is reported at the clause", () => {
    expect(compileErrors(`${prelude}\ncontraindication c for nitrofurantoin {\n  cite nice\n  when pregnant\n  alert high "x"\n  advice "y"\n}\n`).map((d) => d.code)).toEqual(["check/conflicting-clauses"]);
    expect(compileErrors(`${prelude}\ncontraindication c for nitrofurantoin {\n  cite nice\n  when pregnant\n  alert high "x"\n  window 3 months\n}\n`).map((d) => d.code)).toEqual(["check/conflicting-clauses"]);
  });

  test("the target must be a drug or a class", () => {
    expect(compileErrors(`${prelude}\ncontraindication c for egfr {\n  cite nice\n  when pregnant\n  alert high "x"\n}\n`)).toEqual([at(1, 24, "check/wrong-kind-of-name")]);
    expect(compileErrors(`${prelude}\ncontraindication c for nitrofurantion {\n  cite nice\n  when pregnant\n  alert high "x"\n}\n`).map((d) => d.code)).toEqual(["check/drug-not-in-formulary"]);
  });

  test("the condition is about the patient: a culture field is out of scope; the alert may name the course drug", () => {
    expect(compileErrors(`${prelude}\ncontraindication c for nitrofurantoin {\n  cite nice\n  when culture specimen is urine\n  alert high "x"\n}\n`)).toEqual([at(3, 8, "check/subject-out-of-scope")]);
    const ir = compileOk(`${prelude}\ncontraindication c for nitrofurantoin {\n  cite nice\n  when pregnant\n  alert high "{course drug} in pregnancy"\n}\n`);
    expect(ir.contraindications[0]!.alert.message).toBe("{course drug} in pregnancy");
    expect(compileErrors(`${prelude}\ncontraindication c for nitrofurantoin {\n  cite nice\n  when pregnant\n  alert high "{culture organism}"\n}\n`).map((d) => d.code)).toEqual(["check/subject-out-of-scope"]);
  });
});

describe("resistances (§13.10)", () => {
  test("lower with the cultures that count, the window the source states, and the alert", () => {
    const ir = compileOk(`${prelude}
resistance urine-results {
  cite nice "1.1.4"
  when culture specimen is urine
  window 3 months
  alert high "The {culture specimen} culture is resistant to {course drug}" key organism-resistant recommends change
}
`);
    expect(ir.resistances).toEqual([
      {
        id: "urine-results",
        when: expect.objectContaining({ kind: "is", word: "urine", text: "culture specimen is urine" }),
        window: { kind: "within", length: { value: 3, unit: "months" } },
        alert: { priority: "high", message: "The {culture specimen} culture is resistant to {course drug}", key: "organism-resistant", recommends: "change" },
        citations: [{ source: "nice", section: "1.1.4" }],
      },
    ]);
  });

  test("`window unstated` says why the source gives no limit; without `when` every culture counts", () => {
    const ir = compileOk(`${prelude}\nresistance every-culture {\n  cite nice\n  window unstated "the source gives no time limit"\n  alert high "x"\n}\n`);
    expect(ir.resistances[0]).toMatchObject({ when: { kind: "and", args: [] }, window: { kind: "unstated", note: "the source gives no time limit" } });
  });

  test("a window is required, is a length of time, and `unstated` needs its reason (a syntax error without it)", () => {
    expect(compileErrors(`${prelude}\nresistance r {\n  cite nice\n  alert high "x"\n}\n`)).toEqual([at(1, 12, "check/missing-field")]);
    expect(compileErrors(`${prelude}\nresistance r {\n  cite nice\n  window 3 mg\n  alert high "x"\n}\n`)).toEqual([at(3, 10, "check/unit-dimension")]);
    expect(compileErrors(`${prelude}\nresistance r {\n  cite nice\n  window unstated\n  alert high "x"\n}\n`).map((d) => d.code)).toEqual(["parse/missing-token"]);
    expect(compileErrors(`${prelude}\nresistance r {\n  cite nice\n  window forever "x"\n  alert high "x"\n}\n`)).toEqual([at(3, 10, "check/unknown-word")]);
  });

  test("the condition reads the culture; a course field is out of scope", () => {
    expect(compileErrors(`${prelude}\nresistance r {\n  cite nice\n  when course route is iv\n  window 3 months\n  alert high "x"\n}\n`)).toEqual([at(3, 8, "check/subject-out-of-scope")]);
  });
});

describe("drug fields for suggestions and allergies (§10)", () => {
  test("`sites`, `sites-unverified` and `oral-dose` with its citation lower onto the drug", () => {
    const ir = compileOk(`${header}
drug nitrofurantoin "Nitrofurantoin" {
  routes oral
  sites urine
  sites-unverified "urinary-only agent in a summary source"
}

drug amoxicillin "Amoxicillin" {
  routes oral, iv
  oral-dose 500 mg oral three times daily until review cite nice "table 1"
}
`);
    expect(ir.drugs.find((d) => d.id === "nitrofurantoin")).toMatchObject({ sites: ["urine"], sitesUnverified: "urinary-only agent in a summary source" });
    expect(ir.drugs.find((d) => d.id === "amoxicillin")!.oralDose).toEqual({
      regimen: { steps: [expect.objectContaining({ dose: { value: 500, unit: "mg" }, route: "oral", schedule: expect.objectContaining({ words: "three times daily" }) })] },
      citation: { source: "nice", section: "table 1" },
    });
  });

  test("an oral dose must be by mouth and must cite its source", () => {
    expect(compileErrors(`${header}\ndrug amoxicillin "Amoxicillin" {\n  routes oral, iv\n  oral-dose 1 g iv three times daily until review cite nice\n}\n`).map((d) => d.code)).toContain("check/route-not-available");
    expect(compileErrors(`${header}\ndrug amoxicillin "Amoxicillin" {\n  routes oral, iv\n  oral-dose 500 mg oral three times daily until review\n}\n`).map((d) => d.code)).toEqual(["parse/missing-token"]);
  });

  test("a site must be a specimen word", () => {
    expect(compileErrors(`${header}\ndrug nitrofurantoin "Nitrofurantoin" {\n  routes oral\n  sites bladder\n}\n`).map((d) => d.code)).toEqual(["check/unknown-word"]);
  });
});

describe("finding recency, alert outcomes and review timing (§8, §13.6, §25.2)", () => {
  test("`valid-for` lowers onto the finding and must be a length of time", () => {
    const ir = compileOk(`${header}\nfinding vomiting "Vomiting" {\n  valid-for 24 hours\n}\n`);
    expect(ir.findings[0]).toMatchObject({ id: "vomiting", validFor: { value: 24, unit: "hours" } });
    expect(compileErrors(`${header}\nfinding vomiting "Vomiting" {\n  valid-for 24 mg\n}\n`).map((d) => d.code)).toEqual(["check/unit-dimension"]);
  });

  test("an alert may say the outcome it recommends for the course, a review outcome word", () => {
    const ir = compileOk(`${prelude}\nrule r {\n  cite nice\n  for each course\n  when course route is iv\n  alert info "keep going" key k recommends continue\n}\n`);
    expect(ir.rules[0]!.alerts).toEqual([{ priority: "info", message: "keep going", key: "k", recommends: "continue" }]);
    expect(compileErrors(`${prelude}\nrule r {\n  cite nice\n  for each course\n  when course route is iv\n  alert info "x" key k recommends carry-on\n}\n`)).toEqual([at(5, 35, "check/unknown-word")]);
  });

  test("`review after … from course reviewed` times a review from the course's last recorded review", () => {
    const ir = compileOk(`${prelude}\nrule r {\n  cite nice\n  for each course\n  when course route is iv\n  review after 24 hours from course reviewed offering switch-to-oral, continue\n}\n`);
    expect(ir.rules[0]!.actions).toEqual([{ kind: "review", after: { value: 24, unit: "hours" }, from: "course-reviewed", outcomes: ["switch-to-oral", "continue"] }]);
  });
});
