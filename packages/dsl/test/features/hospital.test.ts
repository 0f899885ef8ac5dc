import { describe, expect, test } from "vitest";
import type { GuidelineIR } from "@steward/core";
import { compileErrors, compileOk, formulary, header } from "./guideline.js";

const prelude = `${header}
${formulary}
class carbapenems "Carbapenems" within beta-lactams

drug meropenem "Meropenem" {
  classes carbapenems
  aware watch
  routes iv
}

observation temperature "Body temperature" {
  unit °C
  loinc 8310-5 "Body temperature"
}

observation news2 "NEWS2 score" {
  snomed 1104051000000101 "NEWS2"
}

finding fever "Fever"
`;
const preludeLines = prelude.split("\n").length - 1;

/** A diagnostic at `line` and `column` of the snippet after the prelude (its first line is 1). */
const at = (line: number, column: number, code: string) => ({ code, severity: "error", line: preludeLines + 1 + line, column });

/** Compiles the prelude with `snippet` after it. */
const compiled = (snippet: string): GuidelineIR => compileOk(`${prelude}\n${snippet}`);
const errors = (snippet: string) => compileErrors(`${prelude}\n${snippet}`);

/** The one rule `r` a snippet declares. */
const ruleR = (snippet: string) => compiled(snippet).rules.find((r) => r.id === "r")!;

describe("`for each` (§25.1)", () => {
  test.each([
    ["course", ["course"]],
    ["culture", ["culture"]],
    ["course and culture", ["course", "culture"]],
    ["culture and course", ["culture", "course"]],
  ] as const)("`for each %s` lowers to the subjects in the order written", (subjects, forEach) => {
    const when = subjects.includes("course") ? "course route is iv" : "culture specimen is urine";
    expect(ruleR(`rule r {\n  cite nice\n  for each ${subjects}\n  when ${when}\n  advice "a"\n}\n`).forEach).toEqual(forEach);
  });

  test("a rule without `for each` has no subjects", () => {
    expect(ruleR(`rule r {\n  cite nice\n  when pregnant\n  advice "a"\n}\n`).forEach).toEqual([]);
  });

  test("course and culture fields lower to field values in the rule's condition", () => {
    const rule = ruleR(`rule r {
  cite nice
  for each course and culture
  when course next-review is known and course oral-option is amoxicillin and culture result for course drug is resistant
  advice "a"
}
`);
    expect(rule.when).toMatchObject({
      kind: "and",
      args: [
        { kind: "known", value: { kind: "course", field: "next-review" }, negated: false },
        { kind: "is", value: { kind: "course", field: "oral-option" }, word: "amoxicillin" },
        { kind: "is", value: { kind: "susceptibility", drug: { kind: "course-drug" } }, word: "resistant" },
      ],
    });
  });

  test("placeholders are kept as written in alert messages, advice and reasons", () => {
    const rule = ruleR(`rule r {
  cite nice
  for each course and culture
  when course route is iv
  alert high "{course drug} against {culture organism}" key mismatch
  advice "{course route} since {course start}"
  refer microbiology routine "{culture specimen} culture"
}
`);
    expect(rule.alerts).toEqual([{ priority: "high", message: "{course drug} against {culture organism}", key: "mismatch" }]);
    expect(rule.advice).toEqual([{ text: "{course route} since {course start}" }]);
    expect(rule.actions).toEqual([{ kind: "refer", to: "microbiology", urgency: "routine", reason: "{culture specimen} culture" }]);
  });
});

