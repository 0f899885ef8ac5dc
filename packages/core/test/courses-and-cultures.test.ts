import { describe, expect, test } from "vitest";
import { compileNg109, compileRules, cystitis, decide, fired, missingKeys, NOW, patient, reject, rule, ruleStatus } from "./support/evaluation.js";

const HOUR = 3_600_000;
const hoursAgo = (h: number): string => new Date(Date.parse(NOW) - h * HOUR).toISOString();

type OrderInput = { id?: string; status?: string; drug?: Record<string, unknown>; route?: string; start?: string; indications?: unknown[] };
const order = (extra: OrderInput = {}) => ({ id: "o1", status: "active", drug: { id: "amoxicillin" }, route: "iv", ...extra });
const culture = (extra: Record<string, unknown> = {}) => ({ id: "c1", specimen: "urine", status: "final", susceptibilities: [], ...extra });
const result = (drug: string, value: "susceptible" | "intermediate" | "resistant") => ({ drug: { id: drug }, result: value });

describe("`time since course start` on IV courses", () => {
  const ir = compileRules(rule("iv-48h", "any course where course route is iv and time since course start >= 48 hours", "review after 24 hours"));

  test.each([
    [47, "not-fired"],
    [48, "fired"],
    [49, "fired"],
  ] as const)("an IV course started %i hours ago makes the 48-hour rule %s", (hours, expected) => {
    expect(ruleStatus([ir], patient({ allergies: [], orders: [order({ start: hoursAgo(hours) })] }), "iv-48h")).toBe(expected);
  });

  test("one millisecond short of 48 hours is not 48 hours", () => {
    const start = new Date(Date.parse(NOW) - 48 * HOUR + 1).toISOString();
    expect(ruleStatus([ir], patient({ allergies: [], orders: [order({ start })] }), "iv-48h")).toBe("not-fired");
  });

  test("an oral course does not count however long it has run", () => {
    expect(ruleStatus([ir], patient({ allergies: [], orders: [order({ route: "oral", start: hoursAgo(200) })] }), "iv-48h")).toBe("not-fired");
  });

  test("an IV course with no start time leaves the rule unknown, asking for the start", () => {
    const decision = decide([ir], patient({ allergies: [], orders: [order()] }));
    expect(fired(decision)).toEqual([]);
    expect(decision.missingData).toEqual([{ data: "order:o1:start", description: "start time of order o1", neededFor: [expect.stringContaining("rule iv-48h")] }]);
  });

  test("one course that meets the condition decides it, whatever the others lack", () => {
    const orders = [order({ id: "o1" }), order({ id: "o2", start: hoursAgo(72) })];
    const decision = decide([ir], patient({ allergies: [], orders }));
    expect(fired(decision)).toEqual(["iv-48h"]);
    expect(decision.missingData).toEqual([]);
  });

  test("a course that fails and one that is undecided leave the rule unknown", () => {
    const orders = [order({ id: "o1", start: hoursAgo(2) }), order({ id: "o2" })];
    expect(missingKeys(decide([ir], patient({ allergies: [], orders })))).toEqual(["order:o2:start"]);
  });

  test("a course start given as a date only counts from midnight UTC", () => {
    expect(ruleStatus([ir], patient({ allergies: [], orders: [order({ start: "2026-06-13" })] }), "iv-48h")).toBe("fired");
    expect(ruleStatus([ir], patient({ allergies: [], orders: [order({ start: "2026-06-14" })] }), "iv-48h")).toBe("not-fired");
  });
});

describe("`course drug`", () => {
  const ir = compileRules(
    [
      rule("on-penicillin", "any course where course drug in penicillins"),
      rule("on-beta-lactam", "any course where course drug in beta-lactams"),
      rule("on-amoxicillin", "any course where course drug is amoxicillin"),
      rule("on-allergen", "any course where allergic to course drug"),
    ].join("\n"),
  );

  test("`in` a class is true for drugs in the class and in classes within it", () => {
    expect(fired(decide([ir], patient({ allergies: [], orders: [order()] })))).toEqual(["on-penicillin", "on-beta-lactam", "on-amoxicillin"]);
    expect(fired(decide([ir], patient({ allergies: [], orders: [order({ drug: { id: "cefalexin" }, route: "oral" })] })))).toEqual(["on-beta-lactam"]);
    expect(fired(decide([ir], patient({ allergies: [], orders: [order({ drug: { id: "gentamicin" } })] })))).toEqual([]);
  });

  test("an order sent by the drug's dm+d code is matched to the formulary drug", () => {
    const drug = { code: { system: "https://dmd.nhs.uk", code: "39732411000001106" }, display: "Amoxicillin 500mg capsules" };
    expect(fired(decide([ir], patient({ allergies: [], orders: [order({ drug })] })))).toEqual(["on-penicillin", "on-beta-lactam", "on-amoxicillin"]);
  });

  test("an order whose code matches no formulary drug has an unknown course drug", () => {
    const drug = { code: { system: "https://dmd.nhs.uk", code: "999999" }, display: "Something unlisted" };
    const decision = decide([ir], patient({ allergies: [], orders: [order({ drug })] }));
    expect(fired(decision)).toEqual([]);
    expect(missingKeys(decision)).toEqual(["order:o1:drug"]);
    expect(decision.missingData[0]!.description).toBe("formulary drug of order o1");
  });

  test("`allergic to course drug` reads the allergy list against the course's drug", () => {
    expect(fired(decide([ir], patient({ allergies: [{ class: "penicillins" }], orders: [order()] })))).toContain("on-allergen");
    expect(fired(decide([ir], patient({ allergies: [{ class: "cephalosporins" }], orders: [order()] })))).not.toContain("on-allergen");
    expect(ruleStatus([ir], patient({ orders: [order()] }), "on-allergen")).toBe("unknown");
  });
});

