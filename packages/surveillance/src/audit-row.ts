/**
 * One audit row per antimicrobial order: what was prescribed, what the guidelines would have offered
 * when the order was written, and how the course went. Rows carry no identifier of the patient but
 * the pseudonymous key the host supplies, and no free text from the record.
 */
import type { OrderCheck, vocabulary } from "@steward/core";

/**
 * Whether the order is linked to a coded indication: `linked` when the order names a coded
 * diagnosis; `coded` when it names none but the record held, when it was written, an active
 * diagnosis that a loaded guideline treats; `missing` otherwise.
 */
export type IndicationStatus = "linked" | "coded" | "missing";

/**
 * How the ordered drug stood against what the guidelines offered when the order was written:
 * `offered` (among the options, at `rank`), `excluded` (an option ruled out for this patient, for
 * example by an allergy or the eGFR), `withheld` (an option waiting on data the record lacked),
 * `not-offered` (the guidelines offered other drugs), `antibiotic-not-advised` (the guidelines
 * advised no antibiotic and offered none), `no-recommendation` (no guideline offered anything).
 */
export type Recommendation = "offered" | "excluded" | "withheld" | "not-offered" | "antibiotic-not-advised" | "no-recommendation";

/**
 * The prescribed course length against the offered option's: `within` its range, `shorter`,
 * `longer`, `not-stated` (the order gives no course length), `unknown` (the option's length is not
 * a number of days), `not-applicable` (the drug was not offered).
 */
export type DurationMatch = "within" | "shorter" | "longer" | "not-stated" | "unknown" | "not-applicable";

/**
 * Start Smart then Focus review by 72 hours, for inpatient courses: `reviewed` by then,
 * `not-reviewed`, `not-due` (the course ended, or the record ends, before 72 hours had passed
 * without a review), `not-applicable` (not an inpatient course), `unknown` (no start time, or a
 * source that does not record reviews).
 */
export type ReviewStatus = "reviewed" | "not-reviewed" | "not-due" | "not-applicable" | "unknown";

/**
 * The national IV-to-oral switch criteria, for inpatient IV courses: `met` at some moment of the
 * course (`ivosMetAt`), `never-met`, `not-applicable` (not an inpatient IV course), `unknown` (no
 * start time, or more moments to check than the audit's limit).
 */
export type IvosStatus = "met" | "never-met" | "not-applicable" | "unknown";

/** An alert the guidelines raised about the order (or about the patient) when it was written. */
export interface AuditAlert {
  /** The guideline's id. */
  readonly guideline: string;
  /** The rule that raised it. */
  readonly rule: string;
  /** The alert's key without the order suffix (`coded-diagnosis-required`). */
  readonly key: string;
  /** Its priority. */
  readonly priority: vocabulary.AlertPriority;
  /** Whether the alert policy made it interruptive. */
  readonly interruptive: boolean;
  /** For an order check (the evaluator checking the order itself against the record): what it found; null for a guideline rule's alert. */
  readonly check: OrderCheck["kind"] | null;
}

/** A guideline evaluated for the order: id, version and content hash, whether it applied in the setting. */
export interface AuditGuideline {
  readonly id: string;
  readonly version: string;
  readonly contentHash: string;
  readonly applies: boolean;
}

/** One antimicrobial order, audited. Fields are null where the record does not say. */
export interface AuditRow {
  /** The pseudonymous key the host supplied for the patient. */
  readonly patient: string;
  /** The site (practice, ward, trust) the host supplied, or null. */
  readonly site: string | null;
  /** The order's number within the patient's record, from 1, in order of writing. */
  readonly order: number;
  /** The month the order was written, `YYYY-MM` (UTC); null when the record gives no time. */
  readonly month: string | null;
  /** The moment the guidelines were evaluated at: when the order was written (or, failing that, started). */
  readonly evaluatedAt: string | null;
  /** Which time of the order `evaluatedAt` is. */
  readonly evaluatedFrom: "authored" | "start" | null;
  /** `evaluated`, or `not-evaluated` with the diagnostic code that stopped it in `problem`. */
  readonly status: "evaluated" | "not-evaluated";
  /** The diagnostic code that stopped the evaluation, or null. */
  readonly problem: string | null;
  /** The care setting. */
  readonly setting: vocabulary.CareSetting;
  /** The formulary drug id, or null when the drug is not in the formulary. */
  readonly drug: string | null;
  /** The drug's code as `system|code` (dm+d or SNOMED CT), or null. */
  readonly drugCode: string | null;
  /** The drug's UK-AWaRe category, or null when the formulary gives none. */
  readonly aware: vocabulary.AwareCategory | null;
  /** The route, or null. */
  readonly route: vocabulary.Route | null;
  /** Linked, coded or missing indication. */
  readonly indication: IndicationStatus;
  /** The linked indication codes as `system|code`, sorted. */
  readonly indicationCodes: readonly string[];
  /** The ordered drug against the options. */
  readonly recommendation: Recommendation;
  /** The guideline whose option the drug was (the best-ranked one, ties by guideline id), or null. */
  readonly recommendedBy: string | null;
  /** The prescribing strategies the guidelines advised when the order was written (`immediate`, `back-up`, `no-antibiotic`), sorted. */
  readonly strategies: readonly vocabulary.Strategy[];
  /** How many active coded diagnoses in the record, when the order was written, no loaded guideline recognises; null when the guidelines could not be evaluated. */
  readonly unrecognisedDiagnoses: number | null;
  /** True when a linked indication is one of those: the order names a diagnosis no guideline reads (a coding-quality signal); null when the guidelines could not be evaluated. */
  readonly indicationUnrecognised: boolean | null;
  /** The best rank the drug was offered (or excluded, or withheld) at, or null. */
  readonly rank: vocabulary.ChoiceRank | null;
  /** The prescribed course length in days, or null when the order does not state it. */
  readonly prescribedDays: number | null;
  /** The shortest course the offered option gives, in days, or null. */
  readonly recommendedDaysMin: number | null;
  /** The longest course the offered option gives, in days, or null. */
  readonly recommendedDaysMax: number | null;
  /** The prescribed against the recommended course length. */
  readonly duration: DurationMatch;
  /** Start Smart then Focus review by 72 hours. */
  readonly review: ReviewStatus;
  /** Hours from the course's start to its review, when reviewed. */
  readonly reviewHours: number | null;
  /** IV-to-oral switch criteria. */
  readonly ivos: IvosStatus;
  /** The first moment the course met the switch criteria, or null. */
  readonly ivosMetAt: string | null;
  /** Hours from the course's start to that moment, or null. */
  readonly ivosHoursToMet: number | null;
  /** Hours the course stayed IV after it met the criteria (to its end, or to the end of the record), or null. */
  readonly ivosHoursIvAfter: number | null;
  /** The alerts raised when the order was written, about it or about the patient. */
  readonly alerts: readonly AuditAlert[];
  /** The guidelines evaluated. */
  readonly guidelines: readonly AuditGuideline[];
}