describe("`for each` problems (§25.1, §22.2)", () => {
  test("a course field in a rule that is not `for each course` is out of scope, at the field", () => {
    expect(errors(`rule r {\n  cite nice\n  when course route is iv\n  advice "a"\n}\n`)).toEqual([at(3, 8, "check/subject-out-of-scope")]);
  });

  test("`course drug` in `allergic to` outside `for each course` is out of scope", () => {
    expect(errors(`rule r {\n  cite nice\n  when allergic to course drug\n  advice "a"\n}\n`)).toEqual([at(3, 20, "check/subject-out-of-scope")]);
  });

  test("a culture field, or a culture result, in a rule that is only `for each course` is out of scope", () => {
    expect(errors(`rule r {\n  cite nice\n  for each course\n  when culture specimen is urine\n  advice "a"\n}\n`)).toEqual([at(4, 8, "check/subject-out-of-scope")]);
    expect(errors(`rule r {\n  cite nice\n  for each course\n  when culture result for course drug is resistant\n  advice "a"\n}\n`)).toEqual([at(4, 8, "check/subject-out-of-scope")]);
  });

  test("a course placeholder in a rule that is not `for each course` is out of scope, at the text", () => {
    expect(errors(`rule r {\n  cite nice\n  when pregnant\n  advice "stop {course drug}"\n}\n`)).toEqual([at(4, 10, "check/subject-out-of-scope")]);
  });

  test("a culture placeholder in a rule that is only `for each course` is out of scope", () => {
    expect(errors(`rule r {\n  cite nice\n  for each course\n  when course route is iv\n  alert high "{culture organism} grew" key k\n}\n`)).toEqual([at(5, 14, "check/subject-out-of-scope")]);
  });

  test("a placeholder that names no course or culture field is unresolved", () => {
    expect(errors(`rule r {\n  cite nice\n  for each course\n  when course route is iv\n  advice "{course dose}"\n}\n`)).toEqual([at(5, 10, "check/unresolved-name")]);
    expect(errors(`rule r {\n  cite nice\n  for each course\n  when course route is iv\n  refer ams-team routine "{patient age}"\n}\n`)).toEqual([at(5, 26, "check/unresolved-name")]);
  });

  test("a placeholder with a word after the field is unresolved, since it would never be filled", () => {
    expect(errors(`rule r {\n  cite nice\n  for each course\n  when course route is iv\n  advice "{course drug extra}"\n}\n`)).toEqual([at(5, 10, "check/unresolved-name")]);
  });

  test("a `for each` rule cannot offer treatment choices, at the choice: the Decision could not say which course a choice answers", () => {
    expect(errors(`rule r {\n  cite nice\n  for each course\n  when course route is iv\n  first choice amoxicillin 500 mg oral three times daily for 5 days\n}\n`)).toEqual([at(5, 3, "check/conflicting-clauses")]);
  });

  test("two `for each` clauses, or one naming a kind twice, conflict", () => {
    expect(errors(`rule r {\n  cite nice\n  for each course\n  for each culture\n  when course route is iv\n  advice "a"\n}\n`)).toEqual([at(4, 3, "check/conflicting-clauses")]);
    expect(errors(`rule r {\n  cite nice\n  for each course and course\n  when course route is iv\n  advice "a"\n}\n`)).toEqual([at(3, 3, "check/conflicting-clauses")]);
  });
});

