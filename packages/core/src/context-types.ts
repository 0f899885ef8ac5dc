/**
 * The patient context as documented interfaces: what a host sends `evaluate`, field by field. The
 * zod schema in `context.ts` checks it at run time; `schema-types.ts` fails the build when the two
 * describe different values. A list that is present is complete; a list that is absent is unknown
 * (findings excepted: a finding not mentioned is unknown even when the list is sent).
 */
import type { CareSetting, ReviewOutcome, Route, Specimen, Susceptibility as SusceptibilityResult } from "./vocabulary.js";

/**
 * A date (`2026-11-25`) or a date and time with a zone (`2026-11-25T09:30:00Z`,
 * `2026-11-25T09:30:00+01:00`); seconds and fractions of a second are optional.
 */
export type Instant = string;

/** A code from a code system. */
export interface ContextCoding {
  /** The code system: a FHIR system URI (`http://snomed.info/sct`) or one of `snomed`, `dmd`, `loinc`, `icd10`. */
  system: string;
  /** The code itself, e.g. the SNOMED CT concept id `38822007`. */
  code: string;
  /** The code's text as the host shows it; not used in evaluation. */
  display?: string | undefined;
}

/** A measured amount. */
export interface ContextQuantity {
  /** The number; finite. */
  value: number;
  /** Its unit: a Steward symbol (`kg`, `mL/min/1.73m2`) or a common UCUM spelling (`mL/min/{1.73_m2}`). */
  unit: string;
}

/** A drug as the host knows it: a formulary id, a code, or both (at least one). */
export interface DrugReference {
  /** The formulary drug id, as in the guideline files (`amoxicillin`). */
  id?: string | undefined;
  /** The dm+d or SNOMED CT code of the product or substance. */
  code?: ContextCoding | undefined;
  /** The drug's name as the host shows it; not used in evaluation. */
  display?: string | undefined;
}

/** Pregnancy as recorded. */
export interface Pregnancy {
  /** Whether the patient is pregnant; `unknown` is the same as not sending pregnancy at all. */
  status: "pregnant" | "not-pregnant" | "unknown";
  /** Completed weeks of gestation, 0 to 45. */
  gestationWeeks?: number | undefined;
  /** The trimester, 1 to 3. */
  trimester?: 1 | 2 | 3 | undefined;
  /** Recorded as at term; Steward does not derive this from the gestation. */
  atTerm?: boolean | undefined;
}

/** Facts about the person. An absent field is unknown. */
export interface Patient {
  /** Date of birth; preferred to `age`, since it gives exact ages in months and days. */
  birthDate?: Instant | undefined;
  /** Age in whole years (0 to 130), when the birth date is not shared. */
  age?: number | undefined;
  /** Sex as recorded. */
  sex?: "female" | "male" | "other" | "unknown" | undefined;
  /** Body weight, in kg or g; used for per-kilogram doses. */
  weight?: ContextQuantity | undefined;
  /** Pregnancy; absent means unknown. */
  pregnancy?: Pregnancy | undefined;
  /** Whether the patient is breastfeeding. */
  breastfeeding?: boolean | undefined;
}

/** A coded diagnosis or problem. Only `active` ones count. */
export interface Diagnosis {
  /** The host's id for the record. */
  id?: string | undefined;
  /** The diagnosis code (SNOMED CT or ICD-10). */
  code: ContextCoding;
  /** The clinical status; only `active` diagnoses count. Defaults to `active` when not sent. */
  status: "active" | "resolved" | "inactive" | "refuted" | "entered-in-error";
  /** When it was recorded. */
  recorded?: Instant | undefined;
  /** When the condition began, that is when its symptoms started (a date counts whole days). */
  onset?: Instant | undefined;
}

