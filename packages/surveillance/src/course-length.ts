/**
 * Course lengths in days: the one an order prescribes, and the range a guideline's regimen gives.
 * Hours, days and weeks convert exactly; a length in months or years has no fixed number of days
 * and is left unknown. A regimen of single doses only is a course of one day.
 */
import { findContextUnit, type Order, type PastCourse, type ir } from "@steward/core";
import { earliest, latest } from "./instants.js";

const DAY = 86_400_000;

/** A length in days (the unit a Steward word or its UCUM code), or undefined when the unit has no fixed length. */
function days(value: number, unit: string): number | undefined {
  const found = findContextUnit(unit);
  if (found === undefined || found === "" || found.dimension !== "time" || !Number.isFinite(found.factor)) return undefined;
  return round((value * found.factor) / DAY);
}

const round = (n: number): number => Math.round(n * 1e6) / 1e6;

/** The course length an order prescribes: its stated length, else the time from its start to its end. */
export function prescribedDays(course: Order | PastCourse): number | undefined {
  if (course.duration !== undefined) return days(course.duration.value, course.duration.unit);
  if (course.start !== undefined && course.end !== undefined) return round((latest(course.end) - earliest(course.start)) / DAY);
  return undefined;
}

/** The shortest and longest course a regimen gives, in days, or undefined when a step's length is not a number of days. */
export function regimenDays(regimen: ir.Regimen): readonly [number, number] | undefined {
  let min = 0;
  let max = 0;
  for (const step of regimen.steps) {
    const d = step.duration;
    if (d === undefined) {
      if (step.schedule.kind === "once" || step.schedule.kind === "on-day") continue;
      return undefined;
    }
    if (d.kind === "until-review") return undefined;
    const low = days(d.length.value, d.length.unit);
    const high = d.lengthTo === undefined ? low : days(d.lengthTo.value, d.lengthTo.unit);
    if (low === undefined || high === undefined) return undefined;
    if (d.kind === "for") {
      min += low;
      max += high;
    } else {
      // `to complete` counts the whole regimen from its start.
      min = Math.max(min, low);
      max = Math.max(max, high);
    }
  }
  return max === 0 ? [1, 1] : [min, max];
}
