/**
 * Start Smart then Focus: was an inpatient course reviewed within 72 hours of its first dose? Read
 * from the whole record: the course's start and end and its recorded review. A course that ended,
 * or a record that ends, before 72 hours had passed without a review is not yet due one.
 */
import type { Order } from "@steward/core";
import type { ReviewStatus } from "./audit-row.js";
import { earliest, hoursBetween, latest } from "./instants.js";
import type { AuditedCourse } from "./patient-history.js";

/** Hours after the first dose by which SSTF asks for the review (48 to 72 hours: the later end). */
export const REVIEW_DUE_HOURS = 72;

/** The review status of a course, and the hours from its start to its review. */
export function reviewOf(audited: AuditedCourse, inpatient: boolean, reviewsRecorded: boolean, asOf: number): { review: ReviewStatus; reviewHours: number | null } {
  if (!inpatient) return { review: "not-applicable", reviewHours: null };
  // A past course (medication history) carries no review, so whether it had one is unknown.
  if (!reviewsRecorded || audited.ref.list !== "orders") return { review: "unknown", reviewHours: null };
  const course = audited.course as Order;
  if (course.start === undefined) return { review: "unknown", reviewHours: null };
  const start = earliest(course.start);
  const due = start + REVIEW_DUE_HOURS * 3_600_000;
  if (course.review !== undefined && earliest(course.review.at) <= due) return { review: "reviewed", reviewHours: roundHours(hoursBetween(start, earliest(course.review.at))) };
  const horizon = Math.min(course.end === undefined ? asOf : latest(course.end), asOf);
  return { review: horizon < due ? "not-due" : "not-reviewed", reviewHours: null };
}

/** Hours to two decimals. */
export function roundHours(n: number): number {
  return Math.round(n * 100) / 100;
}
