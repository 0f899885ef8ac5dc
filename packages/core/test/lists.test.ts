import { describe, expect, test } from "vitest";
import { compileRules, cystitis, decide, fired, missingKeys, patient, rule, ruleStatus } from "./support/evaluation.js";

const order = (extra: Record<string, unknown> = {}) => ({ id: "o1", status: "active", drug: { id: "amoxicillin" }, route: "iv", start: "2026-06-14T08:00:00Z", ...extra });
const culture = (extra: Record<string, unknown> = {}) => ({ id: "c1", specimen: "urine", status: "final", susceptibilities: [], ...extra });

describe("diagnoses", () => {
  const ir = compileRules([rule("has-uti", "diagnosis in lower-uti"), rule("no-uti", "not (diagnosis in lower-uti)")].join("\n"));

  test("an absent diagnosis list makes `diagnosis in` unknown", () => {
    const decision = decide([ir], patient());
    expect(fired(decision)).toEqual([]);
    expect(decision.missingData).toEqual([
      { data: "list:diagnoses", description: "coded diagnoses", neededFor: [expect.stringContaining("rule has-uti"), expect.stringContaining("rule no-uti")] },
    ]);
  });

  test("a present empty diagnosis list makes `diagnosis in` false", () => {
    const decision = decide([ir], patient({ diagnoses: [] }));
    expect(fired(decision)).toEqual(["no-uti"]);
    expect(decision.missingData).toEqual([]);
  });

  test("a listed active diagnosis makes it true", () => {
    expect(fired(decide([ir], patient({ diagnoses: [cystitis] })))).toEqual(["has-uti"]);
  });

  test("resolved, refuted and entered-in-error diagnoses do not count", () => {
    for (const status of ["resolved", "inactive", "refuted", "entered-in-error"] as const) {
      expect(fired(decide([ir], patient({ diagnoses: [{ ...cystitis, status }] })))).toEqual(["no-uti"]);
    }
  });

  test("a code list matches codes sent with the system word or the FHIR URI", () => {
    for (const system of ["snomed", "http://snomed.info/sct"]) {
      expect(fired(decide([ir], patient({ diagnoses: [{ code: { system, code: "38822007" } }] })))).toEqual(["has-uti"]);
    }
  });

  test("the same code in another code system does not match", () => {
    expect(fired(decide([ir], patient({ diagnoses: [{ code: { system: "http://loinc.org", code: "38822007" } }] })))).toEqual(["no-uti"]);
  });

  test("an item that is present decides an `or` even when the diagnosis list is absent", () => {
    const either = compileRules(rule("uti-or-fever", "diagnosis in lower-uti or fever"));
    const decision = decide([either], patient({ findings: [{ finding: "fever", present: true }] }));
    expect(fired(decision)).toEqual(["uti-or-fever"]);
    expect(decision.missingData).toEqual([]);
  });
});

describe("allergies", () => {
  const ir = compileRules(rule("penicillin-allergy", "allergic to amoxicillin"));

  test("an absent allergy list makes `allergic to` unknown", () => {
    expect(ruleStatus([ir], patient(), "penicillin-allergy")).toBe("unknown");
    expect(missingKeys(decide([ir], patient()))).toEqual(["list:allergies"]);
  });

  test("a present empty allergy list makes `allergic to` false", () => {
    const decision = decide([ir], patient({ allergies: [] }));
    expect(ruleStatus([ir], patient({ allergies: [] }), "penicillin-allergy")).toBe("not-fired");
    expect(decision.missingData).toEqual([]);
  });
});

describe("orders, through `any course where`", () => {
  const ir = compileRules(
    [rule("on-iv", "any course where course route is iv"), rule("no-iv", "no course where course route is iv"), rule("any-order", "any course")].join("\n"),
  );

  test("an absent order list makes `any course` and `no course` unknown", () => {
    const decision = decide([ir], patient());
    expect(fired(decision)).toEqual([]);
    expect(missingKeys(decision)).toEqual(["list:orders"]);
    expect(decision.missingData[0]!.neededFor).toHaveLength(3);
  });

  test("a present empty order list makes `any course where` false and `no course where` true", () => {
    const decision = decide([ir], patient({ orders: [] }));
    expect(fired(decision)).toEqual(["no-iv"]);
    expect(decision.missingData).toEqual([]);
  });

  test("an active IV order makes `any course where course route is iv` true", () => {
    expect(fired(decide([ir], patient({ orders: [order()] })))).toEqual(["on-iv", "any-order"]);
  });

  test("a draft order counts as a course", () => {
    expect(fired(decide([ir], patient({ orders: [order({ status: "draft" })] })))).toEqual(["on-iv", "any-order"]);
  });

  test("completed, stopped and cancelled orders are not courses", () => {
    for (const status of ["completed", "stopped", "cancelled"]) {
      expect(fired(decide([ir], patient({ orders: [order({ status })] })))).toEqual(["no-iv"]);
    }
  });

  test("an oral order only makes the IV question false", () => {
    expect(fired(decide([ir], patient({ orders: [order({ route: "oral" })] })))).toEqual(["no-iv", "any-order"]);
  });
});

