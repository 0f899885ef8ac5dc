import { describe, expect, test } from "vitest";
import { compileRules, decide, fired, missingKeys, patient, rule, ruleStatus } from "./support/evaluation.js";

// NOW is 2026-06-15T12:00:00Z.
const ir = compileRules(
  `finding cough "Cough"\n\n` +
    rule("ten-days-or-more", "diagnosis in pneumonia and time since onset of pneumonia >= 10 days") +
    rule("under-ten-days", "diagnosis in pneumonia and time since onset of pneumonia < 10 days") +
    rule("cough-3-weeks", "cough and time since onset of cough >= 3 weeks"),
);

const pneumonia = (onset?: string) => ({ code: { system: "http://snomed.info/sct", code: "233604007" }, ...(onset !== undefined ? { onset } : {}) });

describe("time since the onset of a diagnosis (§15.9, §18.11)", () => {
  test("NG79: symptoms since a date 10 days ago have lasted 10 days, whatever the hour; 9 days ago, 9", () => {
    expect(fired(decide([ir], patient({ diagnoses: [pneumonia("2026-06-05")] })))).toEqual(["ten-days-or-more"]);
    expect(fired(decide([ir], patient({ diagnoses: [pneumonia("2026-06-06")] })))).toEqual(["under-ten-days"]);
  });

  test("an onset with a time counts completed days from that moment", () => {
    expect(fired(decide([ir], patient({ diagnoses: [pneumonia("2026-06-05T12:00:00Z")] })))).toEqual(["ten-days-or-more"]);
    expect(fired(decide([ir], patient({ diagnoses: [pneumonia("2026-06-05T12:01:00Z")] })))).toEqual(["under-ten-days"]);
  });

  test("with no onset recorded the rules cannot be decided, and the onset is listed as missing", () => {
    const context = patient({ diagnoses: [pneumonia()], findings: [{ finding: "cough", present: false }] });
    expect(ruleStatus([ir], context, "ten-days-or-more")).toBe("unknown");
    const decision = decide([ir], context);
    expect(missingKeys(decision)).toEqual(["diagnosis-onset:pneumonia"]);
    expect(decision.missingData[0]!.description).toBe("when the pneumonia began (its onset)");
  });

  test("with several diagnoses in the list, the earliest onset counts; one without an onset leaves it unknown", () => {
    expect(fired(decide([ir], patient({ diagnoses: [pneumonia("2026-06-12"), pneumonia("2026-06-01")] })))).toEqual(["ten-days-or-more"]);
    expect(ruleStatus([ir], patient({ diagnoses: [pneumonia("2026-06-01"), pneumonia()] }), "ten-days-or-more")).toBe("unknown");
  });

  test("a resolved diagnosis is not read, and with no diagnoses recorded the list is what is missing", () => {
    expect(fired(decide([ir], patient({ diagnoses: [{ ...pneumonia("2026-06-01"), status: "resolved" }] })))).toEqual([]);
    expect(missingKeys(decide([ir], patient({})))).toContain("list:diagnoses");
  });
});

describe("time since the onset of a finding", () => {
  test("a cough recorded present since 3 weeks ago has lasted 3 weeks; since 20 days ago, not yet", () => {
    expect(fired(decide([ir], patient({ findings: [{ finding: "cough", present: true, onset: "2026-05-25" }] })))).toEqual(["cough-3-weeks"]);
    expect(fired(decide([ir], patient({ findings: [{ finding: "cough", present: true, onset: "2026-05-26" }] })))).toEqual([]);
  });

  test("the latest record of the finding gives the onset; a cough recorded absent has none", () => {
    const context = patient({
      findings: [
        { finding: "cough", present: true, onset: "2026-05-01", time: "2026-05-02" },
        { finding: "cough", present: true, onset: "2026-06-10", time: "2026-06-11" },
      ],
    });
    expect(fired(decide([ir], context))).toEqual([]);
    expect(ruleStatus([ir], patient({ findings: [{ finding: "cough", present: true }] }), "cough-3-weeks")).toBe("unknown");
    expect(missingKeys(decide([ir], patient({ diagnoses: [], findings: [{ finding: "cough", present: true }] })))).toEqual(["finding-onset:cough"]);
    expect(ruleStatus([ir], patient({ findings: [{ finding: "cough", present: false, onset: "2026-05-01" }] }), "cough-3-weeks")).toBe("not-fired");
  });
});