/** An allergy or intolerance, to a formulary drug, a formulary drug class or a coded substance (at least one). */
export interface Allergy {
  /** The host's id for the record. */
  id?: string | undefined;
  /** The formulary drug id. */
  drug?: string | undefined;
  /** The formulary class id, e.g. `penicillins`. */
  class?: string | undefined;
  /** The coded substance (dm+d or SNOMED CT). */
  code?: ContextCoding | undefined;
  /** What the allergy is to; only `medication` allergies affect prescribing. Defaults to `medication`. */
  category: "medication" | "food" | "environment" | "biologic";
  /** The reaction in words, as recorded. */
  reaction?: string | undefined;
  /** Coded manifestations of the reactions (SNOMED CT clinical findings, for example anaphylaxis or urticaria), from every recorded reaction. */
  manifestations?: ContextCoding[] | undefined;
  /** True when the reaction came on immediately after a dose (an immediate-type hypersensitivity), false when it was recorded as delayed. */
  immediate?: boolean | undefined;
  /** The most severe recorded reaction. */
  severity?: "mild" | "moderate" | "severe" | undefined;
  /** The recorded risk of a future life-threatening reaction. */
  criticality?: "low" | "high" | "unable-to-assess" | undefined;
  /** Allergy or intolerance. Defaults to `allergy`. */
  type: "allergy" | "intolerance";
  /** How sure the record is. Defaults to `unconfirmed`; `refuted` and `entered-in-error` records are ignored. */
  verification: "confirmed" | "unconfirmed" | "refuted" | "entered-in-error";
}

/** A lab result or clinical observation. */
export interface ObservationRecord {
  /** The host's id for the record. */
  id?: string | undefined;
  /** What was measured (LOINC or SNOMED CT); matched against the codes each guideline lists. */
  code: ContextCoding;
  /** The value; finite. */
  value: number;
  /** Its unit, converted to the unit the guideline compares in; a unit of another dimension is an error. */
  unit: string;
  /** When it was measured (or the specimen taken). */
  time: Instant;
}

/** A clinical finding recorded as present or absent, named by the guideline's finding id or by code (at least one). */
export interface FindingRecord {
  /** The guideline's finding id, e.g. `symptoms-improving`. */
  finding?: string | undefined;
  /** The finding's code. */
  code?: ContextCoding | undefined;
  /** Whether the finding is present. */
  present: boolean;
  /** When it was recorded. */
  time?: Instant | undefined;
  /** For a symptom or sign that is present: when it began (a date counts whole days). */
  onset?: Instant | undefined;
}

/** A length of time. */
export interface ContextDuration {
  /** The number; finite, not negative. */
  value: number;
  /** A unit of time: `hours`, `days`, `weeks`, `months` or their UCUM codes `h`, `d`, `wk`, `mo`. */
  unit: string;
}

/** The last recorded antimicrobial review of a course (Start Smart then Focus). */
export interface OrderReview {
  /** The decision the review ended in. */
  outcome: ReviewOutcome;
  /** When the review was recorded. */
  at: Instant;
  /** For `continue`: when to review again. */
  nextReview?: Instant | undefined;
}

/** A current or draft antimicrobial order (a course). Only `active` and `draft` orders are read. */
export interface Order {
  /** The host's id for the order; alerts and actions about it name it, and acknowledgement keys end `@<id>`. */
  id: string;
  /** The order's status. */
  status: "active" | "draft" | "completed" | "stopped" | "cancelled";
  /** The drug ordered. */
  drug: DrugReference;
  /** The dose per administration. */
  dose?: ContextQuantity | undefined;
  /** The route. */
  route: Route;
  /** The frequency as the host writes it; shown, not interpreted. */
  frequency?: string | undefined;
  /** When the course started (the first dose). */
  start?: Instant | undefined;
  /** When the order was written; not the start of the course. */
  authored?: Instant | undefined;
  /** The prescribed course length, as the prescriber wrote it. */
  duration?: ContextDuration | undefined;
  /** When the prescribed course ends: as recorded, or the start plus the prescribed course length. */
  end?: Instant | undefined;
  /** Coded diagnoses the order is for; absent or empty means none is linked. */
  indications?: ContextCoding[] | undefined;
  /** The last recorded antimicrobial review of this course. */
  review?: OrderReview | undefined;
}

/**
 * A course the patient has had and is no longer taking: completed as prescribed, or stopped before
 * its end. Read for "antibiotics in the last 3 months" and for an allergy contradicted by a course
 * the patient tolerated.
 */
export interface PastCourse {
  /** The host's id for the order or statement. */
  id?: string | undefined;
  /** Completed as prescribed, or stopped before its end (a stopped course says nothing about tolerance). */
  status: "completed" | "stopped";
  /** The drug given. */
  drug: DrugReference;
  /** The route. */
  route?: Route | undefined;
  /** The first dose. */
  start?: Instant | undefined;
  /** The last dose, or when the course was due to end. */
  end?: Instant | undefined;
  /** When the order or statement was written. */
  authored?: Instant | undefined;
  /** The prescribed course length. */
  duration?: ContextDuration | undefined;
  /** Coded diagnoses the course was for. */
  indications?: ContextCoding[] | undefined;
}

