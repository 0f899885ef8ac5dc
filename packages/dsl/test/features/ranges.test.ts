import { describe, expect, test } from "vitest";
import { regimenText } from "@steward/core";
import { format, parse } from "@steward/dsl";
import { choiceErrors, choiceHint, choiceLine, choiceRegimens, choiceRule } from "./guideline.js";




describe("dose ranges (§14.2)", () => {
  test("NG84: clarithromycin 250 mg to 500 mg twice a day lowers to the dose and its upper end, and reads as the table", () => {
    const [r] = choiceRegimens("alternative choice clarithromycin 250 mg to 500 mg oral twice daily for 5 days");
    expect(r!.steps[0]).toMatchObject({ dose: { value: 250, unit: "mg" }, doseTo: { value: 500, unit: "mg" } });
    expect(regimenText(r!)).toBe("250 mg to 500 mg oral twice daily for 5 days");
  });

  test("NG141: flucloxacillin 500 mg to 1 g keeps each end's unit", () => {
    const [r] = choiceRegimens("first choice flucloxacillin 500 mg to 1 g oral four times daily for 5 to 7 days");
    expect(r!.steps[0]).toMatchObject({ dose: { value: 500, unit: "mg" }, doseTo: { value: 1, unit: "g" } });
    expect(regimenText(r!)).toBe("500 mg to 1 g oral four times daily for 5 to 7 days");
  });

  test("a per-kilogram range keeps one unit and a cap", () => {
    const [r] = choiceRegimens("first choice gentamicin 5 mg/kg to 7 mg/kg max 500 mg iv once daily until review");
    expect(r!.steps[0]).toMatchObject({ dose: { value: 5, unit: "mg/kg" }, doseTo: { value: 7, unit: "mg/kg" }, max: { value: 500, unit: "mg" } });
  });

  test("the lower end written without its unit is reported there, with the hint to give both units", () => {
    expect(choiceErrors("alternative choice clarithromycin 250 to 500 mg oral twice daily for 5 days")).toEqual([{ code: "check/unit-dimension", severity: "error", line: choiceLine, column: 37 }]);
    expect(choiceHint("alternative choice clarithromycin 250 to 500 mg oral twice daily for 5 days")).toContain("`250 mg to 500 mg`");
  });

  test("ends in the wrong order, or of different kinds, are reported", () => {
    expect(choiceErrors("first choice amoxicillin 500 mg to 250 mg oral twice daily for 5 days")).toEqual([{ code: "check/invalid-value", severity: "error", line: choiceLine, column: 28 }]);
    expect(choiceHint("first choice amoxicillin 500 mg to 250 mg oral twice daily for 5 days")).toBe("write the smaller dose first: `250 mg to 500 mg`");
    expect(choiceErrors("first choice amoxicillin 1 g to 500 mg oral twice daily for 5 days")[0]?.code).toBe("check/invalid-value");
    expect(choiceErrors("first choice amoxicillin 250 mg to 5 mL oral twice daily for 5 days")).toEqual([{ code: "check/unit-dimension", severity: "error", line: choiceLine, column: 38 }]);
    expect(choiceErrors("first choice gentamicin 5 mg/kg to 7000 micrograms/kg iv once daily until review")[0]?.code).toBe("check/unit-dimension");
  });

  test("a range written with a hyphen, `250-500 mg`, is reported once with the words to write instead", () => {
    expect(choiceErrors("alternative choice clarithromycin 250-500 mg oral twice daily for 5 days")).toEqual([{ code: "check/invalid-value", severity: "error", line: choiceLine, column: 37 }]);
    expect(choiceHint("alternative choice clarithromycin 250-500 mg oral twice daily for 5 days")).toBe("write `250 mg to 500 mg`");
  });

  test("an en dash between numbers is an unexpected character with the hint to write `to`", () => {
    const parsed = parse("rule r {\n  first choice amoxicillin 250 – 500 mg oral twice daily for 5 days\n}\n");
    expect(parsed.diagnostics[0]).toMatchObject({ code: "parse/unexpected-character", span: { line: 2, column: 32 } });
    expect(parsed.diagnostics[0]?.hint).toContain("`250 mg to 500 mg`");
  });
});

describe("duration ranges (§14.5)", () => {
  test("NG111: `for 7 to 10 days` lowers to the length and its upper end", () => {
    const [r] = choiceRegimens("first choice cefalexin 500 mg oral twice daily for 7 to 10 days");
    expect(r!.steps[0]!.duration).toEqual({ kind: "for", length: { value: 7, unit: "days" }, lengthTo: { value: 10, unit: "days" } });
    expect(regimenText(r!)).toBe("500 mg oral twice daily for 7 to 10 days");
  });

  test("`to complete 7 to 10 days` carries an IV-to-oral step-down to the end of the whole course", () => {
    const [r] = choiceRegimens("first choice co-amoxiclav 1.2 g iv three times daily until review then 500/125 mg oral three times daily to complete 7 to 10 days");
    expect(r!.steps.map((s) => s.route)).toEqual(["iv", "oral"]);
    expect(r!.steps[1]!.duration).toEqual({ kind: "to-complete", length: { value: 7, unit: "days" }, lengthTo: { value: 10, unit: "days" } });
    expect(regimenText(r!)).toBe("1.2 g iv three times daily until review then 500/125 mg oral three times daily to complete 7 to 10 days");
  });

  test("a range in the wrong order, with the unit twice, or with a hyphen is reported with the canonical words", () => {
    expect(choiceErrors("first choice cefalexin 500 mg oral twice daily for 10 to 7 days")).toEqual([{ code: "check/invalid-value", severity: "error", line: choiceLine, column: 50 }]);
    expect(choiceHint("first choice cefalexin 500 mg oral twice daily for 10 to 7 days")).toBe("write `for 7 to 10 days`");
    expect(choiceErrors("first choice cefalexin 500 mg oral twice daily for 7 days to 10 days")).toEqual([{ code: "check/invalid-value", severity: "error", line: choiceLine, column: 54 }]);
    expect(choiceHint("first choice cefalexin 500 mg oral twice daily for 7 days to 10 days")).toBe("write `for 7 to 10 days`");
    expect(choiceErrors("first choice cefalexin 500 mg oral twice daily for 7-10 days")).toEqual([{ code: "check/invalid-value", severity: "error", line: choiceLine, column: 54 }]);
    expect(choiceHint("first choice cefalexin 500 mg oral twice daily for 7-10 days")).toBe("write `for 7 to 10 days`");
    expect(choiceErrors("first choice cefalexin 1 g oral once then 500 mg twice daily to complete 5-7 days")[0]?.code).toBe("check/invalid-value");
  });

  test("`to complete` no longer than the steps before it is reported: the last step would never be given", () => {
    expect(choiceErrors("first choice amoxicillin 1 g iv three times daily for 5 days then 500 mg oral three times daily to complete 5 days")).toEqual([
      { code: "check/invalid-value", severity: "error", line: choiceLine, column: 99 },
    ]);
  });

  test("ranges are written back as they are read", () => {
    const text = `${choiceRule("first choice flucloxacillin 500 mg to 1 g oral four times daily for 5 to 7 days")}`;
    expect(format(parse(text).ast)).toBe(text);
  });
});
