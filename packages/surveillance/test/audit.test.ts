import type { PatientContextInput } from "@steward/core";
import { describe, expect, test } from "vitest";
import { auditPatient, contextHistory, prepareAudit, type Auditor, type AuditRow } from "../src/index.js";
import { bundledGuidelines } from "../../../test/support/guidelines.js";

const prepared = prepareAudit(bundledGuidelines());
if (prepared._tag === "Left") throw new Error(prepared.left.map((d) => d.message).join("; "));
const auditor: Auditor = prepared.right;

const cystitis = { system: "http://snomed.info/sct", code: "38822007", display: "Cystitis" };
const egfr = (value: number, time: string) => ({ code: { system: "http://loinc.org", code: "33914-3" }, value, unit: "mL/min/1.73m2", time });

function audit(context: PatientContextInput, asOf = "2026-12-31T00:00:00Z", site: string | null = "Y00001"): AuditRow[] {
  const history = contextHistory("p-1", site, context);
  if (history._tag === "Left") throw new Error(history.left.map((d) => d.message).join("; "));
  return auditPatient(auditor, history.right, { asOf });
}

const woman: PatientContextInput = {
  patient: { birthDate: "1996-01-15", sex: "female", pregnancy: { status: "not-pregnant" } },
  setting: "primary-care",
  allergies: [],
  observations: [egfr(80, "2026-01-10T09:00:00Z")],
  medicationHistory: [],
};

