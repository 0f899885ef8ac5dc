/**
 * The kinds of patient a synthetic population holds, each a short story with its share of the
 * population, and what the audit must find for each course it writes (the planted outcome). The
 * clinical content comes from the bundled guidelines and the clinical facts sheet only: diagnosis
 * codes and drugs the guidelines name, NG109's lower UTI tables (3 days for women, 7 for men), the
 * primary-care tables of NG84 (sore throat, by FeverPAIN), NG138 (pneumonia, by CRB65) and NG141
 * (cellulitis), and the hospital rules (Start Smart then Focus, IV-to-oral switch, restricted
 * antimicrobials). Badly coded prescriptions (no linked or no coded indication, an indication no
 * guideline reads) and inappropriate or unsafe ones (a drug NG109 does not offer, a course longer
 * than it gives, an antibiotic where NG84 advises none, a penicillin for a patient allergic to
 * penicillins, an IV course left IV after meeting the switch criteria, no review by 72 hours) are
 * planted at the shares below.
 */
import type { vocabulary } from "@steward/core";
import type { DurationMatch, IndicationStatus, IvosStatus, Recommendation, ReviewStatus } from "../audit-row.js";
import type { Random } from "./random.js";
import type { Code, RecordBuilder, SyntheticDrug } from "./record-builder.js";

/** What the audit must find for one course a story writes. */
export interface PlantedCourse {
  readonly drug: string;
  readonly aware: vocabulary.AwareCategory | null;
  readonly indication: IndicationStatus;
  readonly recommendation: Recommendation;
  readonly duration: DurationMatch;
  readonly review: ReviewStatus;
  readonly ivos: IvosStatus;
  /** The course stayed IV for 24 hours or more after it met the switch criteria. */
  readonly stayedIv: boolean;
  /** The alerts raised when it was written, as `guideline/rule`, sorted. */
  readonly alerts: readonly string[];
  /** The prescribing strategies the guidelines advised when it was written, sorted. */
  readonly strategies: readonly vocabulary.Strategy[];
  /** The linked indication is a diagnosis no loaded guideline recognises. */
  readonly indicationUnrecognised: boolean;
}

/** A kind of patient. */
export interface Story {
  readonly id: string;
  /** Its share of the population, in percent. */
  readonly share: number;
  readonly setting: "primary-care" | "inpatient";
  /** Who: sex (`any` is either, at random) and the range of ages in years. */
  readonly person: { readonly sex: "female" | "male" | "any"; readonly ages: readonly [number, number] };
  readonly description: string;
  /** Writes the patient's record around `base` (an ISO moment in the audit period); returns the planted outcome of each course, in order of writing. */
  readonly write: (b: RecordBuilder, base: number, random: Random) => PlantedCourse[];
}

// Diagnoses (SNOMED CT, as the bundled guidelines and CLINICAL-FACTS §7.1 give them).
const cystitis: Code = { code: "38822007", display: "Cystitis" };
const cellulitis: Code = { code: "128045006", display: "Cellulitis" };
const pneumonia: Code = { code: "385093006", display: "Community acquired pneumonia" };
const sepsis: Code = { code: "10001005", display: "Bacterial sepsis" };
// CLINICAL-FACTS §7.1 [V]: acute pharyngitis, the code NG84 reads for sore throat.
const soreThroat: Code = { code: "363746003", display: "Acute pharyngitis" };
// Not an infection, and read by no bundled guideline: an antibiotic linked to it is a coding error (test/safety.test.ts uses it as such a code).
const hypertension: Code = { code: "38341003", display: "Hypertensive disorder" };
// CLINICAL-FACTS §7.3 [V]: allergy to penicillin.
const penicillinAllergy: Code = { code: "91936005", display: "Allergy to penicillin" };

