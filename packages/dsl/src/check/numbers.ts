/**
 * Every number a rule file writes is one the evaluator reads exactly and can count with: at most
 * 15 significant digits (what a double holds), no larger than `largestNumber`, and a length of time
 * no longer than `longestYears`; months and years, counted on the calendar, are whole. Checked once
 * over the whole syntax tree, so no declaration can slip a number past it into the IR; a scenario
 * reads its numbers (codes are numbers there too) with `numberProblem` where it takes a value.
 */
import { findUnit } from "@steward/core";
import type * as ast from "../ast.js";
import type { Checker } from "./context.js";

/** The largest number a rule file may write: far above any dose, threshold or count, far below where doubles lose whole numbers. */
export const largestNumber = 1_000_000_000;

/** The longest length of time a rule file may write, in years: any age, window or review time, with dates still exact. */
export const longestYears = 200;

const MS_PER_YEAR = 365.25 * 24 * 3_600_000;

/** Why the digits `text` (with `unit`, as written) cannot be read exactly, or undefined when they can. */
export function numberProblem(text: string, unit: string | undefined): { message: string; hint: string } | undefined {
  if (!/^\d+(?:\.\d+)?$/.test(text)) return undefined; // a hyphenated range: reported where it is read
  const digits = text.replace(".", "");
  let first = 0;
  let last = digits.length;
  while (first < last && digits[first] === "0") first++;
  while (last > first && digits[last - 1] === "0") last--;
  const value = Number(text);
  const shown = text.length > 24 ? `${text.slice(0, 12)}…${text.slice(-6)}` : text;
  if (last - first > 15) return { message: `\`${shown}\` has more digits than can be kept exactly (at most 15 significant digits)`, hint: "round it to the precision the source gives" };
  if (value > largestNumber) return { message: `\`${shown}\` is larger than any number a rule needs (at most ${largestNumber})`, hint: "check the number and its unit" };
  const u = unit === undefined ? undefined : findUnit(unit);
  if (u?.dimension !== "time") return undefined;
  if (u.calendar !== undefined && !Number.isInteger(value)) {
    return { message: `\`${text} ${unit}\` is not a whole number of ${u.calendar}s: ${u.calendar}s are counted on the calendar`, hint: `write a whole number of ${u.calendar}s, or the length in days or weeks` };
  }
  const years = u.calendar === "year" ? value : u.calendar === "month" ? value / 12 : (value * u.factor) / MS_PER_YEAR;
  if (years > longestYears) return { message: `\`${text} ${unit}\` is longer than any length of time a rule needs (at most ${longestYears} years)`, hint: "check the number and its unit" };
  return undefined;
}

/** Reports every number in `file` that cannot be read exactly (`check/invalid-quantity`). */
export function checkNumbers(checker: Checker, file: ast.FileNode): void {
  const report = (text: string, unit: string | undefined, span: ast.Span): void => {
    const problem = numberProblem(text, unit);
    if (problem !== undefined) checker.report("check/invalid-quantity", span, problem.message, problem.hint);
  };
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as { kind?: unknown; number?: unknown; unit?: unknown; amounts?: unknown; day?: unknown; span?: ast.Span };
    if (n.span !== undefined) {
      if (n.kind === "quantity" && typeof n.number === "string") report(n.number, typeof n.unit === "string" ? n.unit : undefined, n.span);
      else if (n.kind === "strength" && typeof n.amounts === "string") for (const amount of n.amounts.split("/")) report(amount, undefined, n.span);
      else if (n.kind === "on-day" && typeof n.day === "string") report(n.day, undefined, n.span);
    }
    for (const [key, value] of Object.entries(node)) if (key !== "span") walk(value);
  };
  walk(file.items);
}
