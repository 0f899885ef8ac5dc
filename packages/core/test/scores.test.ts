import { describe, expect, test } from "vitest";
import { compileRules, decide, fired, missingKeys, patient, reject, rule, ruleStatus } from "./support/evaluation.js";

/** FeverPAIN (NICE NG84) and CRB65 (NG138) counted from their criteria, and NEWS2 as the host records it. */
const scores = `finding purulence "Purulence"
finding attend-rapidly "Attended within 3 days"
finding inflamed-tonsils "Severely inflamed tonsils"
finding no-cough-or-coryza "No cough or coryza"
finding confusion "New confusion"

observation respiratory-rate "Respiratory rate" {
  unit /min
  loinc 9279-1 "Respiratory rate"
}

score feverpain "FeverPAIN score" {
  criterion fever
  criterion purulence
  criterion attend-rapidly
  criterion inflamed-tonsils
  criterion no-cough-or-coryza
}

score crb65 "CRB65 score" {
  criterion confusion
  criterion respiratory-rate >= 30 /min
  criterion age >= 65 years
}

score news2 "NEWS2 score" {
  snomed 1104051000000101 "NEWS2 score"
  range 0 to 20
}
`;

const ir = compileRules(
  scores +
    rule("feverpain-0-or-1", "diagnosis in pneumonia and feverpain <= 1") +
    rule("feverpain-2-or-3", "diagnosis in pneumonia and feverpain between 2 and 3") +
    rule("feverpain-4-or-5", "diagnosis in pneumonia and feverpain >= 4") +
    rule("crb65-exactly-1", "diagnosis in lower-uti and crb65 = 1") +
    rule("crb65-0", "diagnosis in lower-uti and crb65 < 1") +
    rule("crb65-2-or-more", "diagnosis in lower-uti and crb65 >= 2") +
    rule("news2-5-or-more", "diagnosis in lower-uti and news2 >= 5") +
    rule("news2-recorded", "diagnosis in lower-uti and news2 is known"),
);

const sore = { diagnoses: [{ code: { system: "http://snomed.info/sct", code: "233604007" } }] };
const uti = { diagnoses: [{ code: { system: "http://snomed.info/sct", code: "38822007" } }] };

/** Findings recorded present (`+name`) or absent (`-name`); the rest are not recorded. */
function findings(...recorded: string[]) {
  return { findings: recorded.map((r) => ({ finding: r.slice(1), present: r.startsWith("+") })) };
}

function status(context: ReturnType<typeof patient>, id: string): string {
  return ruleStatus([ir], context, id);
}

describe("a computed score counts its criteria, one point each (§18.10)", () => {
  test("FeverPAIN with every criterion recorded is one number, and the bands 0–1, 2–3 and 4–5 turn on it", () => {
    const at = (met: string[]) => fired(decide([ir], patient({ ...sore, ...findings(...["fever", "purulence", "attend-rapidly", "inflamed-tonsils", "no-cough-or-coryza"].map((c) => `${met.includes(c) ? "+" : "-"}${c}`)) })));
    expect(at(["fever"])).toEqual(["feverpain-0-or-1"]);
    expect(at(["fever", "purulence"])).toEqual(["feverpain-2-or-3"]);
    expect(at(["fever", "purulence", "attend-rapidly"])).toEqual(["feverpain-2-or-3"]);
    expect(at(["fever", "purulence", "attend-rapidly", "inflamed-tonsils"])).toEqual(["feverpain-4-or-5"]);
  });

  test("two criteria known absent decide FeverPAIN >= 4 false, though three are unknown; the lower bands stay unknown", () => {
    const context = patient({ ...sore, ...findings("-fever", "-purulence") });
    expect(status(context, "feverpain-4-or-5")).toBe("not-fired");
    expect(status(context, "feverpain-0-or-1")).toBe("unknown");
    expect(status(context, "feverpain-2-or-3")).toBe("unknown");
    const decision = decide([ir], context);
    expect(missingKeys(decision)).toEqual(["finding:attend-rapidly", "finding:inflamed-tonsils", "finding:no-cough-or-coryza"]);
    expect(decision.scores).toEqual([
      {
        guideline: "test-rules",
        id: "feverpain",
        title: "FeverPAIN score",
        min: 0,
        max: 3,
        criteria: [
          { text: "Fever", met: "no" },
          { text: "Purulence", met: "no" },
          { text: "Attended within 3 days", met: "unknown" },
          { text: "Severely inflamed tonsils", met: "unknown" },
          { text: "No cough or coryza", met: "unknown" },
        ],
      },
    ]);
  });

  test("four criteria present decide FeverPAIN >= 4 true with the fifth unknown", () => {
    const context = patient({ ...sore, ...findings("+fever", "+purulence", "+attend-rapidly", "+inflamed-tonsils") });
    expect(status(context, "feverpain-4-or-5")).toBe("fired");
    expect(status(context, "feverpain-2-or-3")).toBe("not-fired");
    expect(decide([ir], context).scores[0]).toMatchObject({ min: 4, max: 5 });
  });

  test("with one criterion present and the rest unknown, no band can be decided", () => {
    const context = patient({ ...sore, ...findings("+fever") });
    for (const band of ["feverpain-0-or-1", "feverpain-2-or-3", "feverpain-4-or-5"]) expect(status(context, band)).toBe("unknown");
  });
});