describe("microbiology, through `any culture where`", () => {
  const ir = compileRules([rule("urine-culture", "any culture where culture specimen is urine"), rule("no-urine-culture", "no culture where culture specimen is urine")].join("\n"));

  test("an absent microbiology list makes `any culture where` unknown", () => {
    const decision = decide([ir], patient());
    expect(fired(decision)).toEqual([]);
    expect(missingKeys(decision)).toEqual(["list:microbiology"]);
    expect(decision.missingData[0]!.description).toBe("microbiology results");
  });

  test("a present empty microbiology list makes `any culture where` false", () => {
    const decision = decide([ir], patient({ microbiology: [] }));
    expect(fired(decision)).toEqual(["no-urine-culture"]);
    expect(decision.missingData).toEqual([]);
  });

  test("a urine culture makes it true and a blood culture alone does not", () => {
    expect(fired(decide([ir], patient({ microbiology: [culture()] })))).toEqual(["urine-culture"]);
    expect(fired(decide([ir], patient({ microbiology: [culture({ specimen: "blood" })] })))).toEqual(["no-urine-culture"]);
  });
});

describe("findings are open-world", () => {
  const ir = compileRules([rule("febrile", "fever"), rule("afebrile", "not fever")].join("\n"));

  test("a finding not recorded is unknown even when a findings list is sent", () => {
    for (const findings of [[], [{ finding: "symptoms-improving", present: true }]]) {
      const decision = decide([ir], patient({ findings }));
      expect(fired(decision)).toEqual([]);
      expect(decision.missingData).toEqual([
        { data: "finding:fever", description: "fever", neededFor: [expect.stringContaining("rule febrile"), expect.stringContaining("rule afebrile")] },
      ]);
    }
  });

  test("a finding not recorded is unknown when no findings list is sent", () => {
    expect(missingKeys(decide([ir], patient()))).toEqual(["finding:fever"]);
  });

  test("a finding recorded present is true and recorded absent is false", () => {
    expect(fired(decide([ir], patient({ findings: [{ finding: "fever", present: true }] })))).toEqual(["febrile"]);
    expect(fired(decide([ir], patient({ findings: [{ finding: "fever", present: false }] })))).toEqual(["afebrile"]);
  });

  test("a finding may be sent by one of its codes instead of its id", () => {
    const findings = [{ code: { system: "http://snomed.info/sct", code: "386661006" }, present: true }];
    expect(fired(decide([ir], patient({ findings })))).toEqual(["febrile"]);
  });

  test("the most recent record of a finding wins, whatever order they are sent in", () => {
    const earlier = { finding: "fever", present: true, time: "2026-06-14T08:00:00Z" };
    const later = { finding: "fever", present: false, time: "2026-06-15T08:00:00Z" };
    expect(fired(decide([ir], patient({ findings: [earlier, later] })))).toEqual(["afebrile"]);
    expect(fired(decide([ir], patient({ findings: [later, earlier] })))).toEqual(["afebrile"]);
  });

  test("records of a finding at the same time that disagree leave it unknown, whatever order they are sent in", () => {
    const present = { finding: "fever", present: true, time: "2026-06-15T08:00:00Z" };
    const absent = { finding: "fever", present: false, time: "2026-06-15T08:00:00Z" };
    for (const findings of [[present, absent], [absent, present], [{ finding: "fever", present: true }, { finding: "fever", present: false }]]) {
      const decision = decide([ir], patient({ findings }));
      expect(fired(decision)).toEqual([]);
      expect(missingKeys(decision)).toEqual(["finding:fever"]);
    }
  });

  test("a later record settles a finding that earlier records disagreed about", () => {
    const findings = [
      { finding: "fever", present: true, time: "2026-06-15T08:00:00Z" },
      { finding: "fever", present: false, time: "2026-06-15T08:00:00Z" },
      { finding: "fever", present: true, time: "2026-06-15T10:00:00Z" },
    ];
    expect(fired(decide([ir], patient({ findings })))).toEqual(["febrile"]);
  });

  test("a finding id the guideline does not declare is ignored", () => {
    expect(missingKeys(decide([ir], patient({ findings: [{ finding: "rash", present: true }] })))).toEqual(["finding:fever"]);
  });
});

describe("a guideline outside its care settings", () => {
  test("does not apply: no rule is evaluated and nothing is asked for", () => {
    const ir = compileRules(rule("febrile", "fever"));
    const decision = decide([ir], patient({ setting: "urgent-care" }));
    expect(decision.guidelines).toEqual([expect.objectContaining({ id: "test-rules", applies: false, rulesApplied: [] })]);
    expect(decision.missingData).toEqual([]);
  });
});
