/**
 * `normalizeUnits`: the boundary step that turns any UCUM spelling of a quantity Steward knows into
 * a unit of Steward's own table (`units.ts`), with the value converted: a white cell count in
 * `10*3/uL` becomes the same number in `10^9/L`, a temperature in `[degF]` becomes °C.
 *
 * How it works: a unit already in the table is only respelt. Otherwise the UCUM library parses it,
 * and it is tried against one unit of each dimension; it must convert to exactly one dimension.
 * UCUM treats annotations (`{1.73_m2}`) as 1, so an eGFR and a clearance would convert into each
 * other: the eGFR dimension requires the 1.73 m² annotation and the clearance dimension refuses it.
 * A unit that is not UCUM, or fits no dimension, is left as sent; the evaluator then treats the
 * value as unknown for the rules that read it and says so in the Decision.
 *
 * This module loads the UCUM tables (tens of kilobytes), so it is a subpath of its own
 * (`@steward/core/units`) and never imported by the main entry.
 */
// The library ships no types. A reference (not an import) brings the declaration into every program
// that reads this file from source, such as the other packages' builds and the API docs.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./ucum-lhc.d.ts" />
import ucum from "@lhncbc/ucum-lhc";
import type { PatientContextInput } from "./context.js";
import { findContextUnit, roundSignificant, units, type Dimension } from "./units.js";

/** The unit a value of each dimension is converted to when it arrives in a spelling outside the table. */
const normalUnit: Readonly<Record<Dimension, string>> = {
  mass: "kg",
  "mass-per-weight": "mg/kg",
  volume: "mL",
  "volume-per-weight": "mL/kg",
  egfr: "mL/min/1.73m2",
  flow: "mL/min",
  "molar-concentration": "mmol/L",
  "mass-concentration": "mg/L",
  "cell-concentration": "10^9/L",
  temperature: "°C",
  rate: "/min",
  pressure: "mmHg",
  fraction: "%",
  time: "hours",
  score: "",
};

/** A unit as Steward reads it: the table's spelling, and how to bring a value into it. */
interface Reading {
  readonly unit: string;
  readonly convert: (value: number) => number;
}

type UcumUtils = ReturnType<typeof ucum.UcumLhcUtils.getInstance>;

/** Whether `spelling` carries the per-1.73 m² body-surface annotation an eGFR needs. */
function perBodySurface(spelling: string): boolean {
  return /\{1\.73_?m2\}/i.test(spelling);
}

/** One UCUM unit per dimension (the plain number's is `1`): what a foreign spelling is tried against. */
const targets: readonly { readonly dimension: Dimension; readonly ucum: string; readonly symbol: string }[] = (Object.entries(normalUnit) as [Dimension, string][]).map(([dimension, symbol]) => ({
  dimension,
  symbol,
  ucum: dimension === "score" ? "1" : units.find((u) => u.symbol === symbol)!.ucum,
}));

/** Reads one unit spelling, or undefined when it is not a UCUM unit of exactly one dimension Steward knows. */
function read(spelling: string, utils: UcumUtils, dimensionless: ReadonlySet<string>): Reading | undefined {
  const known = findContextUnit(spelling);
  if (known !== undefined) return { unit: known === "" ? "" : known.symbol, convert: (v) => v };
  // The library reports a unit with spaces by printing to the console; no UCUM unit has one.
  if (spelling === "" || /\s/.test(spelling)) return undefined;
  if (utils.validateUnitString(spelling).status !== "valid") return undefined;
  const fits: { dimension: Dimension; symbol: string; ucum: string }[] = [];
  for (const t of targets) {
    if (t.dimension === "egfr" && !perBodySurface(spelling)) continue;
    if (t.dimension === "flow" && perBodySurface(spelling)) continue;
    const one = utils.convertUnitTo(spelling, 1, t.ucum);
    if (one.status !== "succeeded" || one.toVal === null) continue;
    // Dimensionless units (%, scores, mg/kg) all convert into one another: only the same size counts.
    if (dimensionless.has(t.ucum) && roundSignificant(one.toVal) !== 1) continue;
    fits.push(t);
  }
  if (fits.length !== 1) return undefined;
  const target = fits[0]!;
  return {
    unit: target.symbol,
    convert: (v) => {
      const r = utils.convertUnitTo(spelling, v, target.ucum);
      return r.status === "succeeded" && r.toVal !== null ? roundSignificant(r.toVal) : Number.NaN;
    },
  };
}

// How a spelling reads depends only on the UCUM tables, which never change: each spelling is worked
// out once per process (UCUM parsing costs about a millisecond a record otherwise). Hosts send few
// distinct spellings; an unbounded stream of made-up ones is capped.
const readings = new Map<string, Reading | undefined>();
let library: { readonly utils: UcumUtils; readonly dimensionless: ReadonlySet<string> } | undefined;

function readSpelling(spelling: string): Reading | undefined {
  const known = readings.get(spelling);
  if (known !== undefined || readings.has(spelling)) return known;
  if (library === undefined) {
    const utils = ucum.UcumLhcUtils.getInstance();
    library = { utils, dimensionless: new Set(targets.filter((t) => utils.convertUnitTo(t.ucum, 1, "1").status === "succeeded").map((t) => t.ucum)) };
  }
  const result = read(spelling, library.utils, library.dimensionless);
  if (readings.size < 10_000) readings.set(spelling, result);
  return result;
}

/**
 * Returns a copy of `context` in which every observation and the weight are in a unit of Steward's
 * table, converted from whatever UCUM spelling the host sent (`10*3/uL`, `[degF]`, `[lb_av]`,
 * `{ScoreOf}` …). Values in a unit that is not UCUM, or not a quantity Steward knows, are left as
 * sent: `evaluate` makes them unknown for the rules that read them and names them in the Decision.
 * Never throws and never changes its argument. `evaluateJson` calls it; a host that builds contexts
 * itself (a FHIR adapter among them) must call it before `evaluate`.
 */
export function normalizeUnits(context: PatientContextInput): PatientContextInput {
  if (typeof context !== "object" || context === null) return context;
  const normalise = <Q extends { value: number; unit: string }>(q: Q, only?: Dimension): Q => {
    if (typeof q !== "object" || q === null || typeof q.unit !== "string" || typeof q.value !== "number") return q;
    const r = readSpelling(q.unit);
    if (r === undefined || r.unit === q.unit) return q;
    if (only !== undefined && units.find((u) => u.symbol === r.unit)?.dimension !== only) return q;
    const value = r.convert(q.value);
    return Number.isFinite(value) ? { ...q, value, unit: r.unit } : q;
  };
  const patient = context.patient;
  const weight = typeof patient === "object" && patient !== null && patient.weight !== undefined ? normalise(patient.weight, "mass") : undefined;
  const observations = Array.isArray(context.observations) ? context.observations.map((o) => normalise(o)) : context.observations;
  return {
    ...context,
    ...(weight !== undefined && weight !== patient.weight ? { patient: { ...patient, weight } } : {}),
    ...(observations !== undefined ? { observations } : {}),
  };
}