describe("reviews timed from the course (§25.2)", () => {
  const forEachCourse = (review: string) => `rule r {\n  cite nice\n  for each course\n  when course route is iv\n  ${review}\n}\n`;

  test("`from course start`, `overdue after` and `offering` lower into the review action", () => {
    expect(ruleR(forEachCourse("review after 48 hours from course start overdue after 3 days offering stop, switch-to-oral, opat")).actions).toEqual([
      { kind: "review", after: { value: 48, unit: "hours" }, from: "course-start", overdueAfter: { value: 3, unit: "days" }, outcomes: ["stop", "switch-to-oral", "opat"] },
    ]);
  });

  test("`from course next-review` may be due after 0 hours", () => {
    expect(ruleR(forEachCourse("review after 0 hours from course next-review overdue after 24 hours")).actions).toEqual([
      { kind: "review", after: { value: 0, unit: "hours" }, from: "course-next-review", overdueAfter: { value: 24, unit: "hours" }, outcomes: [] },
    ]);
  });

  test("without `from` a review is timed from now and has no overdue time", () => {
    expect(ruleR(forEachCourse("review after 48 hours")).actions).toEqual([{ kind: "review", after: { value: 48, unit: "hours" }, from: "now", outcomes: [] }]);
  });

  test.each(["48 hours", "2 days", "1 days", "47 hours"])("`overdue after %s` is not later than the due time of 48 hours, at the overdue time", (overdue) => {
    expect(errors(forEachCourse(`review after 48 hours from course start overdue after ${overdue}`))).toEqual([at(5, 57, "check/invalid-value")]);
  });

  test("`from course start` or `from course next-review` outside `for each course` is out of scope, at the word", () => {
    expect(errors(`rule r {\n  cite nice\n  when pregnant\n  review after 0 hours from course next-review\n}\n`)).toEqual([at(4, 36, "check/subject-out-of-scope")]);
    expect(errors(`rule r {\n  cite nice\n  for each culture\n  when culture specimen is urine\n  review after 48 hours from course start\n}\n`)).toEqual([at(5, 37, "check/subject-out-of-scope")]);
  });

  test.each([
    ["after 0 hours from course start", 16],
    ["after 0 hours", 16],
  ])("`review %s` is due at the moment it is counted from, which only the next review date may be", (review, column) => {
    expect(errors(forEachCourse(`review ${review}`))).toEqual([at(5, column, "check/invalid-value")]);
  });

  test("a review timed from anything but the start or the next review is an unknown word", () => {
    expect(errors(forEachCourse("review after 48 hours from course stop"))).toEqual([at(5, 37, "check/unknown-word")]);
  });

  test("an outcome that is not a review outcome is an unknown word", () => {
    expect(errors(forEachCourse("review after 48 hours offering stop, pause"))).toEqual([at(5, 40, "check/unknown-word")]);
  });
});

describe("`highest`, `lowest` and `trend of` (§25.3)", () => {
  test("`highest` and `lowest … measured within` lower to aggregated observations", () => {
    const rule = ruleR(`rule r {\n  cite nice\n  when highest temperature measured within 24 hours > 38 °C or lowest temperature < 36 °C\n  advice "a"\n}\n`);
    expect(rule.when).toMatchObject({
      kind: "or",
      args: [
        { kind: "compare", op: ">", left: { kind: "observation", id: "temperature", aggregate: "highest", within: { value: 24, unit: "hours" } }, right: { kind: "quantity", value: 38, unit: "°C" } },
        { kind: "compare", op: "<", left: { kind: "observation", id: "temperature", aggregate: "lowest" } },
      ],
    });
    expect(rule.when).not.toHaveProperty("args.1.left.within");
  });

  test("`trend of` lowers to a trend compared with a trend word", () => {
    const rule = ruleR(`rule r {\n  cite nice\n  when trend of news2 measured within 2 days is falling\n  advice "a"\n}\n`);
    expect(rule.when).toMatchObject({ kind: "is", value: { kind: "trend", id: "news2", within: { value: 2, unit: "days" } }, word: "falling", negated: false });
  });

  test("`trend of` or `highest` of a name that is not an observation is the wrong kind of name, at the name", () => {
    expect(errors(`rule r {\n  cite nice\n  when trend of fever is falling\n  advice "a"\n}\n`)).toEqual([at(3, 17, "check/wrong-kind-of-name")]);
    expect(errors(`rule r {\n  cite nice\n  when highest amoxicillin measured within 24 hours > 38 °C\n  advice "a"\n}\n`)).toEqual([at(3, 16, "check/wrong-kind-of-name")]);
  });

  test("`trend of` an undeclared name is unresolved", () => {
    expect(errors(`rule r {\n  cite nice\n  when trend of crp is falling\n  advice "a"\n}\n`)).toEqual([at(3, 17, "check/unresolved-name")]);
  });

  test("`measured within` a quantity that is not a time is a unit mismatch, at the quantity", () => {
    expect(errors(`rule r {\n  cite nice\n  when highest temperature measured within 24 mg > 38 °C\n  advice "a"\n}\n`)).toEqual([at(3, 44, "check/unit-dimension")]);
  });

  test("`highest` keeps the observation's unit for comparisons", () => {
    expect(errors(`rule r {\n  cite nice\n  when highest temperature > 38 mg\n  advice "a"\n}\n`)).toEqual([at(3, 30, "check/unit-dimension")]);
  });

  test("a trend is a word: compared with `<` it is a type mismatch, and an unknown trend word is reported", () => {
    expect(errors(`rule r {\n  cite nice\n  when trend of temperature > 3\n  advice "a"\n}\n`)).toEqual([at(3, 31, "check/type-mismatch")]);
    expect(errors(`rule r {\n  cite nice\n  when trend of temperature is down\n  advice "a"\n}\n`)).toEqual([at(3, 32, "check/unknown-word")]);
  });
});

