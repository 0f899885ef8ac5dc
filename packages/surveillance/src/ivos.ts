/**
 * IV-to-oral switch: when did an inpatient IV course first meet the switch criteria, and how long
 * did it stay IV after that? The guidelines are evaluated on the record as it stood at each moment
 * new data arrived during the course (each observation and finding, and the first dose); the first
 * moment a Decision suggests switching this course is when it met them. Only the guidelines that can
 * suggest a switch are evaluated at these moments (`Auditor.switchEvaluator`).
 */
import { evaluate, formatInstant } from "@steward/core";
import type { IvosStatus } from "./audit-row.js";
import type { Auditor } from "./auditor.js";
import { earliest, hoursBetween, latest } from "./instants.js";
import type { AuditedCourse, PatientHistory } from "./patient-history.js";
import { roundHours } from "./review.js";

/** The switch criteria's outcome for one course. */
export interface IvosResult {
  readonly ivos: IvosStatus;
  readonly ivosMetAt: string | null;
  readonly ivosHoursToMet: number | null;
  readonly ivosHoursIvAfter: number | null;
}

const notApplicable: IvosResult = { ivos: "not-applicable", ivosMetAt: null, ivosHoursToMet: null, ivosHoursIvAfter: null };
const unknown: IvosResult = { ivos: "unknown", ivosMetAt: null, ivosHoursToMet: null, ivosHoursIvAfter: null };

/** The moments data arrived between `from` and `to` (inclusive), with `from` itself, sorted. */
function moments(history: PatientHistory, from: number, to: number): number[] {
  const out = new Set<number>([from]);
  for (const o of history.record.observations ?? []) out.add(earliest(o.time));
  for (const f of history.record.findings ?? []) if (f.time !== undefined) out.add(earliest(f.time));
  return [...out].filter((m) => m >= from && m <= to).sort((a, b) => a - b);
}

/** Checks an inpatient IV course against the switch criteria at each moment of it, up to `maxMoments` moments. */
export function ivosOf(auditor: Auditor, history: PatientHistory, audited: AuditedCourse, inpatient: boolean, asOf: number, maxMoments: number): IvosResult {
  const course = audited.course;
  if (!inpatient || course.route !== "iv") return notApplicable;
  if (course.start === undefined) return unknown;
  const start = earliest(course.start);
  const ivEnd = Math.min(course.end === undefined ? asOf : latest(course.end), asOf);
  const times = moments(history, start, ivEnd);
  if (times.length > maxMoments) return unknown;
  for (const at of times) {
    const context = history.at(at, undefined);
    if (context._tag === "Left") continue;
    const decision = evaluate(auditor.switchEvaluator, context.right, { now: formatInstant(at) });
    if (decision._tag === "Left") continue;
    const suggested = decision.right.actions.some((a) => a.kind === "switch-to-oral" && a.concerns?.order?.id === audited.id);
    if (suggested) return { ivos: "met", ivosMetAt: formatInstant(at), ivosHoursToMet: roundHours(hoursBetween(start, at)), ivosHoursIvAfter: roundHours(hoursBetween(at, ivEnd)) };
  }
  return { ivos: "never-met", ivosMetAt: null, ivosHoursToMet: null, ivosHoursIvAfter: null };
}
