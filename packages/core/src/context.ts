/**
 * The patient context a host passes to `evaluate`: plain JSON, validated by this zod schema (the
 * published JSON Schema is generated from it). Every field is documented for integrators.
 * Lists are all-or-nothing: a list that is present is complete; a list that is absent is unknown.
 * Findings are the exception: a finding not mentioned is unknown even when the list is sent.
 */
import "./zod-config.js";
import * as z from "zod";
import { isCalendarDate } from "./time.js";
import { findContextUnit } from "./units.js";
import { careSettings, reviewOutcomes, routes, specimens, susceptibilities } from "./vocabulary.js";

function wordEnum<const W extends string>(list: readonly { readonly word: W }[]) {
  return z.enum(list.map((w) => w.word) as [W, ...W[]]);
}

const isoInstant = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A date (`2026-11-25`) or a date and time with a zone (`2026-11-25T09:30:00Z`). */
export const Instant = z
  .string()
  .regex(isoInstant, "expected a date (YYYY-MM-DD) or a date-time with a zone (YYYY-MM-DDThh:mm:ssZ)")
  .refine((s) => !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)) && isCalendarDate(s), "not a real calendar date")
  .meta({ id: "Instant" });

/** A code from a code system: `system` is a FHIR URI (`http://snomed.info/sct`) or a Steward word (`snomed`). */
export const ContextCoding = z
  .strictObject({
    system: z.string().min(1).describe("FHIR system URI or one of snomed, dmd, loinc, icd10"),
    code: z.string().regex(/^\S(.*\S)?$/, "expected a code with no space at either end"),
    display: z.string().optional(),
  })
  .meta({ id: "Coding" });
/** A code from a code system. */
export type ContextCoding = z.infer<typeof ContextCoding>;

/** A measured amount: a number and its unit (Steward symbols or common UCUM spellings). */
export const ContextQuantity = z.strictObject({ value: z.number().finite(), unit: z.string().min(1) }).meta({ id: "ContextQuantity" });

/** A drug as the host knows it: a formulary id (`amoxicillin`), a code (dm+d or SNOMED CT), or both. */
export const DrugReference = z
  .strictObject({
    id: z.string().optional().describe("formulary drug id, as in the guideline files"),
    code: ContextCoding.optional().describe("dm+d or SNOMED CT code of the product or substance"),
    display: z.string().optional(),
  })
  .refine((d) => d.id !== undefined || d.code !== undefined, "a drug needs an `id` or a `code`")
  .meta({ id: "DrugReference" });
/** A drug reference. */
export type DrugReference = z.infer<typeof DrugReference>;

/** Pregnancy as recorded. `status` is required when the object is given. */
export const Pregnancy = z.strictObject({
  status: z.enum(["pregnant", "not-pregnant", "unknown"]),
  gestationWeeks: z.number().min(0).max(45).optional(),
  trimester: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  atTerm: z.boolean().optional().describe("recorded as at term; Steward does not derive this from gestation"),
});

/** Facts about the person. Absent fields are unknown. */
export const Patient = z.strictObject({
  birthDate: Instant.optional().describe("date of birth; preferred to `age`"),
  age: z.number().int().min(0).max(130).optional().describe("age in whole years, when the birth date is not shared"),
  sex: z.enum(["female", "male", "other", "unknown"]).optional(),
  weight: ContextQuantity.optional().describe("body weight, in kg or g"),
  pregnancy: Pregnancy.optional(),
  breastfeeding: z.boolean().optional(),
});

/** A coded diagnosis or problem. Only `active` ones count. */
export const Diagnosis = z.strictObject({
  id: z.string().optional(),
  code: ContextCoding,
  status: z.enum(["active", "resolved", "inactive", "refuted", "entered-in-error"]).default("active"),
  recorded: Instant.optional(),
  onset: Instant.optional().describe("when the condition began: its symptoms started (a date counts whole days)"),
});

/** An allergy or intolerance, to a drug, a drug class (formulary id) or a coded substance. */
export const Allergy = z
  .strictObject({
    id: z.string().optional(),
    drug: z.string().optional().describe("formulary drug id"),
    class: z.string().optional().describe("formulary class id, e.g. penicillins"),
    code: ContextCoding.optional().describe("coded substance (dm+d or SNOMED CT)"),
    category: z.enum(["medication", "food", "environment", "biologic"]).default("medication").describe("only medication allergies affect prescribing"),
    reaction: z.string().optional().describe("the reaction in words, as recorded"),
    manifestations: z
      .array(ContextCoding)
      .optional()
      .describe("coded manifestations of the reactions (SNOMED CT clinical findings, for example anaphylaxis or urticaria), from every recorded reaction"),
    immediate: z
      .boolean()
      .optional()
      .describe("true when the reaction came on immediately after a dose (an immediate-type hypersensitivity), false when it was recorded as delayed"),
    severity: z.enum(["mild", "moderate", "severe"]).optional().describe("the most severe recorded reaction"),
    criticality: z.enum(["low", "high", "unable-to-assess"]).optional().describe("the recorded risk of a future life-threatening reaction"),
    type: z.enum(["allergy", "intolerance"]).default("allergy"),
    verification: z.enum(["confirmed", "unconfirmed", "refuted", "entered-in-error"]).default("unconfirmed"),
  })
  .refine((a) => a.drug !== undefined || a.class !== undefined || a.code !== undefined, "an allergy needs a `drug`, a `class` or a `code`");

