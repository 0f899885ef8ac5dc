import { describe, expect, test } from "vitest";
import { compileRules, decide, fired, missingKeys, patient, reject, rule, ruleStatus } from "./support/evaluation.js";

const ages = compileRules(
  [
    rule("adult", "age >= 16 years"),
    rule("child", "age < 16 years"),
    rule("young-infant", "age < 3 months"),
    rule("infant-3-months-plus", "age >= 3 months"),
    rule("seventeen", "age >= 17 years"),
  ].join("\n"),
);

function withBirthDate(birthDate: string) {
  return patient({ patient: { birthDate } });
}

describe("age from a birth date is counted on the calendar", () => {
  test("the day before the 16th birthday the patient is 15", () => {
    const decision = decide([ages], withBirthDate("2010-06-16"), { now: "2026-06-15T23:59:59Z" });
    expect(fired(decision)).toContain("child");
    expect(fired(decision)).not.toContain("adult");
  });

  test("on the 16th birthday the patient is 16", () => {
    for (const now of ["2026-06-15T00:00:00Z", "2026-06-15T12:00:00Z"]) {
      const decision = decide([ages], withBirthDate("2010-06-15"), { now });
      expect(fired(decision)).toContain("adult");
      expect(fired(decision)).not.toContain("child");
    }
  });

  test("one millisecond before midnight of the 16th birthday the patient is still 15", () => {
    const decision = decide([ages], withBirthDate("2010-06-15"), { now: "2026-06-14T23:59:59.999Z" });
    expect(fired(decision)).toContain("child");
  });

  test("someone born on 29 February turns 16 on 29 February of a leap year, not the day before", () => {
    expect(fired(decide([ages], withBirthDate("2008-02-29"), { now: "2024-02-28T12:00:00Z" }))).toContain("child");
    expect(fired(decide([ages], withBirthDate("2008-02-29"), { now: "2024-02-29T00:00:00Z" }))).toContain("adult");
  });

  test("in a common year someone born on 29 February has the birthday on the last day of February", () => {
    // §16: a month after 31 January is the last day of February; years follow the same calendar rule.
    expect(fired(decide([ages], withBirthDate("2008-02-29"), { now: "2025-02-27T23:59:59Z" }))).not.toContain("seventeen");
    expect(fired(decide([ages], withBirthDate("2008-02-29"), { now: "2025-02-28T00:00:00Z" }))).toContain("seventeen");
    expect(fired(decide([ages], withBirthDate("2008-02-29"), { now: "2025-03-01T00:00:00Z" }))).toContain("seventeen");
  });

  test("`age >= 3 months` is true from exactly three calendar months after birth", () => {
    expect(fired(decide([ages], withBirthDate("2026-03-15")))).toContain("infant-3-months-plus");
    expect(fired(decide([ages], withBirthDate("2026-03-16")))).toContain("young-infant");
    expect(fired(decide([ages], withBirthDate("2026-03-16")))).not.toContain("infant-3-months-plus");
  });

  test("three calendar months after 30 November is the last day of February", () => {
    expect(fired(decide([ages], withBirthDate("2025-11-30"), { now: "2026-02-27T12:00:00Z" }))).toContain("young-infant");
    expect(fired(decide([ages], withBirthDate("2025-11-30"), { now: "2026-02-28T00:00:00Z" }))).toContain("infant-3-months-plus");
  });

  test("three months is not 90 days: a baby born 91 days ago in winter may still be under 3 months", () => {
    // 2025-11-16 to 2026-02-15 is 91 days but only two months and 30 days on the calendar.
    const decision = decide([ages], withBirthDate("2025-11-16"), { now: "2026-02-15T12:00:00Z" });
    expect(fired(decision)).toContain("young-infant");
  });

  test("a birth date decides every age comparison, so nothing is missing", () => {
    const decision = decide([ages], withBirthDate("2020-01-01"));
    expect(decision.missingData).toEqual([]);
    expect(fired(decision)).toEqual(["child", "infant-3-months-plus"]);
  });

  test("a whole-years age that disagrees with the birth date is refused rather than one of them trusted", () => {
    expect(reject([ages], patient({ patient: { birthDate: "2010-06-15", age: 3 } })).map((d) => d.code)).toEqual(["eval/contradictory-context"]);
    expect(fired(decide([ages], patient({ patient: { birthDate: "2010-06-15", age: 16 } })))).toContain("adult");
  });
});