/** The formulary drugs the stories order, with the formulary's first dm+d code where it gives one. */
export const syntheticDrugs = {
  nitrofurantoin: { id: "nitrofurantoin", name: "Nitrofurantoin", dmd: "39108511000001108" },
  trimethoprim: { id: "trimethoprim", name: "Trimethoprim" },
  ciprofloxacin: { id: "ciprofloxacin", name: "Ciprofloxacin" },
  flucloxacillin: { id: "flucloxacillin", name: "Flucloxacillin", dmd: "39692211000001107" },
  amoxicillin: { id: "amoxicillin", name: "Amoxicillin", dmd: "39732411000001106" },
  coAmoxiclav: { id: "co-amoxiclav", name: "Co-amoxiclav" },
  linezolid: { id: "linezolid", name: "Linezolid" },
  meropenem: { id: "meropenem", name: "Meropenem" },
  phenoxymethylpenicillin: { id: "phenoxymethylpenicillin", name: "Phenoxymethylpenicillin" },
} as const satisfies Record<string, SyntheticDrug>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number): string => new Date(ms).toISOString().replace(".000Z", "Z");

const primaryCare = { review: "not-applicable", ivos: "not-applicable", stayedIv: false, indicationUnrecognised: false } as const;

/** A woman of 16 to 64 seen in primary care with what NG109 needs known: eGFR, no known allergy, not pregnant. */
function womanWithTests(b: RecordBuilder, base: number, random: Random): void {
  b.noKnownAllergy(iso(base - random.int(100, 2000) * DAY));
  b.measurement("loinc", "33914-3", random.int(60, 110), "mL/min/{1.73_m2}", iso(base - random.int(1, 60) * DAY));
  b.notPregnant(iso(base - 20 * 60_000));
}

/** A lower UTI in primary care: cystitis coded (and linked, or not), then one course. */
function uti(drug: SyntheticDrug, days: number, coded: "linked" | "coded" | "missing", planted: Omit<PlantedCourse, "drug" | "indication" | "review" | "ivos" | "stayedIv" | "indicationUnrecognised">) {
  return (b: RecordBuilder, base: number, random: Random): PlantedCourse[] => {
    womanWithTests(b, base, random);
    if (coded !== "missing") b.diagnosis(cystitis, iso(base - 10 * 60_000));
    b.course({ drug, route: "oral", status: "completed", authored: iso(base), days, ...(coded === "linked" ? { indication: cystitis } : {}) });
    return [{ drug: drug.id, indication: coded, ...primaryCare, ...planted }];
  };
}

/** An adult seen in primary care with no known drug allergy (or, with `allergic`, a confirmed penicillin allergy), the diagnosis coded and linked, the findings given recorded just before the course. */
function primaryCareCourse(spec: {
  readonly diagnosis: Code;
  readonly drug: SyntheticDrug;
  readonly days: number;
  readonly findings: readonly (readonly [string, boolean])[];
  readonly measurements?: readonly (readonly [string, number, string])[];
  readonly allergic?: boolean;
  readonly planted: Omit<PlantedCourse, "drug" | "indication" | "review" | "ivos" | "stayedIv" | "indicationUnrecognised"> & { readonly indicationUnrecognised?: boolean };
}) {
  return (b: RecordBuilder, base: number, random: Random): PlantedCourse[] => {
    const recorded = iso(base - random.int(100, 2000) * DAY);
    if (spec.allergic === true) b.allergy(penicillinAllergy, recorded);
    else b.noKnownAllergy(recorded);
    b.diagnosis(spec.diagnosis, iso(base - 10 * 60_000));
    for (const [finding, present] of spec.findings) b.finding(finding, present, iso(base - 15 * 60_000));
    for (const [code, value, unit] of spec.measurements ?? []) b.measurement("loinc", code, value, unit, iso(base - 20 * 60_000));
    b.course({ drug: spec.drug, route: "oral", status: "completed", authored: iso(base), days: spec.days, indication: spec.diagnosis });
    return [{ drug: spec.drug.id, indication: "linked", ...primaryCare, ...spec.planted }];
  };
}

/** NG84's FeverPAIN criteria, the first `score` present and the rest absent, and none of the reasons for an immediate antibiotic. */
function feverPain(score: number): (readonly [string, boolean])[] {
  const criteria = ["fever-past-24-hours", "purulence", "attended-within-3-days", "severely-inflamed-tonsils", "no-cough-or-coryza"];
  return [...criteria.map((c, i) => [c, i < score] as const), ["systemically-very-unwell", false], ["signs-of-serious-illness", false], ["high-risk-of-complications", false]];
}

