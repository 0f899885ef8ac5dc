/**
 * What a `for each` rule (or an order check) is looking at: one course, one culture, or a pair —
 * and how texts and Decision items name them.
 */
import type { Concerns } from "./decision.js";
import type { CourseRecord, CultureRecord, Lookups } from "./patient-record.js";
import { formatInstant } from "./time.js";

/** The course and culture a `for each` rule is looking at (both absent for an ordinary rule). */
export interface Binding {
  readonly course?: CourseRecord;
  readonly culture?: CultureRecord;
}

/** The order and culture a binding names, in words, for traces. */
export function bindingLabel(b: Binding): string {
  return [b.course ? `order ${b.course.id} (${b.course.drugLabel})` : "", b.culture ? `culture ${b.culture.id} (${b.culture.specimen})` : ""].filter((x) => x !== "").join(", ");
}

/** Fills `{course drug}`-style placeholders from the binding (a placeholder with nothing bound is kept). */
export function fill(text: string, b: Binding, lookups: Lookups): string {
  if (!text.includes("{")) return text;
  return text.replace(/\{\s*(course|culture)\s+([a-z-]+)\s*\}/g, (whole, subject: string, field: string) => {
    if (subject === "course" && b.course) {
      const c = b.course;
      const drug = c.drug !== undefined ? lookups.drugs.get(c.drug) : undefined;
      switch (field) {
        case "status":
          return c.status;
        case "drug":
          return drug?.name.toLowerCase() ?? c.drugLabel;
        case "route":
          return c.route;
        case "start":
          return c.start === undefined ? "(start not recorded)" : formatInstant(c.start);
        case "indication":
          return c.indicationCodes.length === 0 ? "(no coded indication)" : c.indicationCodes.map((i) => i.display ?? i.code).join(", ");
        case "aware":
          return drug?.aware ?? "(not recorded)";
        case "review":
          return c.review?.outcome ?? "(not reviewed)";
        case "reviewed":
          return c.review === undefined ? "(not reviewed)" : formatInstant(c.review.at);
        case "next-review":
          return c.review?.nextReview === undefined ? "(not set)" : formatInstant(c.review.nextReview);
        default:
          return whole;
      }
    }
    if (subject === "culture" && b.culture) {
      const c = b.culture;
      switch (field) {
        case "organism":
          return c.organismLabel ?? "(no organism reported)";
        case "specimen":
          return c.specimen;
        case "reported":
          return c.reported === undefined ? "(not reported)" : formatInstant(c.reported);
        case "collected":
          return c.collected === undefined ? "(collection time not recorded)" : formatInstant(c.collected);
        default:
          return whole;
      }
    }
    return whole;
  });
}

/** The order and culture an item is about, for the Decision (undefined for an ordinary rule). */
export function concernsOf(b: Binding): Concerns | undefined {
  if (b.course === undefined && b.culture === undefined) return undefined;
  return {
    ...(b.course
      ? {
          order: {
            id: b.course.id,
            ...(b.course.drug !== undefined ? { drug: b.course.drug } : {}),
            name: b.course.drugLabel,
            route: b.course.route,
            indications: b.course.indicationCodes.map((i) => ({ system: i.system, code: i.code, ...(i.display !== undefined ? { display: i.display } : {}) })),
          },
        }
      : {}),
    ...(b.culture ? { culture: { id: b.culture.id, specimen: b.culture.specimen, ...(b.culture.organismLabel !== undefined ? { organism: b.culture.organismLabel } : {}) } } : {}),
  };
}

