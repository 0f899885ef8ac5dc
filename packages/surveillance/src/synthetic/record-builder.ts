/**
 * Builds one synthetic patient's record twice, fact by fact: as a Steward patient context holding
 * the whole record, and as the FHIR R4 resources a Bulk Data export would hold. Each fact is written
 * the way `fromFhir` reads it back (codes, units, ids), so the two say the same thing.
 */
import type { OrderReview, PatientContextInput, vocabulary } from "@steward/core";

type Resource = Record<string, unknown>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Context = Mutable<PatientContextInput> & {
  diagnoses: NonNullable<PatientContextInput["diagnoses"]>;
  allergies: NonNullable<PatientContextInput["allergies"]>;
  observations: NonNullable<PatientContextInput["observations"]>;
  findings: NonNullable<PatientContextInput["findings"]>;
  orders: NonNullable<PatientContextInput["orders"]>;
};

const snomed = "http://snomed.info/sct";
const loinc = "http://loinc.org";
const ucum = "http://unitsofmeasure.org";

/** The identifier system of the synthetic pseudonymous keys on each Patient. */
export const SYNTHETIC_KEY_SYSTEM = "https://steward.dev/fhir/sid/synthetic-pseudonym";
/** The identifier system of the synthetic sites on each Organization. */
export const SYNTHETIC_SITE_SYSTEM = "https://steward.dev/fhir/sid/synthetic-site";
/** The code system of drugs the formulary gives no dm+d code for; `fhirMappings` maps them. */
export const SYNTHETIC_DRUG_SYSTEM = "https://steward.dev/fhir/CodeSystem/synthetic-drug";
const findingSystem = "https://steward.dev/fhir/CodeSystem/finding";

/** A coded diagnosis: SNOMED CT code and term. */
export interface Code {
  readonly code: string;
  readonly display: string;
}

/** A drug as the generator orders it: the formulary id, its dm+d code when the formulary gives one. */
export interface SyntheticDrug {
  readonly id: string;
  readonly name: string;
  readonly dmd?: string;
}

/** One course to write. */
export interface CourseSpec {
  readonly drug: SyntheticDrug;
  readonly route: "oral" | "iv";
  readonly status: "active" | "completed" | "stopped";
  readonly authored: string;
  readonly start?: string;
  readonly end?: string;
  /** The prescribed course length in days. */
  readonly days?: number;
  readonly indication?: Code;
  readonly review?: OrderReview;
}

const routeCodes: Readonly<Record<CourseSpec["route"], string>> = { oral: "26643006", iv: "47625008" };

/** Builds one patient's context and resources. */
export class RecordBuilder {
  readonly context: Context;
  readonly resources: Resource[] = [];
  private readonly subject: { reference: string };
  private count = 0;

  constructor(
    readonly key: string,
    readonly site: string,
    person: { readonly birthDate: string; readonly sex: "female" | "male" },
    setting: vocabulary.CareSetting,
  ) {
    this.subject = { reference: `Patient/${key}` };
    this.context = { patient: { birthDate: person.birthDate, sex: person.sex }, setting, diagnoses: [], allergies: [], observations: [], findings: [], orders: [], medicationHistory: [], microbiology: [] };
    this.resources.push({
      resourceType: "Patient",
      id: key,
      identifier: [{ system: SYNTHETIC_KEY_SYSTEM, value: key }],
      gender: person.sex,
      birthDate: person.birthDate,
      managingOrganization: { reference: `Organization/${site}` },
    });
  }

  private id(kind: string): string {
    return `${this.key}-${kind}-${++this.count}`;
  }

  /** No known drug allergy, recorded on `recorded`. */
  noKnownAllergy(recorded: string): void {
    this.resources.push({
      resourceType: "AllergyIntolerance",
      id: this.id("allergy"),
      patient: this.subject,
      clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", code: "active" }] },
      verificationStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", code: "confirmed" }] },
      code: { coding: [{ system: snomed, code: "409137002", display: "No known drug allergy" }] },
      recordedDate: recorded,
    });
  }

  /** A confirmed drug allergy, coded in SNOMED CT, recorded on `recorded`. */
  allergy(code: Code, recorded: string): void {
    const id = this.id("allergy");
    this.context.allergies.push({ id, code: { system: snomed, code: code.code, display: code.display }, category: "medication", verification: "confirmed" });
    this.resources.push({
      resourceType: "AllergyIntolerance",
      id,
      patient: this.subject,
      clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", code: "active" }] },
      verificationStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", code: "confirmed" }] },
      category: ["medication"],
      code: { coding: [{ system: snomed, code: code.code, display: code.display }] },
      recordedDate: recorded,
    });
  }