/** How an inpatient's observations go over the first two days of IV treatment. */
type Course = "improving" | "not-improving";

/** Temperature, NEWS2 and the IVOS findings at 2, 24 and 44 hours after the first IV dose. */
function observations(b: RecordBuilder, start: number, course: Course): void {
  const readings: readonly (readonly [number, number, number, boolean])[] =
    course === "improving"
      ? [
          [2, 38.6, 6, false],
          [24, 37.8, 4, false],
          [44, 37.1, 2, true],
        ]
      : [
          [2, 38.6, 6, false],
          [24, 38.4, 6, false],
          [44, 38.2, 5, false],
        ];
  for (const [hours, temperature, news2, improving] of readings) {
    const at = iso(start + hours * HOUR);
    b.measurement("loinc", "8310-5", temperature, "Cel", at);
    b.measurement("snomed", "1104051000000101", news2, "{score}", at);
    b.finding("clinical-signs-improving", improving, at);
    b.finding("gi-tract-functioning", true, at);
    b.finding("safe-swallow-or-enteral-tube", true, at);
    b.finding("vomiting-in-last-24-hours", false, at);
    b.finding("adherence-concerns", false, at);
    for (const f of ["bloodstream-infection", "empyema", "endocarditis", "meningitis", "osteomyelitis", "necrotising-soft-tissue-infection"]) b.finding(f, false, at);
  }
}

/** An admission with one IV course started two hours in; `reviewAt` hours after the first dose (or none); IV for `ivHours`. */
function ivCourse(
  b: RecordBuilder,
  base: number,
  random: Random,
  spec: { readonly drug: SyntheticDrug; readonly diagnosis: Code; readonly linked: boolean; readonly course: Course; readonly ivHours: number; readonly reviewAt?: number; readonly reviewOutcome?: "continue" | "switch-to-oral" },
): number {
  const start = base + 2 * HOUR;
  b.admission(iso(base), iso(start + (spec.ivHours + 96) * HOUR));
  b.noKnownAllergy(iso(base - random.int(100, 2000) * DAY));
  b.diagnosis(spec.diagnosis, iso(base + HOUR));
  observations(b, start, spec.course);
  const outcome = spec.reviewOutcome ?? "continue";
  b.course({
    drug: spec.drug,
    route: "iv",
    status: "stopped",
    authored: iso(start - 15 * 60_000),
    start: iso(start),
    end: iso(start + spec.ivHours * HOUR),
    ...(spec.linked ? { indication: spec.diagnosis } : {}),
    ...(spec.reviewAt === undefined ? {} : { review: { outcome, at: iso(start + spec.reviewAt * HOUR), ...(outcome === "continue" ? { nextReview: iso(start + (spec.reviewAt + 24) * HOUR) } : {}) } }),
  });
  return start;
}

// NG138 and NG141 advise an immediate antibiotic for the pneumonia and the cellulitis.
const hospital = { recommendation: "no-recommendation", duration: "not-applicable", strategies: ["immediate"], indicationUnrecognised: false } as const;

