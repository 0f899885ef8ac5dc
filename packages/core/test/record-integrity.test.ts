import { describe, expect, test } from "vitest";
import { compileRules, cystitis, decide, NOW, patient, reject, rule } from "./support/evaluation.js";

const rules = compileRules(
  [
    rule("on-course", "course status is active", `alert high "{course drug} needs review" key needs-review`).replace("when", "for each course\n  when"),
    rule("in-pregnancy", "pregnant", `alert high "pregnant" key pregnant`),
  ].join("\n"),
);
const order = (id: string, drug = "amoxicillin") => ({ id, status: "active", drug: { id: drug }, route: "oral" });
const culture = (id: string) => ({ id, specimen: "urine", status: "final" });
const messages = (context: unknown): [string, string][] => reject([rules], context).map((d) => [d.code, d.message]);

describe("ids name one record each", () => {
  test("two orders with one id are refused: acknowledging one order's alert would hide the other's", () => {
    const context = patient({ orders: [order("rx-1"), order("rx-1", "nitrofurantoin")], acknowledgedAlerts: [{ key: "needs-review@rx-1", at: NOW }] });
    expect(messages(context)).toEqual([["eval/duplicate-id", "/orders/1/id: `rx-1` is already the id of /orders/0"]]);
  });

  test.each([
    ["microbiology", { microbiology: [culture("c1"), culture("c2"), culture("c1")] }, "/microbiology/2/id: `c1` is already the id of /microbiology/0"],
    ["allergies", { allergies: [{ id: "a1", class: "penicillins" }, { id: "a1", drug: "trimethoprim" }] }, "/allergies/1/id: `a1` is already the id of /allergies/0"],
    ["medicationHistory", { medicationHistory: [{ id: "h1", status: "completed", drug: { id: "amoxicillin" } }, { id: "h1", status: "stopped", drug: { id: "amoxicillin" } }] }, "/medicationHistory/1/id: `h1` is already the id of /medicationHistory/0"],
  ])("two %s records with one id are refused", (_, extra, message) => {
    expect(messages(patient(extra))).toEqual([["eval/duplicate-id", message]]);
  });

  test("records without ids (where an id is optional) are not compared", () => {
    expect(decide([rules], patient({ allergies: [{ class: "penicillins" }, { class: "penicillins" }] })).alerts).toEqual([]);
  });

  test("one condition coded two ways, sent as two diagnoses with its id, is accepted; two conditions disagreeing under one id are not", () => {
    const icd = { code: { system: "http://hl7.org/fhir/sid/icd-10", code: "N30.0" } };
    expect(decide([rules], patient({ diagnoses: [{ id: "d1", ...cystitis, recorded: "2026-06-01" }, { id: "d1", ...icd, recorded: "2026-06-01" }] })).alerts).toEqual([]);
    expect(messages(patient({ diagnoses: [{ id: "d1", ...cystitis }, { id: "d1", ...icd, status: "resolved" }] }))).toEqual([
      ["eval/duplicate-id", "/diagnoses/1/status: diagnosis `d1` is also /diagnoses/0, whose status differs"],
    ]);
  });
});

