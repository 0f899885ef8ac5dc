// Calendar arithmetic: real dates, and whole months between two instants (the basis of every age
// threshold). Each is checked against a slow, obviously right definition.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { addTime, completedMonths, describeAge, isCalendarDate, parseInstant } from "../src/time.js";

/** What `Date` makes of the date: a real date survives the round trip unchanged. */
function slowIsCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  date.setUTCFullYear(y);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The most n with from + n months <= to, counting up one month at a time. */
function slowCompletedMonths(from: number, to: number): number {
  let n = 0;
  if (addTime(from, 0, "months") > to) {
    while (addTime(from, n, "months") > to) n--;
    return n;
  }
  while (addTime(from, n + 1, "months") <= to) n++;
  return n;
}

const pad = (n: number, width: number): string => String(n).padStart(width, "0");
const instantArb = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) });

describe("isCalendarDate", () => {
  test.each([
    ["2026-02-28", true],
    ["2026-02-29", false],
    ["2024-02-29", true],
    ["1900-02-29", false],
    ["2000-02-29", true],
    ["2026-04-31", false],
    ["2026-12-31T23:59:59Z", true],
    ["2026-13-01", false],
    ["2026-00-10", false],
    ["2026-01-00", false],
  ])("%s is a calendar date: %s", (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });

  test("agrees with Date for every year, month and day in range", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        expect(isCalendarDate(`${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`)).toBe(slowIsCalendarDate(y, m, d));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("completedMonths", () => {
  test("a month after 31 January is the last day of February: on 28 February 2026 one month is complete", () => {
    const from = parseInstant("2026-01-31");
    expect(completedMonths(from, parseInstant("2026-02-27T23:59:59Z"))).toBe(0);
    expect(completedMonths(from, parseInstant("2026-02-28"))).toBe(1);
  });

  test("a birthday counts from its first moment: 65 years complete on the 65th birthday, not the day before", () => {
    const born = parseInstant("1961-11-25");
    expect(Math.floor(completedMonths(born, parseInstant("2026-11-24T23:59:59Z")) / 12)).toBe(64);
    expect(Math.floor(completedMonths(born, parseInstant("2026-11-25")) / 12)).toBe(65);
  });

  test("a 29 February birthday: the year is complete on 28 February in a common year", () => {
    const born = parseInstant("2008-02-29");
    expect(completedMonths(born, parseInstant("2026-02-27T23:59:59Z"))).toBe(12 * 18 - 1);
    expect(completedMonths(born, parseInstant("2026-02-28"))).toBe(12 * 18);
  });

  test("agrees with counting month by month, forwards and backwards", () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: -400 * 86_400_000, max: 40 * 366 * 86_400_000 }), (from, span) => {
        expect(completedMonths(from, from + span)).toBe(slowCompletedMonths(from, from + span));
      }),
      { numRuns: 1000 },
    );
  });

  test("k months are complete exactly when from + k months has been reached", () => {
    fc.assert(
      fc.property(instantArb, instantArb, fc.integer({ min: -30, max: 1300 }), (from, to, k) => {
        expect(completedMonths(from, to) >= k).toBe(to >= addTime(from, k, "months"));
      }),
      { numRuns: 1000 },
    );
  });

  test("describeAge shows whole years from two, months below", () => {
    const now = parseInstant("2026-11-25T09:00:00Z");
    expect(describeAge(parseInstant("2024-11-25"), now)).toBe("2 years");
    expect(describeAge(parseInstant("2024-11-26"), now)).toBe("23 months");
    expect(describeAge(parseInstant("2026-10-25"), now)).toBe("1 month");
    expect(describeAge(parseInstant("2026-12-01"), now)).toBe("0 months");
  });
});