/** One antibiotic tested against the organism, and the laboratory's interpretation. */
export interface Susceptibility {
  /** The antibiotic tested. */
  drug: DrugReference;
  /** The interpretation. */
  result: SusceptibilityResult;
}

/** A microbiology culture: the specimen, the organism grown, and the susceptibility results. */
export interface Culture {
  /** The host's id for the culture; items about it name it. */
  id: string;
  /** The specimen cultured. */
  specimen: Specimen;
  /** How far the laboratory has got. */
  status: "pending" | "preliminary" | "final";
  /** When the specimen was collected. */
  collected?: Instant | undefined;
  /** When the result was reported. */
  reported?: Instant | undefined;
  /** The organism grown; leave out while it is not known. */
  organism?: ContextCoding | undefined;
  /** True when the laboratory reported no growth; without it, a culture with no organism is one whose organism is not known. Never with `organism`. */
  noGrowth?: true | undefined;
  /** The susceptibility results. Defaults to none. */
  susceptibilities: Susceptibility[];
}

/** An alert the clinician has already acknowledged. */
export interface AcknowledgedAlert {
  /** The alert's key, exactly as the Decision gave it (`key@orderId` for an alert about one order). */
  key: string;
  /** When it was acknowledged. */
  at: Instant;
  /** Until when it stays hidden; without it, the alert policy's acknowledgement window applies. */
  until?: Instant | undefined;
}

/** Everything `evaluate` may read about one patient at one moment, after validation (defaults filled in). */
export interface PatientContext {
  /** Facts about the person. */
  patient: Patient;
  /** The care setting of the encounter; a guideline applies only in the settings it names. */
  setting: CareSetting;
  /** Coded diagnoses and problems; absent means unknown. */
  diagnoses?: Diagnosis[] | undefined;
  /** Allergies and intolerances; absent means unknown, empty means none. */
  allergies?: Allergy[] | undefined;
  /** Lab results and observations; absent means unknown. */
  observations?: ObservationRecord[] | undefined;
  /** Clinical findings recorded as present or absent; one not mentioned is unknown. */
  findings?: FindingRecord[] | undefined;
  /** Antimicrobial orders; absent means unknown, empty means none. */
  orders?: Order[] | undefined;
  /** Courses the patient has had and is no longer taking; absent means unknown, empty means none. */
  medicationHistory?: PastCourse[] | undefined;
  /** When the current hospital stay began (the admission), for inpatients. */
  admitted?: Instant | undefined;
  /** Microbiology cultures; absent means unknown, empty means none. */
  microbiology?: Culture[] | undefined;
  /** Alerts the clinician has acknowledged, suppressed until they expire. */
  acknowledgedAlerts?: AcknowledgedAlert[] | undefined;
}

/** A diagnosis as a host writes it: `status` may be left out (it is then `active`). */
export interface DiagnosisInput extends Omit<Diagnosis, "status"> {
  /** The clinical status. Defaults to `active`. */
  status?: Diagnosis["status"] | undefined;
}

/** An allergy as a host writes it: `category`, `type` and `verification` may be left out. */
export interface AllergyInput extends Omit<Allergy, "category" | "type" | "verification"> {
  /** What the allergy is to. Defaults to `medication`. */
  category?: Allergy["category"] | undefined;
  /** Allergy or intolerance. Defaults to `allergy`. */
  type?: Allergy["type"] | undefined;
  /** How sure the record is. Defaults to `unconfirmed`. */
  verification?: Allergy["verification"] | undefined;
}

/** A culture as a host writes it: `susceptibilities` may be left out (none). */
export interface CultureInput extends Omit<Culture, "susceptibilities"> {
  /** The susceptibility results. Defaults to none. */
  susceptibilities?: Susceptibility[] | undefined;
}

/** The patient context as a host writes it: fields with defaults may be left out. */
export interface PatientContextInput extends Omit<PatientContext, "diagnoses" | "allergies" | "microbiology"> {
  /** Coded diagnoses and problems; absent means unknown. */
  diagnoses?: DiagnosisInput[] | undefined;
  /** Allergies and intolerances; absent means unknown, empty means none. */
  allergies?: AllergyInput[] | undefined;
  /** Microbiology cultures; absent means unknown, empty means none. */
  microbiology?: CultureInput[] | undefined;
}
