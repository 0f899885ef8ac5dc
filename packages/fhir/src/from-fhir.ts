/**
 * `fromFhir`: a patient's FHIR record, read as it stood at `now`, as a Steward patient context.
 * The input is flattened into resources (input.ts), resources about another patient are set aside,
 * one reader per kind of fact builds its part with the sources of each value, and the parts are
 * assembled into the context and its provenance; units are normalised, then the context is checked
 * against the context schema.
 */
import { PatientContextSchema, schemaDiagnostics, type Diagnostic, type PatientContextInput, type vocabulary } from "@steward/core";
import { normalizeUnits } from "@steward/core/units";
import { left, right, type Either } from "#fp-ts/either";
import { readTime } from "./fhir-time.js";
import { collectResources, type CollectedInput } from "./input.js";
import { objectAt } from "./json-value.js";
import { aboutInput, aboutResource, nameOf, type LocatedResource } from "./located.js";
import { defaultMappings, type FhirMappings } from "./mapping-tables.js";
import { factSource, sourceOfFact, type ContextProvenance, type FactSource } from "./provenance.js";
import { readAcknowledgements } from "./read/acknowledgement.js";
import { readAllergies } from "./read/allergy.js";
import { checkEncounterDiagnoses, readConditions } from "./read/condition.js";
import { readEncounter } from "./read/encounter.js";
import { readMedications } from "./read/medication.js";
import { readMicrobiology } from "./read/microbiology.js";
import { readObservations } from "./read/observation.js";
import { readPatient } from "./read/patient.js";
import type { Reading, Source, Sourced } from "./reading.js";
import { keyOf, ResourceIndex } from "./references.js";

/** How to read a record. */
export interface FromFhirOptions {
  /** The moment the record is read at, a date-time with a zone: everything is taken as it stood then. */
  readonly now: string;
  /** The care setting the decision is made in, when the host knows it; the current Encounter is then not asked. */
  readonly setting?: vocabulary.CareSetting;
  /** Tables to use instead of the defaults (extend one with `[...defaultMappings.routes, ...rows]`). */
  readonly mappings?: Partial<FhirMappings>;
  /** A CDS Hooks service's prefetch templates by key, so an empty or failed prefetch key says which data it concerns. */
  readonly prefetchTemplates?: Readonly<Record<string, string>>;
}

/** A record read from FHIR: the context, where each fact came from, and what could not be used. */
export interface FhirReading {
  readonly context: PatientContextInput;
  /** The patient the record is about, as a reference (`Patient/f201`), when the record names one: what `toFhir` needs. */
  readonly patient: string | undefined;
  readonly provenance: ContextProvenance;
  /** Warnings and notes about resources or fields that could not be used (errors stop the reading instead). */
  readonly diagnostics: readonly Diagnostic[];
}

// Resource types read directly; Medication and Specimen are read through the references to them.
const readTypes = new Set(["Patient", "Encounter", "Condition", "AllergyIntolerance", "Observation", "MedicationRequest", "MedicationStatement", "MedicationAdministration", "DiagnosticReport", "DetectedIssue"]);
const referencedTypes = new Set(["Medication", "Specimen"]);

/** Which resource types feed each list of the context: the list is known when one of them was sent or searched. */
const listSources = {
  diagnoses: ["Condition"],
  allergies: ["AllergyIntolerance"],
  observations: ["Observation"],
  orders: ["MedicationRequest", "MedicationStatement", "MedicationAdministration"],
  medicationHistory: ["MedicationRequest", "MedicationStatement", "MedicationAdministration"],
  microbiology: ["DiagnosticReport"],
} as const;

/** Reads a FHIR R4 record (Bundle, array of resources, resource, or CDS Hooks prefetch) into a patient context. */
export function fromFhir(input: unknown, options: FromFhirOptions): Either<readonly Diagnostic[], FhirReading> {
  try {
    return read(input, options);
  } catch (e) {
    // invariant: readers never throw on any input; reaching here is a bug, reported as a value
    return left([{ code: "fhir/invalid-input", severity: "error", message: `the input could not be read: ${(e as Error).message}`, hint: "this is a bug in Steward: please report it with the input" }]);
  }
}

