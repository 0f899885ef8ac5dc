/**
 * Course length checks: a draft or active order's prescribed course length is compared with the
 * durations the guideline gives for its drug, in the regimens the Decision offers this patient
 * (those for the order's linked indication, or for the patient's diagnoses when none is linked).
 * Longer than the longest is a medium alert; shorter than the shortest, a low one. An order with no
 * course length is not assumed to have one: the check lists it as missing data.
 *
 * How it works: every regimen's length is a range (`for 5 to 7 days` gives 5 to 7; `to complete 5
 * days` counts from the regimen's first step; a single dose takes one day, a dose on day n ends on
 * day n); a regimen with a step of no fixed length (`until review`, or none given) sets no upper
 * bound. A course in months or years is a range too (a month
 * is 28 to 31 days), so it is only called longer or shorter when every reading of it is.
 */
import { concernsOf } from "./binding.js";
import type { DecisionBuilder } from "./decision-builder.js";
import type { Provenance, Treatment } from "./decision-types.js";
import type { Regimen } from "./ir-types.js";
import type { CheckingGuideline } from "./order-checks.js";
import type { CourseRecord, PatientRecord } from "./patient-record.js";
import { describeTime } from "./time.js";
import { unknownFor } from "./tri.js";
import { findContextUnit } from "./units.js";

const DAY = 24 * 60 * 60 * 1000;
/** The shortest and longest a calendar unit can be, in days. */
const calendarDays: Record<string, readonly [number, number]> = { month: [28, 31], year: [365, 366] };

/** A length as a range in milliseconds; `hi` is Infinity when there is no upper bound. */
interface Span {
  readonly lo: number;
  readonly hi: number;
}

/** Checks every draft and active order with a formulary drug against the offered regimens of that drug. */
export function checkDurations(guidelines: readonly CheckingGuideline[], out: DecisionBuilder): void {
  if (guidelines.length === 0 || out.treatments.length === 0) return;
  const byId = new Map(guidelines.map((c) => [c.guideline.ir.guideline.id, c]));
  const records = new Map<CheckingGuideline, PatientRecord>();
  const recordOf = (c: CheckingGuideline): PatientRecord => records.get(c) ?? records.set(c, c.record()).get(c)!;
  for (const order of recordOf(guidelines[0]!).courses ?? []) {
    const offered: { span: Span; treatment: Treatment; specific: boolean }[] = [];
    let course: CourseRecord | undefined;
    for (const t of out.treatments) {
      const c = byId.get(t.provenance.guideline);
      const own = c === undefined ? undefined : recordOf(c).courses?.find((x) => x.id === order.id);
      if (c === undefined || own?.drug === undefined) continue;
      const regimens = [...(t.drug.id === own.drug ? t.regimens : []), ...t.combinedWith.filter((x) => x.drug.id === own.drug).flatMap((x) => x.regimens)];
      if (regimens.length === 0) continue;
      const rule = c.guideline.rules.find((r) => r.rule.id === t.provenance.rule);
      // An order linked to an indication is held to the regimens offered for that indication.
      if ((own.indications ?? []).length > 0 && !own.indications!.some((k) => (c.guideline.byDiagnosis.get(k) ?? []).some((i) => c.guideline.ir.rules[i]?.id === t.provenance.rule))) continue;
      course = own;
      for (const r of regimens) offered.push({ span: regimenSpan(r.regimen), treatment: t, specific: rule?.specific ?? false });
    }
    if (course === undefined || offered.length === 0) continue;
    const longest = offered.reduce((a, b) => (b.span.hi > a.span.hi ? b : a));
    const shortest = offered.reduce((a, b) => (b.span.lo < a.span.lo ? b : a));
    if (longest.span.hi === Infinity && shortest.span.lo === 0) continue;
    const g = byId.get(longest.treatment.provenance.guideline)!.guideline;
    const prescribed = courseSpan(course);
    if (prescribed === undefined) {
      out.needs(unknownFor(`order:${course.id}:duration`), `to check the course length of order ${course.id} (${course.drugLabel}) against the guideline`, g.ir);
      continue;
    }
    const name = g.lookups.drugs.get(course.drug!)?.name ?? course.drugLabel;
    const where = `${name} (order ${course.id}, ${course.status}) is prescribed for ${describeLength(course.duration!)}`;
    if (prescribed.lo > longest.span.hi) {
      raise(out, course, "medium", "course-longer-than-guideline", `${where}, longer than the ${spanText(longest.span)} the guideline offers${source(longest.treatment.provenance)}`, longest);
    } else if (prescribed.hi < shortest.span.lo) {
      raise(out, course, "low", "course-shorter-than-guideline", `${where}, shorter than the ${spanText(shortest.span)} the guideline offers${source(shortest.treatment.provenance)}`, shortest);
    }
  }
}

