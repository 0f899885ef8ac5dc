import { describe, expect, test } from "vitest";
import { compileSuites, renderFailure, runSuite, type Failure, type ScenarioResult } from "@steward/testing";
import { repoHost } from "./guidelines.js";

const FILE = "guidelines/ng109-lower-uti/runner.test.stw";

/** A man of 45 with cystitis and an eGFR of 88: NG109 table 3 (trimethoprim or nitrofurantoin for 7 days). */
const man = `born 1981-05-20
    sex male
    diagnosis lower-uti
    egfr 88 mL/min/1.73m2 on 2026-10-01
    nothing else recorded`;

/** Runs one scenario about `given` with the `expect` lines, next to ng109.stw. */
function runOne(expectations: readonly string[], given = man): ScenarioResult {
  const text = `tests "ng109.stw" at 2026-11-25T09:00:00Z

scenario "the scenario under test" {
  given {
    ${given}
  }
  expect {
${expectations.map((e) => `    ${e}`).join("\n")}
  }
}
`;
  const { suites, diagnostics } = compileSuites([FILE], repoHost({ [FILE]: text }));
  expect(diagnostics).toEqual([]);
  const [{ suite, guideline }] = suites as [(typeof suites)[number]];
  return runSuite(suite, guideline).results[0]!;
}

function onlyFailure(result: ScenarioResult): Pick<Failure, "expected" | "actual"> {
  expect(result.passed).toBe(false);
  expect(result.failures).toHaveLength(1);
  const { expected, actual } = result.failures[0]!;
  return { expected, actual };
}

describe("runSuite", () => {
  test("a scenario whose expectations all hold passes, with no failures", () => {
    const result = runOne(["fires men", "offers first choice trimethoprim \"200 mg oral twice daily for 7 days\"", "strategy immediate", "no alerts", "no missing data"]);
    expect(result.passed).toBe(true);
    expect(result.failures).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.explanation).toBeDefined();
  });

  test("a failing expectation is reported with what was expected and what the decision showed", () => {
    const result = runOne(["fires men", "offers first choice fosfomycin"]);
    expect(onlyFailure(result)).toEqual({
      expected: "offers first choice fosfomycin",
      actual: 'first choice trimethoprim "200 mg oral twice daily for 7 days"; first choice nitrofurantoin "100 mg modified-release oral twice daily for 7 days"',
    });
    expect(result.failures[0]!.expectation.text).toBe("offers first choice fosfomycin");
  });

  test.each([
    ["fires non-pregnant-women", "rule non-pregnant-women fired", "rule non-pregnant-women did not fire"],
    ["does not fire men", "rule men did not fire", "rule men fired"],
    ["cannot decide men", "rule men could not be decided", "rule men fired"],
    ["does not offer trimethoprim", "trimethoprim not offered", "offered as first choice"],
    ["withholds nitrofurantoin", "nitrofurantoin withheld for missing data", "offered as first choice"],
    ["excludes nitrofurantoin because condition", "nitrofurantoin excluded because of condition", "offered as first choice"],
    ["no treatment", "no treatment offered", 'first choice trimethoprim "200 mg oral twice daily for 7 days"; first choice nitrofurantoin "100 mg modified-release oral twice daily for 7 days"'],
    ["strategy back-up", "strategy back-up", "immediate"],
    ["alert high ng109-culture-resistant", "high alert ng109-culture-resistant", "no alerts"],
    ["refers to paediatric-specialist", "a referral to paediatric-specialist", "no actions"],
    ["review after 48 hours", "a review after 48 hours", "no actions"],
    ["requests egfr", "a request for observation:egfr", "no actions"],
    ["missing egfr", "observation:egfr listed as missing", "nothing missing"],
    ["dose trimethoprim 200 mg", "a calculated dose of trimethoprim of 200 mg", "no calculated dose"],
    ['advises "drink plenty of fluids"', 'advice containing "drink plenty of fluids"', '"Obtain a midstream urine sample'],
  ])("`%s` fails for a man of 45 and says why", (line, expected, actual) => {
    const failure = onlyFailure(runOne([line]));
    expect(failure.expected).toBe(expected);
    expect(failure.actual.startsWith(actual)).toBe(true);
  });

  test("`no alerts` and `no missing data` fail when there are some, listing them", () => {
    const result = runOne(["no missing data"], man.replace("    egfr 88 mL/min/1.73m2 on 2026-10-01\n", ""));
    expect(onlyFailure(result)).toEqual({ expected: "no missing data", actual: "observation:egfr" });
  });

  test("a rendered failure shows the line, expected and actual, and the trace of the rules that fired", () => {
    const text = renderFailure(runOne(["fires men", "offers first choice fosfomycin"]));
    expect(text).toContain("✗ the scenario under test  (guidelines/ng109-lower-uti/runner.test.stw:3)");
    expect(text).toContain("    line 13: offers first choice fosfomycin\n      expected: offers first choice fosfomycin\n      actual:   first choice trimethoprim");
    expect(text).toContain("    trace:");
    expect(text).toMatch(/ {6} {2}FIRED {5}men/);
    expect(text).not.toContain("non-pregnant-women");
  });

  test("the trace of a failure also shows a rule the failed line names, even when it did not fire", () => {
    const text = renderFailure(runOne(["fires non-pregnant-women"]));
    expect(text).toContain("non-pregnant-women");
    expect(text).toContain("FIRED     men");
  });
});