describe("facts that contradict each other", () => {
  test("an age that contradicts the date of birth is refused: which one is wrong cannot be told, and age decides doses and contraindications", () => {
    expect(messages(patient({ patient: { birthDate: "1960-06-16", age: 66 } }))).toEqual([
      ["eval/contradictory-context", "/patient/age: the age 66 contradicts the date of birth 1960-06-16, which makes the patient 65"],
    ]);
    expect(decide([rules], patient({ patient: { birthDate: "1960-06-15", age: 66 } })).alerts).toEqual([]);
  });

  test("trimester 1 at 40 weeks' gestation is refused: the trimester and the term decide different contraindications", () => {
    expect(messages(patient({ patient: { sex: "female", pregnancy: { status: "pregnant", trimester: 1, gestationWeeks: 40 } } }))).toEqual([
      ["eval/contradictory-context", "/patient/pregnancy/trimester: trimester 1 contradicts 40 weeks' gestation"],
    ]);
  });

  test.each([
    [1, 13.9, true],
    [1, 14, false],
    [2, 12, true],
    [2, 28.9, true],
    [2, 11, false],
    [2, 29, false],
    [3, 26, true],
    [3, 25, false],
  ] as const)("trimester %s at %s weeks is accepted: %s (the widest span any convention gives)", (trimester, gestationWeeks, accepted) => {
    const context = patient({ patient: { sex: "female", pregnancy: { status: "pregnant", trimester, gestationWeeks } } });
    if (accepted) expect(decide([rules], context).alerts.map((a) => a.key)).toEqual(["pregnant"]);
    else expect(reject([rules], context).map((d) => d.code)).toEqual(["eval/contradictory-context"]);
  });

  test("`atTerm` that contradicts the gestation is refused either way round", () => {
    expect(messages(patient({ patient: { pregnancy: { status: "pregnant", gestationWeeks: 30, atTerm: true } } }))).toEqual([
      ["eval/contradictory-context", "/patient/pregnancy/atTerm: `atTerm: true` contradicts 30 weeks' gestation (term is from 37 weeks)"],
    ]);
    expect(messages(patient({ patient: { pregnancy: { status: "pregnant", gestationWeeks: 39, atTerm: false } } })).map(([c]) => c)).toEqual(["eval/contradictory-context"]);
    expect(decide([rules], patient({ patient: { pregnancy: { status: "pregnant", gestationWeeks: 37, atTerm: true } } })).alerts).toHaveLength(1);
  });

  test("details of a pregnancy on a record that says not pregnant, or unknown, are refused", () => {
    expect(messages(patient({ patient: { pregnancy: { status: "not-pregnant", gestationWeeks: 12 } } }))).toEqual([
      ["eval/contradictory-context", "/patient/pregnancy/gestationWeeks: a pregnancy recorded as `not-pregnant` has no gestationWeeks"],
    ]);
    expect(messages(patient({ patient: { pregnancy: { status: "unknown", trimester: 2 } } })).map(([c]) => c)).toEqual(["eval/contradictory-context"]);
  });

  test("a pregnant patient recorded as male is evaluated as pregnant, and the contradiction is reported for the record to be put right", () => {
    const decision = decide([rules], patient({ patient: { sex: "male", pregnancy: { status: "pregnant" } } }));
    expect(decision.alerts.map((a) => a.key)).toEqual(["pregnant"]);
    expect(decision.contradictions).toEqual([{ fields: ["/patient/sex", "/patient/pregnancy/status"], message: expect.stringContaining("the pregnancy is taken as recorded") }]);
    expect(decide([rules], patient({ patient: { sex: "female", pregnancy: { status: "pregnant" } } })).contradictions).toEqual([]);
  });
});

describe("records that contradict themselves", () => {
  test.each([
    ["an order", { orders: [{ ...order("rx-1"), start: "2026-06-10T08:00:00Z", end: "2026-06-05T08:00:00Z" }] }, "/orders/0/end: the course ends (2026-06-05T08:00:00Z) before it starts (2026-06-10T08:00:00Z)"],
    ["a past course", { medicationHistory: [{ status: "completed", drug: { id: "amoxicillin" }, start: "2026-03-10", end: "2026-03-01" }] }, "/medicationHistory/0/end: the course ends (2026-03-01) before it starts (2026-03-10)"],
    ["a culture", { microbiology: [{ ...culture("c1"), collected: "2026-06-10T08:00:00Z", reported: "2026-06-09T08:00:00Z" }] }, "/microbiology/0/reported: the culture is reported (2026-06-09T08:00:00Z) before its specimen was collected (2026-06-10T08:00:00Z)"],
  ])("%s whose times run backwards is refused, naming the field: neither time can be trusted for a course length or a result's age", (_, extra, message) => {
    expect(messages(patient(extra))).toEqual([["eval/contradictory-context", message]]);
  });

  test("a course that starts and ends at the same moment, or gives only one of the two, is accepted", () => {
    expect(decide([rules], patient({ orders: [{ ...order("rx-1"), start: "2026-06-10", end: "2026-06-10" }, { ...order("rx-2"), end: "2026-06-01" }] })).contradictions).toEqual([]);
  });

  test("the same allergy recorded as confirmed and as refuted still counts, and the Decision says so: never silently one of the two", () => {
    const options = compileRules(rule("uti", "diagnosis in lower-uti", "first choice amoxicillin 500 mg oral three times daily for 5 days"));
    const allergies = [
      { id: "a1", class: "penicillins", verification: "refuted" },
      { id: "a2", class: "penicillins", verification: "confirmed", reaction: "anaphylaxis" },
    ];
    for (const list of [allergies, [...allergies].reverse()]) {
      const decision = decide([options], patient({ diagnoses: [cystitis], allergies: list }));
      expect(decision.excluded.map((x) => [x.drug.id, x.because])).toEqual([["amoxicillin", "allergy"]]);
      expect(decision.contradictions).toEqual([
        { fields: [expect.stringMatching(/^\/allergies\/\d\/verification$/), expect.stringMatching(/^\/allergies\/\d\/verification$/)], message: "the allergy to class penicillins is recorded as confirmed and as refuted: it is taken as confirmed, so every caution for it applies" },
      ]);
    }
    expect(decide([options], patient({ diagnoses: [cystitis], allergies: [allergies[0]!] })).contradictions).toEqual([]);
  });
});
