/**
 * The one table of units: the language's vocabulary of units rules compare in. The checker reads it
 * to reject a dose in mL/min; the evaluator reads it to convert a context value (say 0.1 g) into the
 * unit a rule was written in (100 mg). Each row names its UCUM code, the spelling hosts send.
 */

/** What a quantity measures; only quantities of the same dimension can be compared. */
export type Dimension =
  | "mass"
  | "mass-per-weight"
  | "volume"
  | "volume-per-weight"
  | "egfr"
  | "flow"
  | "molar-concentration"
  | "mass-concentration"
  | "cell-concentration"
  | "temperature"
  | "rate"
  | "pressure"
  | "fraction"
  | "time"
  | "score";

/** How to write a unit, what it measures, and its size relative to the dimension's base unit. */
export interface UnitDefinition {
  readonly symbol: string;
  readonly dimension: Dimension;
  /** Multiply by this to reach the dimension's base unit; calendar units have no fixed factor. */
  readonly factor: number;
  /** Calendar units (months, years) are counted on the calendar, never converted to hours. */
  readonly calendar?: "month" | "year";
  /** The unit's code in UCUM, the spelling FHIR hosts send (`Quantity.code`). */
  readonly ucum: string;
  readonly aliases: readonly string[];
}

const HOUR = 3_600_000;

/** Every unit the language accepts, under its canonical spelling. */
export const units: readonly UnitDefinition[] = [
  { symbol: "micrograms", dimension: "mass", factor: 1e-6, ucum: "ug", aliases: ["microgram", "mcg"] },
  { symbol: "mg", dimension: "mass", factor: 1e-3, ucum: "mg", aliases: [] },
  { symbol: "g", dimension: "mass", factor: 1, ucum: "g", aliases: [] },
  { symbol: "kg", dimension: "mass", factor: 1e3, ucum: "kg", aliases: [] },
  { symbol: "micrograms/kg", dimension: "mass-per-weight", factor: 1e-3, ucum: "ug/kg", aliases: ["microgram/kg", "mcg/kg"] },
  { symbol: "mg/kg", dimension: "mass-per-weight", factor: 1, ucum: "mg/kg", aliases: [] },
  { symbol: "mL", dimension: "volume", factor: 1e-3, ucum: "mL", aliases: ["ml"] },
  { symbol: "L", dimension: "volume", factor: 1, ucum: "L", aliases: [] },
  { symbol: "mL/kg", dimension: "volume-per-weight", factor: 1, ucum: "mL/kg", aliases: ["ml/kg"] },
  { symbol: "mL/min/1.73m2", dimension: "egfr", factor: 1, ucum: "mL/min/{1.73_m2}", aliases: ["ml/min/1.73m2"] },
  { symbol: "mL/min", dimension: "flow", factor: 1, ucum: "mL/min", aliases: ["ml/min"] },
  { symbol: "micromol/L", dimension: "molar-concentration", factor: 1e-6, ucum: "umol/L", aliases: ["µmol/L", "umol/L"] },
  { symbol: "mmol/L", dimension: "molar-concentration", factor: 1e-3, ucum: "mmol/L", aliases: [] },
  { symbol: "mg/L", dimension: "mass-concentration", factor: 1e-3, ucum: "mg/L", aliases: [] },
  { symbol: "mg/dL", dimension: "mass-concentration", factor: 1e-2, ucum: "mg/dL", aliases: [] },
  { symbol: "g/L", dimension: "mass-concentration", factor: 1, ucum: "g/L", aliases: [] },
  { symbol: "10^9/L", dimension: "cell-concentration", factor: 1, ucum: "10*9/L", aliases: [] },
  { symbol: "°C", dimension: "temperature", factor: 1, ucum: "Cel", aliases: ["degC"] },
  { symbol: "/min", dimension: "rate", factor: 1, ucum: "/min", aliases: ["per-minute"] },
  { symbol: "mmHg", dimension: "pressure", factor: 1, ucum: "mm[Hg]", aliases: [] },
  { symbol: "%", dimension: "fraction", factor: 1, ucum: "%", aliases: [] },
  { symbol: "minutes", dimension: "time", factor: HOUR / 60, ucum: "min", aliases: ["minute"] },
  { symbol: "hours", dimension: "time", factor: HOUR, ucum: "h", aliases: ["hour"] },
  { symbol: "days", dimension: "time", factor: 24 * HOUR, ucum: "d", aliases: ["day"] },
  { symbol: "weeks", dimension: "time", factor: 7 * 24 * HOUR, ucum: "wk", aliases: ["week"] },
  { symbol: "months", dimension: "time", factor: Number.NaN, calendar: "month", ucum: "mo", aliases: ["month"] },
  { symbol: "years", dimension: "time", factor: Number.NaN, calendar: "year", ucum: "a", aliases: ["year"] },
];

const bySpelling = new Map<string, UnitDefinition>();
for (const unit of units) {
  bySpelling.set(unit.symbol, unit);
  for (const alias of unit.aliases) bySpelling.set(alias, unit);
}

/** Every spelling the lexer should accept as a unit, longest first so `mg/kg` wins over `mg`. */
export const unitSpellings: readonly string[] = [...bySpelling.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));

/** The unit written as `spelling` (canonical or alias), if there is one. */
export function findUnit(spelling: string): UnitDefinition | undefined {
  return bySpelling.get(spelling);
}

const byUcum = new Map(units.map((u) => [u.ucum, u]));

/** How a host may write a plain number (a score): no unit, UCUM's unity `1`, or `{score}`. */
export const plainNumberSpellings: readonly string[] = ["", "1", "{score}"];

/**
 * The unit of a value sent by a host: a Steward spelling, the UCUM code of a Steward unit, or ""
 * for a plain number. Undefined for anything else; `normalizeUnits` (`@steward/core/units`) turns
 * every other UCUM spelling of a quantity Steward knows into one of these.
 */
export function findContextUnit(spelling: string): UnitDefinition | "" | undefined {
  if (plainNumberSpellings.includes(spelling)) return "";
  return findUnit(spelling) ?? byUcum.get(spelling);
}

/** A human word for a dimension, for messages. */
export function describeDimension(dimension: Dimension): string {
  const words: Record<Dimension, string> = {
    mass: "a mass (mg, g, kg)",
    "mass-per-weight": "a dose per body weight (mg/kg)",
    volume: "a volume (mL, L)",
    "volume-per-weight": "a volume per body weight (mL/kg)",
    egfr: "a renal function in mL/min/1.73m2",
    flow: "a clearance in mL/min",
    "molar-concentration": "a molar concentration (mmol/L, micromol/L)",
    "mass-concentration": "a mass concentration (mg/L, g/L)",
    "cell-concentration": "a cell count (10^9/L)",
    temperature: "a temperature (°C)",
    rate: "a rate per minute (/min)",
    pressure: "a pressure (mmHg)",
    fraction: "a percentage",
    time: "a duration (hours, days, months, years)",
    score: "a score (a plain number)",
  };
  return words[dimension];
}

/** Converts `value` from one unit to another of the same fixed-size dimension, or undefined if it cannot. */
export function convert(value: number, from: UnitDefinition, to: UnitDefinition): number | undefined {
  if (from.dimension !== to.dimension) return undefined;
  if (from.symbol === to.symbol) return value;
  if (from.calendar !== undefined || to.calendar !== undefined) return undefined;
  // invariant: the only dimension with an offset scale is temperature, which has one unit
  return roundSignificant((value * from.factor) / to.factor);
}

/** Removes floating-point noise from a conversion (0.1 g is 100 mg, not 100.00000000000001). */
export function roundSignificant(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}
