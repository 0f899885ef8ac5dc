/**
 * The patient context a host passes to `evaluate`: plain JSON, validated by this zod schema (the
 * published JSON Schema is generated from it). Every field is documented for integrators.
 * Lists are all-or-nothing: a list that is present is complete; a list that is absent is unknown.
 * Findings are the exception: a finding not mentioned is unknown even when the list is sent.
 */
import "./zod-config.js";
import * as z from "zod/mini";
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
  .check(z.regex(isoInstant, "expected a date (YYYY-MM-DD) or a date-time with a zone (YYYY-MM-DDThh:mm:ssZ)"), z.refine((s) => !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)) && isCalendarDate(s), "not a real calendar date"))
  .register(z.globalRegistry, { id: "Instant" });

/** A code from a code system: `system` is a FHIR URI (`http://snomed.info/sct`) or a Steward word (`snomed`). */
export const ContextCoding = z
  .strictObject({
    system: z.string().check(z.minLength(1)).register(z.globalRegistry, { description: "FHIR system URI or one of snomed, dmd, loinc, icd10" }),
    code: z.string().check(z.minLength(1)),
    display: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: "Coding" });
/** A code from a code system. */
export type ContextCoding = z.infer<typeof ContextCoding>;

/** A measured amount: a number and its unit (Steward symbols or common UCUM spellings). */
export const ContextQuantity = z.strictObject({ value: z.number(), unit: z.string().check(z.minLength(1)) }).register(z.globalRegistry, { id: "ContextQuantity" });

/** A drug as the host knows it: a formulary id (`amoxicillin`), a code (dm+d or SNOMED CT), or both. */
export const DrugReference = z
  .strictObject({
    id: z.optional(z.string()).register(z.globalRegistry, { description: "formulary drug id, as in the guideline files" }),
    code: z.optional(ContextCoding).register(z.globalRegistry, { description: "dm+d or SNOMED CT code of the product or substance" }),
    display: z.optional(z.string()),
  })
  .check(z.refine((d) => d.id !== undefined || d.code !== undefined, "a drug needs an `id` or a `code`"))
  .register(z.globalRegistry, { id: "DrugReference" });
/** A drug reference. */
export type DrugReference = z.infer<typeof DrugReference>;

/** Pregnancy as recorded. `status` is required when the object is given. */
export const Pregnancy = z.strictObject({
  status: z.enum(["pregnant", "not-pregnant", "unknown"]),
  gestationWeeks: z.optional(z.number().check(z.minimum(0), z.maximum(45))),
  trimester: z.optional(z.union([z.literal(1), z.literal(2), z.literal(3)])),
  atTerm: z.optional(z.boolean()).register(z.globalRegistry, { description: "recorded as at term; Steward does not derive this from gestation" }),
});

/** Facts about the person. Absent fields are unknown. */
export const Patient = z.strictObject({
  birthDate: z.optional(Instant).register(z.globalRegistry, { description: "date of birth; preferred to `age`" }),
  age: z.optional(z.int().check(z.minimum(0), z.maximum(130))).register(z.globalRegistry, { description: "age in whole years, when the birth date is not shared" }),
  sex: z.optional(z.enum(["female", "male", "other", "unknown"])),
  weight: z.optional(ContextQuantity).register(z.globalRegistry, { description: "body weight, in kg or g" }),
  pregnancy: z.optional(Pregnancy),
  breastfeeding: z.optional(z.boolean()),
});

/** A coded diagnosis or problem. Only `active` ones count. */
export const Diagnosis = z.strictObject({
  id: z.optional(z.string()),
  code: ContextCoding,
  status: z._default(z.enum(["active", "resolved", "inactive", "refuted", "entered-in-error"]), "active"),
  recorded: z.optional(Instant),
  onset: z.optional(Instant).register(z.globalRegistry, { description: "when the condition began: its symptoms started (a date counts whole days)" }),
});