/** A lab result or clinical observation. */
export const ObservationRecord = z.strictObject({
  id: z.string().optional(),
  code: ContextCoding,
  value: z.number().finite(),
  unit: z.string(),
  time: Instant,
});

/** A clinical finding recorded as present or absent, named by the guideline's finding id or by code. */
export const FindingRecord = z
  .strictObject({
    finding: z.string().optional().describe("the guideline's finding id, e.g. symptoms-improving"),
    code: ContextCoding.optional(),
    present: z.boolean(),
    time: Instant.optional(),
    onset: Instant.optional().describe("for a symptom or sign that is present: when it began (a date counts whole days)"),
  })
  .refine((f) => f.finding !== undefined || f.code !== undefined, "a finding needs a `finding` id or a `code`");

/** A length of time: a number and a unit of time (`days`, `hours`, `weeks`, or the UCUM `d`, `h`, `wk`). */
export const ContextDuration = z
  .strictObject({ value: z.number().finite().min(0), unit: z.string().min(1) })
  .refine((d) => isTimeUnit(d.unit), { message: "expected a unit of time (days, hours, weeks, months or their UCUM codes d, h, wk, mo)", path: ["unit"] })
  .meta({ id: "ContextDuration" });

function isTimeUnit(spelling: string): boolean {
  const unit = findContextUnit(spelling);
  return unit !== undefined && unit !== "" && unit.dimension === "time";
}

/** A current or draft antimicrobial order (a course). */
export const Order = z.strictObject({
  id: z.string().min(1),
  status: z.enum(["active", "draft", "completed", "stopped", "cancelled"]),
  drug: DrugReference,
  dose: ContextQuantity.optional(),
  route: wordEnum(routes),
  frequency: z.string().optional(),
  start: Instant.optional().describe("when the course started (the first dose)"),
  authored: Instant.optional().describe("when the order was written; not the start of the course"),
  duration: ContextDuration.optional().describe("the prescribed course length, as the prescriber wrote it"),
  end: Instant.optional().describe("when the prescribed course ends: as recorded, or the start plus the prescribed course length"),
  indications: z.array(ContextCoding).optional().describe("coded diagnoses the order is for; absent or empty = none linked"),
  review: z
    .strictObject({
      outcome: wordEnum(reviewOutcomes),
      at: Instant,
      nextReview: Instant.optional().describe("for `continue`: when to review again"),
    })
    .optional()
    .describe("the last recorded antimicrobial review of this course (Start Smart then Focus)"),
});

/**
 * A course the patient has had and is no longer taking: completed as prescribed, or stopped before
 * its end. Read for "antibiotics in the last 3 months" and for an allergy contradicted by a course
 * the patient tolerated.
 */
export const PastCourse = z.strictObject({
  id: z.string().optional(),
  status: z.enum(["completed", "stopped"]).describe("completed as prescribed, or stopped before its end (a stopped course says nothing about tolerance)"),
  drug: DrugReference,
  route: wordEnum(routes).optional(),
  start: Instant.optional().describe("the first dose"),
  end: Instant.optional().describe("the last dose, or when the course was due to end"),
  authored: Instant.optional().describe("when the order or statement was written"),
  duration: ContextDuration.optional().describe("the prescribed course length"),
  indications: z.array(ContextCoding).optional().describe("coded diagnoses the course was for"),
});

/** One antibiotic tested against the organism, and the laboratory's interpretation. */
export const Susceptibility = z.strictObject({
  drug: DrugReference,
  result: wordEnum(susceptibilities),
});

/** A microbiology culture: the specimen, the organism grown, and the susceptibility results. */
export const Culture = z.strictObject({
  id: z.string().min(1),
  specimen: wordEnum(specimens),
  status: z.enum(["pending", "preliminary", "final"]),
  collected: Instant.optional(),
  reported: Instant.optional(),
  organism: ContextCoding.optional().describe("the organism grown; leave out while it is not known"),
  noGrowth: z
    .literal(true)
    .optional()
    .describe("true when the laboratory reported no growth; without it, a culture with no organism is one whose organism is not known"),
  susceptibilities: z.array(Susceptibility).default([]),
}).refine((c) => !(c.noGrowth === true && c.organism !== undefined), { message: "a culture cannot both grow an organism and have no growth", path: ["noGrowth"] });

/** An alert the clinician has already acknowledged, suppressed until `until` (or the host's default window). */
export const AcknowledgedAlert = z.strictObject({
  key: z.string().min(1),
  at: Instant,
  until: Instant.optional(),
});

/** Everything `evaluate` may read about one patient at one moment. */
export const PatientContext = z
  .strictObject({
    patient: Patient,
    setting: wordEnum(careSettings),
    diagnoses: z.array(Diagnosis).optional(),
    allergies: z.array(Allergy).optional(),
    observations: z.array(ObservationRecord).optional(),
    findings: z.array(FindingRecord).optional(),
    orders: z.array(Order).optional(),
    medicationHistory: z.array(PastCourse).optional().describe("courses the patient has had and is no longer taking; absent = unknown"),
    admitted: Instant.optional().describe("when the current hospital stay began (the admission), for inpatients"),
    microbiology: z.array(Culture).optional(),
    acknowledgedAlerts: z.array(AcknowledgedAlert).optional(),
  })
  .meta({ id: "PatientContext" });

/** The patient context as a host writes it (defaults not yet applied). */
export type PatientContextInput = z.input<typeof PatientContext>;
/** The patient context after validation. */
export type PatientContext = z.infer<typeof PatientContext>;
