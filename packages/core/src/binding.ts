/**
 * What a `for each` rule (or an order check) is looking at: one course, one culture, or a pair —
 * and how texts and Decision items name them.
 */
import type { ConcernedCulture, Concerns } from "./decision.js";
import type { CourseRecord, CultureRecord, Lookups } from "./patient-record.js";
import { formatInstant } from "./time.js";

/** The course and culture a `for each` rule is looking at (both absent for an ordinary rule). */
export interface Binding {
  readonly course?: CourseRecord;
  readonly culture?: CultureRecord;
  /** The other cultures the same finding holds for, about the same course: `culture` is the most recent. */
  readonly otherCultures?: readonly CultureRecord[];
}

/** The time a culture result counts from: reported, else collected. */
function resultTime(c: CultureRecord): number {
  return c.reported ?? c.collected ?? Number.NEGATIVE_INFINITY;
}

/** Orders items about cultures most recent first, keeping the order they came in (id order) among equals. */
export function latestFirst<T>(items: T[], cultureOf: (item: T) => CultureRecord): T[] {
  return items.sort((a, b) => resultTime(cultureOf(b)) - resultTime(cultureOf(a)));
}

/**
 * One binding per course out of many about the same course and different cultures: the most
 * recent culture (ties in id order) speaks for the others, which it lists. So a finding about a
 * course is one alert, however many cultures show it, and the Decision grows with the orders and
 * the cultures, never with their product.
 */
export function groupByCourse(bindings: readonly Binding[]): Binding[] {
  const byCourse = new Map<CourseRecord | undefined, CultureRecord[]>();
  for (const b of bindings) {
    const list = byCourse.get(b.course) ?? [];
    if (b.culture !== undefined) list.push(b.culture);
    byCourse.set(b.course, list);
  }
  return [...byCourse].map(([course, cultures]) => {
    // invariant: cultures arrive in id order and the sort is stable, so ties keep it
    const [culture, ...others] = latestFirst(cultures, (c) => c);
    return { ...(course !== undefined ? { course } : {}), ...(culture !== undefined ? { culture } : {}), ...(others.length > 0 ? { otherCultures: others } : {}) };
  });
}

/** How many of the other cultures a Decision item names: it counts them all, so its size never grows with the record. */
const LISTED_CULTURES = 10;

function concernedCulture(c: CultureRecord): ConcernedCulture {
  return { id: c.id, specimen: c.specimen, ...(c.organismLabel !== undefined ? { organism: c.organismLabel } : {}) };
}

/** The order and culture a binding names, in words, for traces. */
export function bindingLabel(b: Binding): string {
  return [b.course ? `order ${b.course.id} (${b.course.drugLabel})` : "", b.culture ? `culture ${b.culture.id} (${b.culture.specimen})` : ""].filter((x) => x !== "").join(", ");
}

/** Fills `{course drug}`-style placeholders from the binding (a placeholder with nothing bound is kept); with `limit`, a longer value is cut to it, ending in `…`. */
export function fill(text: string, b: Binding, lookups: Lookups, limit = Infinity): string {
  if (!text.includes("{")) return text;
  return text.replace(/\{\s*(course|culture)\s+([a-z-]+)\s*\}/g, (whole, subject: string, field: string) => {
    const value = fillOne(whole, subject, field, b, lookups);
    return value.length > limit ? `${value.slice(0, limit - 1)}…` : value;
  });
}

function fillOne(whole: string, subject: string, field: string, b: Binding, lookups: Lookups): string {
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
    ...(b.culture ? { culture: concernedCulture(b.culture) } : {}),
    ...(b.otherCultures ? { otherCultures: b.otherCultures.slice(0, LISTED_CULTURES).map(concernedCulture), cultureCount: 1 + b.otherCultures.length } : {}),
  };
}

