import { describe, expect, test } from "vitest";
import { compileRules, decide, patient, rule } from "./support/evaluation.js";

describe("`review after`", () => {
  test("is due the given number of hours after the evaluation time", () => {
    const ir = compileRules(rule("iv-review", "setting is primary-care", "review after 48 hours"));
    const decision = decide([ir], patient(), { now: "2026-06-15T12:00:00Z" });
    expect(decision.actions).toEqual([{ kind: "review", due: "2026-06-17T12:00:00Z", after: { value: 48, unit: "hours" }, status: "upcoming", overdue: false, outcomes: [], provenance: expect.objectContaining({ rule: "iv-review" }) }]);
  });

  test("is given in UTC when the evaluation time carries an offset", () => {
    const ir = compileRules(rule("iv-review", "setting is primary-care", "review after 72 hours"));
    expect(decide([ir], patient(), { now: "2026-06-15T09:30:00+01:00" }).actions[0]).toMatchObject({ due: "2026-06-18T08:30:00Z" });
  });

  test("keeps milliseconds of the evaluation time", () => {
    const ir = compileRules(rule("iv-review", "setting is primary-care", "review after 1 days"));
    expect(decide([ir], patient(), { now: "2026-06-15T12:00:00.250Z" }).actions[0]).toMatchObject({ due: "2026-06-16T12:00:00.250Z" });
  });

  test("a review in days is a fixed 24 hours a day, across a daylight-saving change", () => {
    const ir = compileRules(rule("iv-review", "setting is primary-care", "review after 2 days"));
    expect(decide([ir], patient(), { now: "2026-03-28T12:00:00Z" }).actions[0]).toMatchObject({ due: "2026-03-30T12:00:00Z" });
  });

  test("does not appear when the rule does not apply", () => {
    const ir = compileRules(rule("iv-review", "any course where course route is iv", "review after 48 hours"));
    expect(decide([ir], patient({ orders: [] })).actions).toEqual([]);
    expect(decide([ir], patient()).actions).toEqual([]);
  });
});

describe("`refer`", () => {
  test("asks for a referral to the named team with the rule's reason", () => {
    const ir = compileRules(rule("infants", "age < 3 months", `refer paediatric-specialist immediate "Children under 3 months need specialist care"`));
    const decision = decide([ir], patient({ patient: { birthDate: "2026-05-01" } }));
    expect(decision.actions).toEqual([
      { kind: "refer", to: "paediatric-specialist", urgency: "immediate", reason: "Children under 3 months need specialist care", provenance: expect.objectContaining({ rule: "infants", guideline: "test-rules" }) },
    ]);
  });

  test("can refer to hospital, as the primary-care tables say for a serious complication", () => {
    const ir = compileRules(rule("complication", "setting is primary-care", `refer hospital immediate unverified "the source says refer, not how soon" "Suspected necrotising fasciitis"`));
    expect(decide([ir], patient()).actions).toEqual([
      { kind: "refer", to: "hospital", urgency: "immediate", unverified: "the source says refer, not how soon", reason: "Suspected necrotising fasciitis", provenance: expect.objectContaining({ rule: "complication" }) },
    ]);
  });
});

describe("`request`", () => {
  test("asks for an observation, a patient fact or a finding, described for a clinician", () => {
    const ir = compileRules(
      rule(
        "needs-data",
        "egfr is unknown",
        `request egfr "needed before nitrofurantoin can be recommended"
  request weight "needed to calculate a dose"
  request fever "needed to judge severity"`,
      ),
    );
    const decision = decide([ir], patient());
    expect(decision.actions.map((a) => ({ ...a, provenance: undefined }))).toEqual([
      { kind: "request", data: "observation:egfr", description: "Estimated glomerular filtration rate", reason: "needed before nitrofurantoin can be recommended", provenance: undefined },
      { kind: "request", data: "patient:weight", description: "body weight", reason: "needed to calculate a dose", provenance: undefined },
      { kind: "request", data: "finding:fever", description: "fever", reason: "needed to judge severity", provenance: undefined },
    ]);
  });

  test("is not made once the data is recorded", () => {
    const ir = compileRules(rule("needs-data", "egfr is unknown", `request egfr "needed before nitrofurantoin can be recommended"`));
    const observations = [{ code: { system: "http://loinc.org", code: "33914-3" }, value: 60, unit: "mL/min/1.73m2", time: "2026-06-01" }];
    expect(decide([ir], patient({ observations })).actions).toEqual([]);
  });
});

describe("actions from several rules", () => {
  test("follow rule order, then the order written in each rule", () => {
    const ir = compileRules(
      [
        rule("earlier", "setting is primary-care", `review after 72 hours\n  refer ams-team routine "restricted agent"`),
        rule("later", "setting is primary-care", `refer microbiology urgent "unusual organism"\n  review after 48 hours`),
      ].join("\n"),
    );
    const decision = decide([ir], patient());
    expect(decision.actions.map((a) => `${a.provenance.rule}:${a.kind}`)).toEqual(["earlier:review", "earlier:refer", "later:refer", "later:review"]);
  });
});
