/**
 * `auditPatient`: one row per antimicrobial course of a patient's record. Each course is numbered in
 * the order it was written; the guidelines are evaluated on the record as it stood when it was
 * written (that moment is `now`, and only what was recorded by then is read), with the course as
 * the draft order being signed; its review and IV-to-oral switch are read from the whole record.
 */
import { codeKey, evaluate, formatInstant, type AlertPolicy, type Decision, type PatientContextInput } from "@steward/core";
import type { AuditAlert, AuditGuideline, AuditRow, IndicationStatus } from "./audit-row.js";
import { codingText, formularyDrug, type Auditor } from "./auditor.js";
import { prescribedDays } from "./course-length.js";
import { earliest, latest, monthOf } from "./instants.js";
import { ivosOf } from "./ivos.js";
import type { AuditedCourse, PatientHistory } from "./patient-history.js";
import { compareWithDecision } from "./recommendation.js";
import { reviewOf } from "./review.js";

/** How to audit. */
export interface AuditOptions {
  /** The end of the audit period (when the record was extracted), a date-time with a zone: reviews and switches are judged up to it. */
  readonly asOf: string;
  /** Overrides of the default alert policy, as `evaluate` takes them. */
  readonly alertPolicy?: Partial<AlertPolicy>;
  /** At most this many moments of an IV course are checked against the switch criteria; a longer course is `unknown` (default 200). */
  readonly maxIvosMoments?: number;
}

/** When the course was written, as the audit evaluates it: its authored time, else its start. */
function writtenAt(course: AuditedCourse["course"]): { at: number; from: "authored" | "start" } | undefined {
  // A date without a time means some moment that day: everything recorded that day counts.
  if (course.authored !== undefined) return { at: latest(course.authored), from: "authored" };
  if (course.start !== undefined) return { at: latest(course.start), from: "start" };
  return undefined;
}

/** The courses in the order they were written: by time (courses without one last), then by id. */
function inOrderOfWriting(courses: readonly AuditedCourse[]): AuditedCourse[] {
  const key = (c: AuditedCourse): number => writtenAt(c.course)?.at ?? Number.POSITIVE_INFINITY;
  return [...courses].sort((a, b) => key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Audits every antimicrobial course of one patient's record: one row each, in order of writing. */
export function auditPatient(auditor: Auditor, history: PatientHistory, options: AuditOptions): AuditRow[] {
  const asOf = earliest(options.asOf);
  const maxMoments = options.maxIvosMoments ?? 200;
  const courses = history.listsAllMedicines ? history.courses.filter((c) => formularyDrug(auditor, c.course.drug) !== undefined) : history.courses;
  return inOrderOfWriting(courses).map((audited, i) => {
    const course = audited.course;
    const drug = formularyDrug(auditor, course.drug);
    const written = writtenAt(course);
    const linked = [...new Set((course.indications ?? []).map(codingText))].sort();
    const base: OrderFacts = {
      patient: history.key,
      site: history.site,
      order: i + 1,
      month: written === undefined ? null : monthOf(written.at),
      evaluatedAt: written === undefined ? null : formatInstant(written.at),
      evaluatedFrom: written?.from ?? null,
      drug: drug?.id ?? null,
      drugCode: course.drug.code === undefined ? null : codingText(course.drug.code),
      aware: drug?.aware ?? null,
      route: course.route ?? null,
      indicationCodes: linked,
      prescribedDays: prescribedDays(course) ?? null,
    };
    const evaluated = written === undefined ? ({ problem: "audit/no-time" } as const) : decisionWhenWritten(auditor, history, audited, written.at, options);
    if ("problem" in evaluated) return notEvaluated(base, history.record.setting, linked.length > 0, evaluated.problem);
    const { context, decision } = evaluated;
    const setting = context.setting;
    const inpatient = setting === "inpatient";
    return {
      ...base,
      status: "evaluated",
      problem: null,
      setting,
      indication: indicationOf(auditor, linked.length > 0, context),
      strategies: [...new Set(decision.strategies.map((s) => s.kind))].sort(),
      unrecognisedDiagnoses: decision.unrecognisedDiagnoses.length,
      indicationUnrecognised: decision.unrecognisedDiagnoses.some((d) => linked.includes(`${d.system}|${d.code}`)),
      ...compareWithDecision(decision, drug?.id, base.prescribedDays ?? undefined),
      ...reviewOf(audited, inpatient, history.reviewsRecorded, asOf),
      ...ivosOf(auditor, history, audited, inpatient, asOf, maxMoments),
      alerts: alertsAbout(decision, audited.id),
      guidelines: guidelinesOf(decision),
    };
  });
}

/** What the order itself says, whether or not the guidelines could be evaluated. */
type OrderFacts = Pick<AuditRow, "patient" | "site" | "order" | "month" | "evaluatedAt" | "evaluatedFrom" | "drug" | "drugCode" | "aware" | "route" | "indicationCodes" | "prescribedDays">;

/** The record as it stood when the course was written and the Decision made on it, or the code of what stopped it. */
function decisionWhenWritten(auditor: Auditor, history: PatientHistory, audited: AuditedCourse, at: number, options: AuditOptions): { context: PatientContextInput; decision: Decision } | { problem: string } {
  const context = history.at(at, audited.ref);
  if (context._tag === "Left") return { problem: context.left[0]?.code ?? "eval/invalid-context" };
  const decision = evaluate(auditor.evaluator, context.right, { now: formatInstant(at), ...(options.alertPolicy === undefined ? {} : { alertPolicy: options.alertPolicy }) });
  if (decision._tag === "Left") return { problem: decision.left[0]?.code ?? "eval/invalid-context" };
  return { context: context.right, decision: decision.right };
}

function notEvaluated(base: OrderFacts, setting: AuditRow["setting"], linked: boolean, problem: string): AuditRow {
  return {
    ...base,
    status: "not-evaluated",
    problem,
    setting,
    // Without the record as it stood, only the order itself says whether an indication is linked.
    indication: linked ? "linked" : "missing",
    recommendation: "no-recommendation",
    recommendedBy: null,
    strategies: [],
    unrecognisedDiagnoses: null,
    indicationUnrecognised: null,
    rank: null,
    recommendedDaysMin: null,
    recommendedDaysMax: null,
    duration: "not-applicable",
    review: "unknown",
    reviewHours: null,
    ivos: "unknown",
    ivosMetAt: null,
    ivosHoursToMet: null,
    ivosHoursIvAfter: null,
    alerts: [],
    guidelines: [],
  };
}

/** Linked when the order names an indication; coded when the record then held an active diagnosis a guideline treats. */
function indicationOf(auditor: Auditor, linked: boolean, context: PatientContextInput): IndicationStatus {
  if (linked) return "linked";
  const coded = (context.diagnoses ?? []).some((d) => (d.status ?? "active") === "active" && auditor.treatedDiagnoses.has(codeKey(d.code.system, d.code.code)));
  return coded ? "coded" : "missing";
}

/** The alerts about this order, or about the patient as a whole, as the guidelines raised them. */
function alertsAbout(decision: Decision, orderId: string): AuditAlert[] {
  return decision.alerts
    .filter((a) => a.concerns?.order === undefined || a.concerns.order.id === orderId)
    .map((a) => ({ guideline: a.provenance.guideline, rule: a.provenance.rule, key: a.key.split("@")[0]!, priority: a.priority, interruptive: a.interruptive, check: a.check?.kind ?? null }));
}

function guidelinesOf(decision: Decision): AuditGuideline[] {
  return decision.guidelines.map((g) => ({ id: g.id, version: g.version, contentHash: g.contentHash, applies: g.applies }));
}