describe("`suggest` (§25.4)", () => {
  test("lowers to a suggestion with its reason as written", () => {
    const rule = ruleR(`rule r {\n  cite nice\n  for each course and culture\n  when course route is iv\n  suggest oral-switch "switch {course drug}"\n  suggest de-escalation "{culture organism} is susceptible"\n}\n`);
    expect(rule.actions).toEqual([
      { kind: "suggest", suggestion: "oral-switch", reason: "switch {course drug}" },
      { kind: "suggest", suggestion: "de-escalation", reason: "{culture organism} is susceptible" },
    ]);
  });

  test("`suggest oral-switch` outside `for each course` is out of scope, at the clause", () => {
    expect(errors(`rule r {\n  cite nice\n  when pregnant\n  suggest oral-switch "x"\n}\n`)).toEqual([at(4, 3, "check/subject-out-of-scope")]);
    expect(errors(`rule r {\n  cite nice\n  for each culture\n  when culture specimen is urine\n  suggest oral-switch "x"\n}\n`)).toEqual([at(5, 3, "check/subject-out-of-scope")]);
  });

  test.each(["course", "culture"])("`suggest de-escalation` in a rule that is only `for each %s` is out of scope", (subject) => {
    const when = subject === "course" ? "course route is iv" : "culture specimen is urine";
    expect(errors(`rule r {\n  cite nice\n  for each ${subject}\n  when ${when}\n  suggest de-escalation "x"\n}\n`)).toEqual([at(5, 3, "check/subject-out-of-scope")]);
  });

  test("a suggestion without its reason is a missing field, at the clause", () => {
    expect(errors(`rule r {\n  cite nice\n  for each course\n  when course route is iv\n  suggest oral-switch\n}\n`)).toEqual([at(5, 3, "check/missing-field")]);
  });

  test("something a rule cannot suggest is an unknown word", () => {
    expect(errors(`rule r {\n  cite nice\n  for each course\n  when course route is iv\n  suggest escalation "x"\n}\n`)).toEqual([at(5, 11, "check/unknown-word")]);
  });
});

