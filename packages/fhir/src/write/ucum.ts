/** How the units of a Decision are written in FHIR: the UCUM code for each Steward unit symbol a dose or duration uses. */
import type { Quantity as FhirQuantity } from "fhir/r4.js";

const ucumCodes: Readonly<Record<string, string>> = {
  micrograms: "ug",
  mg: "mg",
  g: "g",
  kg: "kg",
  "micrograms/kg": "ug/kg",
  "mg/kg": "mg/kg",
  mL: "mL",
  L: "L",
  "mL/kg": "mL/kg",
  minutes: "min",
  hours: "h",
  days: "d",
  weeks: "wk",
  months: "mo",
  years: "a",
};

/** The UCUM code of a Steward unit symbol, if it has one here. */
export function ucumCode(symbol: string): string | undefined {
  return ucumCodes[symbol];
}

/** A FHIR Quantity for a value in a Steward unit: UCUM-coded when the unit has a code, in words otherwise. */
export function fhirQuantity(value: number, unit: string): FhirQuantity {
  const code = ucumCode(unit);
  return code === undefined ? { value, unit } : { value, unit, system: "http://unitsofmeasure.org", code };
}