/** Every story, with its share of the population (the shares add up to 100). */
export const stories: readonly Story[] = [
  {
    id: "uti-nitrofurantoin",
    share: 12,
    setting: "primary-care",
    person: { sex: "female", ages: [16, 64] },
    description: "a woman of 16 to 64 with cystitis, linked, given nitrofurantoin for 3 days (NG109 table 1 first choice)",
    write: uti(syntheticDrugs.nitrofurantoin, 3, "linked", { aware: "access", recommendation: "offered", duration: "within", alerts: [], strategies: ["back-up", "immediate"] }),
  },
  {
    id: "uti-trimethoprim",
    share: 5,
    setting: "primary-care",
    person: { sex: "female", ages: [16, 64] },
    description: "a woman with cystitis, linked, given trimethoprim for 3 days (NG109 table 1 first choice)",
    write: uti(syntheticDrugs.trimethoprim, 3, "linked", { aware: "access", recommendation: "offered", duration: "within", alerts: [], strategies: ["back-up", "immediate"] }),
  },
  {
    id: "uti-man",
    share: 6,
    setting: "primary-care",
    person: { sex: "male", ages: [16, 80] },
    description: "a man of 16 to 80 with cystitis, linked, given trimethoprim for 7 days (NG109 table 3 first choice)",
    write: (b, base, random) => {
      b.noKnownAllergy(iso(base - random.int(100, 2000) * DAY));
      b.measurement("loinc", "33914-3", random.int(60, 110), "mL/min/{1.73_m2}", iso(base - random.int(1, 60) * DAY));
      b.diagnosis(cystitis, iso(base - 10 * 60_000));
      b.course({ drug: syntheticDrugs.trimethoprim, route: "oral", status: "completed", authored: iso(base), days: 7, indication: cystitis });
      return [{ drug: "trimethoprim", aware: "access", indication: "linked", recommendation: "offered", duration: "within", ...primaryCare, alerts: [], strategies: ["immediate"] }];
    },
  },
  {
    id: "uti-course-too-long",
    share: 6,
    setting: "primary-care",
    person: { sex: "female", ages: [16, 64] },
    description: "inappropriate: a woman with cystitis, linked, given trimethoprim for 7 days where NG109 gives 3",
    // The course length check (an order check of kind `duration`) raises its alert under the rule that offers trimethoprim.
    write: uti(syntheticDrugs.trimethoprim, 7, "linked", { aware: "access", recommendation: "offered", duration: "longer", alerts: ["ng109-lower-uti/non-pregnant-women"], strategies: ["back-up", "immediate"] }),
  },
  {
    id: "uti-drug-not-offered",
    share: 4,
    setting: "primary-care",
    person: { sex: "female", ages: [16, 64] },
    description: "inappropriate: a woman with cystitis, linked, given ciprofloxacin (Watch), which NG109 does not offer",
    write: uti(syntheticDrugs.ciprofloxacin, 3, "linked", { aware: "watch", recommendation: "not-offered", duration: "not-applicable", alerts: [], strategies: ["back-up", "immediate"] }),
  },
  {
    id: "uti-indication-not-linked",
    share: 6,
    setting: "primary-care",
    person: { sex: "female", ages: [16, 64] },
    description: "badly coded: cystitis coded but not linked to the nitrofurantoin prescription",
    write: uti(syntheticDrugs.nitrofurantoin, 3, "coded", { aware: "access", recommendation: "offered", duration: "within", alerts: ["coded-indication/diagnosis-before-prescription"], strategies: ["back-up", "immediate"] }),
  },
  {
    id: "uti-not-coded",
    share: 4,
    setting: "primary-care",
    person: { sex: "female", ages: [16, 64] },
    description: "badly coded: nitrofurantoin prescribed with no diagnosis coded at all",
    write: uti(syntheticDrugs.nitrofurantoin, 3, "missing", { aware: "access", recommendation: "no-recommendation", duration: "not-applicable", alerts: ["coded-indication/diagnosis-before-prescription"], strategies: [] }),
  },
  {
    id: "cellulitis-flucloxacillin",
    share: 6,
    setting: "primary-care",
    person: { sex: "any", ages: [18, 80] },
    description: "cellulitis, linked, not near the eyes or nose and able to take oral antibiotics, given flucloxacillin for 7 days (NG141 adults, first choice, 5 to 7 days)",
    write: primaryCareCourse({
      diagnosis: cellulitis,
      drug: syntheticDrugs.flucloxacillin,
      days: 7,
      findings: [["infection-near-eyes-or-nose", false], ["severely-unwell", false], ["unable-to-take-oral", false]],
      planted: { aware: "access", recommendation: "offered", duration: "within", alerts: [], strategies: ["immediate"] },
    }),
  },
  {
    id: "pneumonia-amoxicillin",
    share: 6,
    setting: "primary-care",
    person: { sex: "any", ages: [18, 64] },
    description: "community-acquired pneumonia, linked, CRB65 0 (not confused, respiratory rate 18, blood pressure 125/78, under 65), given amoxicillin for 5 days (NG138 low severity, first choice, 5 days)",
    write: primaryCareCourse({
      diagnosis: pneumonia,
      drug: syntheticDrugs.amoxicillin,
      days: 5,
      findings: [["confusion", false]],
      measurements: [
        ["9279-1", 18, "/min"],
        ["8480-6", 125, "mm[Hg]"],
        ["8462-4", 78, "mm[Hg]"],
      ],
      planted: { aware: "access", recommendation: "offered", duration: "within", alerts: [], strategies: ["immediate"] },
    }),
  },
  {
    id: "sore-throat-immediate",
    share: 4,
    setting: "primary-care",
    person: { sex: "any", ages: [18, 64] },
    description: "acute sore throat, linked, FeverPAIN 4, given phenoxymethylpenicillin for 5 days (NG84: immediate or back-up antibiotic; first choice, 5 to 10 days)",
    write: primaryCareCourse({
      diagnosis: soreThroat,
      drug: syntheticDrugs.phenoxymethylpenicillin,
      days: 5,
      findings: feverPain(4),
      planted: { aware: "access", recommendation: "offered", duration: "within", alerts: [], strategies: ["back-up", "immediate"] },
    }),
  },
  {
    id: "sore-throat-back-up",
    share: 4,
    setting: "primary-care",
    person: { sex: "any", ages: [18, 64] },
    description: "acute sore throat, linked, FeverPAIN 2, given phenoxymethylpenicillin for 5 days where NG84 advises no antibiotic or a back-up prescription",
    write: primaryCareCourse({
      diagnosis: soreThroat,
      drug: syntheticDrugs.phenoxymethylpenicillin,
      days: 5,
      findings: feverPain(2),
      planted: { aware: "access", recommendation: "offered", duration: "within", alerts: [], strategies: ["back-up", "no-antibiotic"] },
    }),
  },
  {
    id: "sore-throat-no-antibiotic",
    share: 3,
    setting: "primary-care",
    person: { sex: "any", ages: [18, 64] },
    description: "inappropriate: acute sore throat, linked, FeverPAIN 1, given phenoxymethylpenicillin for 10 days where NG84 advises no antibiotic",
    write: primaryCareCourse({
      diagnosis: soreThroat,
      drug: syntheticDrugs.phenoxymethylpenicillin,
      days: 10,
      findings: feverPain(1),
      planted: { aware: "access", recommendation: "antibiotic-not-advised", duration: "not-applicable", alerts: [], strategies: ["no-antibiotic"] },
    }),
  },
  {
    id: "sore-throat-penicillin-allergy",
    share: 2,
    setting: "primary-care",
    person: { sex: "any", ages: [18, 64] },
    description: "unsafe: acute sore throat, FeverPAIN 4, with a confirmed penicillin allergy, given phenoxymethylpenicillin: ruled out by the allergy, and the order check alerts",
    write: primaryCareCourse({
      diagnosis: soreThroat,
      drug: syntheticDrugs.phenoxymethylpenicillin,
      days: 5,
      findings: feverPain(4),
      allergic: true,
      planted: { aware: "access", recommendation: "excluded", duration: "not-applicable", alerts: ["ng84-sore-throat/allergy-check"], strategies: ["back-up", "immediate"] },
    }),
  },
  {
    id: "indication-unrecognised",
    share: 2,
    setting: "primary-care",
    person: { sex: "any", ages: [18, 80] },
    description: "badly coded: amoxicillin for 5 days linked to hypertension, a diagnosis no guideline reads (the wrong entry picked from a list)",
    write: primaryCareCourse({
      diagnosis: hypertension,
      drug: syntheticDrugs.amoxicillin,
      days: 5,
      findings: [],
      planted: { aware: "access", recommendation: "no-recommendation", duration: "not-applicable", alerts: [], strategies: [], indicationUnrecognised: true },
    }),
  },
  {
    id: "pneumonia-iv-switched",
    share: 8,
    setting: "inpatient",
    person: { sex: "any", ages: [40, 90] },
    description: "pneumonia on IV co-amoxiclav: meets the switch criteria at 44 hours, reviewed at 46, switched to oral at 50 (reviewed at 24 hours)",
    write: (b, base, random) => {
      const start = ivCourse(b, base, random, { drug: syntheticDrugs.coAmoxiclav, diagnosis: pneumonia, linked: true, course: "improving", ivHours: 50, reviewAt: 46, reviewOutcome: "switch-to-oral" });
      const oral = start + 50 * HOUR;
      b.course({ drug: syntheticDrugs.coAmoxiclav, route: "oral", status: "completed", authored: iso(oral), start: iso(oral), end: iso(oral + 3 * DAY), days: 3, indication: pneumonia, review: { outcome: "continue", at: iso(oral + 24 * HOUR), nextReview: iso(oral + 48 * HOUR) } });
      return [
        { drug: "co-amoxiclav", aware: "watch", indication: "linked", ...hospital, review: "reviewed", ivos: "met", stayedIv: false, alerts: ["ng138-pneumonia/severity-not-assessed-hospital"] },
        { drug: "co-amoxiclav", aware: "watch", indication: "linked", ...hospital, review: "reviewed", ivos: "not-applicable", stayedIv: false, alerts: ["ng138-pneumonia/severity-not-assessed-hospital"] },
      ];
    },
  },
  {
    id: "pneumonia-iv-stayed-iv",
    share: 8,
    setting: "inpatient",
    person: { sex: "any", ages: [40, 90] },
    description: "inappropriate: pneumonia on IV co-amoxiclav meeting the switch criteria at 44 hours but left IV to 120 hours; first reviewed at 96 hours",
    write: (b, base, random) => {
      ivCourse(b, base, random, { drug: syntheticDrugs.coAmoxiclav, diagnosis: pneumonia, linked: true, course: "improving", ivHours: 120, reviewAt: 96 });
      return [{ drug: "co-amoxiclav", aware: "watch", indication: "linked", ...hospital, review: "not-reviewed", ivos: "met", stayedIv: true, alerts: ["ng138-pneumonia/severity-not-assessed-hospital"] }];
    },
  },
  {
    id: "pneumonia-iv-not-improving",
    share: 6,
    setting: "inpatient",
    person: { sex: "any", ages: [40, 90] },
    description: "pneumonia on IV co-amoxiclav, febrile and not improving: never meets the switch criteria; reviewed at 48 hours",
    write: (b, base, random) => {
      ivCourse(b, base, random, { drug: syntheticDrugs.coAmoxiclav, diagnosis: pneumonia, linked: true, course: "not-improving", ivHours: 120, reviewAt: 48 });
      return [{ drug: "co-amoxiclav", aware: "watch", indication: "linked", ...hospital, review: "reviewed", ivos: "never-met", stayedIv: false, alerts: ["ng138-pneumonia/severity-not-assessed-hospital"] }];
    },
  },
  {
    id: "cellulitis-linezolid-unlinked",
    share: 3,
    setting: "inpatient",
    person: { sex: "any", ages: [40, 90] },
    description: "badly coded and restricted: IV linezolid (Reserve) with cellulitis coded (NG141 reads it) but not linked to the order, never reviewed",
    write: (b, base, random) => {
      ivCourse(b, base, random, { drug: syntheticDrugs.linezolid, diagnosis: cellulitis, linked: false, course: "not-improving", ivHours: 96 });
      return [
        {
          drug: "linezolid",
          aware: "reserve",
          indication: "coded",
          ...hospital,
          review: "not-reviewed",
          ivos: "never-met",
          stayedIv: false,
          alerts: ["coded-indication/indication-required-in-hospital", "restricted-antimicrobials/reserve-antibiotic"],
        },
      ];
    },
  },
  {
    id: "sepsis-meropenem",
    share: 5,
    setting: "inpatient",
    person: { sex: "any", ages: [40, 90] },
    description: "sepsis on IV meropenem (locally restricted; no UK-AWaRe category confirmed) with no culture taken; improving, but meropenem has no oral option; reviewed at 30 hours",
    write: (b, base, random) => {
      ivCourse(b, base, random, { drug: syntheticDrugs.meropenem, diagnosis: sepsis, linked: true, course: "improving", ivHours: 120, reviewAt: 30 });
      return [
        {
          drug: "meropenem",
          aware: null,
          indication: "linked",
          ...hospital,
          strategies: [],
          review: "reviewed",
          ivos: "never-met",
          stayedIv: false,
          alerts: ["restricted-antimicrobials/locally-restricted-antimicrobial", "start-smart-then-focus/cultures-before-iv-antibiotics-in-sepsis"],
        },
      ];
    },
  },
];