describe("a course in primary care, audited as the record stood when it was written", () => {
  test("nitrofurantoin for 3 days linked to cystitis is the first choice NG109 offers, with a course length within its range", () => {
    const [row] = audit({
      ...woman,
      diagnoses: [{ code: cystitis, recorded: "2026-03-02T09:00:00Z" }],
      orders: [{ id: "rx-1", status: "completed", drug: { id: "nitrofurantoin" }, route: "oral", authored: "2026-03-02T09:10:00Z", start: "2026-03-02T12:00:00Z", duration: { value: 3, unit: "d" }, indications: [cystitis] }],
    });
    expect(row).toMatchObject({
      patient: "p-1",
      site: "Y00001",
      order: 1,
      month: "2026-03",
      evaluatedAt: "2026-03-02T09:10:00Z",
      evaluatedFrom: "authored",
      status: "evaluated",
      setting: "primary-care",
      drug: "nitrofurantoin",
      aware: "access",
      indication: "linked",
      indicationCodes: ["http://snomed.info/sct|38822007"],
      recommendation: "offered",
      rank: "first",
      prescribedDays: 3,
      recommendedDaysMin: 3,
      recommendedDaysMax: 3,
      duration: "within",
      review: "not-applicable",
      ivos: "not-applicable",
      recommendedBy: "ng109-lower-uti",
      strategies: ["back-up", "immediate"],
      unrecognisedDiagnoses: 0,
      indicationUnrecognised: false,
      alerts: [],
    });
    expect(row?.guidelines.filter((g) => g.applies).map((g) => g.id)).toEqual(["coded-indication", "ng109-lower-uti", "ng111-pyelonephritis", "ng114-copd-exacerbation", "ng120-cough", "ng138-pneumonia", "ng141-cellulitis", "ng79-sinusitis", "ng84-sore-throat", "ng91-otitis-media"]);
    expect(row?.guidelines.filter((g) => !g.applies).map((g) => g.id)).toEqual(["iv-to-oral-switch", "restricted-antimicrobials", "start-smart-then-focus"]);
    expect(row?.guidelines.every((g) => /^sha256:[0-9a-f]{64}$/.test(g.contentHash))).toBe(true);
  });

  test("trimethoprim for 7 days with cystitis coded but not linked is coded, offered, longer than NG109's 3 days, and raises the coded-diagnosis alert", () => {
    const [row] = audit({
      ...woman,
      diagnoses: [{ code: cystitis, recorded: "2026-05-10T09:00:00Z" }],
      orders: [{ id: "rx-2", status: "completed", drug: { id: "trimethoprim" }, route: "oral", authored: "2026-05-10T09:05:00Z", duration: { value: 7, unit: "days" } }],
    });
    expect(row).toMatchObject({ indication: "coded", indicationCodes: [], recommendation: "offered", rank: "first", prescribedDays: 7, duration: "longer" });
    expect(row?.alerts).toEqual([
      { guideline: "coded-indication", rule: "diagnosis-before-prescription", key: "coded-diagnosis-required", priority: "high", interruptive: true, check: null },
      { guideline: "ng109-lower-uti", rule: "non-pregnant-women", key: "course-longer-than-guideline", priority: "medium", interruptive: false, check: "duration" },
    ]);
  });

  test("a diagnosis recorded after the order was written is not read: the indication is missing and no guideline recommended anything", () => {
    const [row] = audit({
      ...woman,
      diagnoses: [{ code: cystitis, recorded: "2026-05-11T09:00:00Z" }],
      orders: [{ id: "rx-3", status: "completed", drug: { id: "trimethoprim" }, route: "oral", authored: "2026-05-10T09:05:00Z", duration: { value: 3, unit: "d" } }],
    });
    expect(row).toMatchObject({ indication: "missing", recommendation: "no-recommendation", rank: null, duration: "not-applicable" });
  });

  test("an eGFR measured after the order does not make nitrofurantoin an option; one measured before does", () => {
    const order = { id: "rx-4", status: "completed" as const, drug: { id: "nitrofurantoin" }, route: "oral" as const, authored: "2026-06-01T10:00:00Z", duration: { value: 3, unit: "d" }, indications: [cystitis] };
    const diagnoses = [{ code: cystitis, recorded: "2026-06-01T09:50:00Z" }];
    const later = audit({ ...woman, observations: [egfr(80, "2026-06-02T09:00:00Z")], diagnoses, orders: [order] });
    const before = audit({ ...woman, observations: [egfr(80, "2026-05-30T09:00:00Z")], diagnoses, orders: [order] });
    expect(later[0]).toMatchObject({ recommendation: "withheld", rank: "first" });
    expect(before[0]).toMatchObject({ recommendation: "offered", rank: "first" });
  });

  test("pivmecillinam for a woman allergic to penicillins is an option NG109 excludes", () => {
    const [row] = audit({
      ...woman,
      allergies: [{ class: "penicillins", verification: "confirmed" }],
      diagnoses: [{ code: cystitis, recorded: "2026-07-01T09:00:00Z" }],
      orders: [{ id: "rx-5", status: "completed", drug: { id: "pivmecillinam" }, route: "oral", authored: "2026-07-01T09:10:00Z", duration: { value: 3, unit: "d" }, indications: [cystitis] }],
    });
    expect(row).toMatchObject({ recommendation: "excluded", rank: "second", duration: "not-applicable" });
  });

  test("courses are numbered in the order they were written, whatever order the record lists them in, and a course with no time is not evaluated", () => {
    const rows = audit({
      ...woman,
      diagnoses: [{ code: cystitis, recorded: "2026-02-01T09:00:00Z" }],
      orders: [
        { id: "b", status: "completed", drug: { id: "trimethoprim" }, route: "oral", authored: "2026-04-01T09:00:00Z" },
        { id: "c", status: "completed", drug: { id: "trimethoprim" }, route: "oral" },
        { id: "a", status: "completed", drug: { id: "nitrofurantoin" }, route: "oral", authored: "2026-02-01T09:10:00Z" },
        { id: "d", status: "cancelled", drug: { id: "nitrofurantoin" }, route: "oral", authored: "2026-02-01T09:11:00Z" },
      ],
    });
    expect(rows.map((r) => [r.order, r.drug, r.month, r.status, r.problem])).toEqual([
      [1, "nitrofurantoin", "2026-02", "evaluated", null],
      [2, "trimethoprim", "2026-04", "evaluated", null],
      [3, "trimethoprim", null, "not-evaluated", "audit/no-time"],
    ]);
    expect(rows[0]?.duration).toBe("not-stated");
  });

  test("rows carry the pseudonymous key and no identifier from the record: neither the order ids nor any display text", () => {
    const rows = audit({ ...woman, diagnoses: [{ code: cystitis, recorded: "2026-03-02T09:00:00Z" }], orders: [{ id: "NHS-9434765919-rx", status: "active", drug: { id: "nitrofurantoin", display: "Nitrofurantoin 100mg MR" }, route: "oral", authored: "2026-03-02T09:10:00Z", indications: [cystitis] }] });
    const text = JSON.stringify(rows);
    expect(text).not.toContain("9434765919");
    expect(text).not.toContain("Nitrofurantoin 100mg");
    expect(text).not.toContain("Cystitis");
  });
});

