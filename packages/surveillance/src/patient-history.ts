/**
 * One patient's record as the audit reads it: the whole record at the end of the audit period, the
 * courses to audit, and the record as it stood at any earlier moment. `contextHistory` builds one
 * from a Steward patient context; `fhirHistory` (fhir-history.ts) from a patient's FHIR resources.
 */
import { PatientContextSchema, type Diagnostic, type Order, type PastCourse, type PatientContext, type PatientContextInput } from "@steward/core";
import { normalizeUnits } from "@steward/core/units";
import { left, right, type Either } from "fp-ts/lib/Either.js";
import { recordAt, type CourseRef } from "./record-at.js";

/** A course the audit covers, with where it sits in the record. */
export interface AuditedCourse {
  readonly ref: CourseRef;
  /** The id evaluation gives it: the host's id, or its list and position. */
  readonly id: string;
  readonly course: Order | PastCourse;
}

/** One patient's record, for the audit. */
export interface PatientHistory {
  /** The pseudonymous key the host supplied. */
  readonly key: string;
  /** The site the host supplied, or null. */
  readonly site: string | null;
  /** The whole record at the end of the audit period, validated. */
  readonly record: PatientContext;
  /** The courses to audit: every course written, except drafts never signed and cancelled orders. */
  readonly courses: readonly AuditedCourse[];
  /** False when the source cannot record reviews of a course (FHIR has no resource Steward reads for them). */
  readonly reviewsRecorded: boolean;
  /** True when the source lists every medicine (a FHIR export), so only formulary drugs are antimicrobials. */
  readonly listsAllMedicines: boolean;
  /** The record as it stood at `at` (milliseconds), with `draft` as the order being written. */
  readonly at: (at: number, draft: CourseRef | undefined) => Either<readonly Diagnostic[], PatientContextInput>;
}

/** The courses of a record that were written and signed, with their refs and evaluation ids. */
export function writtenCourses(record: PatientContext, include: (ref: CourseRef) => boolean = () => true): AuditedCourse[] {
  const out: AuditedCourse[] = [];
  record.orders?.forEach((course, index) => {
    const ref = { list: "orders", index } as const;
    if (course.status !== "draft" && course.status !== "cancelled" && include(ref)) out.push({ ref, id: course.id, course });
  });
  record.medicationHistory?.forEach((course, index) => {
    const ref = { list: "medicationHistory", index } as const;
    if (include(ref)) out.push({ ref, id: course.id ?? `medicationHistory/${index}`, course });
  });
  return out;
}

/** A validated context, or the diagnostics of the fields that are not. */
export function validateRecord(context: unknown): Either<readonly Diagnostic[], PatientContext> {
  const checked = PatientContextSchema.safeParse(typeof context === "object" && context !== null ? normalizeUnits(context as PatientContextInput) : context);
  if (checked.success) return right(checked.data as PatientContext);
  return left(
    checked.error.issues.map((issue): Diagnostic => {
      const pointer = `/${issue.path.join("/")}`;
      return { code: "eval/invalid-context", severity: "error", message: `${pointer}: ${issue.message}`, location: { pointer } };
    }),
  );
}

/** The audit's reading of a Steward patient context holding the whole record at the end of the audit period. */
export function contextHistory(key: string, site: string | null, context: unknown): Either<readonly Diagnostic[], PatientHistory> {
  const record = validateRecord(context);
  if (record._tag === "Left") return record;
  return right({
    key,
    site,
    record: record.right,
    courses: writtenCourses(record.right),
    reviewsRecorded: true,
    listsAllMedicines: false,
    at: (at, draft) => right(recordAt(record.right, at, draft)),
  });
}
