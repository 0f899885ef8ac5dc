/**
 * Plausibility bounds: values no living patient can have (a negative eGFR, a weight of 0 kg, a
 * body temperature of 98.6 °C sent as Celsius). They are not clinical thresholds; they catch data
 * that is broken, so it is rejected naming the field instead of being reasoned with. One row per
 * dimension, in the row's unit; a value of another unit of the dimension is converted first.
 */
import type { PatientContext } from "./context.js";
import type { Diagnostic } from "./diagnostic.js";
import { contextCodeKey, type DeclaredObservation } from "./patient-record.js";
import { parseInstant } from "./time.js";
import { convert, findContextUnit, findUnit, type Dimension } from "./units.js";

/** The range a value of one dimension must fall in: above (or at least) `min`, at most `max`. */
export interface PlausibleRange {
  readonly dimension: Dimension;
  /** What the range is about, in words, for messages and docs. */
  readonly quantity: string;
  readonly unit: string;
  readonly min: number;
  /** True when `min` itself is impossible (an eGFR of 0). */
  readonly minExclusive: boolean;
  readonly max?: number;
  readonly why: string;
}

/** The plausibility bounds, one per dimension that observations (and the weight) Steward reads come in. */
export const plausibleRanges: readonly PlausibleRange[] = [
  { dimension: "mass", quantity: "body weight", unit: "kg", min: 0, minExclusive: true, why: "a body has a weight" },
  { dimension: "egfr", quantity: "eGFR", unit: "mL/min/1.73m2", min: 0, minExclusive: true, why: "an estimated filtration rate is more than zero" },
  { dimension: "flow", quantity: "clearance", unit: "mL/min", min: 0, minExclusive: false, why: "a clearance cannot be negative" },
  {
    dimension: "temperature",
    quantity: "body temperature",
    unit: "°C",
    min: 4,
    minExclusive: false,
    max: 47,
    why: "wider than the lowest (4.2 °C, induced hypothermia) and highest (46.5 °C, heat stroke) body temperatures patients are reported to have survived",
  },
  { dimension: "cell-concentration", quantity: "cell count", unit: "10^9/L", min: 0, minExclusive: false, why: "a count cannot be negative" },
  { dimension: "mass-concentration", quantity: "mass concentration", unit: "mg/L", min: 0, minExclusive: false, why: "a concentration cannot be negative" },
  { dimension: "molar-concentration", quantity: "molar concentration", unit: "mmol/L", min: 0, minExclusive: false, why: "a concentration cannot be negative" },
  { dimension: "rate", quantity: "rate per minute", unit: "/min", min: 0, minExclusive: false, why: "a heart or breathing rate cannot be negative" },
  { dimension: "pressure", quantity: "blood pressure", unit: "mmHg", min: 0, minExclusive: false, why: "a blood pressure cannot be negative" },
  { dimension: "fraction", quantity: "percentage", unit: "%", min: 0, minExclusive: false, why: "a percentage of something present cannot be negative" },
  { dimension: "time", quantity: "duration", unit: "hours", min: 0, minExclusive: false, why: "a duration cannot be negative" },
];

const byDimension = new Map(plausibleRanges.map((r) => [r.dimension, r]));

/** The plausible range of a value in `unit` (a Steward unit), converted to that unit; undefined when no bound applies. */
export function plausibleBounds(unit: string): { readonly min: number; readonly minExclusive: boolean; readonly max: number | undefined } | undefined {
  const to = findUnit(unit);
  const range = to === undefined ? undefined : byDimension.get(to.dimension);
  if (to === undefined || range === undefined) return undefined;
  const from = findUnit(range.unit)!;
  const min = convert(range.min, from, to);
  const max = range.max === undefined ? undefined : convert(range.max, from, to);
  return min === undefined ? undefined : { min, minExclusive: range.minExclusive, max };
}

/** True unless `value` in `unit` is outside the plausible range (generators of test patients use it). */
export function isPlausible(value: number, unit: string): boolean {
  return problem(value, unit) === undefined;
}

/** What is wrong with `value` in `unit`, or undefined when it is plausible (or its unit is not one Steward reads). */
function problem(value: number, unit: string, only?: Dimension): string | undefined {
  const from = findContextUnit(unit);
  if (from === "" || from === undefined || (only !== undefined && from.dimension !== only)) return undefined;
  const range = byDimension.get(from.dimension);
  if (range === undefined) return undefined;
  const v = convert(value, from, findUnit(range.unit)!);
  if (v === undefined) return undefined;
  const low = range.minExclusive ? v <= range.min : v < range.min;
  if (!low && (range.max === undefined || v <= range.max)) return undefined;
  const bounds = `${range.minExclusive ? "more than" : "at least"} ${range.min} ${range.unit}${range.max !== undefined ? ` and at most ${range.max} ${range.unit}` : ""}`;
  return `${value} ${unit} is not a possible ${range.quantity}: it must be ${bounds} (${range.why})`;
}

/**
 * Values in the context no living patient can have, each naming its field by JSON pointer: a birth
 * date after `now`, a weight or an observation a guideline reads outside its plausible range.
 * Observations no guideline reads are not judged (a base excess may well be negative).
 */
export function implausibleValues(context: PatientContext, observationsByCode: ReadonlyMap<string, readonly DeclaredObservation[]>, now: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (pointer: string, message: string): void => {
    out.push({ code: "eval/implausible-value", severity: "error", message: `${pointer}: ${message}`, hint: "correct the record: this is a plausibility bound, not a clinical threshold" });
  };
  const birthDate = context.patient.birthDate;
  if (birthDate !== undefined && parseInstant(birthDate) > now) report("/patient/birthDate", `the date of birth ${birthDate} is after the evaluation time`);
  const weight = context.patient.weight;
  const weightProblem = weight === undefined ? undefined : problem(weight.value, weight.unit, "mass");
  if (weightProblem !== undefined) report("/patient/weight/value", weightProblem);
  context.observations?.forEach((o, i) => {
    // A score the host records is a whole number within the range its guideline declares.
    for (const { id, range } of observationsByCode.get(contextCodeKey(o.code)) ?? []) {
      if (range === undefined || parseInstant(o.time) > now || (Number.isInteger(o.value) && o.value >= range.min && o.value <= range.max)) continue;
      out.push({ code: "eval/invalid-context", severity: "error", message: `/observations/${i}/value: ${o.value} is not a whole number from ${range.min} to ${range.max}, as ${id} is`, hint: `send ${id} as a whole number from ${range.min} to ${range.max}` });
    }
    // Judged only as the quantity a guideline reads it as: a value in a unit of another quantity is
    // not implausible, only unreadable, and leaves just the rules that read it unknown.
    const sent = findContextUnit(o.unit);
    if (sent === "" || sent === undefined) return;
    const declared = observationsByCode.get(contextCodeKey(o.code)) ?? [];
    if (!declared.some((d) => findUnit(d.unit)?.dimension === sent.dimension)) return;
    const p = problem(o.value, o.unit);
    if (p !== undefined) report(`/observations/${i}/value`, p);
  });
  return out;
}
