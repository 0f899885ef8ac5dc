import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, test } from "vitest";
import { compile, loadProgram } from "@steward/dsl";
import { compileErrors, compileOk, formulary, header } from "./guideline.js";

const prelude = `${header}
${formulary}
observation egfr "eGFR" {
  unit mL/min/1.73m2
  loinc 33914-3 "eGFR (MDRD)"
}
`;
const preludeLines = prelude.split("\n").length - 1;

describe("rules (§13, §19)", () => {
  test("lower every kind of clause to the IR rule", () => {
    const text = `${prelude}
rule pregnant-women {
  cite nice "table 2"
  cite nice
  when pregnant

  strategy back-up "Use it if symptoms worsen"
  strategy immediate
  advice "Send a urine sample"
  leaflet "TARGET leaflet"
  alert high "Check the culture" key culture-check
  alert low "For information"
  review after 48 hours
  refer microbiology urgent "Resistant organism"
  request egfr "Needed to choose a dose"
  request weight "Needed for a per-kg dose"

  first choice nitrofurantoin 100 mg modified-release oral twice daily for 7 days {
    only if egfr >= 45 mL/min/1.73m2
    if unknown offer "offer if eGFR is not known"
    note "avoid at term"
    note "second note"
  }
  second choice amoxicillin 500 mg oral three times daily for 7 days
}
`;
    expect(compileOk(text).rules).toEqual([
      {
        id: "pregnant-women",
        forEach: [],
        citations: [{ source: "nice", section: "table 2" }, { source: "nice" }],
        when: { kind: "truth", value: { kind: "patient", field: "pregnant" }, text: "pregnant" },
        strategies: [{ kind: "back-up", advice: "Use it if symptoms worsen" }, { kind: "immediate" }],
        treatments: [
          {
            rank: "first",
            drug: "nitrofurantoin",
            regimens: [
              {
                steps: [
                  {
                    dose: { value: 100, unit: "mg" },
                    form: "modified-release",
                    route: "oral",
                    schedule: { kind: "daily", perDay: 2, words: "twice daily" },
                    duration: { kind: "for", length: { value: 7, unit: "days" } },
                  },
                ],
              },
            ],
            combinedWith: [],
            onlyIf: { kind: "compare", op: ">=", left: { kind: "observation", id: "egfr" }, right: { kind: "quantity", value: 45, unit: "mL/min/1.73m2" }, text: "egfr >= 45 mL/min/1.73m2" },
            ifUnknown: "offer",
            unknownNote: "offer if eGFR is not known",
            notes: ["avoid at term", "second note"],
          },
          {
            rank: "second",
            drug: "amoxicillin",
            regimens: [
              {
                steps: [
                  {
                    dose: { value: 500, unit: "mg" },
                    route: "oral",
                    schedule: { kind: "daily", perDay: 3, words: "three times daily" },
                    duration: { kind: "for", length: { value: 7, unit: "days" } },
                  },
                ],
              },
            ],
            combinedWith: [],
            ifUnknown: "withhold",
            notes: [],
          },
        ],
        advice: [{ text: "Send a urine sample" }],
        leaflets: ["TARGET leaflet"],
        alerts: [
          { priority: "high", message: "Check the culture", key: "culture-check" },
          { priority: "low", message: "For information", key: "pregnant-women" },
        ],
        actions: [
          { kind: "review", after: { value: 48, unit: "hours" }, from: "now", outcomes: [] },
          { kind: "refer", to: "microbiology", urgency: "urgent", reason: "Resistant organism" },
          { kind: "request", data: { kind: "observation", id: "egfr" }, reason: "Needed to choose a dose" },
          { kind: "request", data: { kind: "patient", field: "weight" }, reason: "Needed for a per-kg dose" },
        ],
      },
    ]);
  });

  test("an option's `if unknown` defaults to withhold", () => {
    const text = `${prelude}\nrule r {\n  cite nice\n  when pregnant\n  first choice nitrofurantoin 50 mg oral four times daily for 3 days {\n    only if egfr >= 45 mL/min/1.73m2\n  }\n}\n`;
    const option = compileOk(text).rules[0]!.treatments[0]!;
    expect(option.ifUnknown).toBe("withhold");
    expect(option).not.toHaveProperty("unknownNote");
  });

  test.each(["offer", "exclude", "withhold"] as const)("`if unknown %s` is kept, with or without a note", (action) => {
    const text = `${prelude}\nrule r {\n  cite nice\n  when pregnant\n  first choice nitrofurantoin 50 mg oral four times daily for 3 days {\n    only if egfr >= 45 mL/min/1.73m2\n    if unknown ${action}\n  }\n}\n`;
    const option = compileOk(text).rules[0]!.treatments[0]!;
    expect(option.ifUnknown).toBe(action);
    expect(option.notes).toEqual([]);
  });

  test("an alert's key defaults to the rule's id", () => {
    const text = `${prelude}\nrule check-culture {\n  cite nice\n  when pregnant\n  alert medium "Check"\n}\n`;
    expect(compileOk(text).rules[0]!.alerts).toEqual([{ priority: "medium", message: "Check", key: "check-culture" }]);
  });

  test("rules keep their file order while declarations are sorted by id", () => {
    const text = `${header}
drug zanamivir "Zanamivir" {
  routes inhaled
}

drug aciclovir "Aciclovir" {
  routes oral
}

rule zulu {
  cite nice
  when pregnant
  advice "z"
}

rule alpha {
  cite nice
  when pregnant
  advice "a"
}

rule mike {
  cite nice
  when pregnant
  advice "m"
}
`;
    const ir = compileOk(text);
    expect(ir.rules.map((r) => r.id)).toEqual(["zulu", "alpha", "mike"]);
    expect(ir.drugs.map((d) => d.id)).toEqual(["aciclovir", "zanamivir"]);
  });

  test("the content hash changes when a dose changes, and only then", () => {
    const rule = (dose: string, comment = ""): string =>
      `${prelude}\nrule r {${comment}\n  cite nice\n  when pregnant\n  first choice amoxicillin ${dose} oral three times daily for 5 days\n}\n`;
    const base = compileOk(rule("500 mg")).contentHash;
    expect(compileOk(rule("250 mg")).contentHash).not.toBe(base);
    expect(compileOk(rule("0.5 g")).contentHash).not.toBe(base);
    expect(compileOk(rule("500 mg", "  # a comment changes nothing")).contentHash).toBe(base);
    expect(compileOk(rule("500 mg")).contentHash).toBe(base);
  });

  test("the content hash is the `sha256:` hash of the rest of the IR", () => {
    expect(compileOk(`${prelude}`).contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe("rule problems (§13)", () => {
  const at = (line: number, column: number, code: string) => ({ code, severity: "error", line: preludeLines + 1 + line, column });

  test("a rule without a citation is reported at its name", () => {
    expect(compileErrors(`${prelude}\nrule r {\n  when pregnant\n  advice "a"\n}\n`)).toEqual([at(1, 6, "check/missing-citation")]);
  });

  test("a rule without `when` is reported at its name", () => {
    expect(compileErrors(`${prelude}\nrule r {\n  cite nice\n  advice "a"\n}\n`)).toEqual([at(1, 6, "check/rule-without-condition")]);
  });

  test("a rule that does nothing is reported at its name", () => {
    expect(compileErrors(`${prelude}\nrule r {\n  cite nice\n  when pregnant\n}\n`)).toEqual([at(1, 6, "check/rule-without-outcome")]);
  });

  test("a second `when` is reported", () => {
    expect(compileErrors(`${prelude}\nrule r {\n  cite nice\n  when pregnant\n  when breastfeeding\n  advice "a"\n}\n`)).toEqual([at(4, 3, "check/conflicting-clauses")]);
  });

  test("citing an undeclared source is reported at the source", () => {
    expect(compileErrors(`${prelude}\nrule r {\n  cite bnf\n  when pregnant\n  advice "a"\n}\n`)).toEqual([at(2, 8, "check/unknown-source")]);
  });

  test("an unknown strategy is reported at the word", () => {
    expect(compileErrors(`${prelude}\nrule r {\n  cite nice\n  when pregnant\n  strategy delayed\n}\n`)).toEqual([at(4, 12, "check/unknown-word")]);
  });

  test("a back-up strategy needs advice on when to use it", () => {
    expect(compileErrors(`${prelude}\nrule r {\n  cite nice\n  when pregnant\n  strategy back-up\n}\n`)).toEqual([at(4, 3, "check/missing-field")]);
  });

  test("an unknown alert priority is reported at the word", () => {
    expect(compileErrors(`${prelude}\nrule r {\n  cite nice\n  when pregnant\n  alert urgent "x"\n}\n`)).toEqual([at(4, 9, "check/unknown-word")]);
  });

  test("`review after` needs a duration", () => {
    expect(compileErrors(`${prelude}\nrule r {\n  cite nice\n  when pregnant\n  review after 48\n}\n`)).toEqual([at(4, 16, "check/unit-dimension")]);
  });

  test("a referral needs a known target and a reason", () => {
    expect(compileErrors(`${prelude}\nrule r {\n  cite nice\n  when pregnant\n  refer pharmacist routine "x"\n}\n`)).toEqual([at(4, 9, "check/unknown-word")]);
    expect(compileErrors(`${prelude}\nrule r {\n  cite nice\n  when pregnant\n  refer ams-team "x"\n}\n`)).toEqual([at(4, 3, "check/missing-field")]);
    expect(compileErrors(`${prelude}\nrule r {\n  cite nice\n  when pregnant\n  refer ams-team soon "x"\n}\n`)).toEqual([at(4, 18, "check/unknown-word")]);
    expect(compileErrors(`${prelude}\nrule r {\n  cite nice\n  when pregnant\n  refer ams-team\n}\n`)).toEqual([at(4, 3, "check/missing-field")]);
  });

  test("only observations, findings and patient facts can be requested", () => {
    expect(compileErrors(`${prelude}\nrule r {\n  cite nice\n  when pregnant\n  request amoxicillin "x"\n}\n`)).toEqual([at(4, 11, "check/wrong-kind-of-name")]);
    expect(compileErrors(`${prelude}\nrule r {\n  cite nice\n  when pregnant\n  request crp "x"\n}\n`)).toEqual([at(4, 11, "check/unresolved-name")]);
  });

  test("`if unknown` without `only if` is reported", () => {
    const text = `${prelude}\nrule r {\n  cite nice\n  when pregnant\n  first choice amoxicillin 500 mg oral twice daily for 3 days {\n    if unknown offer\n  }\n}\n`;
    expect(compileErrors(text)).toEqual([at(5, 5, "check/conflicting-clauses")]);
  });

  test("a second `only if` is reported", () => {
    const text = `${prelude}\nrule r {\n  cite nice\n  when pregnant\n  first choice amoxicillin 500 mg oral twice daily for 3 days {\n    only if pregnant\n    only if breastfeeding\n  }\n}\n`;
    expect(compileErrors(text)).toEqual([at(6, 5, "check/conflicting-clauses")]);
  });
});

describe("NG109", () => {
  const ng109 = fileURLToPath(new URL("../../../../guidelines/ng109-lower-uti/ng109.stw", import.meta.url));
  const disk = { read: (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : undefined) };

  test("nitrofurantoin's renal threshold is a formulary contraindication, not a condition of each option, and comes with the guideline", () => {
    const result = compile(loadProgram([ng109], disk), ng109);
    if (!isRight(result)) throw new Error(result.left.map((d) => d.message).join("\n"));
    const option = result.right.rules.find((r) => r.id === "non-pregnant-women")!.treatments[0]!;
    expect(option).toMatchObject({ drug: "nitrofurantoin", ifUnknown: "withhold", notes: [] });
    expect(option.onlyIf).toBeUndefined();
    expect(result.right.contraindications.find((c) => c.id === "nitrofurantoin-egfr-below-45")).toMatchObject({
      target: { kind: "drug", id: "nitrofurantoin" },
      when: { kind: "compare", op: "<", text: "egfr < 45 mL/min/1.73m2" },
      alert: { priority: "high", key: "nitrofurantoin-egfr-below-45" },
      ifUnknown: "withhold",
      unknownNote: "NICE recommends nitrofurantoin only if eGFR is 45 mL/min/1.73m2 or more",
    });
  });
});