  /** An active diagnosis recorded at `recorded`. */
  diagnosis(code: Code, recorded: string): void {
    const id = this.id("condition");
    this.context.diagnoses.push({ id, code: { system: snomed, code: code.code, display: code.display }, status: "active", recorded });
    this.resources.push({
      resourceType: "Condition",
      id,
      subject: this.subject,
      clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: "active" }] },
      code: { coding: [{ system: snomed, code: code.code, display: code.display }] },
      recordedDate: recorded,
    });
  }

  /** A measured value: `system` and `code` of the observable, the value in a UCUM unit, the time. */
  measurement(system: "loinc" | "snomed", code: string, value: number, unit: string, time: string): void {
    const id = this.id("observation");
    const uri = system === "loinc" ? loinc : snomed;
    this.context.observations.push({ id, code: { system: uri, code }, value, unit, time });
    this.resources.push({ resourceType: "Observation", id, status: "final", subject: this.subject, code: { coding: [{ system: uri, code }] }, effectiveDateTime: time, valueQuantity: { value, system: ucum, code: unit } });
  }

  /** A guideline finding recorded present or absent at `time`. */
  finding(finding: string, present: boolean, time: string): void {
    const id = this.id("finding");
    this.context.findings.push({ finding, present, time });
    this.resources.push({ resourceType: "Observation", id, status: "final", subject: this.subject, code: { coding: [{ system: findingSystem, code: finding }] }, effectiveDateTime: time, valueBoolean: present });
  }

  /** "Not pregnant", recorded at `time` (FHIR holds it as a pregnancy status observation of that day). */
  notPregnant(time: string): void {
    this.context.patient = { ...this.context.patient, pregnancy: { status: "not-pregnant" } };
    this.resources.push({
      resourceType: "Observation",
      id: this.id("pregnancy"),
      status: "final",
      subject: this.subject,
      code: { coding: [{ system: loinc, code: "82810-3", display: "Pregnancy status" }] },
      effectiveDateTime: time,
      valueCodeableConcept: { coding: [{ system: snomed, code: "60001007", display: "Not pregnant" }] },
    });
  }

  /** An inpatient stay from `start` to `end`. */
  admission(start: string, end: string): void {
    this.context.admitted = start;
    this.resources.push({ resourceType: "Encounter", id: this.id("encounter"), status: "finished", class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "IMP" }, subject: this.subject, period: { start, end } });
  }

  /** An antimicrobial course; returns its id. */
  course(spec: CourseSpec): string {
    const id = this.id("rx");
    const coding = spec.drug.dmd === undefined ? { system: SYNTHETIC_DRUG_SYSTEM, code: spec.drug.id } : { system: "https://dmd.nhs.uk", code: spec.drug.dmd };
    const indication = spec.indication === undefined ? undefined : { system: snomed, code: spec.indication.code, display: spec.indication.display };
    this.context.orders.push({
      id,
      status: spec.status,
      // As fromFhir reads it: a dm+d code is sent as the code; a local code through the host's mapping, with the code.
      drug: { ...(spec.drug.dmd === undefined ? { id: spec.drug.id } : {}), code: { ...coding, display: spec.drug.name }, display: spec.drug.name },
      route: spec.route,
      authored: spec.authored,
      ...(spec.start === undefined ? {} : { start: spec.start }),
      ...(spec.end === undefined ? {} : { end: spec.end }),
      ...(spec.days === undefined ? {} : { duration: { value: spec.days, unit: "d" } }),
      ...(indication === undefined ? {} : { indications: [indication] }),
      ...(spec.review === undefined ? {} : { review: spec.review }),
    });
    const repeat: Resource = {};
    if (spec.days !== undefined) repeat["boundsDuration"] = { value: spec.days, unit: "days", system: ucum, code: "d" };
    if (spec.start !== undefined) repeat["boundsPeriod"] = { start: spec.start, ...(spec.end === undefined ? {} : { end: spec.end }) };
    this.resources.push({
      resourceType: "MedicationRequest",
      id,
      status: spec.status,
      intent: "order",
      subject: this.subject,
      authoredOn: spec.authored,
      medicationCodeableConcept: { coding: [{ ...coding, display: spec.drug.name }], text: spec.drug.name },
      ...(indication === undefined ? {} : { reasonCode: [{ coding: [indication] }] }),
      dosageInstruction: [{ route: { coding: [{ system: snomed, code: routeCodes[spec.route] }] }, ...(Object.keys(repeat).length === 0 ? {} : { timing: { repeat } }) }],
    });
    return id;
  }
}
