/**
 * Patient builders for the NG109 scenarios. Every builder returns a plain patient context, shaped
 * like the files in examples/patients, for a patient with cystitis seen in primary care at `NOW`.
 * Lists default to present and empty (known: nothing recorded); pass "not-recorded" to leave one out.
 */
import type { PatientContextInput } from "@steward/core";

/** The moment every scenario is evaluated at. */
export const NOW = "2026-11-25T09:00:00Z";

type Patient = PatientContextInput["patient"];
type Pregnancy = NonNullable<Patient["pregnancy"]>;
type Diagnosis = NonNullable<PatientContextInput["diagnoses"]>[number];
type Allergy = NonNullable<PatientContextInput["allergies"]>[number];
type Order = NonNullable<PatientContextInput["orders"]>[number];
type Culture = NonNullable<PatientContextInput["microbiology"]>[number];
type Finding = NonNullable<PatientContextInput["findings"]>[number];
type Observation = NonNullable<PatientContextInput["observations"]>[number];
type SusceptibilityResult = "susceptible" | "intermediate" | "resistant";

/** How long before `NOW` (by the calendar) a patient was born; `days` may be negative. */
export interface AgeOffset {
  readonly years?: number;
  readonly months?: number;
  readonly days?: number;
}

/** A birth date `offset` before the day of `NOW` (midnight UTC), as `YYYY-MM-DD`. */
export function bornAgo(offset: AgeOffset): string {
  const today = new Date(`${NOW.slice(0, 10)}T00:00:00Z`);
  const months = today.getUTCFullYear() * 12 + today.getUTCMonth() - (offset.years ?? 0) * 12 - (offset.months ?? 0);
  const year = Math.floor(months / 12);
  const month = months - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const born = Date.UTC(year, month, Math.min(today.getUTCDate(), lastDay)) - (offset.days ?? 0) * 86_400_000;
  return new Date(born).toISOString().slice(0, 10);
}

/** Active cystitis (SNOMED CT 38822007), as the example patients record it. */
export const cystitis: Diagnosis = { code: { system: "http://snomed.info/sct", code: "38822007", display: "Cystitis" } };

/** A coded diagnosis. */
export function diagnosis(system: string, code: string, display: string, status: Diagnosis["status"] = "active"): Diagnosis {
  return { code: { system, code, display }, status };
}

/** An eGFR result (LOINC 33914-3) in the UCUM unit hosts send. */
export function egfrResult(value: number, time = "2026-10-01"): Observation {
  return { code: { system: "http://loinc.org", code: "33914-3", display: "eGFR (MDRD)" }, value, unit: "mL/min/{1.73_m2}", time };
}

/** A confirmed allergy to a formulary class, e.g. penicillins. */
export function classAllergy(id: string, extra: Partial<Allergy> = {}): Allergy {
  return { class: id, reaction: "urticaria", severity: "moderate", verification: "confirmed", ...extra };
}

/** A confirmed allergy to a formulary drug, e.g. amoxicillin. */
export function drugAllergy(id: string, extra: Partial<Allergy> = {}): Allergy {
  return { drug: id, reaction: "rash", verification: "confirmed", ...extra };
}

/** An active oral course of a formulary drug, started four days before `NOW`. */
export function activeCourse(drug: string, id = `rx-${drug}`): Order {
  return { id, status: "active", drug: { id: drug }, route: "oral", start: "2026-11-21T09:00:00Z", indications: [cystitis.code] };
}

/** A final culture of `specimen` growing E. coli, with a result for each drug named. */
export function culture(results: Readonly<Record<string, SusceptibilityResult>>, specimen: Culture["specimen"] = "urine", id = `${specimen}-2026-11-24`): Culture {
  return {
    id,
    specimen,
    status: "final",
    reported: "2026-11-24T16:30:00Z",
    organism: { system: "http://snomed.info/sct", code: "112283007", display: "Escherichia coli" },
    susceptibilities: Object.entries(results).map(([drug, result]) => ({ drug: { id: drug }, result })),
  };
}