describe("an inpatient IV course: review by 72 hours and the IV-to-oral switch criteria", () => {
  const vital = (code: string, value: number, unit: string, time: string) => ({ code: { system: code === "8310-5" ? "http://loinc.org" : "http://snomed.info/sct", code }, value, unit, time });
  const finding = (id: string, present: boolean, time: string) => ({ finding: id, present, time });
  const criteriaAt = (time: string, improving: boolean) => [
    finding("clinical-signs-improving", improving, time),
    finding("gi-tract-functioning", true, time),
    finding("safe-swallow-or-enteral-tube", true, time),
    finding("vomiting-in-last-24-hours", false, time),
    finding("adherence-concerns", false, time),
    ...["bloodstream-infection", "empyema", "endocarditis", "meningitis", "osteomyelitis", "necrotising-soft-tissue-infection"].map((f) => finding(f, false, time)),
  ];
  const inpatient = (review: { outcome: "continue" | "switch-to-oral"; at: string } | undefined, end: string): PatientContextInput => ({
    patient: { birthDate: "1960-03-14", sex: "male" },
    setting: "inpatient",
    admitted: "2026-04-01T08:00:00Z",
    diagnoses: [{ code: { system: "http://snomed.info/sct", code: "385093006" }, recorded: "2026-04-01T09:00:00Z" }],
    allergies: [],
    microbiology: [],
    medicationHistory: [],
    observations: [
      vital("8310-5", 38.6, "Cel", "2026-04-01T12:00:00Z"),
      vital("1104051000000101", 6, "{score}", "2026-04-01T12:00:00Z"),
      vital("8310-5", 37.8, "Cel", "2026-04-02T12:00:00Z"),
      vital("1104051000000101", 4, "{score}", "2026-04-02T12:00:00Z"),
      vital("8310-5", 37.1, "Cel", "2026-04-03T08:00:00Z"),
      vital("1104051000000101", 2, "{score}", "2026-04-03T08:00:00Z"),
    ],
    findings: [...criteriaAt("2026-04-02T12:00:00Z", false), ...criteriaAt("2026-04-03T08:00:00Z", true)],
    orders: [
      {
        id: "iv-1",
        status: "stopped",
        drug: { id: "co-amoxiclav" },
        route: "iv",
        authored: "2026-04-01T10:00:00Z",
        start: "2026-04-01T10:30:00Z",
        end,
        indications: [{ system: "http://snomed.info/sct", code: "385093006" }],
        ...(review === undefined ? {} : { review: { ...review, ...(review.outcome === "continue" ? { nextReview: "2026-04-04T09:00:00Z" } : {}) } }),
      },
    ],
  });

  test("reviewed 46.5 hours after the first dose; the switch criteria were first met when the data of 3 April arrived; it stayed IV 74 hours more", () => {
    const [row] = audit(inpatient({ outcome: "continue", at: "2026-04-03T09:00:00Z" }, "2026-04-06T10:00:00Z"));
    expect(row).toMatchObject({ setting: "inpatient", route: "iv", aware: "watch", indication: "linked", review: "reviewed", reviewHours: 46.5, ivos: "met", ivosMetAt: "2026-04-03T08:00:00Z", ivosHoursToMet: 45.5, ivosHoursIvAfter: 74 });
  });

  test("a review at 80 hours is too late; a course stopped at 60 hours without one was not due one", () => {
    expect(audit(inpatient({ outcome: "continue", at: "2026-04-04T18:30:00Z" }, "2026-04-06T10:00:00Z"))[0]).toMatchObject({ review: "not-reviewed", reviewHours: null });
    expect(audit(inpatient(undefined, "2026-04-03T22:30:00Z"))[0]).toMatchObject({ review: "not-due", ivos: "met", ivosHoursIvAfter: 14.5 });
  });

  test("a course whose record ends before it met the criteria never met them, and one without a start is unknown", () => {
    expect(audit(inpatient(undefined, "2026-04-06T10:00:00Z"), "2026-04-03T07:00:00Z")[0]).toMatchObject({ ivos: "never-met", review: "not-due" });
    const context = inpatient(undefined, "2026-04-06T10:00:00Z");
    const withoutStart = { ...context.orders![0]!, start: undefined };
    expect(audit({ ...context, orders: [withoutStart] })[0]).toMatchObject({ ivos: "unknown", review: "unknown" });
  });
});
