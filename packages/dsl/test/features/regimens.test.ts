import { describe, expect, test } from "vitest";
import type { ir } from "@steward/core";
import { compileErrors, compileOk, formulary, header } from "./guideline.js";

const prelude = `${header}\n${formulary}`;

function rule(choice: string): string {
  return `${prelude}\nrule r {\n  cite nice\n  when pregnant\n  ${choice}\n}\n`;
}

/** Line of the choice in `rule(…)`. */
const choiceLine = prelude.split("\n").length + 4;

/** The regimens of the rule's only treatment option. */
function regimens(choice: string): ir.Regimen[] {
  return compileOk(rule(choice)).rules[0]!.treatments[0]!.regimens;
}

function errors(choice: string): ReturnType<typeof compileErrors> {
  return compileErrors(rule(choice));
}

describe("regimens (§14)", () => {
  test("a dose, route, frequency and duration lower to one step", () => {
    expect(regimens("first choice nitrofurantoin 100 mg modified-release oral twice daily for 3 days")).toEqual([
      {
        steps: [
          {
            dose: { value: 100, unit: "mg" },
            form: "modified-release",
            route: "oral",
            schedule: { kind: "daily", perDay: 2, words: "twice daily" },
            duration: { kind: "for", length: { value: 3, unit: "days" } },
          },
        ],
      },
    ]);
  });

  test("`then` starts a second step, which inherits the route of the first", () => {
    expect(regimens("first choice amoxicillin 400 mg oral once then 200 mg oral three times daily to complete 3 days")).toEqual([
      {
        steps: [
          { dose: { value: 400, unit: "mg" }, route: "oral", schedule: { kind: "once", words: "once" } },
          {
            dose: { value: 200, unit: "mg" },
            route: "oral",
            schedule: { kind: "daily", perDay: 3, words: "three times daily" },
            duration: { kind: "to-complete", length: { value: 3, unit: "days" } },
          },
        ],
      },
    ]);
    expect(regimens("first choice amoxicillin 400 mg iv once then 200 mg three times daily to complete 3 days")[0]!.steps.map((s) => s.route)).toEqual(["iv", "iv"]);
  });

  test.each([
    ["once daily", { kind: "daily", perDay: 1, words: "once daily" }],
    ["twice daily", { kind: "daily", perDay: 2, words: "twice daily" }],
    ["three times daily", { kind: "daily", perDay: 3, words: "three times daily" }],
    ["four times daily", { kind: "daily", perDay: 4, words: "four times daily" }],
    ["every 8 hours", { kind: "every", interval: { value: 8, unit: "hours" } }],
    ["every 1 hour", { kind: "every", interval: { value: 1, unit: "hours" } }],
  ])("`%s` lowers to its schedule", (words, schedule) => {
    expect(regimens(`first choice amoxicillin 500 mg oral ${words} for 5 days`)[0]!.steps[0]!.schedule).toEqual(schedule);
  });

  test("`single dose` and `once` need no duration", () => {
    expect(regimens("first choice amoxicillin 3 g oral single dose")[0]!.steps).toEqual([{ dose: { value: 3, unit: "g" }, route: "oral", schedule: { kind: "once", words: "single dose" } }]);
    expect(regimens("first choice amoxicillin 3 g oral once")[0]!.steps[0]!.schedule).toEqual({ kind: "once", words: "once" });
  });

  test("`until review` is a duration", () => {
    expect(regimens("first choice amoxicillin 1 g iv every 8 hours until review")[0]!.steps[0]!.duration).toEqual({ kind: "until-review" });
  });

  test("a dose per kilogram lowers with its cap, unit aliases written canonically", () => {
    expect(regimens("first choice nitrofurantoin 750 microgram/kg max 100 mg oral four times daily for 3 day")[0]!.steps[0]).toEqual({
      dose: { value: 750, unit: "micrograms/kg" },
      max: { value: 100, unit: "mg" },
      route: "oral",
      schedule: { kind: "daily", perDay: 4, words: "four times daily" },
      duration: { kind: "for", length: { value: 3, unit: "days" } },
    });
  });

  test("volumes are doses too", () => {
    expect(regimens("first choice amoxicillin 5 ml oral three times daily for 5 days")[0]!.steps[0]!.dose).toEqual({ value: 5, unit: "mL" });
  });

  test("`or` gives an alternative regimen with a note on when to use it", () => {
    const choice = 'first choice nitrofurantoin 100 mg modified-release oral twice daily for 3 days {\n    or 50 mg oral four times daily for 3 days "if modified-release capsules are unavailable"\n  }';
    expect(regimens(choice)).toEqual([
      {
        steps: [
          {
            dose: { value: 100, unit: "mg" },
            form: "modified-release",
            route: "oral",
            schedule: { kind: "daily", perDay: 2, words: "twice daily" },
            duration: { kind: "for", length: { value: 3, unit: "days" } },
          },
        ],
      },
      {
        steps: [{ dose: { value: 50, unit: "mg" }, route: "oral", schedule: { kind: "daily", perDay: 4, words: "four times daily" }, duration: { kind: "for", length: { value: 3, unit: "days" } } }],
        note: "if modified-release capsules are unavailable",
      },
    ]);
  });

  test("a later step inherits the route but not the form", () => {
    const steps = regimens("first choice nitrofurantoin 100 mg modified-release oral once then 50 mg four times daily to complete 3 days")[0]!.steps;
    expect(steps.map((s) => [s.form, s.route])).toEqual([["modified-release", "oral"], [undefined, "oral"]]);
  });

  test("a step with two routes is reported at the second", () => {
    expect(errors("first choice amoxicillin 500 mg oral iv twice daily for 3 days")).toEqual([{ code: "check/conflicting-clauses", severity: "error", line: choiceLine, column: 40 }]);
  });

  test("`every` needs a positive time", () => {
    expect(errors("first choice amoxicillin 500 mg oral every 8 mg for 3 days")).toEqual([{ code: "check/unit-dimension", severity: "error", line: choiceLine, column: 46 }]);
    expect(errors("first choice amoxicillin 500 mg oral every 0 hours for 3 days")).toEqual([{ code: "check/invalid-quantity", severity: "error", line: choiceLine, column: 46 }]);
  });

  test("`once` with a duration is reported", () => {
    expect(errors("first choice amoxicillin 500 mg oral once for 3 days")).toEqual([{ code: "check/conflicting-clauses", severity: "error", line: choiceLine, column: 45 }]);
  });

  test("a course without a duration is reported at its frequency", () => {
    expect(errors("first choice amoxicillin 500 mg oral three times daily")).toEqual([{ code: "check/missing-duration", severity: "error", line: choiceLine, column: 40 }]);
  });

  test("a first step without a route is reported", () => {
    expect(errors("first choice amoxicillin 500 mg three times daily for 5 days")).toEqual([{ code: "check/missing-field", severity: "error", line: choiceLine, column: 28 }]);
  });

  test("a route the formulary does not give the drug by is reported", () => {
    expect(errors("first choice nitrofurantoin 100 mg iv twice daily for 3 days")).toEqual([{ code: "check/route-not-available", severity: "error", line: choiceLine, column: 31 }]);
  });

  test("a dose in a unit that is not a mass or volume is reported", () => {
    expect(errors("first choice amoxicillin 500 mmol/L oral twice daily for 3 days")).toEqual([{ code: "check/unit-dimension", severity: "error", line: choiceLine, column: 28 }]);
  });

  test("a misspelt unit is reported as an unknown unit", () => {
    expect(errors("first choice amoxicillin 500 mgs oral twice daily for 3 days").map((d) => d.code)).toEqual(["parse/unknown-unit"]);
  });

  test("`to complete` on a single step is reported", () => {
    expect(errors("first choice amoxicillin 500 mg oral twice daily to complete 3 days")).toEqual([{ code: "check/conflicting-clauses", severity: "error", line: choiceLine, column: 52 }]);
  });

  test("a single dose with a duration is reported", () => {
    expect(errors("first choice amoxicillin 3 g oral single dose for 3 days")).toEqual([{ code: "check/conflicting-clauses", severity: "error", line: choiceLine, column: 49 }]);
  });

  test("`max` on a fixed dose is reported", () => {
    expect(errors("first choice amoxicillin 500 mg max 1 g oral twice daily for 3 days")).toEqual([{ code: "check/invalid-quantity", severity: "error", line: choiceLine, column: 39 }]);
  });

  test("a dose of zero is reported", () => {
    expect(errors("first choice amoxicillin 0 mg oral twice daily for 3 days")).toEqual([{ code: "check/invalid-quantity", severity: "error", line: choiceLine, column: 28 }]);
  });

  test("a choice without a dose is reported at the drug", () => {
    expect(errors("first choice amoxicillin")).toEqual([{ code: "check/missing-field", severity: "error", line: choiceLine, column: 16 }]);
  });
});