describe("CRB65 counts thresholds as well as findings", () => {
  const rr = (value: number) => ({ observations: [{ code: { system: "http://loinc.org", code: "9279-1" }, value, unit: "/min", time: "2026-06-15T11:00:00Z" }] });

  test("age exactly 65 scores a point; 64 does not", () => {
    const base = { ...uti, ...findings("-confusion"), ...rr(20) };
    expect(fired(decide([ir], patient({ ...base, patient: { birthDate: "1961-06-15" } })))).toEqual(["crb65-exactly-1"]);
    expect(fired(decide([ir], patient({ ...base, patient: { birthDate: "1961-06-16" } })))).toEqual(["crb65-0"]);
  });

  test("a respiratory rate of 30 scores a point; 29 does not", () => {
    const young = { ...uti, ...findings("-confusion"), patient: { birthDate: "1980-01-01" } };
    expect(fired(decide([ir], patient({ ...young, ...rr(30) })))).toEqual(["crb65-exactly-1"]);
    expect(fired(decide([ir], patient({ ...young, ...rr(29) })))).toEqual(["crb65-0"]);
  });

  test("`= 1` is decided false when the known points already exceed it, and unknown while they may not", () => {
    const old = { ...uti, patient: { birthDate: "1940-01-01" } };
    expect(status(patient({ ...old, ...findings("+confusion") }), "crb65-exactly-1")).toBe("not-fired");
    expect(status(patient({ ...old, ...findings("+confusion") }), "crb65-2-or-more")).toBe("fired");
    expect(status(patient({ ...old, ...findings("-confusion") }), "crb65-exactly-1")).toBe("unknown");
  });
});

describe("a recorded score is the latest whole number the host sent", () => {
  const news2 = (value: number, time = "2026-06-15T10:00:00Z", unit = "{score}") => ({ code: { system: "http://snomed.info/sct", code: "1104051000000101" }, value, unit, time });

  test("read from the latest result under its code, sent with no unit, `{score}` or `1`", () => {
    expect(fired(decide([ir], patient({ ...uti, observations: [news2(3, "2026-06-15T11:00:00Z"), news2(6, "2026-06-14T10:00:00Z", "1")] })))).toContain("news2-recorded");
    expect(fired(decide([ir], patient({ ...uti, observations: [news2(3, "2026-06-15T11:00:00Z")] })))).not.toContain("news2-5-or-more");
    expect(fired(decide([ir], patient({ ...uti, observations: [news2(5, "2026-06-15T11:00:00Z", "")] })))).toContain("news2-5-or-more");
  });

  test("not sent, it is unknown anywhere in its range, and listed as missing by its title", () => {
    const decision = decide([ir], patient({ ...uti, observations: [] }));
    expect(status(patient({ ...uti, observations: [] }), "news2-5-or-more")).toBe("unknown");
    expect(fired(decision)).not.toContain("news2-recorded");
    expect(decision.missingData.find((m) => m.data === "score:news2")?.description).toBe("NEWS2 score");
  });

  test("a value that is not a whole number within the range is rejected, naming the field", () => {
    const problems = reject([ir], patient({ ...uti, observations: [news2(2.5)] }));
    expect(problems).toEqual([expect.objectContaining({ code: "eval/invalid-context", message: expect.stringContaining("/observations/0/value") })]);
    expect(reject([ir], patient({ ...uti, observations: [news2(21)] }))[0]!.code).toBe("eval/invalid-context");
  });

  test("sent in a unit that is not a plain number, it is unknown anywhere in its range, and the missing data quotes what was sent", () => {
    const context = patient({ ...uti, observations: [news2(6, "2026-06-15T10:00:00Z", "mg")] });
    expect(status(context, "news2-5-or-more")).toBe("unknown");
    const decision = decide([ir], context);
    expect(decision.scores.find((s) => s.id === "news2")).toEqual({ guideline: "test-rules", id: "news2", title: "NEWS2 score", min: 0, max: 20, criteria: [] });
    expect(decision.missingData.find((m) => m.data === "unit:news2:/observations/0")?.description).toBe(
      "NEWS2 score recorded as 6 `mg` (/observations/0): the unit cannot be read as a plain number; send it in a UCUM unit of that quantity",
    );
  });
});
