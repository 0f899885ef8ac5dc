/**
 * The one place a FHIR Quantity becomes a context quantity. The UCUM `code` is passed through as
 * the unit, whatever it is: `fromFhir` then converts every UCUM spelling of a quantity Steward
 * knows with `normalizeUnits`, and the evaluator treats a unit it still cannot read as unknown for
 * the rules that read that value. What is not a UCUM unit at all — a bound (`>60`), a unit coded
 * in another system, a unit given only in words — is returned as a problem to report, never
 * guessed at.
 */
import { numberAt, textAt, type JsonObject } from "./json-value.js";
import { aboutResource, type LocatedResource } from "./located.js";
import type { Reading } from "./reading.js";
import { canonicalSystem, systems } from "./codes.js";

/** A value and its unit, as the context takes them. */
export interface QuantityValue {
  readonly value: number;
  readonly unit: string;
}

/** Why a quantity cannot be read, and which field says so. */
export interface QuantityProblem {
  readonly problem: string;
  readonly field: string;
  readonly hint?: string;
}

/** Reads a Quantity (or Duration); a quantity without any unit is a plain number (unit ""). */
export function readQuantity(q: JsonObject): QuantityValue | QuantityProblem {
  const value = numberAt(q, "value");
  if (value === undefined) return { problem: "has no number", field: "value" };
  const comparator = textAt(q, "comparator");
  if (comparator !== undefined) {
    return {
      problem: `\`${comparator}${value}\` is a bound, not a value, and a rule compares exact values`,
      field: "comparator",
      hint: "Steward leaves it out rather than read it as exactly the bound",
    };
  }
  const system = textAt(q, "system");
  const code = textAt(q, "code");
  const words = textAt(q, "unit");
  if (system === undefined && code === undefined) {
    if (words === undefined) return { value, unit: "" };
    return { problem: `the unit \`${words}\` is given only in words`, field: "unit", hint: "send the UCUM code of the unit in `system` and `code`" };
  }
  if (system === undefined || canonicalSystem(system) !== systems.ucum) {
    return { problem: `the unit is coded as \`${code ?? words ?? "?"}\` in ${system === undefined ? "no system" : `\`${system}\``}, not in UCUM`, field: "system", hint: "send the unit as a UCUM code (system http://unitsofmeasure.org)" };
  }
  if (code === undefined) return { problem: "has a UCUM system but no unit code", field: "code" };
  return { value, unit: code };
}

/** True when the reading is a problem rather than a value. */
export function isQuantityProblem(q: QuantityValue | QuantityProblem): q is QuantityProblem {
  return "problem" in q;
}

/** Reports a quantity that cannot be read, at `steps` (the Quantity) inside the resource. */
export function reportQuantity(reading: Reading, r: LocatedResource, steps: readonly (string | number)[], q: QuantityProblem, leftOut: string): void {
  reading.report(aboutResource("fhir/inexact-value", "warning", r, [...steps, q.field], q.problem, q.hint ?? leftOut));
}
