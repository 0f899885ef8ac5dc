import { describe, expect, test } from "vitest";
import { regimenText } from "@steward/core";
import { check, compileText, format, loadProgram, parse } from "@steward/dsl";
import { isLeft } from "fp-ts/lib/Either.js";
import { choiceErrors, choiceLine, choiceOption, choiceRule, summary } from "./guideline.js";



describe("combination-product strengths (§14.2)", () => {
  test("NG111: co-amoxiclav 500/125 mg lowers to its first ingredient and its strength, and reads as the table", () => {
    const { regimens } = choiceOption("first choice co-amoxiclav 500/125 mg oral three times daily for 7 to 10 days");
    expect(regimens[0]!.steps[0]).toMatchObject({ dose: { value: 500, unit: "mg" }, strength: [500, 125] });
    expect(regimenText(regimens[0]!)).toBe("500/125 mg oral three times daily for 7 to 10 days");
  });

  test("NG111: a volume of a product, `0.25 mL/kg of 125/31`, keeps the product it is measured from", () => {
    const { regimens } = choiceOption("first choice co-amoxiclav 0.25 mL/kg of 125/31 oral-suspension oral three times daily for 7 to 10 days");
    expect(regimens[0]!.steps[0]).toMatchObject({ dose: { value: 0.25, unit: "mL/kg" }, of: { amounts: [125, 31], unit: "" }, form: "oral-suspension" });
    expect(regimenText(regimens[0]!)).toBe("0.25 mL/kg of 125/31 oral-suspension oral three times daily for 7 to 10 days");
  });

  test("a strength without a unit, or in the wrong kind of unit, is reported at the strength", () => {
    expect(choiceErrors("first choice co-amoxiclav 500/125 oral three times daily for 5 days")).toEqual([{ code: "check/unit-dimension", severity: "error", line: choiceLine, column: 29 }]);
    expect(choiceErrors("first choice co-amoxiclav 500/125 mL oral three times daily for 5 days")).toEqual([{ code: "check/unit-dimension", severity: "error", line: choiceLine, column: 29 }]);
    expect(choiceErrors("first choice co-amoxiclav 500/0 mg oral three times daily for 5 days")).toEqual([{ code: "check/invalid-quantity", severity: "error", line: choiceLine, column: 29 }]);
  });

  test("a strength is one product, not a range; `of` follows only a volume", () => {
    expect(choiceErrors("first choice co-amoxiclav 250/125 mg to 500/125 mg oral three times daily for 5 days")).toEqual([{ code: "check/invalid-value", severity: "error", line: choiceLine, column: 29 }]);
    expect(choiceErrors("first choice co-amoxiclav 500 mg of 125/31 oral three times daily for 5 days")).toEqual([{ code: "check/unit-dimension", severity: "error", line: choiceLine, column: 39 }]);
  });
});