describe("class `members` and cross-reactivity (§25.5)", () => {
  test("`members` lowers to the class's members and adds the class, and the classes it is within, to each member", () => {
    const ir = compiled(`class local-lists "Local lists"

class restricted "Restricted antimicrobials" within local-lists {
  members meropenem, nitrofurantoin
}
`);
    expect(ir.classes.find((c) => c.id === "restricted")!.members).toEqual(["meropenem", "nitrofurantoin"]);
    const drug = (id: string) => ir.drugs.find((d) => d.id === id)!;
    expect(drug("meropenem").allClasses).toEqual(["beta-lactams", "carbapenems", "local-lists", "restricted"]);
    expect(drug("meropenem").classes).toEqual(["carbapenems"]);
    expect(drug("nitrofurantoin").allClasses).toEqual(["local-lists", "restricted"]);
    expect(drug("amoxicillin").allClasses).toEqual(["beta-lactams", "penicillins"]);
  });

  test("`cross-reactive`, `cross-reactive-if-immediate` and the unverified note lower to the class's cross-reactivity, with its immediate-type reactions", () => {
    const ir = compiled(`class cephalosporins "Cephalosporins" within beta-lactams

codes immediate-reactions "Immediate-type reactions" {
  snomed 39579001 "Anaphylaxis"
}

class monobactams "Monobactams" within beta-lactams {
  snomed 91936005 "Allergy to penicillin"
  cross-reactive cephalosporins
  cross-reactive-if-immediate carbapenems, penicillins
  immediate-reactions immediate-reactions
  cross-reactivity-unverified "from the BNF monograph only"
}
`);
    const monobactams = ir.classes.find((c) => c.id === "monobactams")!;
    expect(monobactams.crossReactivity).toEqual([
      { classes: ["cephalosporins"], when: "always", unverified: "from the BNF monograph only" },
      { classes: ["carbapenems", "penicillins"], when: "immediate", unverified: "from the BNF monograph only" },
    ]);
    expect(monobactams.immediateReactions).toBe("immediate-reactions");
    expect(monobactams.codes).toEqual([{ system: "snomed", code: "91936005", display: "Allergy to penicillin" }]);
    expect(ir.classes.find((c) => c.id === "cephalosporins")!.crossReactivity).toEqual([]);
  });

  test("`members` naming an undeclared drug is not in the formulary, and naming a class is the wrong kind of name", () => {
    expect(errors(`class restricted "Restricted" {\n  members linezolid\n}\n`)).toEqual([at(2, 11, "check/drug-not-in-formulary")]);
    expect(errors(`class restricted "Restricted" {\n  members meropenem, penicillins\n}\n`)).toEqual([at(2, 22, "check/wrong-kind-of-name")]);
  });

  test("a drug or class listed twice is a duplicate, at the second", () => {
    expect(errors(`class restricted "Restricted" {\n  members meropenem, meropenem\n}\n`)).toEqual([at(2, 22, "check/duplicate-id")]);
  });

  test("one class both `cross-reactive` and `cross-reactive-if-immediate` conflicts, at the class name", () => {
    expect(errors(`class monobactams "Monobactams" within beta-lactams {\n  cross-reactive carbapenems\n  cross-reactive-if-immediate carbapenems\n}\n`)).toContainEqual(at(1, 7, "check/conflicting-clauses"));
  });

  test("`cross-reactive-if-immediate` without `immediate-reactions` is a missing field: which reactions count must be stated", () => {
    expect(errors(`class monobactams "Monobactams" within beta-lactams {\n  cross-reactive-if-immediate carbapenems\n}\n`)).toEqual([at(1, 7, "check/missing-field")]);
  });

  test("`immediate-reactions` must name a code list", () => {
    expect(errors(`class monobactams "Monobactams" within beta-lactams {\n  cross-reactive-if-immediate carbapenems\n  immediate-reactions carbapenems\n}\n`)).toEqual([at(3, 23, "check/wrong-kind-of-name")]);
  });

  test("`cross-reactivity-unverified` on a class with no cross-reactivity is a missing field, not a note silently dropped", () => {
    expect(errors(`class monobactams "Monobactams" within beta-lactams {\n  cross-reactivity-unverified "from the BNF"\n}\n`)).toEqual([at(1, 7, "check/missing-field")]);
  });

  test("cross-reactivity naming an undeclared class is unresolved, and naming a drug is the wrong kind of name", () => {
    expect(errors(`class monobactams "Monobactams" within beta-lactams {\n  cross-reactive cephalosporins\n}\n`)).toEqual([at(2, 18, "check/unresolved-name")]);
    expect(errors(`class monobactams "Monobactams" within beta-lactams {\n  cross-reactive-if-immediate amoxicillin\n  immediate-reactions carbapenems\n}\n`)).toContainEqual(at(2, 31, "check/wrong-kind-of-name"));
  });
});
