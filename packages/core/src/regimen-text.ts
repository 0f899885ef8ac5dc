/**
 * Writes a regimen as a prescriber reads it, in the words the rule file uses and the NICE tables
 * print: `250 mg to 500 mg oral twice daily for 5 days`, `500/125 mg oral three times daily`,
 * `500 mg oral four times daily or 1000 mg twice daily for 5 to 10 days`.
 */
import type { DoseOption, DoseStep, Quantity, Regimen, Schedule, StepDuration } from "./ir-types.js";
import { findUnit } from "./units.js";

function quantity(q: Quantity): string {
  return q.unit === "" ? String(q.value) : `${q.value} ${q.unit}`;
}

/** One dose as written: `500 mg`, `500/125 mg`, `250 mg to 500 mg`, `4 mg/kg max 200 mg`, `5 mL of 125/31`. */
export function doseText(o: Omit<DoseOption, "schedule">): string {
  const parts = [o.strength !== undefined ? `${o.strength.join("/")} ${o.dose.unit}` : quantity(o.dose)];
  if (o.doseTo !== undefined) parts.push(`to ${quantity(o.doseTo)}`);
  if (o.max !== undefined) parts.push(`max ${quantity(o.max)}`);
  if (o.of !== undefined) parts.push(`of ${o.of.amounts.join("/")}${o.of.unit === "" ? "" : ` ${o.of.unit}`}`);
  return parts.join(" ");
}

function scheduleText(s: Schedule): string {
  switch (s.kind) {
    case "daily":
    case "once":
      return s.words;
    case "every":
      return `every ${quantity(s.interval)}`;
    case "on-day":
      return `on day ${s.day}`;
  }
}

/** A length, or a range of lengths in one unit: `5 days`, `5 to 7 days`. */
function lengthText(length: Quantity, lengthTo: Quantity | undefined): string {
  return lengthTo === undefined ? quantity(length) : `${length.value} to ${quantity(lengthTo)}`;
}

function durationText(d: StepDuration): string {
  switch (d.kind) {
    case "for":
      return `for ${lengthText(d.length, d.lengthTo)}`;
    case "to-complete":
      return `to complete ${lengthText(d.length, d.lengthTo)}`;
    case "until-review":
      return "until review";
  }
}

function sameSchedule(a: Schedule, b: Schedule): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A step: the doses that share a frequency joined by `or`, then the form and route once, then each
 * further dose-and-frequency after `or`, then the duration.
 */
function stepText(s: DoseStep): string {
  const groups: DoseOption[][] = [];
  for (const option of [s, ...(s.or ?? [])]) {
    const last = groups[groups.length - 1];
    if (last !== undefined && sameSchedule(last[0]!.schedule, option.schedule)) last.push(option);
    else groups.push([option]);
  }
  const text = groups
    .map((group, i) => [group.map(doseText).join(" or "), ...(i === 0 ? [s.form, s.route] : []), scheduleText(group[0]!.schedule)].filter((p) => p !== undefined).join(" "))
    .join(" or ");
  return s.duration === undefined ? text : `${text} ${durationText(s.duration)}`;
}

/** The whole course of a regimen of several steps, when each step has a fixed length in one unit. */
function total(r: Regimen): { length: Quantity; lengthTo: Quantity | undefined } | undefined {
  const last = r.steps[r.steps.length - 1]!;
  if (r.steps.length < 2 || last.duration?.kind !== "for") return undefined;
  const unit = last.duration.length.unit;
  let low = 0;
  let high = 0;
  for (const step of r.steps) {
    if (step.schedule.kind === "on-day") {
      // a dose on one day of the course takes that day
      if (findUnit(unit)?.symbol !== "days") return undefined;
      low += 1;
      high += 1;
    } else if (step.duration?.kind === "for" && step.duration.length.unit === unit) {
      low += step.duration.length.value;
      high += (step.duration.lengthTo ?? step.duration.length).value;
    } else if (step.schedule.kind !== "once") return undefined;
  }
  return { length: { value: low, unit }, lengthTo: high === low ? undefined : { value: high, unit } };
}

/**
 * The regimen as text: `400 mg oral once then 200 mg oral three times daily to complete 3 days`;
 * a course of several fixed steps ends with its total, `(5 days total)`.
 */
export function regimenText(r: Regimen): string {
  const text = r.steps.map(stepText).join(" then ");
  const course = total(r);
  return course === undefined ? text : `${text} (${lengthText(course.length, course.lengthTo)} total)`;
}