describe("`with`: drugs given together (§14.11)", () => {
  const ng138High = `first choice co-amoxiclav 500/125 mg oral three times daily for 5 days {
    or 1.2 g iv three times daily for 5 days
    with clarithromycin 500 mg oral twice daily for 5 days {
      or 500 mg iv twice daily for 5 days
    }
  }`;

  test("NG138 high severity: co-amoxiclav with clarithromycin, each with its IV alternative", () => {
    const o = choiceOption(ng138High);
    expect(o.regimens.map(regimenText)).toEqual(["500/125 mg oral three times daily for 5 days", "1.2 g iv three times daily for 5 days"]);
    expect(o.combinedWith).toHaveLength(1);
    expect(o.combinedWith[0]!.drug).toBe("clarithromycin");
    expect(o.combinedWith[0]!.addIf).toBeUndefined();
    expect(o.combinedWith[0]!.regimens.map(regimenText)).toEqual(["500 mg oral twice daily for 5 days", "500 mg iv twice daily for 5 days"]);
  });

  test("NG138 moderate severity: clarithromycin added if atypical pathogens are suspected keeps its condition in words", () => {
    const o = choiceOption(`first choice amoxicillin 500 mg oral three times daily for 5 days {
    with clarithromycin 500 mg oral twice daily for 5 days if "atypical pathogens are suspected"
  }`);
    expect(o.combinedWith).toEqual([
      {
        drug: "clarithromycin",
        addIf: "atypical pathogens are suspected",
        regimens: [{ steps: [{ dose: { value: 500, unit: "mg" }, route: "oral", schedule: { kind: "daily", perDay: 2, words: "twice daily" }, duration: { kind: "for", length: { value: 5, unit: "days" } } }] }],
      },
    ]);
  });

  test("a companion is a formulary drug, other than the choice's own, given by a route it has", () => {
    expect(choiceErrors(`first choice amoxicillin 500 mg oral three times daily for 5 days {
    with clarithro 500 mg oral twice daily for 5 days
  }`)).toEqual([{ code: "check/drug-not-in-formulary", severity: "error", line: choiceLine + 1, column: 10 }]);
    expect(choiceErrors(`first choice amoxicillin 500 mg oral three times daily for 5 days {
    with amoxicillin 500 mg oral twice daily for 5 days
  }`)).toEqual([{ code: "check/conflicting-clauses", severity: "error", line: choiceLine + 1, column: 10 }]);
    expect(choiceErrors(`first choice amoxicillin 500 mg oral three times daily for 5 days {
    with erythromycin 500 mg iv four times daily for 5 days
  }`)).toEqual([{ code: "check/route-not-available", severity: "error", line: choiceLine + 1, column: 23 }]);
    expect(choiceErrors(`first choice amoxicillin 500 mg oral three times daily for 5 days {
    with clarithromycin 500 mg oral twice daily for 5 days if " "
  }`)).toEqual([{ code: "check/missing-field", severity: "error", line: choiceLine + 1, column: 63 }]);
  });

  test("`if unknown` on the line after an add-on stays the choice's own clause", () => {
    const o = choiceOption(`first choice amoxicillin 500 mg oral three times daily for 5 days {
    with clarithromycin 500 mg oral twice daily for 5 days
    only if pregnant
    if unknown offer
  }`);
    expect(o.ifUnknown).toBe("offer");
    expect(o.combinedWith[0]!.addIf).toBeUndefined();
  });

  test("a choice with companions is written back as it is read, blocks and comments included", () => {
    const text = choiceRule(`first choice co-amoxiclav 500/125 mg oral three times daily for 5 days {
    # NICE: plus clarithromycin
    with clarithromycin 500 mg oral twice daily for 5 days {
      or 500 mg iv twice daily for 5 days  # if oral is not possible
    }
  }`);
    expect(format(parse(text).ast)).toBe(text);
  });
});

describe("a combination written as a note (the old way)", () => {
  const diagnostics = (choice: string) => {
    const text = choiceRule(choice);
    return check(loadProgram(["main.stw"], { read: (p) => (p === "main.stw" ? text : undefined) }));
  };

  test("a note telling the prescriber to give another formulary drug is a warning at the note, pointing to `with`", () => {
    const found = diagnostics(`first choice amoxicillin 500 mg oral three times daily for 5 days {
    note "plus clarithromycin 500 mg twice daily if atypical pathogens are suspected"
  }`);
    expect(summary(found)).toEqual([{ code: "check/combination-in-note", severity: "warning", line: choiceLine + 1, column: 10 }]);
    expect(found[0]!.hint).toContain("with clarithromycin");
  });

  test("a drug named by its title, and `add … ` or `with …`, are found too; a note that gives no other drug is not", () => {
    expect(summary(diagnostics(`first choice amoxicillin 500 mg oral three times daily for 5 days {
    note "Add Clarithromycin if atypical pathogens are suspected"
  }`))[0]?.code).toBe("check/combination-in-note");
    expect(diagnostics(`first choice amoxicillin 500 mg oral three times daily for 5 days {
    note "if the patient cannot take clarithromycin, see the alternative choices"
  }`)).toEqual([]);
  });

  test("the warning does not stop compilation", () => {
    const result = compileText(choiceRule(`first choice amoxicillin 500 mg oral three times daily for 5 days {
    note "with clarithromycin"
  }`));
    expect(isLeft(result)).toBe(false);
  });
});