describe("`course indication`", () => {
  const ir = compileRules(rule("for-uti", "any course where course indication in lower-uti"));
  const coded = { system: "http://snomed.info/sct", code: "38822007" };

  test("is true when an indication is in the code list", () => {
    expect(fired(decide([ir], patient({ allergies: [], orders: [order({ indications: [{ system: "http://snomed.info/sct", code: "233604007" }, coded] })] })))).toEqual(["for-uti"]);
  });

  test("is false when the recorded indications are all outside the list, or the list is empty", () => {
    expect(ruleStatus([ir], patient({ allergies: [], orders: [order({ indications: [{ system: "snomed", code: "233604007" }] })] }), "for-uti")).toBe("not-fired");
    expect(ruleStatus([ir], patient({ allergies: [], orders: [order({ indications: [] })] }), "for-uti")).toBe("not-fired");
  });

  test("an order that sends no indications has none linked, so the condition is false rather than unknown", () => {
    const decision = decide([ir], patient({ allergies: [], orders: [order()] }));
    expect(decision.missingData).toEqual([]);
    expect(decision.guidelines[0]!.rulesApplied).toEqual([]);
  });
});

describe("cultures inside courses", () => {
  const ir = compileRules(
    rule("bug-drug-mismatch", "any course where any culture where culture specimen is urine and culture result for course drug is resistant", `alert high "organism resistant to the current antibiotic" key mismatch`),
  );

  test("a urine culture resistant to the course's drug fires the rule", () => {
    const decision = decide([ir], patient({ allergies: [], orders: [order()], microbiology: [culture({ susceptibilities: [result("amoxicillin", "resistant")] })] }));
    expect(fired(decision)).toEqual(["bug-drug-mismatch"]);
    expect(decision.alerts.map((a) => a.key)).toEqual(["mismatch"]);
  });

  test("a susceptible or intermediate result does not", () => {
    for (const value of ["susceptible", "intermediate"] as const) {
      const decision = decide([ir], patient({ allergies: [], orders: [order()], microbiology: [culture({ susceptibilities: [result("amoxicillin", value)] })] }));
      expect(fired(decision)).toEqual([]);
      expect(decision.missingData).toEqual([]);
    }
  });

  test("resistance to a drug the patient is not on does not count once the current drug was tested", () => {
    const decision = decide([ir], patient({ allergies: [], orders: [order()], microbiology: [culture({ susceptibilities: [result("amoxicillin", "susceptible"), result("trimethoprim", "resistant")] })] }));
    expect(fired(decision)).toEqual([]);
  });

  test("a pending culture without the course's drug tested leaves the rule unknown", () => {
    const decision = decide([ir], patient({ allergies: [], orders: [order()], microbiology: [culture({ status: "pending" })] }));
    expect(fired(decision)).toEqual([]);
    expect(decision.missingData).toEqual([
      { data: "culture:c1:susceptibility:amoxicillin", description: "susceptibility of culture c1 to amoxicillin", neededFor: [expect.stringContaining("rule bug-drug-mismatch")] },
    ]);
  });

  test("a blood culture is not a urine culture, whatever its results", () => {
    const decision = decide([ir], patient({ allergies: [], orders: [order()], microbiology: [culture({ specimen: "blood", susceptibilities: [result("amoxicillin", "resistant")] })] }));
    expect(fired(decision)).toEqual([]);
    expect(decision.missingData).toEqual([]);
  });

  test("with no microbiology list the rule is unknown, asking for microbiology results", () => {
    expect(missingKeys(decide([ir], patient({ allergies: [], orders: [order()] })))).toEqual(["list:microbiology"]);
  });

  test("two results for the course's drug that disagree leave the rule unknown, whatever order they are listed in", () => {
    const byId = result("amoxicillin", "susceptible");
    const byCode = { drug: { code: { system: "https://dmd.nhs.uk", code: "39732411000001106" } }, result: "resistant" };
    for (const susceptibilities of [[byId, byCode], [byCode, byId]]) {
      const decision = decide([ir], patient({ allergies: [], orders: [order()], microbiology: [culture({ susceptibilities })] }));
      expect(fired(decision)).toEqual([]);
      expect(missingKeys(decision)).toEqual(["culture:c1:susceptibility:amoxicillin"]);
    }
  });

  test("the same result listed twice for one drug still counts", () => {
    const susceptibilities = [result("amoxicillin", "resistant"), result("amoxicillin", "resistant")];
    expect(fired(decide([ir], patient({ allergies: [], orders: [order()], microbiology: [culture({ susceptibilities })] })))).toEqual(["bug-drug-mismatch"]);
  });

  test("a susceptibility sent by the drug's dm+d code is matched", () => {
    const susceptibilities = [{ drug: { code: { system: "http://snomed.info/sct", code: "39732411000001106" } }, result: "resistant" }];
    expect(fired(decide([ir], patient({ allergies: [], orders: [order()], microbiology: [culture({ susceptibilities })] })))).toEqual(["bug-drug-mismatch"]);
  });
});