function read(input: unknown, options: FromFhirOptions): Either<readonly Diagnostic[], FhirReading> {
  const now = readTime(options.now);
  if (now === undefined || now.earliest !== now.latest) {
    return left([{ code: "fhir/invalid-input", severity: "error", message: `\`now\` must be a date-time with a zone, like 2026-11-25T09:00:00Z; got \`${options.now}\``, location: { pointer: "" } }]);
  }
  const collected = collectResources(input, options.prefetchTemplates ?? {});
  if ("code" in collected) return left([collected]);
  const diagnostics: Diagnostic[] = [...collected.diagnostics];
  const patients = collected.resources.filter((r) => r.type === "Patient");
  const distinct = new Map(patients.map((p) => [keyOf(p), p]));
  if (distinct.size > 1) {
    return left([
      ...diagnostics,
      aboutInput("fhir/ambiguous-patient", "error", "", `the input holds ${distinct.size} patients (${[...distinct.values()].map(nameOf).join(", ")}); Steward reads one patient's record at a time`, "send each patient's record separately"),
    ]);
  }
  const index = new ResourceIndex(collected.resources);
  const patient = patients[0];
  const { mine, whose } = ofThePatient(collected, index, patient, diagnostics);
  const notRead = new Map<string, { r: LocatedResource; reason: string; count: number }>();
  const reading: Reading = {
    now: now.earliest,
    mappings: { ...defaultMappings, ...options.mappings },
    index,
    ofType: (type) => mine.get(type) ?? [],
    report: (d) => diagnostics.push(d),
    notRead: (r, reason) => {
      const key = `${r.type}|${reason}`;
      const seen = notRead.get(key);
      if (seen === undefined) notRead.set(key, { r, reason, count: 1 });
      else seen.count++;
    },
  };
  for (const [type, list] of mine) if (!readTypes.has(type) && !referencedTypes.has(type)) for (const r of list) reading.notRead(r, "Steward does not read this kind of resource");

  const provenance: FactSource[] = [];
  const facts = readPatient(reading, patient);
  for (const [name, source] of Object.entries(facts.sources)) provenance.push(factSource(`/patient/${name}`, source));
  const encounter = readEncounter(reading, options.setting !== undefined);
  checkEncounterDiagnoses(reading);
  const microbiology = readMicrobiology(reading);
  const { observations, findings } = readObservations(reading, new Set([...microbiology.taken, ...facts.taken]));
  const medications = readMedications(reading);
  const lists = {
    diagnoses: readConditions(reading),
    allergies: readAllergies(reading),
    observations,
    orders: medications.orders,
    medicationHistory: medications.history,
    microbiology: microbiology.cultures,
  };
  const acknowledgements = readAcknowledgements(reading);
  for (const type of referencedTypes) for (const r of mine.get(type) ?? []) if (!index.referenced.has(r)) reading.notRead(r, "nothing read refers to it");
  for (const { r, reason, count } of notRead.values()) diagnostics.push(aboutResource("fhir/not-read", "info", r, [], `${count === 1 ? "is" : `and ${count - 1} more ${r.type} resources are`} not read: ${reason}`));
  if (lists.allergies === undefined && collected.searched.has("AllergyIntolerance") && !mine.has("AllergyIntolerance")) {
    diagnostics.push(aboutInput("fhir/incomplete-list", "info", "", "no allergy is recorded, and no record says \"no known drug allergy\": allergies are left unknown", "record no known drug allergy (SNOMED CT 409137002) when the patient has none"));
  }

  const setting = options.setting ?? encounter.setting?.means;
  if (setting === undefined) {
    return left([
      ...diagnostics,
      aboutInput("fhir/no-setting", "error", "", "the care setting is not known: no encounter under way at the time the record is read says where care is given", "pass `setting` to `fromFhir` (the CLI's `--setting`), or add the encounter's class to the `settings` table"),
    ]);
  }
  if (options.setting === undefined && encounter.setting !== undefined) provenance.push(factSource("/setting", encounter.setting.source));

  const context: { -readonly [K in keyof PatientContextInput]: PatientContextInput[K] } = { patient: facts.patient, setting };
  for (const [field, types] of Object.entries(listSources) as [keyof typeof listSources, readonly string[]][]) {
    const items = lists[field];
    const known = types.some((t) => mine.has(t) || collected.searched.has(t)) && !types.some((t) => collected.unavailable.has(t));
    if (items === undefined || !known) continue;
    (context as Record<string, unknown>)[field] = items.map((s) => s.value);
    record(provenance, `/${field}`, items as readonly Sourced<unknown>[]);
  }
  if (findings.length > 0) {
    context.findings = findings.map((f) => f.value);
    record(provenance, "/findings", findings);
  }
  if (encounter.admitted !== undefined) {
    context.admitted = encounter.admitted.at;
    provenance.push(factSource("/admitted", encounter.admitted.source));
  }
  if (acknowledgements.length > 0) {
    context.acknowledgedAlerts = acknowledgements.map((a) => a.value);
    record(provenance, "/acknowledgedAlerts", acknowledgements);
  }

  // Every UCUM spelling of a quantity Steward knows becomes a unit of its table (`10*3/uL`, `{ScoreOf}`,
  // `[degF]`); a unit that still cannot be read is sent as it is, and the evaluator makes that value
  // unknown for the rules that read it. Lists keep their order, so the provenance still holds.
  const normalised = normalizeUnits(context);
  const checked = PatientContextSchema.safeParse(normalised, { reportInput: true });
  if (!checked.success) {
    // A value the readers let through that the context rejects: name the resource it came from.
    return left([
      ...diagnostics,
      ...checked.error.issues.map((issue): Diagnostic => {
        const fact = `/${issue.path.join("/")}`;
        const from = sourceOfFact(provenance, fact);
        const location = from === undefined ? { pointer: "" } : { pointer: from.pointer, resourceType: from.resourceType, ...(from.id === undefined ? {} : { id: from.id }) };
        const problem = schemaDiagnostics([issue], "fhir/invalid-value").map((d) => d.message).join("; ");
        return { code: "fhir/invalid-value", severity: "error", message: `${problem}${from === undefined ? "" : ` (from ${from.resourceType}${from.id === undefined ? "" : `/${from.id}`} at ${from.pointer})`}`, location };
      }),
    ]);
  }
  return right({ context: normalised, patient: whose, provenance, diagnostics });
}