describe("age given in whole years", () => {
  test("`age: 0` leaves `age < 3 months` unknown, asking for the birth date", () => {
    const context = patient({ patient: { age: 0 } });
    expect(ruleStatus([ages], context, "young-infant")).toBe("unknown");
    expect(ruleStatus([ages], context, "infant-3-months-plus")).toBe("unknown");
    const decision = decide([ages], context);
    expect(decision.missingData).toEqual([
      {
        data: "patient:birthDate",
        description: "date of birth (only the age in whole years is recorded)",
        neededFor: [expect.stringContaining("rule young-infant"), expect.stringContaining("rule infant-3-months-plus")],
      },
    ]);
  });

  test("`age: 0` still decides `age < 16 years`", () => {
    const context = patient({ patient: { age: 0 } });
    expect(ruleStatus([ages], context, "child")).toBe("fired");
    expect(ruleStatus([ages], context, "adult")).toBe("not-fired");
  });

  test("`age: 15` is under 16 and `age: 16` is 16 or over", () => {
    expect(fired(decide([ages], patient({ patient: { age: 15 } })))).toEqual(["child", "infant-3-months-plus"]);
    expect(fired(decide([ages], patient({ patient: { age: 16 } })))).toEqual(["adult", "infant-3-months-plus"]);
    expect(decide([ages], patient({ patient: { age: 16 } })).missingData).toEqual([]);
  });

  test("`age: 16` cannot say whether the patient is 17 yet", () => {
    expect(ruleStatus([ages], patient({ patient: { age: 16 } }), "seventeen")).toBe("not-fired");
    expect(ruleStatus([ages], patient({ patient: { age: 17 } }), "seventeen")).toBe("fired");
  });

  test("no age and no birth date make every age comparison unknown, asking for either", () => {
    const decision = decide([ages], patient());
    expect(fired(decision)).toEqual([]);
    expect(missingKeys(decision)).toEqual(["patient:age"]);
    expect(decision.missingData[0]!.description).toBe("date of birth or age");
    expect(decision.missingData[0]!.neededFor).toHaveLength(5);
  });
});

describe("an age counts completed years, as clinicians say it", () => {
  const bands = compileRules(
    [
      rule("up-to-64", "age <= 64 years"),
      rule("over-64", "age > 64 years"),
      rule("aged-16-to-64", "age between 16 years and 64 years"),
      rule("exactly-64", "age = 64 years"),
    ].join("\n"),
  );

  test("a patient of 64 and a half is still `<= 64 years`, `= 64 years` and between 16 and 64", () => {
    const decision = decide([bands], withBirthDate("1961-12-01"), { now: "2026-06-01T09:00:00Z" });
    expect(fired(decision)).toEqual(["up-to-64", "aged-16-to-64", "exactly-64"]);
  });

  test("on the 65th birthday the patient is `> 64 years` and no longer between 16 and 64", () => {
    const decision = decide([bands], withBirthDate("1961-06-01"), { now: "2026-06-01T00:00:00Z" });
    expect(fired(decision)).toEqual(["over-64"]);
  });

  test("a whole-years age of 64 decides every one of these bands", () => {
    const decision = decide([bands], patient({ patient: { age: 64 } }), { now: "2026-06-01T09:00:00Z" });
    expect(fired(decision)).toEqual(["up-to-64", "aged-16-to-64", "exactly-64"]);
    expect(missingKeys(decision)).toEqual([]);
  });
});
