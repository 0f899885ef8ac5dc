/** How the units of a Decision are written in FHIR: the UCUM code core's unit table gives each Steward unit symbol. */
import { findUnit } from "@steward/core";
import type { Quantity as FhirQuantity } from "fhir/r4.js";

/** The UCUM code of a Steward unit symbol, if it is one. */
export function ucumCode(symbol: string): string | undefined {
  return findUnit(symbol)?.ucum;
}

/** A FHIR Quantity for a value in a Steward unit: UCUM-coded when the unit has a code, in words otherwise. */
export function fhirQuantity(value: number, unit: string): FhirQuantity {
  const code = ucumCode(unit);
  return code === undefined ? { value, unit } : { value, unit, system: "http://unitsofmeasure.org", code };
}