describe("other culture fields", () => {
  test("`time since culture reported` and `culture organism` read the culture", () => {
    const ir = compileRules(rule("recent-urine", "any culture where culture specimen is urine and time since culture reported < 7 days"));
    expect(ruleStatus([ir], patient({ microbiology: [culture({ reported: hoursAgo(6 * 24) })] }), "recent-urine")).toBe("fired");
    expect(ruleStatus([ir], patient({ microbiology: [culture({ reported: hoursAgo(7 * 24) })] }), "recent-urine")).toBe("not-fired");
    expect(missingKeys(decide([ir], patient({ microbiology: [culture()] })))).toEqual(["culture:c1:reported"]);
  });

  describe("`culture organism`", () => {
    // A code list standing in for an organism list: the test prelude has no organisms of its own.
    const ir = compileRules(rule("grew-listed", "any culture where culture organism in pneumonia"));
    const grew = (extra: Record<string, unknown>) => ruleStatus([ir], patient({ microbiology: [culture(extra)] }), "grew-listed");

    test("is the organism reported: in the list or not", () => {
      expect(grew({ organism: { system: "http://snomed.info/sct", code: "233604007" } })).toBe("fired");
      expect(grew({ organism: { system: "http://snomed.info/sct", code: "38822007" } })).toBe("not-fired");
    });

    test("is unknown while no organism is reported, asking for it", () => {
      expect(grew({ status: "pending" })).toBe("unknown");
      expect(grew({})).toBe("unknown");
      expect(missingKeys(decide([ir], patient({ microbiology: [culture()] })))).toEqual(["culture:c1:organism"]);
    });

    test("is no organism at all when the laboratory reported no growth", () => {
      expect(grew({ noGrowth: true })).toBe("not-fired");
      expect(missingKeys(decide([ir], patient({ microbiology: [culture({ noGrowth: true })] })))).toEqual([]);
    });

    test("a culture that both grew an organism and had no growth is rejected, naming the field", () => {
      const diagnostics = reject([ir], patient({ microbiology: [culture({ noGrowth: true, organism: { system: "http://snomed.info/sct", code: "233604007" } })] }));
      expect(diagnostics.map((d) => d.message)).toEqual(["/microbiology/0/noGrowth: a culture cannot both grow an organism and have no growth"]);
    });
  });
});

describe("NICE NG109 recommendation 1.1.4", () => {
  const ng109 = compileNg109();
  const resistantCulture = culture({ susceptibilities: [result("nitrofurantoin", "resistant")] });
  const onNitrofurantoin = order({ drug: { id: "nitrofurantoin" }, route: "oral", start: hoursAgo(30), indications: [cystitis.code] });
  const egfr = [{ code: { system: "http://loinc.org", code: "33914-3" }, value: 80, unit: "mL/min/1.73m2", time: "2026-06-01" }];

  test("a pregnant woman whose urine culture is resistant to her antibiotic gets the high alert", () => {
    const context = patient({
      diagnoses: [cystitis],
      allergies: [],
      patient: { birthDate: "1996-03-02", sex: "female", pregnancy: { status: "pregnant", atTerm: false } },
      observations: egfr,
      orders: [onNitrofurantoin],
      microbiology: [resistantCulture],
    });
    const decision = decide([ng109], context);
    // Already on a course for the infection: it is reviewed, not prescribed afresh.
    expect(fired(decision)).toEqual(["culture-resistant-change", "current-course-review"]);
    expect(decision.alerts).toEqual([expect.objectContaining({ priority: "high", key: "organism-resistant@o1+c1", recommends: "change", interruptive: true })]);
  });

  test("a woman whose symptoms are improving gets only the info alert, not interruptive", () => {
    const context = patient({
      diagnoses: [cystitis],
      allergies: [],
      patient: { birthDate: "1996-03-02", sex: "female", pregnancy: { status: "not-pregnant" } },
      findings: [{ finding: "symptoms-improving", present: true }],
      observations: egfr,
      orders: [onNitrofurantoin],
      microbiology: [resistantCulture],
    });
    const decision = decide([ng109], context);
    expect(fired(decision)).toEqual(["culture-resistant-improving", "current-course-review"]);
    expect(decision.alerts).toEqual([expect.objectContaining({ priority: "info", recommends: "continue", interruptive: false })]);
  });
});
