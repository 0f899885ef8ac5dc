/**
 * Instants are milliseconds since the epoch (UTC). Hours, days and weeks are fixed lengths; months
 * and years are counted on the calendar (a month after 31 January is the last day of February).
 */
import { findUnit } from "./units.js";

/** Milliseconds for an ISO date (midnight UTC) or date-time; NaN when it is not one. */
export function parseInstant(text: string): number {
  return Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
}

/**
 * True when the `YYYY-MM-DD` the text starts with is a real calendar date. `Date.parse` rolls
 * 2026-02-30 over to 2 March rather than rejecting it.
 */
export function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** An instant as ISO text, without milliseconds when they are zero. */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** The calendar date of an instant, `YYYY-MM-DD`. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return Date.UTC(targetYear, targetMonth, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/**
 * `ms` moved by `amount` of a time unit (negative to go back). Calendar units must be whole numbers
 * (the checker enforces it); fixed units may be fractional.
 */
export function addTime(ms: number, amount: number, unitSymbol: string): number {
  const unit = findUnit(unitSymbol);
  if (unit === undefined || unit.dimension !== "time") throw new Error(`not a time unit: ${unitSymbol}`);
  if (unit.calendar === "month") return addMonths(ms, amount);
  if (unit.calendar === "year") return addMonths(ms, amount * 12);
  return ms + amount * unit.factor;
}

/** A length of time in words, `48 hours`, `3 months`. */
export function describeTime(amount: number, unitSymbol: string): string {
  const singular = unitSymbol.endsWith("s") && amount === 1 ? unitSymbol.slice(0, -1) : unitSymbol;
  return `${amount} ${singular}`;
}

/** Whole years and remaining months between two instants, for showing an age. */
export function describeAge(birth: number, now: number): string {
  let months = 0;
  while (addMonths(birth, months + 12) <= now) months += 12;
  while (addMonths(birth, months + 1) <= now) months += 1;
  const years = Math.floor(months / 12);
  if (years >= 2) return `${years} years`;
  return `${months} month${months === 1 ? "" : "s"}`;
}