/** An allergy or intolerance, to a drug, a drug class (formulary id) or a coded substance. */
export const Allergy = z
  .strictObject({
    id: z.optional(z.string()),
    drug: z.optional(z.string()).register(z.globalRegistry, { description: "formulary drug id" }),
    class: z.optional(z.string()).register(z.globalRegistry, { description: "formulary class id, e.g. penicillins" }),
    code: z.optional(ContextCoding).register(z.globalRegistry, { description: "coded substance (dm+d or SNOMED CT)" }),
    category: z._default(z.enum(["medication", "food", "environment", "biologic"]), "medication").register(z.globalRegistry, { description: "only medication allergies affect prescribing" }),
    reaction: z.optional(z.string()).register(z.globalRegistry, { description: "the reaction in words, as recorded" }),
    manifestations: z.optional(z.array(ContextCoding))
      .register(z.globalRegistry, { description: "coded manifestations of the reactions (SNOMED CT clinical findings, for example anaphylaxis or urticaria), from every recorded reaction" }),
    immediate: z.optional(z.boolean())
      .register(z.globalRegistry, { description: "true when the reaction came on immediately after a dose (an immediate-type hypersensitivity), false when it was recorded as delayed" }),
    severity: z.optional(z.enum(["mild", "moderate", "severe"])).register(z.globalRegistry, { description: "the most severe recorded reaction" }),
    criticality: z.optional(z.enum(["low", "high", "unable-to-assess"])).register(z.globalRegistry, { description: "the recorded risk of a future life-threatening reaction" }),
    type: z._default(z.enum(["allergy", "intolerance"]), "allergy"),
    verification: z._default(z.enum(["confirmed", "unconfirmed", "refuted", "entered-in-error"]), "unconfirmed"),
  })
  .check(z.refine((a) => a.drug !== undefined || a.class !== undefined || a.code !== undefined, "an allergy needs a `drug`, a `class` or a `code`"));

/** A lab result or clinical observation. */
export const ObservationRecord = z.strictObject({
  id: z.optional(z.string()),
  code: ContextCoding,
  value: z.number(),
  unit: z.string(),
  time: Instant,
});

/** A clinical finding recorded as present or absent, named by the guideline's finding id or by code. */
export const FindingRecord = z
  .strictObject({
    finding: z.optional(z.string()).register(z.globalRegistry, { description: "the guideline's finding id, e.g. symptoms-improving" }),
    code: z.optional(ContextCoding),
    present: z.boolean(),
    time: z.optional(Instant),
    onset: z.optional(Instant).register(z.globalRegistry, { description: "for a symptom or sign that is present: when it began (a date counts whole days)" }),
  })
  .check(z.refine((f) => f.finding !== undefined || f.code !== undefined, "a finding needs a `finding` id or a `code`"));

/** A length of time: a number and a unit of time (`days`, `hours`, `weeks`, or the UCUM `d`, `h`, `wk`). */
export const ContextDuration = z
  .strictObject({ value: z.number().check(z.minimum(0)), unit: z.string().check(z.minLength(1)) })
  .check(z.refine((d) => isTimeUnit(d.unit), { message: "expected a unit of time (days, hours, weeks, months or their UCUM codes d, h, wk, mo)", path: ["unit"] }))
  .register(z.globalRegistry, { id: "ContextDuration" });

function isTimeUnit(spelling: string): boolean {
  const unit = findContextUnit(spelling);
  return unit !== undefined && unit !== "" && unit.dimension === "time";
}

/** A current or draft antimicrobial order (a course). */
export const Order = z.strictObject({
  id: z.string().check(z.minLength(1)),
  status: z.enum(["active", "draft", "completed", "stopped", "cancelled"]),
  drug: DrugReference,
  dose: z.optional(ContextQuantity),
  route: wordEnum(routes),
  frequency: z.optional(z.string()),
  start: z.optional(Instant).register(z.globalRegistry, { description: "when the course started (the first dose)" }),
  authored: z.optional(Instant).register(z.globalRegistry, { description: "when the order was written; not the start of the course" }),
  duration: z.optional(ContextDuration).register(z.globalRegistry, { description: "the prescribed course length, as the prescriber wrote it" }),
  end: z.optional(Instant).register(z.globalRegistry, { description: "when the prescribed course ends: as recorded, or the start plus the prescribed course length" }),
  indications: z.optional(z.array(ContextCoding)).register(z.globalRegistry, { description: "coded diagnoses the order is for; absent or empty = none linked" }),
  review: z.optional(z.strictObject({
      outcome: wordEnum(reviewOutcomes),
      at: Instant,
      nextReview: z.optional(Instant).register(z.globalRegistry, { description: "for `continue`: when to review again" }),
    }))
    .register(z.globalRegistry, { description: "the last recorded antimicrobial review of this course (Start Smart then Focus)" }),
});