function raise(out: DecisionBuilder, course: CourseRecord, priority: "medium" | "low", key: string, message: string, from: { treatment: Treatment; specific: boolean }): void {
  out.alerts.push({ priority, message, key: `${key}@${course.id}`, order: out.alerts.length, check: { kind: "duration" }, specific: from.specific, concerns: concernsOf({ course })!, provenance: from.treatment.provenance });
}

/** The rule a duration comes from and its citation, in the alert's words: ` (rule men): check the course length [NICE NG109…, table 3]`. */
function source(p: Provenance): string {
  const cited = p.citations.map((c) => (c.section === undefined ? c.title : `${c.title}, ${c.section}`)).join("; ");
  return ` (rule ${p.rule}): check the course length${cited === "" ? "" : ` [${cited}]`}`;
}

/** How long a regimen lasts, from its first dose: steps follow one another; `to complete` and `on day n` count from the first. */
export function regimenSpan(regimen: Regimen): Span {
  let so: Span = { lo: 0, hi: 0 };
  const start: Span = { lo: 0, hi: 0 };
  for (const { duration: d, schedule } of regimen.steps) {
    const step =
      d === undefined && schedule.kind === "once" ? { from: so, length: lengthOf(1, "days") }
      : d === undefined && schedule.kind === "on-day" ? { from: start, length: lengthOf(schedule.day, "days") }
      : d === undefined || d.kind === "until-review" ? undefined
      : { from: d.kind === "for" ? so : start, length: range(lengthOf(d.length.value, d.length.unit), d.lengthTo === undefined ? undefined : lengthOf(d.lengthTo.value, d.lengthTo.unit)) };
    if (step?.length === undefined) return { lo: so.lo, hi: Infinity };
    so = { lo: Math.max(so.lo, step.from.lo + step.length.lo), hi: Math.max(so.hi, step.from.hi + step.length.hi) };
  }
  return so;
}

/** `5 to 7 days`: from the lower end of the first to the upper end of the second. */
function range(from: Span | undefined, to: Span | undefined): Span | undefined {
  return from === undefined ? undefined : to === undefined ? from : { lo: from.lo, hi: to.hi };
}

/** The prescribed course length as a range, or undefined when none was recorded. */
function courseSpan(course: CourseRecord): Span | undefined {
  return course.duration === undefined ? undefined : lengthOf(course.duration.value, course.duration.unit);
}

/** A length in a Steward unit of time or its UCUM code (`7 days`, `7 d`). */
function lengthOf(value: number, unit: string): Span | undefined {
  const u = findContextUnit(unit);
  if (u === undefined || u === "" || u.dimension !== "time") return undefined;
  const days = u.calendar === undefined ? undefined : calendarDays[u.calendar];
  return days === undefined ? { lo: value * u.factor, hi: value * u.factor } : { lo: value * days[0] * DAY, hi: value * days[1] * DAY };
}

function describeLength(d: { readonly value: number; readonly unit: string }): string {
  const u = findContextUnit(d.unit);
  return describeTime(d.value, u === undefined || u === "" ? d.unit : u.symbol);
}

/** A regimen's length in words, in days (or hours, when not whole days): `3 days`, `5 to 7 days`. */
function spanText(s: Span): string {
  const inDays = Number.isInteger(s.lo / DAY) && Number.isInteger(s.hi / DAY);
  const unit = inDays ? "days" : "hours";
  const size = inDays ? DAY : DAY / 24;
  const lo = Number.parseFloat((s.lo / size).toPrecision(12));
  const hi = Number.parseFloat((s.hi / size).toPrecision(12));
  return lo === hi || s.hi === Infinity ? describeTime(lo, unit) : `${lo} to ${describeTime(hi, unit)}`;
}
