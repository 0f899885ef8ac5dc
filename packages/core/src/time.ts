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
  const digits = (from: number, to: number): number => {
    let n = 0;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return Number.NaN;
      n = n * 10 + c;
    }
    return n;
  };
  const y = digits(0, 4);
  const m = digits(5, 7);
  const d = digits(8, 10);
  if (!(m >= 1 && m <= 12 && d >= 1)) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 ? (leap ? 29 : 28) : daysInMonth[m - 1]!);
}

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

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

// The last two answers: an age known only in whole years is checked from two possible birth dates.
const recentMonths = [
  { from: Number.NaN, to: Number.NaN, months: 0 },
  { from: Number.NaN, to: Number.NaN, months: 0 },
];

/**
 * The most whole calendar months `n` with `from` + n months at or before `to` (negative when `to`
 * is earlier). Since adding months never goes backwards, `to >= from + k months` exactly when
 * k <= this number: one calculation answers every age threshold in a guideline.
 */
export function completedMonths(from: number, to: number): number {
  for (const m of recentMonths) if (m.from === from && m.to === to) return m.months;
  const a = new Date(from);
  const b = new Date(to);
  // from + n months falls in the same calendar month as `to`: if it is later, n - 1 months are complete.
  const n = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  const months = addMonths(from, n) <= to ? n : n - 1;
  recentMonths.pop();
  recentMonths.unshift({ from, to, months });
  return months;
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
  const months = Math.max(0, completedMonths(birth, now));
  const years = Math.floor(months / 12);
  if (years >= 2) return `${years} years`;
  return `${months} month${months === 1 ? "" : "s"}`;
}