/**
 * A course the patient has had and is no longer taking: completed as prescribed, or stopped before
 * its end. Read for "antibiotics in the last 3 months" and for an allergy contradicted by a course
 * the patient tolerated.
 */
export const PastCourse = z.strictObject({
  id: z.optional(z.string()),
  status: z.enum(["completed", "stopped"]).register(z.globalRegistry, { description: "completed as prescribed, or stopped before its end (a stopped course says nothing about tolerance)" }),
  drug: DrugReference,
  route: z.optional(wordEnum(routes)),
  start: z.optional(Instant).register(z.globalRegistry, { description: "the first dose" }),
  end: z.optional(Instant).register(z.globalRegistry, { description: "the last dose, or when the course was due to end" }),
  authored: z.optional(Instant).register(z.globalRegistry, { description: "when the order or statement was written" }),
  duration: z.optional(ContextDuration).register(z.globalRegistry, { description: "the prescribed course length" }),
  indications: z.optional(z.array(ContextCoding)).register(z.globalRegistry, { description: "coded diagnoses the course was for" }),
});

/** One antibiotic tested against the organism, and the laboratory's interpretation. */
export const Susceptibility = z.strictObject({
  drug: DrugReference,
  result: wordEnum(susceptibilities),
});

/** A microbiology culture: the specimen, the organism grown, and the susceptibility results. */
export const Culture = z.strictObject({
  id: z.string().check(z.minLength(1)),
  specimen: wordEnum(specimens),
  status: z.enum(["pending", "preliminary", "final"]),
  collected: z.optional(Instant),
  reported: z.optional(Instant),
  organism: z.optional(ContextCoding).register(z.globalRegistry, { description: "the organism grown; leave out while it is not known" }),
  noGrowth: z.optional(z.literal(true))
    .register(z.globalRegistry, { description: "true when the laboratory reported no growth; without it, a culture with no organism is one whose organism is not known" }),
  susceptibilities: z._default(z.array(Susceptibility), []),
}).check(z.refine((c) => !(c.noGrowth === true && c.organism !== undefined), { message: "a culture cannot both grow an organism and have no growth", path: ["noGrowth"] }));

/** An alert the clinician has already acknowledged, suppressed until `until` (or the host's default window). */
export const AcknowledgedAlert = z.strictObject({
  key: z.string().check(z.minLength(1)),
  at: Instant,
  until: z.optional(Instant),
});

/** Everything `evaluate` may read about one patient at one moment. */
export const PatientContext = z
  .strictObject({
    patient: Patient,
    setting: wordEnum(careSettings),
    diagnoses: z.optional(z.array(Diagnosis)),
    allergies: z.optional(z.array(Allergy)),
    observations: z.optional(z.array(ObservationRecord)),
    findings: z.optional(z.array(FindingRecord)),
    orders: z.optional(z.array(Order)),
    medicationHistory: z.optional(z.array(PastCourse)).register(z.globalRegistry, { description: "courses the patient has had and is no longer taking; absent = unknown" }),
    admitted: z.optional(Instant).register(z.globalRegistry, { description: "when the current hospital stay began (the admission), for inpatients" }),
    microbiology: z.optional(z.array(Culture)),
    acknowledgedAlerts: z.optional(z.array(AcknowledgedAlert)),
  })
  .register(z.globalRegistry, { id: "PatientContext" });

/** The patient context as a host writes it (defaults not yet applied). */
export type PatientContextInput = z.input<typeof PatientContext>;
/** The patient context after validation. */
export type PatientContext = z.infer<typeof PatientContext>;