/** The guideline's `symptoms-improving` finding, recorded as present or absent. */
export function symptomsImproving(present: boolean): Finding {
  return { finding: "symptoms-improving", present, time: "2026-11-24T10:00:00Z" };
}

/** What a scenario says about the patient; anything left out takes the builder's default. */
export interface PatientOptions {
  /** Age in years, with the birth date half a year before that birthday (far from any band edge). */
  readonly age?: number;
  /** An exact birth date offset before `NOW`, for band edges. */
  readonly born?: AgeOffset;
  /** Age sent only as whole years (`patient.age`), without a birth date. */
  readonly wholeYears?: number;
  readonly sex?: "female" | "male";
  readonly pregnancy?: Pregnancy | "not-recorded";
  /** The latest eGFR in mL/min/1.73m2; "not-recorded" sends an empty observation list. */
  readonly egfr?: number | "not-recorded";
  readonly weightKg?: number;
  readonly allergies?: readonly Allergy[] | "not-recorded";
  readonly diagnoses?: readonly Diagnosis[] | "not-recorded";
  readonly orders?: readonly Order[];
  readonly microbiology?: readonly Culture[] | "not-recorded";
  readonly findings?: readonly Finding[];
  readonly observations?: readonly Observation[];
}

function build(defaults: { sex: "female" | "male"; age: number; egfr: number | "not-recorded"; pregnancy: Pregnancy | "not-recorded" }, o: PatientOptions): PatientContextInput {
  const patient: Patient = { sex: o.sex ?? defaults.sex };
  if (o.wholeYears !== undefined) patient.age = o.wholeYears;
  else patient.birthDate = bornAgo(o.born ?? { years: o.age ?? defaults.age, months: 6 });
  const pregnancy = o.pregnancy ?? defaults.pregnancy;
  if (pregnancy !== "not-recorded") patient.pregnancy = pregnancy;
  if (o.weightKg !== undefined) patient.weight = { value: o.weightKg, unit: "kg" };

  const egfr = o.egfr ?? defaults.egfr;
  const context: PatientContextInput = {
    setting: "primary-care",
    patient,
    observations: [...(egfr === "not-recorded" ? [] : [egfrResult(egfr)]), ...(o.observations ?? [])],
    orders: [...(o.orders ?? [])],
    findings: [...(o.findings ?? [])],
  };
  if (o.diagnoses !== "not-recorded") context.diagnoses = [...(o.diagnoses ?? [cystitis])];
  if (o.allergies !== "not-recorded") context.allergies = [...(o.allergies ?? [])];
  if (o.microbiology !== "not-recorded") context.microbiology = [...(o.microbiology ?? [])];
  return context;
}

/** A non-pregnant woman (30 by default) with cystitis and an eGFR of 80. */
export function woman(o: PatientOptions = {}): PatientContextInput {
  return build({ sex: "female", age: 30, egfr: 80, pregnancy: { status: "not-pregnant" } }, o);
}

/** A woman 20 weeks pregnant, not at term (28 by default), with cystitis and an eGFR of 95. */
export function pregnantWoman(o: PatientOptions = {}): PatientContextInput {
  return build({ sex: "female", age: 28, egfr: 95, pregnancy: { status: "pregnant", gestationWeeks: 20, trimester: 2, atTerm: false } }, o);
}

/** A man (45 by default) with cystitis and an eGFR of 88; pregnancy is not recorded, as for example 07. */
export function man(o: PatientOptions = {}): PatientContextInput {
  return build({ sex: "male", age: 45, egfr: 88, pregnancy: "not-recorded" }, o);
}

/** A child (a boy of 4 by default) with cystitis and an eGFR of 110; weight only when given. */
export function child(o: PatientOptions = {}): PatientContextInput {
  return build({ sex: "male", age: 4, egfr: 110, pregnancy: "not-recorded" }, o);
}
