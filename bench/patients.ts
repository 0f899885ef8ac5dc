/**
 * Deterministic patient contexts for the evaluation bench: a primary-care-like mix of women, men,
 * children and pregnant women with a lower UTI, and patients with other diagnoses only. Data is
 * missing the way it is in real records: eGFR often absent, pregnancy sometimes not recorded,
 * allergy, order and culture lists sometimes not sent.
 */
import type { PatientContextInput } from "@steward/core";
import { Random } from "@steward/surveillance/synthetic";

/** The evaluation time every bench uses. */
export const NOW = "2026-11-25T09:00:00Z";
const nowMs = Date.parse(NOW);
const DAY = 86_400_000;

type Coding = { system: string; code: string; display?: string };

const utiCodes: readonly (readonly [Coding, number])[] = [
  [{ system: "http://snomed.info/sct", code: "38822007", display: "Cystitis" }, 55],
  [{ system: "snomed", code: "38822007" }, 10],
  [{ system: "http://snomed.info/sct", code: "1090711000000102", display: "Acute lower urinary tract infection" }, 15],
  [{ system: "http://hl7.org/fhir/sid/icd-10", code: "N30.0", display: "Acute cystitis" }, 20],
];

/** Diagnoses that no guideline in the repository (or the generated unrelated ones) is about. */
const otherCodes: readonly Coding[] = [
  { system: "http://hl7.org/fhir/sid/icd-10", code: "J06.9", display: "Acute upper respiratory infection" },
  { system: "http://hl7.org/fhir/sid/icd-10", code: "J02.9", display: "Acute pharyngitis" },
  { system: "http://hl7.org/fhir/sid/icd-10", code: "L03.1", display: "Cellulitis of limb" },
  { system: "http://hl7.org/fhir/sid/icd-10", code: "J18.9", display: "Pneumonia" },
  { system: "http://hl7.org/fhir/sid/icd-10", code: "I10", display: "Essential hypertension" },
  { system: "http://hl7.org/fhir/sid/icd-10", code: "E11.9", display: "Type 2 diabetes" },
  { system: "http://snomed.info/sct", code: "386661006", display: "Fever" },
];

const egfrCodes = ["33914-3", "62238-1", "98979-8", "69405-9"] as const;
const orderDrugs = ["trimethoprim", "nitrofurantoin", "amoxicillin", "cefalexin", "pivmecillinam"] as const;
const testedDrugs = ["trimethoprim", "nitrofurantoin", "amoxicillin", "cefalexin", "pivmecillinam", "fosfomycin"] as const;

type Kind = "woman" | "pregnant" | "man" | "child" | "other-diagnosis" | "no-active-uti";

const kinds: readonly (readonly [Kind, number])[] = [
  ["woman", 33],
  ["pregnant", 7],
  ["man", 15],
  ["child", 15],
  ["other-diagnosis", 25],
  ["no-active-uti", 5],
];

const settings = [
  ["primary-care", 60],
  ["community-pharmacy", 10],
  ["urgent-care", 10],
  ["emergency-department", 8],
  ["inpatient", 7],
  ["outpatient", 5],
] as const;

