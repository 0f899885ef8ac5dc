import { describe, expect, test } from "vitest";
import type { GuidelineIR } from "@steward/core";
import { neverTogether, neverTogetherAcross } from "../src/exclusive.js";
import { compileStandalone } from "./guidelines.js";

// A guideline whose rules are cut into settings, age, weight and score bands.
const guideline = compileStandalone(`
guideline bands {
  title "Bands"
  version 0.1.0
  status draft
  settings primary-care, urgent-care, emergency-department, inpatient
  owner "Tests"
  approved 2026-01-01
  review-by 2027-01-01
}
source s {
  title "Source"
}
finding confusion "Confusion"
finding fever "Fever"
score crb65 "CRB65" {
  criterion confusion
  criterion age >= 65 years
}
define community = setting is primary-care or setting is urgent-care
define hospital = setting is emergency-department or setting is inpatient
define adult = age >= 18 years
${[
  ["community-low", "community and crb65 = 0"],
  ["community-moderate", "community and crb65 between 1 and 2"],
  ["hospital-any", "hospital and crb65 <= 1"],
  ["adults", "adult and fever"],
  ["children", "age < 18 years and fever"],
  ["infants", "age < 12 months"],
  ["toddlers", "age >= 1 years and age < 5 years"],
  ["over-65", "age > 65 years"],
  ["exactly-65", "age = 65 years"],
  ["up-to-64", "age <= 64 years"],
  ["from-770-months", "age >= 770 months"],
  ["under-8-kg", "weight < 8 kg"],
  ["from-8-kg", "weight >= 8 kg and weight < 12 kg"],
  ["not-ward", "setting is not inpatient"],
  ["ward", "setting is inpatient or fever"],
  ["not-adult", "not adult"],
  ["either-band", "age < 1 years or age >= 65 years"],
  ["middle", "age between 18 years and 64 years"],
]
  .map(([id, when]) => `rule ${id} {\n  cite s\n  when ${when}\n  advice "x"\n}`)
  .join("\n")}
`);

const when = (g: GuidelineIR, id: string) => g.rules.find((r) => r.id === id)!.when;
const never = (a: string, b: string): boolean => neverTogether(when(guideline, a), when(guideline, b), guideline);

describe("rules that can never fire for the same patient", () => {
  test("care settings each rule requires, through defines and `or`s of settings, and `is not`", () => {
    expect(never("community-low", "hospital-any")).toBe(true);
    expect(never("community-low", "community-moderate")).toBe(true);
    expect(never("not-ward", "hospital-any")).toBe(false);
    expect(never("not-ward", "community-low")).toBe(false);
  });

  test("score bands that do not overlap, and ones that do", () => {
    expect(never("community-low", "community-moderate")).toBe(true);
    expect(never("hospital-any", "not-ward")).toBe(false);
  });

  test("ages in months and years, counted in completed units", () => {
    expect(never("adults", "children")).toBe(true);
    expect(never("infants", "toddlers")).toBe(true);
    expect(never("exactly-65", "over-65")).toBe(true);
    expect(never("exactly-65", "up-to-64")).toBe(true);
    // 770 months is 64 years and 2 months: aged 64, so both can hold.
    expect(never("up-to-64", "from-770-months")).toBe(false);
    expect(never("middle", "over-65")).toBe(true);
    expect(never("middle", "up-to-64")).toBe(false);
  });

  test("weight bands", () => {
    expect(never("under-8-kg", "from-8-kg")).toBe(true);
    expect(never("under-8-kg", "infants")).toBe(false);
  });

  test("an `or` requires only the span of what its branches require; `not` and unread facts require nothing", () => {
    // Under 1 or from 65 spans every age, so it is not told apart from 18 to 64: "may fire together".
    expect(never("either-band", "middle")).toBe(false);
    expect(never("either-band", "toddlers")).toBe(false);
    expect(never("ward", "community-low")).toBe(false);
    expect(never("not-adult", "adults")).toBe(false);
  });
});

/** A guideline with one rule, for `diagnosis in` the codes given, in the settings given. */
const single = (id: string, settings: string, codes: string, when: string): GuidelineIR =>
  compileStandalone(
    `guideline ${id} {\n  title "${id}"\n  version 0.1.0\n  status draft\n  settings ${settings}\n  owner "Tests"\n  approved 2026-01-01\n  review-by 2027-01-01\n}\nsource s {\n  title "Source"\n}\ncodes dx "Diagnoses" {\n${codes}\n}\nrule r {\n  cite s\n  when ${when}\n  advice "x"\n}\n`,
    `${id}.stw`,
  );

describe("rules of two guidelines that can never fire for the same patient", () => {
  const cystitis = '  snomed 38822007 "Cystitis"';
  const pneumonia = '  snomed 233604007 "Pneumonia"';
  const uti = single("uti", "primary-care, inpatient", cystitis, "diagnosis in dx and age >= 16 years");
  const across = (g: GuidelineIR, h: GuidelineIR): boolean => neverTogetherAcross(when(g, "r"), g, when(h, "r"), h);

  test("diagnoses are compared code by code, whatever the code lists are called", () => {
    expect(across(uti, single("cap", "primary-care", pneumonia, "diagnosis in dx"))).toBe(true);
    expect(across(uti, single("both", "primary-care", `${pneumonia}\n${cystitis}`, "diagnosis in dx"))).toBe(false);
    // A rule that reads the list only to leave it out requires no diagnosis.
    expect(across(uti, single("not-cap", "primary-care", pneumonia, "not (diagnosis in dx)"))).toBe(false);
  });

  test("each guideline's own settings, and ages", () => {
    expect(across(uti, single("ward", "inpatient", cystitis, "diagnosis in dx"))).toBe(false);
    expect(across(uti, single("ed", "emergency-department", cystitis, "diagnosis in dx"))).toBe(true);
    expect(across(uti, single("children", "primary-care", cystitis, "diagnosis in dx and age < 16 years"))).toBe(true);
  });
});
