/**
 * The one place a FHIR Quantity becomes a context quantity. The UCUM `code` is passed through as
 * the unit; what Steward cannot read exactly — a bound (`>60`), a unit coded in another system, a
 * unit given only in words, a UCUM unit the evaluator does not know — is returned as a problem to
 * report, never guessed at. Unit normalisation, when the evaluator offers it, belongs here.
 */
import { findContextUnit } from "@steward/core";
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
  /** A note rather than a warning: the value is valid FHIR, only not one Steward reads yet. */
  readonly note?: true;
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
  // A unit the evaluator cannot read would reject the whole record: the value is left out instead.
  if (findContextUnit(code) === undefined) return { problem: `the unit \`${code}\` is not one Steward reads yet`, field: "code", hint: "the value is left out, so what depends on it is unknown", note: true };
  return { value, unit: code };
}

/** True when the reading is a problem rather than a value. */
export function isQuantityProblem(q: QuantityValue | QuantityProblem): q is QuantityProblem {
  return "problem" in q;
}

/**
 * Reports a quantity that cannot be read, at `steps` (the Quantity) inside the resource: a unit
 * Steward does not read yet is counted among what is not read, anything else is a warning.
 */
export function reportQuantity(reading: Reading, r: LocatedResource, steps: readonly (string | number)[], q: QuantityProblem, leftOut: string): void {
  if (q.note) reading.notRead(r, q.problem);
  else reading.report(aboutResource("fhir/inexact-value", "warning", r, [...steps, q.field], q.problem, q.hint ?? leftOut));
}