function date(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function instant(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** `count` patient contexts from `seed`; the same arguments always give the same patients. */
export function generatePatients(count: number, seed = 20261125): PatientContextInput[] {
  const r = new Random(seed);
  const out: PatientContextInput[] = [];
  for (let i = 0; i < count; i++) out.push(generatePatient(r, i));
  return out;
}

function generatePatient(r: Random, index: number): PatientContextInput {
  const kind = r.weighted(kinds);
  const child = kind === "child" || (kind === "other-diagnosis" && r.chance(0.15));
  const ageYears = child ? (r.chance(0.12) ? 0 : r.int(0, 15)) : kind === "pregnant" ? r.int(16, 44) : r.int(16, 95);
  const ageDays = child && ageYears === 0 ? r.int(7, 364) : ageYears * 365.25 + r.int(0, 364);
  const sex = kind === "woman" || kind === "pregnant" ? "female" : kind === "man" ? "male" : r.pick(["female", "male"] as const);

  const patient: PatientContextInput["patient"] = { sex };
  if (!child && r.chance(0.15)) patient.age = Math.floor((ageDays - 1) / 365.25);
  else patient.birthDate = date(nowMs - ageDays * DAY);
  if (child ? r.chance(0.9) : r.chance(0.25)) {
    const kg = child ? Math.max(3, Math.round((3.5 + ageYears * 3 + r.next() * 4) * 10) / 10) : r.int(45, 120);
    patient.weight = r.chance(0.05) ? { value: kg * 1000, unit: "g" } : { value: kg, unit: "kg" };
  }

  if (kind === "pregnant") {
    const weeks = r.int(6, 41);
    const pregnancy: NonNullable<PatientContextInput["patient"]["pregnancy"]> = { status: "pregnant", gestationWeeks: weeks, trimester: weeks < 13 ? 1 : weeks < 27 ? 2 : 3 };
    if (r.chance(0.75)) pregnancy.atTerm = weeks >= 37;
    patient.pregnancy = pregnancy;
  } else if (sex === "female" && ageYears >= 12) {
    const status = ageYears <= 55 ? r.weighted([["not-pregnant", 80], ["absent", 16], ["unknown", 4]] as const) : r.weighted([["not-pregnant", 85], ["absent", 15]] as const);
    if (status !== "absent") patient.pregnancy = { status };
  } else if (sex === "male" && r.chance(0.1)) {
    patient.pregnancy = { status: "not-pregnant" };
  }

  const context: PatientContextInput = { patient, setting: r.weighted(settings) };

  const diagnoses: NonNullable<PatientContextInput["diagnoses"]> = [];
  const hasUti = kind !== "other-diagnosis" && kind !== "no-active-uti";
  if (hasUti) {
    const d: (typeof diagnoses)[number] = { code: r.weighted(utiCodes), recorded: date(nowMs - r.int(0, 3) * DAY) };
    if (r.chance(0.3)) d.status = "active";
    diagnoses.push(d);
  }
  if (kind === "no-active-uti" && r.chance(0.6)) diagnoses.push({ code: r.weighted(utiCodes), status: "resolved" });
  if (kind === "other-diagnosis" || r.chance(0.2)) diagnoses.push({ code: r.pick(otherCodes) });
  if (kind === "other-diagnosis" && r.chance(0.3)) diagnoses.push({ code: r.pick(otherCodes), status: r.pick(["active", "inactive"] as const) });
  context.diagnoses = diagnoses;

  const observations: NonNullable<PatientContextInput["observations"]> = [];
  if (r.chance(child ? 0.3 : 0.65)) {
    const results = r.chance(0.2) ? 2 : 1;
    for (let k = 0; k < results; k++) {
      const low = r.chance(0.15);
      observations.push({
        code: { system: "http://loinc.org", code: r.pick(egfrCodes), display: "eGFR" },
        value: low ? r.int(12, 44) : r.int(45, 120),
        unit: r.chance(0.7) ? "mL/min/{1.73_m2}" : "mL/min/1.73m2",
        time: date(nowMs - r.int(1, 400) * DAY),
      });
    }
  }
  if (r.chance(0.1)) observations.push({ code: { system: "http://loinc.org", code: "1988-5", display: "CRP" }, value: r.int(1, 200), unit: "mg/L", time: date(nowMs - r.int(0, 30) * DAY) });
  if (observations.length > 0 || r.chance(0.5)) context.observations = observations;

  if (r.chance(0.88)) {
    const allergies: NonNullable<PatientContextInput["allergies"]> = [];
    const n = r.chance(0.25) ? r.int(1, 2) : 0;
    for (let k = 0; k < n; k++) {
      const reaction = r.chance(0.6) ? { reaction: r.pick(["urticaria", "rash", "anaphylaxis", "nausea"]), severity: r.pick(["mild", "moderate", "severe"] as const) } : {};
      const entry = r.weighted<NonNullable<PatientContextInput["allergies"]>[number]>([
        [{ class: "penicillins", verification: "confirmed", ...reaction }, 30],
        [{ class: "penicillins", ...reaction }, 10],
        [{ drug: "amoxicillin", ...reaction }, 10],
        [{ class: "cephalosporins", verification: "confirmed", ...reaction }, 6],
        [{ drug: "nitrofurantoin", type: "intolerance", ...reaction }, 8],
        [{ drug: "trimethoprim", ...reaction }, 6],
        [{ class: "beta-lactams", verification: "confirmed", ...reaction }, 4],
        [{ code: { system: "http://snomed.info/sct", code: "387179001", display: "Trimethoprim" }, ...reaction }, 5],
        [{ id: `alg-${index}`, code: { system: "http://snomed.info/sct", code: "91936005", display: "Allergy to penicillin" } }, 4],
        [{ code: { system: "http://snomed.info/sct", code: "91935009", display: "Allergy to peanut" }, category: "food" }, 10],
        [{ class: "penicillins", verification: "refuted" }, 7],
      ]);
      allergies.push(entry);
    }
    context.allergies = allergies;
  }

  const withOrder = hasUti ? r.chance(0.2) : r.chance(0.05);
  if (withOrder || r.chance(0.8)) {
    const orders: NonNullable<PatientContextInput["orders"]> = [];
    if (withOrder) {
      const n = r.chance(0.15) ? 2 : 1;
      for (let k = 0; k < n; k++) {
        const drugId = r.pick(orderDrugs);
        const byCode = drugId === "nitrofurantoin" && r.chance(0.3);
        orders.push({
          id: `rx-${index}-${k}`,
          status: r.weighted([["active", 80], ["draft", 10], ["completed", 10]] as const),
          drug: byCode ? { code: { system: "https://dmd.nhs.uk", code: "39108511000001108" }, display: "Nitrofurantoin 100mg MR capsules" } : { id: drugId },
          dose: { value: 200, unit: "mg" },
          route: "oral",
          frequency: "twice daily",
          start: instant(nowMs - r.int(1, 6) * DAY),
          ...(r.chance(0.5) ? { indications: [r.weighted(utiCodes)] } : {}),
        });
      }
    }
    context.orders = orders;
  }

  const withCulture = withOrder ? r.chance(0.7) : hasUti ? r.chance(0.08) : r.chance(0.02);
  if (withCulture || r.chance(0.75)) {
    const cultures: NonNullable<PatientContextInput["microbiology"]> = [];
    if (withCulture) {
      const final = r.chance(0.8);
      const culture: NonNullable<PatientContextInput["microbiology"]>[number] = {
        id: `culture-${index}`,
        specimen: r.chance(0.85) ? "urine" : "blood",
        status: final ? "final" : "pending",
        collected: instant(nowMs - 3 * DAY),
      };
      if (final) {
        culture.reported = instant(nowMs - r.int(2, 40) * 3_600_000);
        culture.organism = { system: "http://snomed.info/sct", code: "112283007", display: "Escherichia coli" };
        culture.susceptibilities = testedDrugs
          .filter(() => r.chance(0.6))
          .map((id) => ({ drug: { id }, result: r.weighted([["susceptible", 65], ["resistant", 28], ["intermediate", 7]] as const) }));
      }
      cultures.push(culture);
    }
    context.microbiology = cultures;
  }

  if (hasUti && r.chance(withOrder ? 0.6 : 0.08)) {
    context.findings = [{ finding: "symptoms-improving", present: r.chance(0.5), time: instant(nowMs - r.int(1, 48) * 3_600_000) }];
  }
  if (withOrder && r.chance(0.08)) {
    context.acknowledgedAlerts = [{ key: "ng109-culture-resistant", at: instant(nowMs - r.int(1, 30) * 3_600_000) }];
  }
  return context;
}