function record<T>(provenance: FactSource[], list: string, items: readonly Sourced<T>[]): void {
  items.forEach((item, i) => {
    provenance.push(factSource(`${list}/${i}`, item.source));
    for (const [path, source] of Object.entries(item.fields ?? {}) as [string, Source][]) provenance.push(factSource(`${list}/${i}${path}`, source));
  });
}

/**
 * The resources about the patient, by type. A resource whose subject is another patient is set
 * aside and reported: reading it into this patient's context would be a serious error.
 */
function ofThePatient(
  collected: CollectedInput,
  index: ResourceIndex,
  patient: LocatedResource | undefined,
  diagnostics: Diagnostic[],
): { mine: Map<string, LocatedResource[]>; whose: string | undefined } {
  let whose = patient === undefined ? undefined : keyOf(patient);
  const out = new Map<string, LocatedResource[]>();
  for (const r of collected.resources) {
    const field = objectAt(r.resource, "subject") !== undefined ? "subject" : objectAt(r.resource, "patient") !== undefined ? "patient" : undefined;
    if (field !== undefined && r.type !== "Patient") {
      const subject = index.identity(objectAt(r.resource, field), r);
      if (subject !== undefined) {
        whose ??= subject;
        if (subject !== whose) {
          diagnostics.push(aboutResource("fhir/other-patient", "warning", r, [field], `is about \`${subject}\`, not \`${whose}\``, "it is left out of this patient's context"));
          continue;
        }
      }
    }
    const list = out.get(r.type);
    if (list === undefined) out.set(r.type, [r]);
    else list.push(r);
  }
  return { mine: out, whose };
}
